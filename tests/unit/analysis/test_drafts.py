"""Draft utilities (ranges over open points) and the common gain over the frontier."""

from __future__ import annotations

import pytest

from accord.analysis.drafts import (
    DraftDistance,
    DraftUtility,
    common_gain,
    distances,
    draft_utilities,
    draft_utility,
)
from accord.analysis.pareto import frontier, frontier_from_outcomes
from accord.analysis.results import Outcome
from accord.errors import AnalysisError
from accord.model import Draft, Interaction, Link, NumericRange, Party, PiecewiseLinear, Preferences, RedLine, Scenario
from strategies import make_scenario, rate

DRAFTS = (
    Draft(id="full", choices={"a": "y", "b": "q", "n": 20}),
    Draft(id="open", choices={"a": "x"}),
    Draft(id="best", choices={"a": "y", "b": "p", "n": 10}),
)


def talks(drafts: tuple[Draft, ...] = DRAFTS) -> Scenario:
    """Points a (x, y), b (p, q) and n (0..20 by 10); A likes x, p and small n; B the rest."""
    tie = Interaction(conditions=(("b", "p"), ("n", 0)), bonus=0.1)
    a = Preferences(
        party="A",
        weights={"a": 1.0, "b": 1.0, "n": 2.0},
        ratings={
            **rate("A", {"a": {"x": 100, "y": 50}, "b": {"p": 100, "q": 0}}).ratings,
            "n": PiecewiseLinear(((0, 100), (20, 0))),
        },
        interactions=(tie,),
        red_lines=(RedLine("a", option="x"),),
    )
    b = Preferences(
        party="B",
        weights={"a": 1.0, "b": 1.0, "n": 2.0},
        ratings={
            **rate("B", {"a": {"x": 0, "y": 50}, "b": {"p": 0, "q": 100}}).ratings,
            "n": PiecewiseLinear(((0, 0), (20, 100))),
        },
        links=(Link("n", 20, "b", ("p",)),),
    )
    return make_scenario(
        {"a": ["x", "y"], "b": ["p", "q"]}, [a, b], numeric={"n": NumericRange(0, 20, 10)}, drafts=drafts
    )


def test_a_complete_draft_has_its_exact_utilities() -> None:
    scenario = talks()
    value = draft_utility(scenario, scenario.draft("full"))
    assert value == DraftUtility("full", (), (0.125, 0.875), (0.125, 0.875), ("A", "B"))
    assert value.by_party() == {"A": (0.125, 0.125), "B": (0.875, 0.875)}
    assert value.complete
    assert value.low == scenario.utilities(scenario.draft("full").choices)


def test_an_open_draft_has_a_range_over_every_completion() -> None:
    scenario = talks()
    value = draft_utility(scenario, scenario.draft("open"))
    assert value.open_points == ("b", "n")
    assert not value.complete
    # A: a=x gives 0.25; b in {0, 0.25}; n in {0, 0.25, 0.5}; bonus 0.1 when b=p and n=0.
    assert value.low == (0.25, 0.0)
    assert value.high == (1.1, 0.75)


def test_draft_utilities_follow_document_order() -> None:
    scenario = talks()
    assert [v.draft for v in draft_utilities(scenario)] == ["full", "open", "best"]


def test_the_common_gain_of_each_complete_draft() -> None:
    scenario = talks()
    result = frontier(scenario)
    found = distances(scenario, result)
    assert [d.draft for d in found] == ["full", "best"]
    full, best = found
    assert isinstance(full, DraftDistance)
    assert full.utilities == (0.125, 0.875)
    # "full" breaks B's link (n=20 requires b=p); the closest frontier point is (0.375, 0.625).
    assert (full.gain, full.index) == (-0.25, 0)
    assert [o.utilities for o in result.outcomes] == [(0.375, 0.625), (0.625, 0.375), (0.975, 0.125)]
    assert (best.gain, best.index) == (0.0, 1)
    assert result.outcomes[best.index] == best.target
    assert best.target.utilities == best.utilities


def test_common_gain_is_positive_negative_or_none() -> None:
    f = frontier_from_outcomes(["A", "B"], [Outcome({}, (0.4, 0.9)), Outcome({}, (0.8, 0.6))], [0, 0])
    assert common_gain(f, (0.3, 0.5)) == (pytest.approx(0.1), 0)
    assert common_gain(f, (0.7, 0.5)) == (pytest.approx(0.1), 1)
    assert common_gain(f, (0.9, 0.95)) == (pytest.approx(-0.35), 1)
    assert common_gain(f, (0.8, 0.6)) == (0.0, 1)
    empty = frontier_from_outcomes(["A", "B"], [], [0, 0])
    assert common_gain(empty, (0.1, 0.1)) is None
    with pytest.raises(AnalysisError, match="3 utilities given for 2 parties"):
        common_gain(f, (0.1, 0.2, 0.3))


def test_no_distances_on_an_empty_frontier() -> None:
    scenario = talks()
    assert distances(scenario, frontier(scenario, [2.0, 2.0])) == ()


def test_a_draft_must_choose_real_points_and_values() -> None:
    scenario = talks()
    with pytest.raises(AnalysisError, match='chooses on point "zz"'):
        draft_utility(scenario, Draft(id="bad", choices={"zz": "x"}))
    with pytest.raises(AnalysisError, match="chooses 'w' on point \"a\""):
        draft_utility(scenario, Draft(id="bad", choices={"a": "w"}))
    with pytest.raises(AnalysisError, match='chooses 15 on point "n"'):
        draft_utility(scenario, Draft(id="bad", choices={"n": 15}))


def test_drafts_need_a_rated_party() -> None:
    draft = Draft(id="d", choices={"a": "x"})
    scenario = make_scenario({"a": ["x"]}, [], drafts=(draft,))
    with pytest.raises(AnalysisError, match="no party with preferences"):
        draft_utility(scenario, draft)
    unrated = Scenario(title="t", parties=(Party("p", "P"),), points=scenario.points, drafts=(Draft("e"),))
    with pytest.raises(AnalysisError, match="no party with preferences"):
        draft_utility(unrated, Draft("e"))


def test_a_decided_numeric_point_narrows_the_range() -> None:
    scenario = talks()
    value = draft_utility(scenario, Draft(id="n-only", choices={"n": 10}))
    assert value.open_points == ("a", "b")
    assert value.low == (0.375, 0.25)
    assert value.high == (0.75, 0.625)
