"""The CP-SAT frontier and solutions against brute-force enumeration in exact rationals."""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from accord.analysis import bargaining, cpsat_model, cpsat_solutions
from accord.analysis import pareto as merge
from accord.analysis.budget import Deadline
from accord.analysis.cpsat import SOLVERS, _float_filter, frontier_cpsat, optima_cpsat, optimum_cpsat
from accord.analysis.cpsat_model import Stopped, build_model, check_status, choose_scale, make_solver, solve
from accord.analysis.results import SOLUTION_LABELS, Frontier, Outcome
from accord.errors import AnalysisError, ModelError, TimeLimitError
from accord.formats.scenario_v1 import load
from accord.model import (
    CategoricalRating,
    Interaction,
    Link,
    NumericRange,
    Option,
    Party,
    PiecewiseLinear,
    Point,
    Preferences,
    RedLine,
    Scenario,
    Value,
)
from clocks import Clock, Ticking
from cpsat_oracle import (
    Vector,
    agreements,
    dominates,
    exact_d,
    pareto,
    rational_outcomes,
    respects,
    solution,
    vector,
)
from strategies import exact_scenarios

EXAMPLES = Path(__file__).parents[3] / "examples"
KINDS = tuple(SOLVERS)
ORACLE = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def rounded(scenario: Scenario, agreement: dict[str, Value]) -> tuple[float, ...]:
    """Scenario.utilities rounded to 12 decimals, as every Frontier reports them."""
    exact = np.array(list(scenario.utilities(agreement)), dtype=float)
    return tuple(float(x) for x in np.round(exact, 12) + 0.0)


def check_frontier(scenario: Scenario, frontier: Frontier, d: Vector) -> None:
    """``frontier`` holds exactly the brute-force frontier, one agreement per vector."""
    want = pareto(set(rational_outcomes(scenario, d)))
    got = [vector(scenario, dict(o.agreement)) for o in frontier.outcomes]
    assert sorted(got) == sorted(want)
    assert [o.utilities for o in frontier.outcomes] == sorted(o.utilities for o in frontier.outcomes)
    for o in frontier.outcomes:
        assert respects(scenario, dict(o.agreement))
        assert o.utilities == rounded(scenario, dict(o.agreement))
    assert frontier.method == "cpsat"
    assert frontier.parties == scenario.rated_parties
    assert frontier.outcome_count == scenario.outcome_count()


@ORACLE
@given(exact_scenarios(parties=(1, 4)))
def test_frontier_equals_brute_force(scenario: Scenario) -> None:
    frontier = frontier_cpsat(scenario)
    assert frontier.disagreement == tuple(scenario.preferences[p].reservation for p in scenario.rated_parties)
    check_frontier(scenario, frontier, exact_d(scenario))


@ORACLE
@given(exact_scenarios(parties=(2, 3)))
def test_frontier_with_zero_disagreement(scenario: Scenario) -> None:
    zero = [0.0] * len(scenario.rated_parties)
    check_frontier(scenario, frontier_cpsat(scenario, zero), tuple(Fraction(0) for _ in zero))


@ORACLE
@given(exact_scenarios(parties=(1, 4)), st.sampled_from(KINDS))
def test_solution_equals_brute_force(scenario: Scenario, kind: str) -> None:
    d = exact_d(scenario)
    want = solution(kind, set(rational_outcomes(scenario, d)), d)
    got = optimum_cpsat(scenario, kind)
    if want is None:
        assert got is None
        return
    assert got is not None
    assert got.name == kind
    assert vector(scenario, dict(got.outcome.agreement)) == want
    assert got.outcome.utilities == rounded(scenario, dict(got.outcome.agreement))
    assert got.score == pytest.approx(float(score(kind, want, d, scenario)), abs=1e-9)


def score(kind: str, v: Vector, d: Vector, scenario: Scenario) -> Fraction:
    """The oracle's score of the solution ``v``."""
    gains = [x - di for x, di in zip(v, d, strict=True)]
    if kind == "nash":
        return math.prod(gains, start=Fraction(1))
    if kind == "egalitarian":
        return min(gains)
    if kind == "utilitarian":
        return sum(v, Fraction(0))
    vectors = set(rational_outcomes(scenario, d))
    ideal = [max(w[i] for w in vectors) for i in range(len(d))]
    shares = [g / (ideal[i] - d[i]) for i, g in enumerate(gains) if ideal[i] > d[i]]
    return min(shares, default=Fraction(0))


