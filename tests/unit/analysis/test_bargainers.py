"""Who bargains: the analysis over the bargaining parties only, against a brute force.

The oracle here enumerates every agreement of the *whole* scenario and applies the rule as
the concepts page states it: only the bargainers' red lines, links and reservation values
constrain the agreement, only their utilities are maximised; the others' utilities are
those of the agreement reported. It does not build a narrower scenario (as the code does),
so a mistake in that narrowing shows.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import accord
import oracle
from accord.analysis import bargainers as rule
from accord.analysis.results import Frontier
from accord.errors import AnalysisError, FrontierTooLargeError, NeedsSolverError, UnknownIdError
from accord.model import Draft, Party, RedLine, Role, Scenario, Value
from strategies import make_scenario, rate, scenarios

CHECKS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Vector = tuple[float, ...]


def rounded(values: Sequence[float]) -> Vector:
    """Utilities rounded to 12 decimals, as accord compares them."""
    return tuple((np.round(np.asarray(values, dtype=float), 12) + 0.0).tolist())


def rational(scenario: Scenario, bargainers: Sequence[str], d: Sequence[float]) -> list[Vector]:
    """The distinct bargainers' utility vectors of the agreements that break no bargainer's
    red line or link and give every bargainer at least ``d``, sorted."""
    found = set()
    for a in oracle.agreements(scenario):
        if any(scenario.preferences[p].violations(a) for p in bargainers):
            continue
        u = rounded([scenario.utility(p, a) for p in bargainers])
        if all(x >= y for x, y in zip(u, d, strict=True)):
            found.add(u)
    return sorted(found)


def best(candidates: Sequence[Vector], key: object) -> Vector | None:
    """The candidate with the largest key; ties to the lexicographically smallest vector."""
    chosen, chosen_key = None, None
    for v in sorted(candidates):
        k = key(v)  # type: ignore[operator]
        if chosen_key is None or k > chosen_key:
            chosen, chosen_key = v, k
    return chosen


def fair(vectors: Sequence[Vector], d: Sequence[float]) -> dict[str, Vector | None]:
    """The four solutions by their definitions (Nash 1950, Kalai & Smorodinsky 1975, Kalai
    1977, Harsanyi 1955) over every rational vector, with accord's tie rules."""
    n = len(d)

    def gains(v: Vector) -> list[float]:
        return [v[i] - d[i] for i in range(n)]

    def total(v: Vector) -> float:
        s = 0.0
        for x in v:
            s += x
        return s

    ideal = [max(v[i] for v in vectors) for i in range(n)] if vectors else []
    movable = [i for i in range(n) if vectors and ideal[i] > d[i]]

    def ks(v: Vector) -> tuple[float, float]:
        shares = [(v[i] - d[i]) / (ideal[i] - d[i]) for i in movable]
        return (min(shares) if shares else 0.0, total(v))

    positive = [v for v in vectors if all(g > 0 for g in gains(v))]
    return {
        "nash": best(positive, lambda v: math.prod(gains(v))),
        "kalai_smorodinsky": best(vectors, ks),
        "egalitarian": best(vectors, lambda v: tuple(sorted(gains(v)))),
        "utilitarian": best(vectors, total),
    }


@st.composite
def with_roles(draw: st.DrawFn) -> Scenario:
    """A random scenario of 2-4 rated parties in which some rated parties are mediators or
    observers (with preferences, red lines and reservation values of their own) and at
    least one is a signatory or guarantor."""
    scenario = draw(scenarios(min_parties=2, max_parties=4, max_outcomes=600))
    roles = {p: draw(st.sampled_from(list(Role))) for p in scenario.rated_parties}
    assume(any(r in (Role.SIGNATORY, Role.GUARANTOR) for r in roles.values()))
    assume(any(r in (Role.MEDIATOR, Role.OBSERVER) for r in roles.values()))
    parties = tuple(dataclasses.replace(p, role=roles.get(p.id, p.role)) for p in scenario.parties)
    return dataclasses.replace(scenario, parties=parties)


def default_bargainers(scenario: Scenario) -> tuple[str, ...]:
    """The rated signatories and guarantors, in party order: the rule, restated."""
    keep = (Role.SIGNATORY, Role.GUARANTOR)
    return tuple(p.id for p in scenario.parties if p.id in scenario.preferences and p.role in keep)


