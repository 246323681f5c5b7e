"""The Pareto-list merge: hand-checked frontiers, the oracle, filters, disagreement, errors."""

from __future__ import annotations

import dataclasses
import math
import random

import numpy as np
import pytest

import oracle
from accord.analysis import pareto
from accord.analysis.budget import Deadline
from accord.analysis.nondominated import nondominated
from accord.analysis.pareto import frontier, frontier_from_outcomes
from accord.analysis.results import Outcome
from accord.errors import AnalysisError, FrontierTooLargeError, TimeLimitError
from accord.model import CategoricalRating, Interaction, Link, Option, Party, Point, Preferences, RedLine, Scenario
from clocks import Clock
from strategies import make_scenario, rate


def swap() -> Scenario:
    """A wants x and p, B wants z and q; y and r are compromises."""
    a = rate("A", {"a": {"x": 100, "y": 60, "z": 0}, "b": {"p": 100, "q": 0, "r": 40}}, weights={"a": 3, "b": 1})
    b = rate("B", {"a": {"x": 0, "y": 60, "z": 100}, "b": {"p": 0, "q": 100, "r": 70}}, weights={"a": 1, "b": 1})
    return make_scenario({"a": ["x", "y", "z"], "b": ["p", "q", "r"]}, [a, b])


def test_a_hand_checked_two_party_frontier() -> None:
    result = frontier(swap())
    table = [(dict(o.agreement), o.utilities) for o in result.outcomes]
    assert table == [
        ({"a": "z", "b": "q"}, (0.0, 1.0)),
        ({"a": "z", "b": "r"}, (0.1, 0.85)),
        ({"a": "y", "b": "q"}, (0.45, 0.8)),
        ({"a": "y", "b": "r"}, (0.55, 0.65)),
        ({"a": "x", "b": "q"}, (0.75, 0.5)),
        ({"a": "x", "b": "r"}, (0.85, 0.35)),
        ({"a": "x", "b": "p"}, (1.0, 0.0)),
    ]
    assert [o.utilities for o in result.outcomes] == oracle.frontier_vectors(swap())
    assert result.parties == ("A", "B")
    assert result.disagreement == (0.0, 0.0)
    assert result.outcome_count == 9
    assert result.method == "merge"


def test_agreements_list_points_in_document_order() -> None:
    tie = Interaction(conditions=(("c", "k"), ("a", "x")), bonus=0.1)
    a = rate("A", {"a": {"x": 100, "y": 0}, "b": {"p": 100}, "c": {"k": 0, "m": 50}}, interactions=[tie])
    scenario = make_scenario({"a": ["x", "y"], "b": ["p"], "c": ["k", "m"]}, [a])
    (best,) = frontier(scenario).outcomes
    assert list(best.agreement) == ["a", "b", "c"]
    assert dict(best.agreement) == {"a": "x", "b": "p", "c": "m"}


def test_reservations_are_the_default_disagreement_point() -> None:
    scenario = swap()
    prefs = {k: dataclasses.replace(v, reservation=0.5) for k, v in scenario.preferences.items()}
    strict = Scenario(title="r", parties=scenario.parties, points=scenario.points, preferences=prefs)
    result = frontier(strict)
    assert result.disagreement == (0.5, 0.5)
    assert [o.utilities for o in result.outcomes] == [(0.55, 0.65), (0.75, 0.5)]
    assert [o.utilities for o in frontier(strict, [0.0, 0.0]).outcomes] == oracle.frontier_vectors(swap())
    assert [o.utilities for o in frontier(strict, (0.7, 0.3)).outcomes] == [(0.75, 0.5), (0.85, 0.35)]


def test_a_rational_agreement_at_exactly_the_reservation_value_is_kept() -> None:
    assert [o.utilities for o in frontier(swap(), [0.55, 0.65]).outcomes] == [(0.55, 0.65)]


def test_the_early_rationality_cut_matches_the_oracle() -> None:
    rng = random.Random(5)
    points = {f"i{k}": [f"v{j}" for j in range(4)] for k in range(6)}
    prefs = [
        rate(
            name,
            {p: {o: float(rng.randint(0, 100)) for o in opts} for p, opts in points.items()},
            weights={p: float(rng.randint(1, 9)) for p in points},
        )
        for name in ("A", "B", "C")
    ]
    scenario = make_scenario(points, prefs)
    for d in ([0.0, 0.0, 0.0], [0.5, 0.4, 0.45], [0.6, 0.6, 0.2]):
        assert [o.utilities for o in frontier(scenario, d).outcomes] == oracle.frontier_vectors(scenario, d)