@ORACLE
@given(exact_scenarios(parties=(1, 4)))
def test_agrees_with_the_merge_path(scenario: Scenario) -> None:
    merged = merge.frontier(scenario)
    solved = frontier_cpsat(scenario)
    assert [o.utilities for o in solved.outcomes] == [o.utilities for o in merged.outcomes]
    fair = bargaining.solutions(merged)
    for kind in KINDS:
        mine, theirs = optimum_cpsat(scenario, kind), getattr(fair, kind)
        assert (mine is None) == (theirs is None)
        if mine is not None and theirs is not None:
            assert (mine.outcome.utilities, mine.score) == (theirs.outcome.utilities, theirs.score)


def test_labour_example_equals_brute_force() -> None:
    scenario = load(EXAMPLES / "tutorial-labour.yaml")
    d = exact_d(scenario)
    check_frontier(scenario, frontier_cpsat(scenario), d)
    vectors = set(rational_outcomes(scenario, d))
    for kind in KINDS:
        got = optimum_cpsat(scenario, kind)
        assert got is not None
        assert vector(scenario, dict(got.outcome.agreement)) == solution(kind, vectors, d)


def test_joint_venture_example_agrees_with_the_merge_path() -> None:
    scenario = load(EXAMPLES / "joint-venture.yaml")
    fair = bargaining.solutions(merge.frontier(scenario))
    for kind in KINDS:
        mine, theirs = optimum_cpsat(scenario, kind), getattr(fair, kind)
        assert mine is not None
        assert theirs is not None
        assert (mine.outcome.utilities, mine.score) == (theirs.outcome.utilities, theirs.score)
    pair = replace(scenario, preferences={p: scenario.preferences[p] for p in scenario.rated_parties[:2]})
    assert [o.utilities for o in frontier_cpsat(pair).outcomes] == [o.utilities for o in merge.frontier(pair).outcomes]


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_solutions_side_by_side_equal_one_after_the_other(threads: int) -> None:
    scenario = load(EXAMPLES / "joint-venture.yaml")
    together = optima_cpsat(scenario, KINDS, threads=threads)
    assert list(together) == list(KINDS)
    for kind in KINDS:
        alone, side = optimum_cpsat(scenario, kind), together[kind]
        assert alone is not None
        assert side is not None
        assert (side.outcome, side.score) == (alone.outcome, alone.score)
    with pytest.raises(AnalysisError, match='unknown solution "median"'):
        optima_cpsat(scenario, ["nash", "median"])


def coarse(scenario: Scenario, kind: str) -> None:
    """The solution equals brute force even when the approximations that steer it are coarse."""
    d = exact_d(scenario)
    want = solution(kind, set(rational_outcomes(scenario, d)), d)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cpsat_solutions, "LOG_UNIT", 3)
        mp.setattr(cpsat_solutions, "TANGENT_STEP", 4.0)
        mp.setattr(cpsat_solutions, "KS_STEPS", 1)
        got = optimum_cpsat(scenario, kind)
    assert (None if got is None else vector(scenario, dict(got.outcome.agreement))) == want


@ORACLE
@given(exact_scenarios(parties=(1, 4)))
def test_a_coarse_log_envelope_only_slows_nash(scenario: Scenario) -> None:
    coarse(scenario, "nash")


@ORACLE
@given(exact_scenarios(parties=(2, 4)))
def test_a_coarse_first_ratio_only_slows_kalai_smorodinsky(scenario: Scenario) -> None:
    coarse(scenario, "kalai_smorodinsky")


# --- small hand-made scenarios -----------------------------------------------------------


def two_party(
    ratings_a: dict[str, float],
    ratings_b: dict[str, float],
    *,
    red_lines: tuple[RedLine, ...] = (),
) -> Scenario:
    """One point with the given options, rated by parties a and b (b holds the red lines)."""
    point = Point("q", "Question", options=tuple(Option(o) for o in ratings_a))
    prefs = {
        "a": Preferences("a", weights={"q": 1}, ratings={"q": CategoricalRating(ratings_a)}),
        "b": Preferences("b", weights={"q": 1}, ratings={"q": CategoricalRating(ratings_b)}, red_lines=red_lines),
    }
    return Scenario("two", (Party("a", "A"), Party("b", "B")), (point,), preferences=prefs)


def with_party(scenario: Scenario, prefs: Preferences) -> Scenario:
    """``scenario`` with one more rated party."""
    parties = (*scenario.parties, Party(prefs.party, prefs.party.upper()))
    return Scenario(scenario.title, parties, scenario.points, preferences={**scenario.preferences, prefs.party: prefs})