def assert_bargain(case: accord.Case, bargainers: tuple[str, ...]) -> None:
    """The case's frontier and solutions are the brute force's over ``bargainers``, and
    the other rated parties' utilities are reported for every agreement shown."""
    s = case.scenario
    others = tuple(p for p in s.rated_parties if p not in bargainers)
    d = tuple(s.preferences[p].reservation for p in bargainers)
    assert case.bargainers == bargainers
    assert case.reported_parties == others
    assert case.disagreement() == d
    vectors = rational(s, bargainers, d)
    frontier = case.frontier()
    assert frontier.parties == bargainers
    assert [o.utilities for o in frontier.outcomes] == oracle.pareto_vectors(vectors)
    assert len(frontier.reported) == (len(frontier.outcomes) if others else 0)
    for o, reported in zip(frontier.outcomes, frontier.reported or [{}] * len(frontier.outcomes), strict=True):
        assert not any(s.preferences[p].violations(o.agreement) for p in bargainers)
        assert reported == pytest.approx({p: s.utility(p, o.agreement) for p in others}, abs=1e-11)
    solutions = case.solutions()
    assert solutions.parties == bargainers
    for name, want in fair(vectors, d).items():
        got = getattr(solutions, name)
        assert (None if got is None else got.outcome.utilities) == want, name
        if got is not None:
            expected = {p: s.utility(p, got.outcome.agreement) for p in others}
            assert got.reported == pytest.approx(expected, abs=1e-11)


@CHECKS
@given(with_roles())
def test_by_default_the_signatories_and_guarantors_bargain(scenario: Scenario) -> None:
    assert_bargain(accord.Case(scenario), default_bargainers(scenario))


@CHECKS
@given(with_roles(), st.data())
def test_bargainers_given_explicitly_override_the_roles(scenario: Scenario, data: st.DataObject) -> None:
    rated = scenario.rated_parties
    chosen = data.draw(st.lists(st.sampled_from(rated), min_size=1, unique=True))
    want = tuple(p for p in rated if p in chosen)  # party order, whatever the order given
    assert_bargain(accord.Case(scenario, bargainers=chosen), want)


@CHECKS
@given(with_roles(), st.data())
def test_the_files_bargainers_override_the_roles_and_are_overridden(scenario: Scenario, data: st.DataObject) -> None:
    rated = scenario.rated_parties
    listed = tuple(data.draw(st.lists(st.sampled_from(rated), min_size=1, unique=True)))
    filed = dataclasses.replace(scenario, bargainers=listed)
    assert_bargain(accord.Case(filed), tuple(p for p in rated if p in listed))
    assert accord.Case(filed, bargainers=list(rated)).bargainers == rated


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_roles())
def test_every_proposal_lies_on_the_bargainers_frontier(scenario: Scenario) -> None:
    bargainers = default_bargainers(scenario)
    others = tuple(p for p in scenario.rated_parties if p not in bargainers)
    draft = Draft(id="x", title="X", choices={})
    case = accord.Case(dataclasses.replace(scenario, drafts=(draft,)))
    d = case.disagreement()
    front = set(oracle.pareto_vectors(rational(scenario, bargainers, d)))
    for p in case.propose("x", n=3):
        assert p.parties == bargainers
        assert p.outcome.utilities in front
        assert rounded([scenario.utility(b, p.outcome.agreement) for b in bargainers]) == p.outcome.utilities
        assert p.reported == pytest.approx({o: scenario.utility(o, p.outcome.agreement) for o in others}, abs=1e-11)
        assert p.reported_gains == pytest.approx({o: p.reported[o] - p.reported_before[o] for o in others})


def two_sides_and_a_mediator(**mediator: object) -> Scenario:
    """Union and firm agree that the 'shared' office is best; the mediator (with
    ``mediator``'s red lines and reservation) prefers 'split'."""
    prefs = [
        rate("union", {"office": {"shared": 100, "split": 40}, "pay": {"low": 0, "high": 100}}),
        rate("firm", {"office": {"shared": 100, "split": 40}, "pay": {"low": 100, "high": 0}}),
        rate("med", {"office": {"shared": 0, "split": 100}, "pay": {"low": 50, "high": 50}}, **mediator),  # type: ignore[arg-type]
    ]
    s = make_scenario({"office": ["shared", "split"], "pay": ["low", "high"]}, prefs)
    parties = tuple(dataclasses.replace(p, role=Role.MEDIATOR) if p.id == "med" else p for p in s.parties)
    drafts = (Draft(id="d", title="D", choices={"office": "shared", "pay": "low"}),)
    return dataclasses.replace(s, parties=parties, drafts=drafts)