def test_no_agreement_left_gives_an_empty_frontier() -> None:
    scenario = swap()
    blocked = rate("C", {}, red_lines=[RedLine("a", option=o) for o in ("x", "y", "z")])
    closed = Scenario(
        title="closed",
        parties=(*scenario.parties, Party("C", "C")),
        points=scenario.points,
        preferences={**scenario.preferences, "C": blocked},
    )
    result = frontier(closed)
    assert result.outcomes == ()
    assert result.outcome_count == 9
    assert frontier(swap(), [0.9, 0.9]).outcomes == ()


def test_one_party_keeps_its_best_agreement_only() -> None:
    a = rate("A", {"a": {"x": 10, "y": 90, "z": 90}})
    result = frontier(make_scenario({"a": ["x", "y", "z"]}, [a]))
    assert [(dict(o.agreement), o.utilities) for o in result.outcomes] == [({"a": "y"}, (0.9,))]


def test_a_scenario_without_points_has_one_empty_agreement() -> None:
    prefs = Preferences(party="A", interactions=(Interaction(conditions=(), bonus=0.25),))
    scenario = Scenario(title="nothing", parties=(Party("A", "A"),), points=(), preferences={"A": prefs})
    result = frontier(scenario)
    assert [(dict(o.agreement), o.utilities) for o in result.outcomes] == [({}, (0.25,))]


def test_utilities_without_ties_equal_the_model_exactly() -> None:
    rng = random.Random(11)
    points = {f"i{k}": [f"v{j}" for j in range(5)] for k in range(5)}
    prefs = [
        rate(
            name,
            {p: {o: rng.uniform(0, 100) for o in opts} for p, opts in points.items()},
            weights={p: rng.uniform(0.1, 7) for p in points},
        )
        for name in ("A", "B")
    ]
    scenario = make_scenario(points, prefs)
    result = frontier(scenario, [0.0, 0.0])
    for o in result.outcomes:
        exact = scenario.utilities(o.agreement)
        assert o.utilities == tuple(round(x, 12) for x in exact)
    assert [o.utilities for o in result.outcomes] == oracle.frontier_vectors(scenario, [0.0, 0.0])


def test_compound_points_match_the_oracle() -> None:
    link = Link("a", "x", "b", ("q",))
    tie = Interaction(conditions=(("b", "r"), ("c", "k")), bonus=0.3)
    a = rate("A", {"a": {"x": 100, "y": 60, "z": 0}, "b": {"p": 100, "q": 0, "r": 40}, "c": {"k": 0, "m": 100}})
    b = rate(
        "B",
        {"a": {"x": 0, "y": 60, "z": 100}, "b": {"p": 0, "q": 100, "r": 70}, "c": {"k": 50, "m": 0}},
        links=[link],
        interactions=[tie],
    )
    scenario = make_scenario({"a": ["x", "y", "z"], "b": ["p", "q", "r"], "c": ["k", "m"]}, [a, b])
    result = frontier(scenario)
    assert [o.utilities for o in result.outcomes] == oracle.frontier_vectors(scenario)
    for o in result.outcomes:
        assert not any(p.violations(o.agreement) for p in scenario.preferences.values())


def test_thirty_points_of_ten_options_reach_both_extremes() -> None:
    rng = random.Random(3)
    points = {f"i{k}": [f"v{j}" for j in range(10)] for k in range(30)}
    prefs = [
        rate(
            name,
            {p: {o: float(rng.randint(0, 100)) for o in opts} for p, opts in points.items()},
            weights={p: float(rng.randint(1, 100)) for p in points},
        )
        for name in ("A", "B")
    ]
    scenario = make_scenario(points, prefs)
    result = frontier(scenario)
    assert result.outcome_count == 10**30
    vectors = np.array([o.utilities for o in result.outcomes])
    assert len(nondominated(vectors)) == len(vectors)
    for col, prefs_i in enumerate(prefs):
        best = scenario.utilities(favourite(prefs_i, points))[col]
        assert vectors[:, col].max() == pytest.approx(best, abs=1e-12)
    assert np.all(np.diff(vectors[:, 0]) > 0)
    assert np.all(np.diff(vectors[:, 1]) < 0)


def favourite(prefs: Preferences, points: dict[str, list[str]]) -> dict[str, str]:
    """The agreement a party likes best (every point to its best option)."""
    out = {}
    for p, opts in points.items():
        scores = [prefs.contribution(p, o) for o in opts]
        out[p] = opts[scores.index(max(scores))]
    return out


def test_the_disagreement_point_must_fit_the_parties() -> None:
    with pytest.raises(AnalysisError, match="disagreement point has 3 values but 2 parties"):
        frontier(swap(), [0, 0, 0])
    with pytest.raises(AnalysisError, match="not a finite number"):
        frontier(swap(), [0, math.nan])


def test_no_rated_party_is_an_analysis_error() -> None:
    scenario = Scenario(title="t", parties=(Party("a", "A"),), points=(Point("p", options=(Option("o"),)),))
    with pytest.raises(AnalysisError, match="no party with preferences"):
        frontier(scenario)


