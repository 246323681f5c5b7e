"""The core of the deal against brute-force enumeration: feasible options, frontier options,
fixed points and what frees them; the merge and the solver paths; the time limit."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle
from accord.analysis import core_search
from accord.analysis.budget import Deadline
from accord.analysis.compile import compile_scenario
from accord.analysis.core import Core, PointCore, core
from accord.analysis.core_merge import merge_frontier_options
from accord.analysis.core_search import loosened
from accord.analysis.core_text import core_sentences
from accord.analysis.pareto import frontier
from accord.analysis.results import Relaxation, RelaxationKind
from accord.errors import AnalysisError, FrontierTooLargeError, NeedsSolverError, UnknownIdError
from accord.formats.scenario_v1 import load
from accord.model import Draft, Link, RedLine, Scenario, Value
from clocks import Clock, Ticking
from cpsat_oracle import agreements, exact_d, limits, pareto, respects, vector
from strategies import exact_scenarios, make_scenario, rate, scenarios

EXAMPLES = Path(__file__).parents[3] / "examples"
ORACLE = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

Key = tuple[str, str, str]
Truth = dict[str, tuple[set[Value], set[Value]]]


def truth(scenario: Scenario, d: tuple[Fraction, ...]) -> Truth:
    """Per point, the options of the acceptable agreements and of the acceptable
    Pareto-optimal ones, in exact fractions (the definition, agreement by agreement)."""
    rated = [(a, vector(scenario, a)) for a in agreements(scenario) if respects(scenario, a)]
    acceptable = [(a, v) for a, v in rated if all(x >= y for x, y in zip(v, d, strict=True))]
    best = pareto({v for _, v in acceptable})
    return {p: ({a[p] for a, _ in acceptable}, {a[p] for a, v in acceptable if v in best}) for p in scenario.point_ids}


def freeing_sets(scenario: Scenario, d: tuple[Fraction, ...], point: str, value: Value) -> set[frozenset[Key]]:
    """Every minimal set of constraints whose relaxation lets ``point`` take another value
    than ``value`` while the rest hold, by enumerating subsets."""
    cons = limits(scenario, d)
    others = [a for a in agreements(scenario) if a[point] != value]
    passing = [frozenset(i for i, c in enumerate(cons) if c.holds(a)) for a in others]
    every = frozenset(range(len(cons)))
    freeing = [
        frozenset(s)
        for size in range(len(cons) + 1)
        for s in itertools.combinations(range(len(cons)), size)
        if any(every - frozenset(s) <= p for p in passing)
    ]
    minimal = [s for s in freeing if not any(t < s for t in freeing)]
    return {frozenset(cons[i].key for i in s) for s in minimal}


def keys(relaxations: tuple[Relaxation, ...]) -> frozenset[Key]:
    return frozenset((r.party, r.kind.value, r.description) for r in relaxations)


def check(scenario: Scenario, found: Core, d: tuple[Fraction, ...], *, freeing: bool = True) -> None:
    """``found`` is complete and equals the brute force on every point."""
    want = truth(scenario, d)
    assert found.complete
    assert found.feasible == any(feasible for feasible, _ in want.values())
    for p in found.points:
        feasible, on = want[p.point]
        assert set(p.feasible) == feasible, p.point
        assert set(p.frontier) == on, p.point
        assert p.fixed == (next(iter(feasible)) if len(feasible) == 1 else None)
        assert set(p.excluded) == set(scenario.point(p.point).values()) - feasible
        if freeing and p.fixed is not None:
            check_freeing(scenario, d, p)


def check_freeing(scenario: Scenario, d: tuple[Fraction, ...], p: PointCore) -> None:
    """The freeing sets are the brute-force minimal ones (the 10 smallest when capped)."""
    assert p.fixed is not None
    want = freeing_sets(scenario, d, p.point, p.fixed)
    got = [keys(s) for s in p.freed_by]
    if want == set():
        assert got == []
        assert p.freeing == "complete"
        return
    assert [len(s) for s in got] == sorted(len(s) for s in got)
    if len(want) <= 10:
        assert set(got) == want
        assert p.freeing == "complete"
    else:
        assert set(got) <= want
        assert len(got) == 10
        assert p.freeing == "capped"


@ORACLE
@given(exact_scenarios(parties=(1, 3)))
def test_merge_path_equals_brute_force(scenario: Scenario) -> None:
    check(scenario, core(scenario, method="merge", time_limit=None), exact_d(scenario))


@ORACLE
@given(exact_scenarios(parties=(1, 3), strict=True))
def test_strict_reservations_fix_points_and_freeing_sets_are_minimal(scenario: Scenario) -> None:
    check(scenario, core(scenario, method="merge", time_limit=None), exact_d(scenario))


@ORACLE
@given(exact_scenarios(parties=(1, 3)))
def test_solver_path_equals_brute_force_and_the_merge(scenario: Scenario) -> None:
    by_solver = core(scenario, method="solver", time_limit=None)
    check(scenario, by_solver, exact_d(scenario), freeing=False)
    by_merge = core(scenario, method="merge", time_limit=None)
    assert by_solver.points == by_merge.points
    assert by_solver.method == "solver"
    assert by_merge.method == "merge"


@ORACLE
@given(exact_scenarios(parties=(2, 3)))
def test_a_listed_frontier_gives_the_same_core(scenario: Scenario) -> None:
    listed = frontier(scenario)
    assert core(scenario, frontier=listed, method="solver", time_limit=None).points == core(scenario).points


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_parties=3, max_outcomes=400))
def test_float_scenarios_equal_the_float_definition(scenario: Scenario) -> None:
    """Any floats (the solver's rounded scale): feasibility is decided in floats with the
    frontier's own test, and the frontier options are those of the float frontier."""
    d = oracle.disagreement_of(scenario, None)
    found = oracle.feasible(scenario)
    rounded = [tuple(np.round(np.array(u), 12) + 0.0) for _, u in found]
    ok = [(a, u) for (a, _), u in zip(found, rounded, strict=True) if all(x >= y for x, y in zip(u, d, strict=True))]
    best = set(oracle.pareto_vectors(sorted({u for _, u in ok})))
    got = core(scenario, time_limit=None)
    assert got.complete
    for p in got.points:
        assert set(p.feasible) == {a[p.point] for a, _ in ok}
        assert set(p.frontier) == {a[p.point] for a, u in ok if u in best}


def test_ties_put_options_on_the_frontier_that_no_representative_uses() -> None:
    """Two options every party rates alike, and two points whose swaps cancel out: the
    frontier keeps one agreement per utility vector, the core every option."""
    scenario = make_scenario(
        {"twin": ["a", "b"], "x": ["x0", "x1"], "y": ["y0", "y1"]},
        [
            rate("p", {"twin": {"a": 50, "b": 50}, "x": {"x0": 100, "x1": 0}, "y": {"y0": 0, "y1": 100}}),
            rate("q", {"twin": {"a": 20, "b": 20}, "x": {"x0": 0, "x1": 100}, "y": {"y0": 100, "y1": 0}}),
        ],
    )
    listed = frontier(scenario)
    shown = {p: {o.agreement[p] for o in listed.outcomes} for p in scenario.point_ids}
    got = core(scenario, frontier=listed)
    assert {p.point: set(p.frontier) for p in got.points} == {"twin": {"a", "b"}, "x": {"x0", "x1"}, "y": {"y0", "y1"}}
    assert shown["twin"] != {"a", "b"}  # the representatives alone would miss one
    assert core(scenario, method="solver").points == got.points


def two_sided() -> Scenario:
    """Recognition fixed by red lines of both sides; a reservation rules out one army size."""
    return make_scenario(
        {"recognition": ["full", "crimea", "none"], "army": ["small", "large"]},
        [
            rate(
                "ru",
                {"recognition": {"full": 100, "crimea": 50, "none": 0}, "army": {"small": 100, "large": 0}},
                red_lines=[RedLine("recognition", "none")],
                reservation=0.2,
            ),
            rate(
                "ua",
                {"recognition": {"full": 0, "crimea": 40, "none": 100}, "army": {"small": 0, "large": 100}},
                red_lines=[RedLine("recognition", "full")],
            ),
        ],
        drafts=[Draft("d1", choices={"recognition": "full", "army": "small"})],
    )


def test_a_point_fixed_by_two_red_lines_names_both() -> None:
    scenario = two_sided()
    got = core(scenario)
    p = got.point("recognition")
    assert p.fixed == "crimea"
    assert p.excluded == ("full", "none")
    assert not p.in_drafts
    assert [keys(s) for s in p.freed_by] == [
        {("ru", "red_line", "recognition=none")},
        {("ua", "red_line", "recognition=full")},
    ]
    assert got.fixed() == {"recognition": "crimea"}
    sentences = core_sentences(got, scenario)
    assert sentences[:2] == [
        "Every acceptable agreement has recognition = crimea (in no draft).",
        "It is forced by RU's red line recognition=none and UA's red line recognition=full; relaxing either frees it.",
    ]
    assert "On 1 of 2 points more than one option is possible." in sentences
    with pytest.raises(UnknownIdError):
        got.point("nope")
    assert "1 fixed point" in repr(got)
    assert "ru recognition=none | ua recognition=full" in got._repr_html_()


def test_relaxing_several_together_and_reservations_in_words() -> None:
    scenario = make_scenario(
        {"seat": ["a", "b", "c"]},
        [
            rate("p", {"seat": {"a": 100, "b": 0, "c": 100}}, reservation=0.5, red_lines=[RedLine("seat", "c")]),
            rate("q", {"seat": {"a": 100, "b": 100, "c": 0}}, red_lines=[RedLine("seat", "c")]),
        ],
    )
    got = core(scenario)
    p = got.point("seat")
    assert p.fixed == "a"
    assert {keys(s) for s in p.freed_by} == {
        frozenset({("p", "reservation", "reservation 0.5")}),
        frozenset({("p", "red_line", "seat=c"), ("q", "red_line", "seat=c")}),
    }
    assert core_sentences(got, scenario)[1] == (
        "It is forced by reservation values and red lines: relaxing P's reservation value frees it, "
        "or P's and Q's red lines seat=c together."
    )


def test_no_acceptable_agreement_gives_an_empty_core() -> None:
    scenario = make_scenario(
        {"seat": ["a", "b"]}, [rate("p", {"seat": {"a": 100}}, red_lines=[RedLine("seat", "a")], reservation=0.5)]
    )
    for given_frontier in (None, frontier(scenario)):
        got = core(scenario, frontier=given_frontier)
        assert got.feasible is False
        assert got.complete
        assert all(not p.feasible and p.fixed is None for p in got.points)
        assert core_sentences(got, scenario) == [
            "No agreement is acceptable to every bargaining party, so the deal has no core: nothing is settled."
        ]
    assert core(scenario, method="solver").feasible is False


def test_a_point_with_one_value_is_fixed_by_nothing() -> None:
    scenario = make_scenario({"only": ["x"], "free": ["a", "b"]}, [rate("p", {"free": {"a": 10, "b": 90}})])
    got = core(scenario)
    assert got.point("only").fixed == "x"
    assert got.point("only").freed_by == ()
    assert "It is the point's only option." in core_sentences(got, scenario)


def test_capped_freeing_sets_say_so() -> None:
    """Eleven options each ruled out by one party's red line: eleven ways to free the point,
    capped at three."""
    options = [f"o{i}" for i in range(12)]
    prefs = [
        rate(f"p{i}", {"seat": dict.fromkeys(options, 50)}, red_lines=[RedLine("seat", f"o{i + 1}")]) for i in range(11)
    ]
    scenario = make_scenario({"seat": options}, prefs)
    got = core(scenario, max_sets=3)
    p = got.point("seat")
    assert p.fixed == "o0"
    assert p.freeing == "capped"
    assert len(p.freed_by) == 3
    assert "(the 3 smallest ways to free it; there are more)" in core_sentences(got, scenario)[1]
    assert got.complete


def test_wrong_arguments() -> None:
    scenario = two_sided()
    with pytest.raises(AnalysisError, match="max_sets"):
        core(scenario, max_sets=0)
    with pytest.raises(AnalysisError, match="unknown method"):
        core(scenario, method="guess")  # type: ignore[arg-type]
    with pytest.raises(AnalysisError, match="disagreement"):
        core(scenario, [0.1])
    with pytest.raises(AnalysisError, match="the frontier given is that of parties ru, ua at disagreement point"):
        core(scenario, [0.0, 0.0], frontier(scenario))


def test_merge_refuses_what_it_cannot_list(monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = two_sided()
    monkeypatch.setattr("accord.analysis.core_merge.MAX_LIST", 0)
    with pytest.raises(FrontierTooLargeError):
        core(scenario, method="merge")
    assert core(scenario).method == "solver"  # auto falls back
    monkeypatch.setattr("accord.analysis.compile.COMPOUND_LIMIT", 0)
    linked = make_scenario(
        {"a": ["a0", "a1"], "b": ["b0", "b1"]},
        [
            rate(
                "p",
                {"a": {"a0": 0, "a1": 100}, "b": {"b0": 50, "b1": 60}},
                red_lines=[RedLine("a", "a0")],
                links=[Link("a", "a1", "b", ("b1",))],
            )
        ],
    )
    with pytest.raises(NeedsSolverError):
        core(linked, method="merge")
    got = core(linked)
    assert got.method == "solver"
    assert got.fixed() == {"a": "a1", "b": "b1"}


def test_no_time_decides_nothing_and_says_so() -> None:
    scenario = two_sided()
    got = core(scenario, time_limit=0.0)
    assert got.feasible is None
    assert not got.complete
    assert got.notes
    assert all(p.undecided == p.options and p.fixed is None for p in got.points)
    assert core_sentences(got, scenario) == [
        "Whether any agreement is acceptable to every bargaining party was not decided within the time limit, "
        "so the core of the deal is unknown."
    ]
    known = core(scenario, frontier=frontier(scenario), time_limit=0.0)
    assert known.feasible is True
    assert not known.complete


@ORACLE
@given(exact_scenarios(parties=(2, 3), strict=True), st.integers(min_value=1, max_value=60), st.booleans())
def test_whatever_a_time_limit_cuts_short_the_rest_is_right(scenario: Scenario, reads: int, solver: bool) -> None:
    """A clock that moves 10 s a read stops the core after ``reads`` reads, anywhere: what it
    reports as decided is right, what it did not decide is marked, and it says so."""
    clock = Ticking(10.0)
    got = core(scenario, method="solver" if solver else "auto", time_limit=Deadline(10.0 * reads + 5, clock=clock))
    want = truth(scenario, exact_d(scenario))
    for p in got.points:
        feasible, on = want[p.point]
        assert set(p.feasible) <= feasible
        assert not set(p.excluded) & feasible
        assert set(p.frontier) <= on
        assert on <= set(p.frontier) | set(p.frontier_undecided) | set(p.undecided)
        if p.fixed is not None and p.freeing in ("complete", "capped"):
            check_freeing(scenario, exact_d(scenario), p)
    if got.complete:
        check(scenario, got, exact_d(scenario))
    else:
        assert got.notes or got.feasible is None
        assert core_sentences(got, scenario)[-1].startswith(("This core is incomplete", "Whether any agreement"))


def test_a_clock_stopped_during_the_freeing_sets_keeps_those_found(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    scenario = two_sided()
    real = core_search.minimal_corrections

    def slow(*args: Any, **kwargs: Any) -> bool:
        clock.now += 1000  # the time passes during the enumeration
        return real(*args, **kwargs)

    monkeypatch.setattr(core_search, "minimal_corrections", slow)
    got = core(scenario, time_limit=Deadline(100.0, clock=clock))
    p = got.point("recognition")
    assert p.fixed == "crimea"
    assert p.freeing == "cut short"
    assert not got.complete
    assert "was not all found within the time limit" in core_sentences(got, scenario)[1]


def test_loosened_cut_covers_the_rounding() -> None:
    scenario = two_sided()
    (ru, ua) = loosened(scenario, (0.3, 0.0), 10**6)  # 2 points: (2 + 0 + 1) / 2 + 1 units
    assert 0.3 - 4e-6 < ru < 0.3 - 2e-6
    assert ua < 0.0


def test_merge_counts_the_frontier() -> None:
    scenario = load(EXAMPLES / "tutorial-labour.yaml")
    on, count = merge_frontier_options(compile_scenario(scenario), oracle.disagreement_of(scenario, None))
    assert count == len(frontier(scenario).outcomes)
    assert all(on[p] for p in scenario.point_ids)


def test_labour_example_against_brute_force() -> None:
    scenario = load(EXAMPLES / "tutorial-labour.yaml")
    check(scenario, core(scenario, frontier=frontier(scenario)), exact_d(scenario))


def test_relaxations_name_their_kind() -> None:
    r = Relaxation("p", RelaxationKind.LINK, "a=a1 requires b in {b1}")
    assert keys((r,)) == {("p", "link", "a=a1 requires b in {b1}")}


def rounded(rating: float, reservation: float) -> Scenario:
    """Two points whose ratings no rational of denominator at most 10**6 reads (the solver's
    rounded scale): each contributes ``rating / 200``, rounded to 10**-6 units by the solver."""
    points = {"a": ["x", "y"], "b": ["x", "y"]}
    ratings = {"a": {"x": rating, "y": 0}, "b": {"x": rating, "y": 0}}
    return make_scenario(points, [rate("p", ratings, reservation=reservation)])


def test_the_rounded_scale_neither_loses_nor_invents_an_agreement() -> None:
    """0.1000004 + 0.1000004 reaches 0.2000008 in floats, but the solver rounds each term
    down (100000 units) and the reservation up (200001); 0.1000006 twice misses 0.2000013 in
    floats, but the solver rounds each term up (100001) and the reservation down (200001)."""
    reached = rounded(20.00008, 0.2000008)
    assert oracle.frontier_vectors(reached)  # the float definition: (x, x) is acceptable
    got = core(reached, method="solver")
    assert got.feasible is True
    assert got.fixed() == {"a": "x", "b": "x"}
    missed = rounded(20.00012, 0.2000013)
    assert not oracle.frontier_vectors(missed)
    assert core(missed, method="solver").feasible is False


def test_case_core_runs_over_the_bargainers_and_keeps_a_complete_core() -> None:
    from accord.api import Case

    scenario = two_sided()
    mediator = rate("us", {"army": {"small": 50, "large": 50}}, red_lines=[RedLine("army", "large")])
    scenario = make_scenario(
        {"recognition": ["full", "crimea", "none"], "army": ["small", "large"]},
        [scenario.preferences["ru"], scenario.preferences["ua"], mediator],
    )
    case = Case(scenario, bargainers=["ru", "ua"])
    got = case.core()
    assert got.parties == ("ru", "ua")
    assert got.point("army").feasible == ("small", "large")  # the mediator's red line does not bind
    assert case.core() is got
    assert case.analyze().core is got
    every = Case(scenario, bargainers=["ru", "ua", "us"]).core()
    assert every.point("army").feasible == ("small",)


def test_analyze_leaves_the_solver_search_to_case_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """A frontier too large to list: analyze's core lists what is feasible and fixed and
    marks the frontier options undecided; Case.core() searches them."""
    from accord.api import Case

    def too_large(*args: Any, **kwargs: Any) -> None:
        raise FrontierTooLargeError("too large to list", limit=0)

    monkeypatch.setattr("accord.analysis.pareto.frontier", too_large)
    scenario = two_sided()
    analysis = Case(scenario).analyze()
    assert analysis.frontier is None
    assert analysis.core is not None
    assert analysis.core.method == "solver"
    assert not analysis.core.complete
    assert "was not searched (search_frontier=False)" in analysis.core.notes[0]
    assert analysis.core.fixed() == {"recognition": "crimea"}
    searched = Case(scenario).core()
    assert searched.complete
    assert searched.points == core(scenario).points