def test_a_mediators_red_line_and_reservation_do_not_restrict_the_agreement() -> None:
    s = two_sides_and_a_mediator(red_lines=[RedLine("office", option="shared")], reservation=0.9)
    case = accord.Case(s)
    assert case.bargainers == ("union", "firm")
    result = case.analyze()
    assert result.feasible
    assert result.parties == ("union", "firm")
    assert result.reported_parties == ("med",)
    assert {o.agreement["office"] for o in case.frontier().outcomes} == {"shared"}
    nash = case.solutions().nash
    assert nash is not None
    assert nash.outcome.agreement["office"] == "shared"
    assert nash.reported == {"med": 0.25}
    # the draft standing still lists the mediator: it breaks its red line, and it would rather have no deal
    assert result.breaks["d"] == {"med": ["office=shared"]}
    assert result.acceptable_to["d"] == ("union", "firm")
    assert result.no_deal == {"union": 0.0, "firm": 0.0, "med": 0.9}
    assert [x.parties for x in result.drafts] == [("union", "firm", "med")]
    assert set(result.gains) == {"d"}


def test_a_mediator_listed_as_a_bargainer_constrains_the_agreement() -> None:
    s = two_sides_and_a_mediator(red_lines=[RedLine("office", option="shared")])
    case = accord.Case(s, bargainers=["union", "firm", "med"])
    assert case.reported_parties == ()
    assert {o.agreement["office"] for o in case.frontier().outcomes} == {"split"}
    stuck = accord.Case(two_sides_and_a_mediator(reservation=0.9), bargainers=["med", "union", "firm"])
    assert stuck.bargainers == ("union", "firm", "med")
    result = stuck.analyze()
    assert not result.feasible
    assert result.diagnosis is not None
    assert any(r.party == "med" for c in result.diagnosis.corrections for r in c)
    assert any("MED" in line for line in result.explanation)


def test_the_diagnosis_and_explanation_are_the_bargainers() -> None:
    s = two_sides_and_a_mediator(reservation=0.9)
    demanding = dataclasses.replace(s.preferences["union"], reservation=1.5)  # more than any agreement gives
    s = dataclasses.replace(s, preferences={**s.preferences, "union": demanding})
    result = accord.Case(s).analyze()
    assert not result.feasible
    assert result.diagnosis is not None
    relaxed = {r.party for c in result.diagnosis.corrections for r in c}
    assert relaxed == {"union"}  # the mediator's reservation is no constraint to relax
    assert result.diagnosis.parties == ("union", "firm")
    assert all("MED" not in line for line in result.explanation)


def test_proposals_report_the_mediators_utility() -> None:
    case = accord.Case(two_sides_and_a_mediator())
    (first, *_) = case.propose("d", n=1)
    assert first.parties == ("union", "firm")
    assert set(first.reported) == set(first.reported_before) == {"med"}
    assert first.reported_before == {"med": 0.25}  # the draft: shared office, low pay


def test_the_solver_paths_bargain_over_the_same_parties(monkeypatch: pytest.MonkeyPatch) -> None:
    s = two_sides_and_a_mediator(red_lines=[RedLine("office", option="shared")], reservation=0.9)
    merged = accord.Case(s)
    want = merged.solutions()

    def needs_solver(*args: object, **kwargs: object) -> Frontier:
        raise NeedsSolverError("too many tied points", points=("office",), size=10**9)

    monkeypatch.setattr("accord.analysis.pareto.frontier", needs_solver)
    case = accord.Case(s)
    frontier = case.frontier()
    assert frontier.method == "cpsat"
    listed = merged.frontier()
    assert len(frontier.outcomes) == len(listed.outcomes) == len(frontier.reported)
    rows = zip(frontier.outcomes, listed.outcomes, frontier.reported, listed.reported, strict=True)
    for got, exact, reported, expected in rows:
        assert got.utilities == pytest.approx(exact.utilities)
        assert reported == pytest.approx(expected)

    def too_large(*args: object, **kwargs: object) -> Frontier:
        raise FrontierTooLargeError("the frontier is too large to list", limit=1)

    monkeypatch.setattr("accord.analysis.pareto.frontier", too_large)
    solved = accord.Case(s).analyze()
    assert solved.frontier is None
    assert solved.solutions.parties == ("union", "firm")
    for name, merged_solution in want.found().items():
        got = getattr(solved.solutions, name)
        assert got.outcome.utilities == pytest.approx(merged_solution.outcome.utilities), name
        assert got.reported == pytest.approx(merged_solution.reported), name
        assert got.outcome.agreement["office"] == "shared"  # the mediator's red line is no constraint