def test_frontier_from_outcomes_rounds_filters_and_sorts() -> None:
    given = [
        Outcome({"k": 1}, (0.3000000000000004, 0.5)),
        Outcome({"k": 2}, (0.3, 0.5)),
        Outcome({"k": 3}, (0.1, 0.9)),
        Outcome({"k": 4}, (0.1, 0.4)),
        Outcome({"k": 5}, (0.95, 0.05)),
        Outcome({"k": -0.0}, (-1e-14, 1.0)),
    ]
    result = frontier_from_outcomes(["A", "B"], given[:5], [0.0, 0.1], outcome_count=99)
    assert [(o.agreement, o.utilities) for o in result.outcomes] == [
        ({"k": 3}, (0.1, 0.9)),
        ({"k": 1}, (0.3, 0.5)),
    ]
    assert math.copysign(1, frontier_from_outcomes(["A", "B"], given[5:], [-1, 0]).outcomes[0].utilities[0]) == 1
    assert result.outcome_count == 99
    assert result.method == "enumeration"
    assert frontier_from_outcomes(["A", "B"], given, [0, 0]).outcome_count == 6


def test_frontier_from_outcomes_checks_its_input() -> None:
    with pytest.raises(AnalysisError, match="has 1 utilities for 2 parties"):
        frontier_from_outcomes(["A", "B"], [Outcome({}, (1.0,))], [0, 0])
    with pytest.raises(AnalysisError, match="at least one party"):
        frontier_from_outcomes([], [], [])
    with pytest.raises(AnalysisError, match="1 values but 2 parties"):
        frontier_from_outcomes(["A", "B"], [], [0])
    assert frontier_from_outcomes(["A"], [], [0]).outcomes == ()


def test_categorical_ratings_of_unknown_options_count_as_zero() -> None:
    prefs = Preferences(party="A", weights={"a": 1.0}, ratings={"a": CategoricalRating({"x": 50.0})})
    scenario = make_scenario({"a": ["x", "y"]}, [prefs])
    assert [o.utilities for o in frontier(scenario).outcomes] == [(0.5,)]


# --- bounded time and memory --------------------------------------------------------------


def wide(points: int = 6) -> Scenario:
    """Three parties at odds on ``points`` points of four options: a frontier that grows."""
    rng = random.Random(7)
    names = {f"p{i}": [f"o{k}" for k in range(4)] for i in range(points)}
    prefs = [
        rate(party, {p: {o: rng.randint(0, 100) for o in opts} for p, opts in names.items()})
        for party in ("A", "B", "C")
    ]
    return make_scenario(names, prefs)


def test_progress_hears_every_merge_step() -> None:
    heard: list[tuple[str, float]] = []
    result = frontier(wide(), progress=lambda message, fraction: heard.append((message, fraction)))
    assert [f for _, f in heard] == [pytest.approx(k / 6) for k in range(1, 7)]
    assert heard[0][0].startswith("merged point 1 of 6 (")
    assert result.outcomes == frontier(wide(), time_limit=None).outcomes


def test_the_merge_stops_when_the_time_is_up() -> None:
    clock = Clock()
    budget = Deadline(10.0, clock=clock)

    def later(message: str, fraction: float) -> None:  # each step takes "4 seconds"
        clock.now += 4.0

    with pytest.raises(TimeLimitError, match=r"within the time limit of 10 s \(stopped at point 4 of 6") as err:
        frontier(wide(), time_limit=budget, progress=later)
    assert err.value.seconds == 10.0
    assert "vectors kept so far); it is probably too large to list. Ask for the fair solutions only" in str(err.value)


def test_a_spent_time_limit_stops_the_merge_at_once() -> None:
    with pytest.raises(TimeLimitError, match="stopped at point 1 of 6"):
        frontier(wide(), time_limit=0.0)


def test_the_maxima_kernel_inside_a_step_is_stopped_too(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pareto.nondominated

    def spent(vectors: np.ndarray, **kwargs: object) -> object:
        if "deadline" in kwargs:
            raise pareto.DeadlinePassed
        return real(vectors)

    monkeypatch.setattr(pareto, "nondominated", spent)
    with pytest.raises(TimeLimitError, match=r"stopped at point 1 of 6, while filtering \d+ candidate vectors"):
        frontier(wide(), time_limit=1e9)


def test_a_step_with_too_many_candidates_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pareto, "MAX_CANDIDATES", 3 * 4 * 4 * 4)
    with pytest.raises(
        FrontierTooLargeError,
        match=r"merging point \d of 6 would compare \d+ candidate vectors \(\d+ kept so far times 4 options\)",
    ):
        frontier(wide())
