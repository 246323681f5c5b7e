"""The confidentiality rule (accord.views) in the briefing report: a party's view holds no
number and no string that occurs only in another party's preferences or utilities.

The flagship's other parties get sentinel estimates (odd weights, ratings and reservation
values no public text holds), so that a leak cannot hide behind a common number. Every
number they imply (their weights and weight shares, ratings, reservation, each solution's
and each draft's utility for them, at every precision the report prints) must be absent
from the text of ``--for ua``, unless the same token occurs legitimately (in the public
record or among Ukraine's own numbers). Their red lines, links and package bonuses must be
absent as strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pytest

import accord
from accord.analysis.proposals import Proposal
from accord.api import Case
from accord.model import CategoricalRating, PiecewiseLinear, Preferences, Scenario
from accord.report import build, render_html
from accord.views import CONFIDENTIAL, Viewer

ROOT = Path(__file__).parents[3]
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


A, C = 0.9923, 0.29
"""The sentinel transform of ratings, r -> A r + C: an affine change of each utility
(u -> A u + C / 100), so the frontier, the solutions and every verdict stay those of the
flagship while every printed number of the party changes."""


def sentinel(prefs: Preferences) -> Preferences:
    """Odd numbers for every estimate of a party (weights x 1.37, ratings A r + C, the
    reservation and the package bonuses moved with them), with the same analysis."""
    ratings = {
        point: CategoricalRating({k: v * A + C for k, v in r.scores.items()})
        if isinstance(r, CategoricalRating)
        else PiecewiseLinear(tuple((x, y * A + C) for x, y in r.breakpoints))
        for point, r in prefs.ratings.items()
        if isinstance(r, CategoricalRating | PiecewiseLinear)
    }
    return replace(
        prefs,
        weights={p: w * 1.37 for p, w in prefs.weights.items()},
        ratings=ratings,
        reservation=prefs.reservation * A + C / 100,
        interactions=tuple(replace(i, bonus=i.bonus * A) for i in prefs.interactions),
    )


_RENDERED: dict[tuple[int, Viewer], str] = {}
_UTILITIES: dict[tuple[int, str], list[float]] = {}


def rendered(case: Case, viewer: Viewer) -> str:
    """The report's HTML for ``viewer`` (each built once per case)."""
    key = (id(case), viewer)
    if key not in _RENDERED:
        _RENDERED[key] = render_html(build(case, viewer))
    return _RENDERED[key]


@pytest.fixture(scope="module")
def case() -> Case:
    base = accord.load(ROOT / "examples" / "ukraine-2025.yaml").scenario
    prefs = {p: (v if p == "ua" else sentinel(v)) for p, v in base.preferences.items()}
    case = Case(replace(base, preferences=prefs))
    size, before = len(case.frontier().outcomes), len(Case(base).frontier().outcomes)
    assert abs(size - before) <= before / 100  # the same analysis, but for ties the float rounding splits
    return case


def utility_tokens(values: Iterable[float]) -> set[str]:
    """Every way the report could print a utility."""
    out: set[str] = set()
    for u in values:
        out |= {f"{u * 100:.1f}", f"{u:.3f}", f"{u * 100:+.1f}", f"{u:.4f}", f"{u:g}", f"{u * 100:.0f}%"}
    return out


def estimate_tokens(prefs: Preferences) -> set[str]:
    total = prefs.weight_sum()
    out = {f"{w:g}" for w in prefs.weights.values()} | {f"{w / total * 100:.1f}%" for w in prefs.weights.values()}
    for r in prefs.ratings.values():
        out |= {f"{v:g}" for v in r.values()}
    out |= {f"{prefs.reservation:g}", f"{prefs.reservation * 100:.1f}"}
    return out


def party_utilities(case: Case, party: str) -> list[float]:
    """The party's utility at every solution, draft end and proposal the report can show."""
    if (id(case), party) in _UTILITIES:
        return _UTILITIES[(id(case), party)]
    s = case.scenario
    a = case.analyze()
    values: list[float] = []
    for name in ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        sol = getattr(a.solutions, name)
        if sol is not None:
            values.append(s.utility(party, sol.outcome.agreement))
    for d in a.drafts:
        i = d.parties.index(party)
        values += [d.low[i], d.high[i]]
    for d in s.drafts:
        if d.parents:
            for change in case.diff(d.parents[0], d.id).utilities:
                if change.party == party:
                    values += [*change.points.values(), *change.change]
    for p in proposals(case):
        values.append(s.utility(party, p.outcome.agreement))
        if party in p.parties:
            values += [p.gains[p.parties.index(party)], p.before[p.parties.index(party)]]
        values += [g[party] for g in p.point_gains.values() if party in g]
        if party in p.parties and p.shares:
            values += [x for x in (p.shares[p.parties.index(party)],) if x is not None]
    _UTILITIES[(id(case), party)] = values
    return values