def test_known_frontier() -> None:
    scenario = two_party({"x": 0, "y": 50, "z": 100, "w": 40}, {"x": 100, "y": 60, "z": 0, "w": 50})
    frontier = frontier_cpsat(scenario)
    assert [o.utilities for o in frontier.outcomes] == [(0.0, 1.0), (0.5, 0.6), (1.0, 0.0)]
    assert [o.agreement for o in frontier.outcomes] == [{"q": "x"}, {"q": "y"}, {"q": "z"}]


def test_an_impossible_scenario_has_no_frontier_and_no_solutions() -> None:
    scenario = two_party({"x": 0, "y": 100}, {"x": 100, "y": 0}, red_lines=(RedLine("q", "x"), RedLine("q", "y")))
    assert frontier_cpsat(scenario).outcomes == ()
    assert frontier_cpsat(with_party(scenario, Preferences("c"))).outcomes == ()
    assert all(optimum_cpsat(scenario, kind) is None for kind in KINDS)


def test_nash_needs_every_gain_positive() -> None:
    scenario = two_party({"x": 0, "y": 100}, {"x": 100, "y": 0})
    assert optimum_cpsat(scenario, "nash") is None
    assert optimum_cpsat(scenario, "nash", [0.0, 1.0]) is None
    utilitarian = optimum_cpsat(scenario, "utilitarian")
    assert utilitarian is not None
    assert utilitarian.outcome.utilities == (0.0, 1.0)


def test_kalai_smorodinsky_scores_zero_when_nobody_can_gain() -> None:
    scenario = two_party({"x": 30}, {"x": 60})
    ks = optimum_cpsat(scenario, "kalai_smorodinsky", [0.3, 0.6])
    assert ks is not None
    assert ks.score == 0.0
    assert ks.outcome.utilities == (0.3, 0.6)


def test_limits_on_values_no_agreement_takes_follow_the_model() -> None:
    base = two_party({"x": 0, "y": 100}, {"x": 100, "y": 0})
    odd = Preferences(
        "b",
        weights={"q": 1},
        ratings={"q": CategoricalRating({"x": 100, "y": 0})},
        red_lines=(RedLine("q", "nothing"),),
        links=(Link("q", "x", "q", ("z",)),),
        interactions=(
            Interaction((("q", "nothing"),), 0.5),
            Interaction((("q", "x"),), 0.0),
            Interaction((("q", "x"), ("q", "y")), 0.5),
        ),
    )
    scenario = Scenario("odd", base.parties, base.points, preferences={"a": base.preferences["a"], "b": odd})
    # Link.satisfied: q=x needs q in {z}, which an agreement never has, so q=x is out.
    assert [o.agreement for o in frontier_cpsat(scenario).outcomes] == [{"q": "y"}]
    nowhere = Preferences("b", weights={"q": 1}, red_lines=(RedLine("nowhere", "x"),))
    with pytest.raises(ModelError, match="names point 'nowhere'"):
        Scenario("odd", base.parties, base.points, preferences={"a": base.preferences["a"], "b": nowhere})


def test_an_interaction_without_conditions_is_a_constant_bonus() -> None:
    base = two_party({"x": 0, "y": 100}, {"x": 100, "y": 0})
    b = Preferences(
        "b",
        weights={"q": 1},
        ratings={"q": CategoricalRating({"x": 100, "y": 0})},
        interactions=(Interaction((), 0.25), Interaction((), -0.05)),
    )
    scenario = Scenario("bonus", base.parties, base.points, preferences={"a": base.preferences["a"], "b": b})
    assert [o.utilities for o in frontier_cpsat(scenario).outcomes] == [(0.0, 1.2), (1.0, 0.2)]


def test_numeric_points_use_their_grid() -> None:
    point = Point("army", "Army size", range=NumericRange(400_000, 800_000, 200_000, "troops"))
    falling = PiecewiseLinear(((400_000, 100), (800_000, 0)))
    prefs = {
        "a": Preferences("a", weights={"army": 1}, ratings={"army": falling}),
        "b": Preferences("b", red_lines=(RedLine("army", below=600_000),)),
    }
    scenario = Scenario("army", (Party("a", "A"), Party("b", "B")), (point,), preferences=prefs)
    frontier = frontier_cpsat(scenario)
    assert [(o.agreement, o.utilities) for o in frontier.outcomes] == [({"army": 600_000}, (0.5, 0.0))]


