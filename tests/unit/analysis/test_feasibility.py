"""The why-no-deal diagnosis against minimal correction sets found by enumerating subsets."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from accord.analysis.budget import Deadline
from accord.analysis.feasibility import diagnose, explain
from accord.analysis.results import Diagnosis, Outcome, Relaxation, RelaxationKind
from accord.errors import AnalysisError, TimeLimitError
from accord.formats.scenario_v1 import load
from accord.model import (
    CategoricalRating,
    Link,
    NumericRange,
    Option,
    Party,
    Point,
    Preferences,
    RedLine,
    Scenario,
    Value,
)
from clocks import Clock
from cpsat_oracle import agreements, correction_sets, exact_d, limits, vector
from strategies import exact_scenarios

EXAMPLES = Path(__file__).parents[3] / "examples"
ORACLE = settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

Key = tuple[str, str, str]


def keys(relaxations: tuple[Relaxation, ...]) -> frozenset[Key]:
    """A correction set as (party, kind, description) triples."""
    return frozenset((r.party, r.kind.value, r.description) for r in relaxations)


def check_witnesses(scenario: Scenario, diagnosis: Diagnosis, d: tuple[Fraction, ...]) -> None:
    """Each witness breaks exactly the constraints its correction set relaxes, and gives the
    parties whose reservation the set relaxes the most any such agreement gives them (without
    such parties: the largest total)."""
    assert len(diagnosis.witnesses) == len(diagnosis.corrections)
    cons = limits(scenario, d)
    for relaxed, witness in zip(diagnosis.corrections, diagnosis.witnesses, strict=True):
        broken = {c.key for c in cons if not c.holds(dict(witness.agreement))}
        assert broken == keys(relaxed)
        assert witness.utilities == pytest.approx(scenario.utilities(witness.agreement), abs=1e-12)
        assert best_total(scenario, keys(relaxed), d) == total(scenario, keys(relaxed), dict(witness.agreement))


def total(scenario: Scenario, relaxed: frozenset[Key], agreement: dict[str, Value]) -> Fraction:
    """The exact utility sum of the parties whose reservation ``relaxed`` drops (else all)."""
    u = vector(scenario, agreement)
    focus = [i for i, p in enumerate(scenario.rated_parties) if any(k[:2] == (p, "reservation") for k in relaxed)]
    return sum((u[i] for i in focus or range(len(u))), Fraction(0))


def best_total(scenario: Scenario, relaxed: frozenset[Key], d: tuple[Fraction, ...]) -> Fraction:
    """The largest :func:`total` over the agreements that keep every other constraint."""
    rest = [c for c in limits(scenario, d) if c.key not in relaxed]
    return max(total(scenario, relaxed, a) for a in agreements(scenario) if all(c.holds(a) for c in rest))


def check(scenario: Scenario, diagnosis: Diagnosis, d: tuple[Fraction, ...]) -> None:
    """``diagnosis`` holds the brute-force minimal correction sets (the 10 smallest)."""
    want = correction_sets(scenario, d)
    if want == {frozenset()}:
        assert diagnosis.feasible
        assert not diagnosis.corrections
        (witness,) = diagnosis.witnesses
        assert all(c.holds(dict(witness.agreement)) for c in limits(scenario, d))
        assert total(scenario, frozenset(), dict(witness.agreement)) == best_total(scenario, frozenset(), d)
        return
    assert not diagnosis.feasible
    got = [keys(c) for c in diagnosis.corrections]
    assert [len(c) for c in got] == sorted(len(c) for c in got)
    if len(want) <= 10:
        assert sorted(got, key=sorted) == sorted(want, key=sorted)
    else:
        assert set(got) <= want
        assert len(got) == 10
        assert [len(c) for c in got] == sorted(len(c) for c in want)[:10]
    check_witnesses(scenario, diagnosis, d)


@ORACLE
@given(exact_scenarios(parties=(1, 3), strict=True))
def test_correction_sets_equal_brute_force(scenario: Scenario) -> None:
    check(scenario, diagnose(scenario), exact_d(scenario))


@ORACLE
@given(exact_scenarios(parties=(2, 3), strict=True))
def test_zero_disagreement_keeps_only_red_lines_and_links(scenario: Scenario) -> None:
    zero = [0.0] * len(scenario.rated_parties)
    check(scenario, diagnose(scenario, zero), tuple(Fraction(0) for _ in zero))


def rivals(n: int) -> Scenario:
    """One point of n options; party i wants only option i and reserves all of it."""
    point = Point("seat", "Seat", options=tuple(Option(f"o{i}") for i in range(n)))
    prefs = {
        f"p{i}": Preferences(
            f"p{i}", weights={"seat": 1}, ratings={"seat": CategoricalRating({f"o{i}": 100})}, reservation=1.0
        )
        for i in range(n)
    }
    parties = tuple(Party(f"p{i}", f"Party {i}") for i in range(n))
    return Scenario("rivals", parties, (point,), preferences=prefs)


def test_many_correction_sets_are_cut_smallest_and_first() -> None:
    scenario = rivals(11)
    diagnosis = diagnose(scenario, max_sets=3)
    # Every set relaxes all reservations but one; the first three in constraint order keep
    # the last parties' reservations.
    kept = [({f"p{i}" for i in range(11)} - {r.party for r in c}) for c in diagnosis.corrections]
    assert kept == [{"p10"}, {"p9"}, {"p8"}]
    assert all(len(c) == 10 for c in diagnosis.corrections)
    (one,) = diagnose(scenario, max_sets=1).corrections
    assert len(one) == 10
    assert len(diagnose(rivals(4)).corrections) == 4


def test_max_sets_must_be_positive() -> None:
    with pytest.raises(AnalysisError, match="max_sets must be at least 1"):
        diagnose(rivals(2), max_sets=0)


def test_a_point_without_options_cannot_be_corrected() -> None:
    scenario = Scenario(
        "void",
        (Party("a", "A"),),
        (Point("q", "Question"),),
        preferences={"a": Preferences("a", red_lines=(RedLine("q", "x"),))},
    )
    diagnosis = diagnose(scenario)
    assert diagnosis == Diagnosis(False, parties=("a",))
    assert explain(diagnosis, scenario) == [
        "No agreement respects every red line and reservation value, and relaxing them does not help: "
        "some point has no option to choose."
    ]


def test_no_rated_party_is_feasible() -> None:
    scenario = Scenario("free", (Party("a", "A"),), (Point("q", "Question", options=(Option("x"),)),))
    diagnosis = diagnose(scenario)
    assert diagnosis.feasible
    assert diagnosis.witnesses == (Outcome({"q": "x"}, ()),)


# --- explain -----------------------------------------------------------------------------


def territory(ru_lines: tuple[RedLine, ...], ua_lines: tuple[RedLine, ...], **ua: object) -> Scenario:
    """Russia and Ukraine over one point, with the given red lines."""
    point = Point("territory", "Territory", options=(Option("recognise"), Option("contact-line"), Option("referendum")))
    army = Point("army-cap", "Army size", range=NumericRange(400_000, 800_000, 200_000, "troops"))
    prefs = {
        "ru": Preferences(
            "ru",
            weights={"territory": 1},
            ratings={"territory": CategoricalRating({"recognise": 100})},
            red_lines=ru_lines,
        ),
        "ua": Preferences(
            "ua",
            weights={"territory": 1},
            ratings={"territory": CategoricalRating({"contact-line": 90, "referendum": 40})},
            red_lines=ua_lines,
            **ua,  # type: ignore[arg-type]
        ),
    }
    return Scenario("peace", (Party("ru", "Russia"), Party("ua", "Ukraine")), (point, army), preferences=prefs)


def test_explain_single_relaxations() -> None:
    scenario = territory(
        (RedLine("territory", "contact-line"), RedLine("territory", "referendum")),
        (RedLine("territory", "recognise"), RedLine("army-cap", below=600_000), RedLine("army-cap", above=600_000)),
    )
    diagnosis = diagnose(scenario)
    assert [keys(c) for c in diagnosis.corrections] == [
        {("ru", "red_line", "territory=contact-line")},
        {("ru", "red_line", "territory=referendum")},
        {("ua", "red_line", "territory=recognise")},
    ]
    assert explain(diagnosis, scenario) == [
        "No agreement respects every red line and reservation value.",
        "It opens if one of these is relaxed: Russia's red line on Territory (territory=contact-line), "
        "or Russia's red line on Territory (territory=referendum), "
        "or Ukraine's red line on Territory (territory=recognise).",
        "For example, relaxing Russia's red line on Territory (territory=contact-line) allows an agreement "
        "with Territory: contact-line; utilities Russia 0.00, Ukraine 0.90.",
        "For example, relaxing Russia's red line on Territory (territory=referendum) allows an agreement "
        "with Territory: referendum; utilities Russia 0.00, Ukraine 0.40.",
        "For example, relaxing Ukraine's red line on Territory (territory=recognise) allows an agreement "
        "with Territory: recognise; utilities Russia 1.00, Ukraine 0.00.",
    ]


def test_explain_sets_of_several_with_links_and_reservations() -> None:
    link = Link("territory", "contact-line", "army-cap", (400_000,))
    scenario = territory(
        (RedLine("territory", "referendum"),),
        (RedLine("territory", "recognise"), RedLine("army-cap", below=600_000)),
        links=(link,),
        reservation=0.5,
    )
    diagnosis = diagnose(scenario)
    assert [keys(c) for c in diagnosis.corrections] == [
        {("ua", "red_line", "army-cap<600,000")},
        {("ua", "link", link.describe())},
        {("ru", "red_line", "territory=referendum"), ("ua", "reservation", "reservation 0.5")},
        {("ua", "red_line", "territory=recognise"), ("ua", "reservation", "reservation 0.5")},
    ]
    (first,) = diagnose(scenario, max_sets=1).corrections
    assert keys(first) == {("ua", "red_line", "army-cap<600,000")}
    text = explain(diagnosis, scenario)
    assert text[:3] == [
        "No agreement respects every red line, link and reservation value.",
        "It opens if one of these is relaxed: Ukraine's red line on Army size (army-cap<600,000); "
        "or Ukraine's link between Territory and Army size (territory=contact-line requires army-cap in "
        "{400,000}); or Russia's red line on Territory (territory=referendum) and Ukraine's reservation "
        "value (0.5) together; or Ukraine's red line on Territory (territory=recognise) and Ukraine's "
        "reservation value (0.5) together.",
        "For example, relaxing Ukraine's red line on Army size (army-cap<600,000) allows an agreement with "
        "Army size: 400,000 troops; utilities Russia 0.00, Ukraine 0.90.",
    ]
    # The link's witness may put the army at 600,000 or 800,000; the others are unique.
    assert text[3].startswith(
        "For example, relaxing Ukraine's link between Territory and Army size (territory=contact-line "
        "requires army-cap in {400,000}) allows an agreement with Territory: contact-line; Army size: "
    )
    assert text[4:] == [
        "For example, relaxing Russia's red line on Territory (territory=referendum) and Ukraine's "
        "reservation value (0.5) together allows an agreement with Territory: referendum; "
        "utilities Russia 0.00, Ukraine 0.40.",
        "For example, relaxing Ukraine's red line on Territory (territory=recognise) and Ukraine's "
        "reservation value (0.5) together allows an agreement with Territory: recognise; "
        "utilities Russia 1.00, Ukraine 0.00.",
    ]


def test_explain_one_set() -> None:
    scenario = territory((), (), reservation=0.95)
    diagnosis = diagnose(scenario)
    assert explain(diagnosis, scenario)[:2] == [
        "No agreement respects every reservation value.",
        "It opens only if Ukraine's reservation value (0.95) is relaxed.",
    ]
    both = Diagnosis(False, (diagnosis.corrections[0] * 2,), diagnosis.witnesses)
    assert explain(both, scenario)[1] == (
        "It opens only if Ukraine's reservation value (0.95) and Ukraine's reservation value (0.95) together "
        "are relaxed."
    )
    example = explain(both, scenario)[2]
    assert example.startswith(
        "For example, relaxing Ukraine's reservation value (0.95) and Ukraine's reservation value (0.95) "
        "together allows an agreement with Territory: contact-line; Army size: "
    )
    assert example.endswith("; utilities Russia 0.00, Ukraine 0.90.")


def test_explain_a_feasible_scenario() -> None:
    scenario = territory((), (RedLine("territory", "recognise"),))
    diagnosis = diagnose(scenario)
    (witness,) = diagnosis.witnesses
    lines = explain(diagnosis, scenario)
    assert lines[0] == "An agreement respects every red line and reservation value."
    assert lines[1].startswith(f"One of them: Territory: {witness.agreement['territory']}; Army size: ")
    assert explain(Diagnosis(True), scenario) == lines[:1]


def test_explain_relaxations_the_scenario_does_not_know() -> None:
    scenario = territory((), ())
    strangers = (
        Relaxation("cn", RelaxationKind.RED_LINE, "sanctions=lifted"),
        Relaxation("ru", RelaxationKind.LINK, "territory=recognise requires army-cap in {400,000}"),
        Relaxation("ru", RelaxationKind.RED_LINE, "nowhere=x"),
    )
    diagnosis = Diagnosis(False, (strangers,))
    assert explain(diagnosis, scenario)[1] == (
        "It opens only if cn's red line sanctions=lifted, Russia's link territory=recognise requires "
        "army-cap in {400,000} and Russia's red line nowhere=x together are relaxed."
    )


def test_explain_uses_ids_where_titles_and_names_are_missing() -> None:
    red = RedLine("elsewhere", "x")  # a point the scenario lacks, in a diagnosis made by hand
    scenario = Scenario(
        "ids",
        (Party("bs", "Allies"),),
        (Point("q", options=(Option("x"),)),),
        preferences={"bs": Preferences("bs", red_lines=(RedLine("q", "x"),))},
    )
    diagnosis = diagnose(scenario)
    assert explain(diagnosis, scenario)[1] == "It opens only if Allies' red line on q (q=x) is relaxed."
    odd = Diagnosis(False, ((Relaxation("bs", RelaxationKind.RED_LINE, red.describe()),),))
    assert explain(odd, scenario)[1] == "It opens only if Allies' red line elsewhere=x is relaxed."


def test_labour_example() -> None:
    scenario = load(EXAMPLES / "tutorial-labour.yaml")
    assert diagnose(scenario).feasible
    demanding = [0.9, 0.9]
    d = tuple(Fraction(str(x)) for x in demanding)
    diagnosis = diagnose(scenario, demanding)
    assert sorted((keys(c) for c in diagnosis.corrections), key=sorted) == sorted(
        correction_sets(scenario, d), key=sorted
    )
    check_witnesses(scenario, diagnosis, d)


# --- the time limit ----------------------------------------------------------------------


def test_a_diagnosis_cut_short_names_what_it_found() -> None:
    clock = Clock()
    heard: list[float] = []

    def later(message: str, fraction: float) -> None:
        heard.append(fraction)
        clock.now += 100.0

    with pytest.raises(TimeLimitError, match=r"within the time limit of 10 s it was found to open if .* relaxed, but"):
        diagnose(rivals(3), time_limit=Deadline(10.0, clock=clock), progress=later)
    assert heard == [0.1]


def test_a_diagnosis_with_no_time_cannot_decide() -> None:
    with pytest.raises(TimeLimitError, match="could not be decided within the time limit of 0 s"):
        diagnose(rivals(3), time_limit=0.0)


def test_progress_hears_every_correction_set() -> None:
    heard: list[tuple[str, float]] = []
    result = diagnose(rivals(4), max_sets=3, progress=lambda m, f: heard.append((m, f)))
    assert not result.feasible
    assert heard[0] == ("1 ways to open an agreement found", pytest.approx(1 / 3))
    assert len(heard) >= len(result.corrections)