def constraint_lines(prefs: Preferences) -> set[str]:
    return {r.describe() for r in prefs.red_lines} | {k.describe() for k in prefs.links}


FLOAT = re.compile(r"-?\d+\.\d{5,}")


def figure_numbers(html: str) -> set[str]:
    """The utilities the figures carry (their data scripts, not plotly.js), to 6 decimals."""
    data = [x for x in SCRIPT.findall(html) if "Plotly.newPlot" in x and len(x) < 1_000_000]
    return {f"{float(m):.6f}" for x in data for m in FLOAT.findall(x)}


_PROPOSALS: dict[int, tuple[Proposal, ...]] = {}


def proposals(case: Case) -> tuple[Proposal, ...]:
    """The proposals the report ranks (computed once per case)."""
    if id(case) not in _PROPOSALS:
        _PROPOSALS[id(case)] = tuple(case.propose(case.scenario.drafts[-1].id, "nash", n=50))
    return _PROPOSALS[id(case)]


def text_of(html: str) -> str:
    return SCRIPT.sub(" ", html)


def test_a_party_view_holds_nothing_private_of_the_others(case: Case) -> None:
    s: Scenario = case.scenario
    html = rendered(case, Viewer.for_party("ua"))
    text = text_of(html)
    shown = set(NUMBER.findall(text))
    public = set(NUMBER.findall(text_of(rendered(case, Viewer("observer")))))
    own = estimate_tokens(s.preferences["ua"]) | utility_tokens(party_utilities(case, "ua"))
    for party in ("ru", "us", "eu"):
        prefs = s.preferences[party]
        secret = (estimate_tokens(prefs) | utility_tokens(party_utilities(case, party))) - own - public
        assert secret, party  # the sentinels are there to be found
        leaked = sorted(secret & shown)
        assert leaked == [], f"{party}: {leaked[:10]}"
        own_lines = constraint_lines(s.preferences["ua"])
        for line in constraint_lines(prefs) - own_lines:
            assert line not in text, (party, line)
    plotted = figure_numbers(html)
    assert {f"{u:.6f}" for u in party_utilities(case, "ua")} & plotted  # Ukraine's own are drawn
    for party in ("ru", "us", "eu"):
        hidden = {f"{u:.6f}" for u in party_utilities(case, party)} - {f"{u:.6f}" for u in party_utilities(case, "ua")}
        assert not (hidden & plotted), (party, sorted(hidden & plotted)[:5])
    assert s.party("ru").name in text  # the record is public
    assert "Ukraine" in text


def test_the_analyst_view_does_hold_the_sentinels(case: Case) -> None:
    """The check above can fail: the analyst's copy holds the same tokens."""
    html = rendered(case, Viewer())
    text = text_of(html)
    shown = set(NUMBER.findall(text))
    assert {f"{u:.6f}" for u in party_utilities(case, "ru")} & figure_numbers(html)
    prefs = case.scenario.preferences["ru"]
    assert estimate_tokens(prefs) & shown
    assert any(r.describe() in text for r in prefs.red_lines)


def test_the_mediator_and_observer_see_no_party_estimates(case: Case) -> None:
    s = case.scenario
    for viewer in (Viewer("mediator"), Viewer("observer")):
        text = text_of(rendered(case, viewer))
        shown = set(NUMBER.findall(text))
        public = set(NUMBER.findall(text_of(rendered(case, Viewer("observer")))))
        for party in s.rated_parties:
            prefs = s.preferences[party]
            secret = (estimate_tokens(prefs) | utility_tokens(party_utilities(case, party))) - public
            assert not (secret & shown), (viewer.label, party, sorted(secret & shown)[:10])
            assert not any(r.describe() in text for r in prefs.red_lines)
        assert "Appendix: the estimates" not in text


def test_a_mediator_sees_what_a_party_shared_with_it(case: Case) -> None:
    text = text_of(rendered(case, Viewer("mediator", shared=frozenset({"ru"}))))
    assert any(r.describe() in text for r in case.scenario.preferences["ru"].red_lines)
    assert "European allies (UK, France, Germany, EU)</h3>" not in text  # no appendix for eu


def test_hidden_constraints_are_named_as_confidential(case: Case) -> None:
    brief = build(case, Viewer.for_party("ua"))
    assert any(CONFIDENTIAL in line for line in brief.blocking)


def test_an_observer_gets_the_record_without_the_analysis(case: Case) -> None:
    brief = build(case, Viewer("observer"))
    assert brief.summary == ()
    assert brief.solutions is None
    assert brief.estimates == ()
    assert brief.record  # who said what is public
