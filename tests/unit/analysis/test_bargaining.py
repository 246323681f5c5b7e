"""The four bargaining solutions on hand-built frontiers: definitions, tie rules, edge cases."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from accord.analysis.bargaining import egalitarian, kalai_smorodinsky, nash, scores, solutions, utilitarian
from accord.analysis.pareto import frontier_from_outcomes
from accord.analysis.results import Frontier, Outcome, Solution


def make(vectors: Sequence[tuple[float, ...]], d: Sequence[float] | None = None) -> Frontier:
    """A frontier holding ``vectors`` (agreements named by their index), disagreement ``d``."""
    n = len(vectors[0]) if vectors else 2
    outcomes = [Outcome({"k": str(i)}, v) for i, v in enumerate(vectors)]
    return frontier_from_outcomes([f"p{i}" for i in range(n)], outcomes, d or [0.0] * n)


def picked(solution: Solution | None) -> tuple[float, ...] | None:
    """The utilities a solution picks."""
    return None if solution is None else solution.outcome.utilities


def test_the_four_solutions_differ_where_their_definitions_do() -> None:
    f = make([(0.1, 1.0), (0.2, 0.6), (0.25, 0.3)])
    s = solutions(f)
    assert picked(s.utilitarian) == (0.1, 1.0)
    assert picked(s.nash) == (0.2, 0.6)
    assert picked(s.kalai_smorodinsky) == (0.2, 0.6)
    assert picked(s.egalitarian) == (0.25, 0.3)
    assert s.nash is not None
    assert s.nash.name == "nash"
    assert s.nash.score == pytest.approx(0.12)
    assert s.kalai_smorodinsky is not None
    assert s.kalai_smorodinsky.score == pytest.approx(0.6)
    assert s.egalitarian is not None
    assert s.egalitarian.score == pytest.approx(0.25)
    assert s.utilitarian is not None
    assert s.utilitarian.score == pytest.approx(1.1)
    assert s.nash.outcome.agreement == {"k": "1"}


def test_gains_are_measured_from_the_disagreement_point() -> None:
    f = make([(0.3, 0.9), (0.5, 0.7), (0.8, 0.45)], d=[0.25, 0.4])
    assert picked(nash(f)) == (0.5, 0.7)
    assert nash(f) == Solution("nash", f.outcomes[1], pytest.approx(0.25 * 0.3))
    assert picked(egalitarian(f)) == (0.5, 0.7)
    assert egalitarian(f).score == pytest.approx(0.25)  # type: ignore[union-attr]
    assert picked(nash(make([(0.3, 0.9), (0.5, 0.7), (0.8, 0.45)]))) == (0.8, 0.45)


def test_kalai_smorodinsky_breaks_ties_by_the_sum() -> None:
    f = make([(0.25, 1.0), (0.5, 0.75), (0.875, 0.5), (1.0, 0.25)])
    assert picked(kalai_smorodinsky(f)) == (0.875, 0.5)
    assert kalai_smorodinsky(f).score == 0.5  # type: ignore[union-attr]


def test_egalitarian_breaks_ties_by_leximin() -> None:
    f = make([(0.1, 0.2, 0.9), (0.1, 0.5, 0.6)])
    assert picked(egalitarian(f)) == (0.1, 0.5, 0.6)
    assert egalitarian(f).score == 0.1  # type: ignore[union-attr]


def test_remaining_ties_go_to_the_lowest_index() -> None:
    f = make([(0.25, 0.75), (0.5, 0.5), (0.75, 0.25)])
    assert picked(utilitarian(f)) == (0.25, 0.75)
    assert picked(nash(f)) == (0.5, 0.5)
    g = make([(0.25, 1.0), (0.5, 0.5), (1.0, 0.25)])
    assert picked(nash(g)) == (0.25, 1.0)
    assert picked(egalitarian(g)) == (0.5, 0.5)
    h = make([(0.25, 1.0), (1.0, 0.25)])
    assert picked(kalai_smorodinsky(h)) == (0.25, 1.0)
    assert picked(egalitarian(h)) == (0.25, 1.0)


def test_nash_needs_every_gain_positive() -> None:
    f = make([(0.0, 1.0), (0.5, 0.5), (1.0, 0.0)])
    assert picked(nash(f)) == (0.5, 0.5)
    only_edges = make([(0.0, 1.0), (1.0, 0.0)])
    assert nash(only_edges) is None
    assert picked(utilitarian(only_edges)) == (0.0, 1.0)


def test_a_party_that_can_gain_nothing_is_left_out_of_kalai_smorodinsky() -> None:
    f = make([(0.6, 0.5)], d=[0.2, 0.5])
    ks = kalai_smorodinsky(f)
    assert ks is not None
    assert ks.score == 1.0
    assert nash(f) is None
    assert egalitarian(f).score == 0.0  # type: ignore[union-attr]
    nobody = make([(0.5, 0.5)], d=[0.5, 0.5])
    assert kalai_smorodinsky(nobody).score == 0.0  # type: ignore[union-attr]


def test_an_empty_frontier_has_no_solution() -> None:
    empty = make([(0.2, 0.2)], d=[0.5, 0.5])
    assert empty.outcomes == ()
    s = solutions(empty)
    assert (s.nash, s.kalai_smorodinsky, s.egalitarian, s.utilitarian) == (None, None, None, None)


def test_one_party() -> None:
    f = make([(0.75,)])
    s = solutions(f)
    assert [picked(x) for x in (s.nash, s.kalai_smorodinsky, s.egalitarian, s.utilitarian)] == [(0.75,)] * 4
    assert s.nash is not None
    assert s.nash.score == 0.75


def test_scores_are_what_the_solutions_maximise() -> None:
    frontier = make([(0.1, 0.9, 0.5), (0.4, 0.6, 0.5), (0.7, 0.2, 0.6), (0.9, 0.1, 0.1)], [0.0, 0.1, 0.0])
    table = scores(frontier)
    assert len(frontier.outcomes) == 4
    assert table["nash"].tolist()[-1] == 0.0  # a gain of zero: not eligible for Nash
    found = solutions(frontier)
    for key, column in table.items():
        solution = getattr(found, key)
        assert solution is not None
        assert solution.score == column.max()
        assert column[frontier.outcomes.index(solution.outcome)] == column.max()
    assert {k: len(v) for k, v in scores(make([])).items()} == dict.fromkeys(table, 0)