def test_kalai_smorodinsky_climbs_from_a_coarse_first_ratio() -> None:
    """With a first ratio of resolution 1 the solver starts anywhere; the exact iteration
    must still climb to the package "a" (shares 1 and 0.4, against 0 for "b" and "c")."""
    base = two_party({"a": 0, "b": 0, "c": 0}, {"a": 20, "b": 0, "c": 50})
    bonus = replace(base.preferences["a"], interactions=(Interaction((("q", "a"),), 0.05),))
    scenario = replace(base, preferences={**base.preferences, "a": bonus})
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cpsat_solutions, "KS_STEPS", 1)
        ks = optimum_cpsat(scenario, "kalai_smorodinsky")
    assert ks is not None
    assert ks.outcome.agreement == {"q": "a"}
    assert ks.score == pytest.approx(0.4)


# --- errors and limits -------------------------------------------------------------------


def test_max_points_is_enforced_for_two_and_three_parties() -> None:
    scenario = two_party({"x": 0, "y": 50, "z": 100}, {"x": 100, "y": 50, "z": 0})
    with pytest.raises(AnalysisError, match="more than 2 points"):
        frontier_cpsat(scenario, max_points=2)
    with pytest.raises(AnalysisError, match="more than 1 points"):
        frontier_cpsat(with_party(scenario, Preferences("c")), max_points=1)
    with pytest.raises(AnalysisError, match="at least 1"):
        frontier_cpsat(scenario, max_points=0)


def test_errors_name_the_fix() -> None:
    scenario = two_party({"x": 0}, {"x": 100})
    with pytest.raises(AnalysisError, match='unknown solution "ks"; use one of nash'):
        optimum_cpsat(scenario, "ks")
    with pytest.raises(AnalysisError, match="give one value per party"):
        frontier_cpsat(scenario, [0.0])
    nobody = Scenario("empty", scenario.parties, scenario.points)
    with pytest.raises(AnalysisError, match="no party with preferences"):
        frontier_cpsat(nobody)
    with pytest.raises(AnalysisError, match="no party with preferences"):
        optimum_cpsat(nobody, "nash")


def test_scale_is_exact_for_small_denominators() -> None:
    scale = choose_scale([0.35, 1 / 3, 0.125], 2.0)
    assert scale.exact
    assert scale.unit == 120
    assert scale.level(1 / 3) == 40


def test_scale_falls_back_to_rounding() -> None:
    assert not choose_scale([1 / 999_983, 1 / 999_979], 1.0).exact
    scale = choose_scale([math.sqrt(2) / 10], 1.0)
    assert not scale.exact
    assert scale.unit == 10**6
    assert scale.level(math.sqrt(2) / 10) == 141_421
    with pytest.raises(AnalysisError, match="span 5000 units"):
        choose_scale([math.sqrt(2)], 5000.0)
    with pytest.raises(AnalysisError, match="not a finite number"):
        choose_scale([math.inf], 1.0)


def test_a_solver_failure_is_an_analysis_error() -> None:
    am = build_model(two_party({"x": 0}, {"x": 100}), (0.0, 0.0))
    big = [am.model.new_int_var(0, 2**62, "") for _ in range(2)]
    am.model.add(big[0] + big[1] + big[0] + big[1] >= 5)
    with pytest.raises(AnalysisError, match="MODEL_INVALID"):
        solve(am)
    with pytest.raises(AnalysisError, match="status UNKNOWN"):
        check_status(make_solver(), cp_model.UNKNOWN)


# --- the rounded scale -------------------------------------------------------------------

TOL = 1e-5
"""Far above the rounded scale's error (5 terms of 5e-7), far below the ratings' steps."""


@st.composite
def rough(draw: st.DrawFn) -> Scenario:
    """A random scenario with irrational weights, so that the scale is rounded."""
    scenario = draw(exact_scenarios(parties=(2, 3)))
    prefs = {
        p: replace(pr, weights={k: math.sqrt(w + 2) for k, w in pr.weights.items()})
        for p, pr in scenario.preferences.items()
    }
    return replace(scenario, preferences=prefs)


def beats(w: tuple[float, ...], u: tuple[float, ...]) -> bool:
    """Whether ``w`` is better than ``u`` by more than TOL for every party."""
    return all(wi > ui + TOL for wi, ui in zip(w, u, strict=True))