def test_disagreement_numbers_per_bargainer_or_per_rated_party() -> None:
    case = accord.Case(two_sides_and_a_mediator(reservation=0.3))
    assert case.disagreement() == (0.0, 0.0)
    assert case.no_deal() == {"union": 0.0, "firm": 0.0, "med": 0.3}
    assert case.no_deal("zero") == {"union": 0.0, "firm": 0.0, "med": 0.0}
    assert case.no_deal([0.1, 0.2]) == {"union": 0.1, "firm": 0.2, "med": 0.3}
    assert case.no_deal([0.1, 0.2, 0.5]) == {"union": 0.1, "firm": 0.2, "med": 0.5}
    assert case.disagreement([0.1, 0.2, 0.5]) == (0.1, 0.2)
    assert case.frontier([0.1, 0.2]) is case.frontier([0.1, 0.2, 0.7])  # the same bargain, cached once
    with pytest.raises(
        AnalysisError, match=r"has 4 values; give one per bargaining party \(union, firm\) or one per rated"
    ):
        case.disagreement([0.1, 0.2, 0.3, 0.4])
    with pytest.raises(AnalysisError, match="not a finite number"):
        case.disagreement([0.1, math.inf])
    assert case.acceptable_to("d") == ("union", "firm")
    assert case.acceptable_to("d", "zero") == ("union", "firm", "med")


def test_unknown_and_unrated_bargainers_are_refused_by_name() -> None:
    s = two_sides_and_a_mediator()
    s = dataclasses.replace(s, parties=(*s.parties, Party("press", "Press", Role.OBSERVER)))
    with pytest.raises(UnknownIdError, match=r"^bargainers: unknown rated party 'unoin'; did you mean 'union'\?"):
        accord.Case(s, bargainers=["unoin", "firm"])
    with pytest.raises(UnknownIdError, match=r"unknown rated party 'press' \(known: union, firm, med\)"):
        accord.Case(s, bargainers=["press"])
    with pytest.raises(AnalysisError, match=r"bargainers takes a list of party ids, such as \['union'\]"):
        accord.Case(s, bargainers="union")


def test_no_rated_party_bargains() -> None:
    s = two_sides_and_a_mediator()
    neutral = tuple(dataclasses.replace(p, role=Role.OBSERVER if p.id == "firm" else Role.MEDIATOR) for p in s.parties)
    case = accord.Case(dataclasses.replace(s, parties=neutral))
    assert case.bargainers == ()
    assert case.drafts()  # what a draft is worth to each party needs no bargain
    roles = r"union \(mediator\), firm \(observer\), med \(mediator\)"
    with pytest.raises(AnalysisError, match=rf"^no rated party bargains: the rated parties, {roles}, are mediators or"):
        case.analyze()
    with pytest.raises(AnalysisError, match="no party bargains: the bargainers given are none"):
        accord.Case(s, bargainers=[]).frontier()
    with pytest.raises(AnalysisError, match="`bargainers:` is empty"):
        accord.Case(dataclasses.replace(s, bargainers=())).solutions()


def test_every_rated_party_bargains_in_imported_domains() -> None:
    root = Path(__file__).parents[2] / "data"
    for folder in (root / "genius" / "valid" / "basic", root / "geniusweb" / "valid" / "trip"):
        case = accord.load(folder)
        assert case.bargainers == case.scenario.rated_parties
        assert case.reported_parties == ()
        assert case.frontier().reported == ()
        nash = case.solutions().nash
        assert nash is None or nash.reported == {}


def test_the_view_holds_the_bargainers_preferences_only() -> None:
    s = two_sides_and_a_mediator()
    assert rule.bargaining_view(s, s.rated_parties) is s
    view = rule.bargaining_view(s, ("union", "firm"))
    assert view.rated_parties == ("union", "firm")
    assert view.parties == s.parties  # names, roles and stances stay
    agreements: list[dict[str, Value]] = [{"office": "split", "pay": "high"}, {"pay": "low", "office": "shared"}]
    assert rule.reported(s, ("med",), agreements) == [{"med": 0.75}, {"med": 0.25}]
    assert rule.reported(s, (), agreements) == [{}, {}]


def test_dataframes_have_a_column_per_party_reported() -> None:
    case = accord.Case(two_sides_and_a_mediator())
    frontier = accord.to_frame(case.frontier())
    assert list(frontier.columns) == ["office", "pay", "u:union", "u:firm", "reported:med"]
    assert list(frontier["reported:med"]) == [r["med"] for r in case.frontier().reported]
    solutions = accord.to_frame(case.solutions())
    assert list(solutions["reported:med"]) == [s.reported["med"] for s in case.solutions().found().values()]
    assert "reported:med" in accord.to_frame(case.propose("d")).columns
    assert (
        "reported:med"
        not in accord.to_frame(accord.Case(two_sides_and_a_mediator(), bargainers=["med", "firm"]).frontier()).columns
    )
