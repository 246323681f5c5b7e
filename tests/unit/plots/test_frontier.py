"""The 2-D frontier figure: the curve is the non-dominated projection of the frontier, the
other frontier points are faint, open drafts are boxes over their ranges, and the title
says what the picture is."""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest

from accord.api import Analysis, Case
from accord.errors import AnalysisError, UnknownIdError
from accord.plots import Figure, PlotData, Points, Rect, Rule, frontier_figure, tradeoffs

Pair = tuple[float, float]


def brute_force_maxima(pairs: list[Pair]) -> set[Pair]:
    """The pairs no other pair weakly dominates, by the definition."""
    distinct = set(pairs)
    return {p for p in distinct if not any(q != p and q[0] >= p[0] and q[1] >= p[1] for q in distinct)}


def marks(fig: Figure, kind: type, legend: str = "") -> list:
    return [m for m in fig.marks if isinstance(m, kind) and legend in m.legend]


def curve(fig: Figure) -> Points:
    (found,) = [m for m in marks(fig, Points) if "Pareto" in m.legend]
    return found


def faint(fig: Figure) -> list[Pair]:
    found = marks(fig, Points, "other frontier points")
    return [xy for m in found for xy in zip(m.x, m.y, strict=True)]


@pytest.mark.parametrize("seed", range(20))
def test_tradeoffs_are_the_maxima(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(0, 40)
    xs = [rng.randint(0, 8) / 8 for _ in range(n)]
    ys = [rng.randint(0, 8) / 8 for _ in range(n)]
    found = tradeoffs(xs, ys)
    assert set(found) == brute_force_maxima(list(zip(xs, ys, strict=True)))
    assert found == sorted(found)  # by x ascending, each once
    assert [y for _, y in found] == sorted((y for _, y in found), reverse=True)


def test_tradeoffs_refuses_uneven_input() -> None:
    with pytest.raises(AnalysisError, match="2 x values and 1 y values"):
        tradeoffs([0.1, 0.2], [0.3])


@pytest.mark.parametrize("axes", [("up", "down"), ("down", "delta"), ("delta", "up"), ("up", "med"), ("med", "down")])
def test_curve_is_the_non_dominated_projection_of_the_frontier(
    case: Case, analysis: Analysis, data: PlotData, axes: tuple[str, str]
) -> None:
    s = case.scenario
    outcomes = analysis.frontier.outcomes
    # each party's utility recomputed from the agreement itself (the mediator's is reported)
    pairs = [(s.utility(axes[0], o.agreement), s.utility(axes[1], o.agreement)) for o in outcomes]
    fig = frontier_figure(data, axes, parties=s.rated_parties)
    line = curve(fig)
    drawn = list(zip(line.x, line.y, strict=True))
    expected = brute_force_maxima(pairs)
    assert len(drawn) == len(expected)
    for got, want in zip(drawn, sorted(expected), strict=True):
        assert got == pytest.approx(want, abs=1e-9)
    assert line.style.line == "solid"  # drawn as a curve
    others = faint(fig)
    assert len(others) + len(drawn) == len(set(pairs))  # every frontier point, once
    assert not set(others) & set(drawn)
    assert others  # with three bargainers, some frontier points are beaten in these two utilities


def test_the_title_says_what_the_picture_is(case: Case, analysis: Analysis, data: PlotData) -> None:
    fig = frontier_figure(data, ("up", "down"), parties=case.scenario.rated_parties)
    n = len(analysis.frontier.outcomes)
    assert (
        f"Trade-offs between Upstream and Downstream among the {n} agreements no bargaining party can improve on "
        "(the other parties' utilities not shown)"
    ) in fig.title
    assert fig.x_label == "utility of Upstream"
    assert "Pareto-optimal trade-offs between the two" in curve(fig).legend
    mediator = frontier_figure(data, ("med", "up"), parties=case.scenario.rated_parties)
    assert mediator.x_label == "utility of River commission (not bargaining)"


def test_two_bargainers_draw_the_frontier_itself(case: Case, analysis: Analysis, data: PlotData) -> None:
    frontier = analysis.frontier
    two = dataclasses.replace(
        frontier,
        parties=("up", "down"),
        disagreement=frontier.disagreement[:2],
        outcomes=tuple(o._replace(utilities=o.utilities[:2]) for o in frontier.outcomes),
        reported=(),
    )
    fig = frontier_figure(
        PlotData(frontier=two, title="t"), ("down", "up"), parties=["up", "down"]
    )  # the two bargainers: a frontier
    assert "Pareto frontier: the" in fig.title
    assert "not shown" not in fig.title
    assert curve(fig).legend.startswith("Pareto frontier")


def test_drafts_are_points_or_boxes_over_their_ranges(case: Case, data: PlotData) -> None:
    s = case.scenario
    fig = frontier_figure(data, ("up", "med"), parties=s.rated_parties)
    boxes = {m.label: m for m in marks(fig, Rect)}
    points = {m.labels[0]: (m.x[0], m.y[0]) for m in marks(fig, Points, "drafts")}
    assert set(boxes) == {"d2", "d3"}  # the drafts with open points: none left out
    assert set(points) == {"d1"}
    for draft in s.drafts:
        open_points = [p for p in s.points if p.id not in draft.choices]
        completions = [
            {**draft.choices, **dict(zip([p.id for p in open_points], values, strict=True))}
            for values in itertools.product(*(p.values() for p in open_points))
        ]
        xs = [s.utility("up", c) for c in completions]
        ys = [s.utility("med", c) for c in completions]
        if draft.id in boxes:
            box = boxes[draft.id]
            assert (box.x0, box.y0, box.x1, box.y1) == pytest.approx((min(xs), min(ys), max(xs), max(ys)))
            assert box.x0 < box.x1
        else:
            assert points[draft.id] == pytest.approx((xs[0], ys[0]))


def test_solutions_proposals_and_no_deal_lines(case: Case, analysis: Analysis, data: PlotData) -> None:
    fig = frontier_figure(data, ("down", "up"), parties=case.scenario.rated_parties)
    nash = analysis.solutions.nash
    (mark,) = marks(fig, Points, "Nash bargaining")
    assert (mark.x[0], mark.y[0]) == (nash.outcome.utilities[1], nash.outcome.utilities[0])
    (proposal,) = marks(fig, Points, "proposals")
    assert proposal.labels == ("#1",)
    assert (proposal.x[0], proposal.y[0]) == (
        data.proposals[0].outcome.utilities[1],
        data.proposals[0].outcome.utilities[0],
    )
    rules = {(r.axis, r.value) for r in marks(fig, Rule)}
    assert rules == {("x", 0.15), ("y", 0.1)}  # the reservation values of down and up


def test_axes_must_be_two_parties_the_figure_may_show(case: Case, data: PlotData) -> None:
    rated = case.scenario.rated_parties
    with pytest.raises(AnalysisError, match="two different party ids"):
        frontier_figure(data, ("up", "up"), parties=rated)
    with pytest.raises(AnalysisError, match="two different party ids"):
        frontier_figure(data, "up", parties=rated)
    with pytest.raises(UnknownIdError, match="did you mean 'down'"):
        frontier_figure(data, ("up", "dwn"), parties=rated)
    with pytest.raises(AnalysisError, match="'down' is not among the parties this figure may show"):
        frontier_figure(data, ("up", "down"), parties=["up", "delta"])


def test_a_frontier_too_large_to_list(case: Case, data: PlotData) -> None:
    fig = frontier_figure(dataclasses.replace(data, frontier=None), ("up", "down"), parties=["up", "down"])
    assert "too large to list" in fig.title
    assert not faint(fig)
    assert marks(fig, Points, "Nash bargaining")