@ORACLE
@given(rough())
def test_rounded_scale_is_within_its_tolerance(scenario: Scenario) -> None:
    d = tuple(scenario.preferences[p].reservation for p in scenario.rated_parties)
    assume(not build_model(scenario, d).scale.exact)  # some rating is not zero
    allowed = [u for a in agreements(scenario) if respects(scenario, a) for u in [scenario.utilities(a)]]
    loose = [u for u in allowed if all(ui >= di - TOL for ui, di in zip(u, d, strict=True))]
    inside = [u for u in allowed if all(ui >= di + TOL for ui, di in zip(u, d, strict=True))]
    got = [o.utilities for o in frontier_cpsat(scenario).outcomes]
    fractions = [tuple(map(Fraction, u)) for u in got]
    assert not any(
        dominates(v, u) or (v == u and i != j) for i, u in enumerate(fractions) for j, v in enumerate(fractions)
    )
    for u in got:
        assert all(ui >= di - TOL for ui, di in zip(u, d, strict=True))
        assert not any(beats(w, u) for w in loose)
    for w in inside:
        assert any(all(ui >= wi - TOL for wi, ui in zip(w, u, strict=True)) for u in got)


def test_float_filter_drops_duplicates_and_dominated() -> None:
    outs = [Outcome({"q": "a"}, (0.5, 0.5)), Outcome({"q": "b"}, (0.5, 0.5)), Outcome({"q": "c"}, (0.4, 0.5))]
    assert _float_filter(outs) == outs[:1]
    assert _float_filter([]) == []


# --- the time limit ----------------------------------------------------------------------


def contested() -> Scenario:
    """Three parties who pull apart on three points."""
    base = two_party({"x": 0, "y": 50, "z": 100, "w": 40}, {"x": 100, "y": 60, "z": 0, "w": 50})
    return with_party(base, Preferences("c", weights={"q": 1}, ratings={"q": CategoricalRating({"w": 100})}))


@pytest.mark.parametrize("kind", KINDS)
def test_a_solution_cut_short_is_the_best_found_and_not_optimal(kind: str) -> None:
    scenario = contested()
    full = optimum_cpsat(scenario, kind)
    assert full is not None
    assert full.optimal
    cut = optima_cpsat(scenario, [kind], threads=1, time_limit=Deadline(25.0, clock=Ticking(10.0)))[kind]
    assert cut is not None
    assert not cut.optimal
    assert cut.name == kind
    assert respects(scenario, dict(cut.outcome.agreement))
    assert cut.outcome.utilities == rounded(scenario, dict(cut.outcome.agreement))


@pytest.mark.parametrize("kind", KINDS)
def test_a_solution_with_nothing_found_in_time_is_a_time_limit_error(kind: str) -> None:
    with pytest.raises(TimeLimitError, match=r"could not be computed within the time limit of 0 s") as err:
        optimum_cpsat(contested(), kind, time_limit=0.0)
    assert err.value.seconds == 0.0
    assert "give a longer time limit" in str(err.value)


@pytest.mark.parametrize("threads", [1, 2])
def test_solutions_out_of_time_are_named_and_the_others_kept(threads: int) -> None:
    with pytest.raises(TimeLimitError):
        optima_cpsat(contested(), KINDS, threads=threads, time_limit=0.0)
    missing: list[str] = []
    found = optima_cpsat(contested(), KINDS, threads=threads, time_limit=0.0, unsolved=missing)
    assert sorted(missing) == sorted(KINDS)
    assert found == dict.fromkeys(KINDS)
    missing.clear()
    assert optima_cpsat(contested(), KINDS, threads=threads, unsolved=missing) == optima_cpsat(contested(), KINDS)
    assert missing == []


def test_a_tiny_time_limit_never_passes_for_optimal() -> None:
    for kind in KINDS:
        try:
            result = optimum_cpsat(contested(), kind, time_limit=1e-6)
        except TimeLimitError:
            continue
        assert result is not None
        assert not result.optimal


def test_the_frontier_cut_short_is_a_time_limit_error() -> None:
    clock = Ticking(0.0)

    def later(message: str, fraction: float) -> None:
        clock.now += 100.0

    for scenario in (contested(), two_party({"x": 0, "y": 50, "z": 100}, {"x": 100, "y": 60, "z": 0})):
        clock.now = 0.0
        budget = Deadline(10.0, clock=clock)
        with pytest.raises(TimeLimitError, match=r"within the time limit of 10 s: the constraint solver had found 1 "):
            frontier_cpsat(scenario, time_limit=budget, progress=later)


def test_progress_hears_each_frontier_point_and_each_solution() -> None:
    heard: list[tuple[str, float]] = []
    scenario = two_party({"x": 0, "y": 50, "z": 100, "w": 40}, {"x": 100, "y": 60, "z": 0, "w": 50})
    frontier_cpsat(scenario, progress=lambda m, f: heard.append((m, f)))
    assert [m for m, _ in heard] == ["1 frontier points found", "2 frontier points found", "3 frontier points found"]
    assert [f for _, f in heard] == sorted(f for _, f in heard)
    assert heard[-1][1] == 1.0
    heard.clear()
    frontier_cpsat(contested(), progress=lambda m, f: heard.append((m, f)))
    assert heard
    assert all(0.0 <= f <= 1.0 for _, f in heard)
    for threads in (1, 2):
        heard.clear()
        optima_cpsat(scenario, KINDS, threads=threads, progress=lambda m, f: heard.append((m, f)))
        assert sorted(m for m, _ in heard) == sorted(f"{SOLUTION_LABELS[k]} solution done" for k in KINDS)
        assert [f for _, f in heard] == [0.25, 0.5, 0.75, 1.0]


def test_each_solve_gets_the_time_left() -> None:
    assert make_solver().parameters.max_time_in_seconds == math.inf
    clock = Ticking(0.0)
    clock.now = 0.0
    budget = Deadline(30.0, clock=clock)
    clock.now = 12.0
    assert make_solver(budget).parameters.max_time_in_seconds == 18.0
    assert make_solver(Deadline(None)).parameters.max_time_in_seconds == math.inf


class Interrupted(cp_model.CpSolver):
    """A solver that finds the optimum but says the time limit stopped it (FEASIBLE)."""

    def solve(self, model: cp_model.CpModel, *args: object) -> cp_model.CpSolverStatus:
        super().solve(model)
        return cp_model.FEASIBLE


def test_a_solve_stopped_with_a_solution_hands_it_over(monkeypatch: pytest.MonkeyPatch) -> None:
    am = build_model(two_party({"x": 0, "y": 100}, {"x": 100, "y": 50}), (0.0, 0.0), deadline=Deadline(1e9))
    am.model.maximize(sum(am.utility))
    monkeypatch.setattr(cpsat_model, "make_solver", lambda deadline=None, size=0: Interrupted())
    with pytest.raises(Stopped) as stop:
        solve(am)
    assert stop.value.found is not None
    assert stop.value.found.agreement == {"q": "y"}
    assert am.seen == [stop.value.found]
    without = build_model(two_party({"x": 0, "y": 100}, {"x": 100, "y": 50}), (0.0, 0.0))
    with pytest.raises(AnalysisError, match="status FEASIBLE"):
        solve(without)


def test_solutions_share_the_time_fairly() -> None:
    from accord.analysis.cpsat import _Shares

    clock = Clock()
    shares = _Shares(Deadline(40.0, clock=clock), count=4, threads=2)
    first, second = shares.start(), shares.start()
    assert first.remaining() == second.remaining() == 20.0  # 40 s x 2 threads / 4 solves
    clock.now = 10.0
    shares.done()  # one ended after 10 s: 30 s left for the three not done
    assert shares.start().remaining() == 20.0  # 30 x 2 / 3
    shares.done()
    shares.done()
    assert shares.start() is shares.deadline  # the last one has all that is left
    unlimited = _Shares(Deadline(None), count=4, threads=2)
    assert unlimited.start() is unlimited.deadline


def test_a_large_model_is_solved_without_presolve() -> None:
    from accord.analysis.cpsat_model import PRESOLVE_LIMIT

    assert make_solver(size=PRESOLVE_LIMIT).parameters.cp_model_presolve
    assert not make_solver(size=PRESOLVE_LIMIT + 1).parameters.cp_model_presolve


def test_the_model_hints_the_utilitarian_choice_of_each_point() -> None:
    scenario = contested()
    am = build_model(scenario, (0.0, 0.0, 0.0))
    hint = dict(zip(am.model.proto.solution_hint.vars, am.model.proto.solution_hint.values, strict=True))
    for point in scenario.points:
        totals = [
            sum(scenario.preferences[p].contribution(point.id, v) for p in scenario.rated_parties)
            for v in point.values()
        ]
        chosen = [value for value, lit in am.choices[point.id] if hint[lit.index]]
        assert chosen == [point.values()[totals.index(max(totals))]]
