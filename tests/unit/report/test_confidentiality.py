"""The confidentiality rule (accord.views) in the briefing report: a party's view holds no
number and no string that occurs only in another party's preferences or utilities.

The flagship's other parties get sentinel estimates (odd weights, ratings and reservation
values no public text holds, and their ranges moved with them), so that a leak cannot hide
behind a common number. Every number they imply (their weights and weight shares, ratings,
reservation, the ranges of their uncertain estimates, each solution's and each draft's
utility for them, at every precision the report prints) must be absent from the text of
``--for ua``, unless the same token occurs legitimately (in the public record, among
Ukraine's own numbers, or among the robustness analysis's answers about every bargainer).
Their red lines, links and package bonuses must be absent as strings, and so must every
trace of them in the robustness section: their probability of accepting, their uncertain
estimates (in sentences and in the tornado chart's labels and hover texts).

The robustness analysis runs once per case, on few samples, and serves every viewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pytest

import accord
from accord.analysis.proposals import Proposal
from accord.analysis.robust import Robustness
from accord.analysis.robust.result import percent
from accord.api import Case
from accord.display import number
from accord.model import CategoricalRating, Normal, PiecewiseLinear, Preferences, Scenario, Uncertain, Uniform
from accord.report import build, render_html
from accord.report.robust import short
from accord.views import CONFIDENTIAL, Viewer

ROOT = Path(__file__).parents[3]
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


A, C = 0.9923, 0.29
"""The sentinel transform of ratings, r -> A r + C: an affine change of each utility
(u -> A u + C / 100), so the frontier, the solutions and every verdict stay those of the
flagship while every printed number of the party changes."""


def moved(u: Uncertain) -> Uncertain:
    """An uncertain estimate's distribution moved as :func:`sentinel` moves its estimate."""
    scale, shift = {"weight": (1.37, 0.0), "rating": (A, C), "reservation": (A, C / 100)}[u.kind]
    d = u.distribution
    if isinstance(d, Normal):
        return replace(u, distribution=Normal(d.mean * scale + shift, d.sd * scale))
    return replace(u, distribution=Uniform(d.low * scale + shift, d.high * scale + shift))


def sentinel(prefs: Preferences) -> Preferences:
    """Odd numbers for every estimate of a party (weights x 1.37, ratings A r + C, the
    reservation and the package bonuses moved with them, and their ranges), with the same
    analysis."""
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
        uncertain=tuple(moved(u) for u in prefs.uncertain),
    )


_RENDERED: dict[tuple[int, Viewer], str] = {}
_UTILITIES: dict[tuple[int, str], list[float]] = {}
_ROBUST: dict[int, Robustness] = {}


def robustness(case: Case) -> Robustness | None:
    """The robustness analysis of an uncertain case, on few samples (computed once per case)."""
    if not case.scenario.is_uncertain:
        return None
    if id(case) not in _ROBUST:
        _ROBUST[id(case)] = case.robust(samples=100, solution_samples=16)
    return _ROBUST[id(case)]


def rendered(case: Case, viewer: Viewer) -> str:
    """The report's HTML for ``viewer`` (each built once per case)."""
    key = (id(case), viewer)
    if key not in _RENDERED:
        _RENDERED[key] = render_html(build(case, viewer, robustness=robustness(case)))
    return _RENDERED[key]


def robust_tokens(case: Case, viewer: Viewer) -> set[str]:
    """Every number the robustness section may print for ``viewer``: the answers of the
    result as the viewer may see it, with the sample counts and the options' values."""
    result = robustness(case)
    shown = viewer.robustness(result) if result is not None else None
    if shown is None:
        return set()
    texts = ["95%", f"{shown.samples:,}", f"{shown.solution_samples:,}", str(shown.uncertain)]
    texts.append(str(len(case.scenario.points)))
    for a in (*shown.drafts, *shown.solutions, *shown.proposals):
        texts += [a.all.text(), *(i.text() for i in a.party.values())]
    texts += [i.text() for i in (shown.deal, shown.robust.all if shown.robust else None) if i is not None]
    for points in shown.options.values():
        for point, options in points.items():
            p = case.scenario.point(point)
            texts += [percent(x) for x in options.values()]
            texts += [p.describe(float(k)) if p.range is not None else k for k in options]
    texts.append(str(sum(1 for o in shown.options.get("nash", {}).values() if len(o) == 1)))
    if shown.robust is not None:
        texts += [str(shown.robust.samples), str(shown.robust.searched)]
        texts += [case.scenario.point(k).describe(v) for k, v in shown.robust.agreement.items()]
    for s in shown.sensitivity:
        texts += [short(s.range[0]), short(s.range[1]), *(percent(x) for e in s.effects for x in (e.low, e.high))]
        texts += [percent(s.estimate)] if s.estimate is not None else []
    return set(NUMBER.findall(" ".join(texts)))


def robust_section(html: str) -> str:
    """The robustness section of a page, with its figures' scripts ('' when it has none)."""
    if '<h2 id="robust">' not in html:
        return ""
    start = html.index('<h2 id="robust">')
    return html[start : html.index("</section>", start)]


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
    for u in prefs.uncertain:
        d = u.distribution
        ends = (d.mean - 1.645 * d.sd, d.mean + 1.645 * d.sd) if isinstance(d, Normal) else (d.low, d.high)
        out |= {f"{x:g}" for x in ends} | {number(x) for x in ends} | {short(x) for x in ends}
    return out


TRACES = ("reservation", "weight of", "rating of", "red line", "link", "interaction", "accepts")
"""How the robustness analysis names a party's estimates and events: ``ru weight of donbas``."""


def robust_traces(html: str, party: str, name: str) -> list[str]:
    """Every trace of ``party`` in the robustness section (its text, figures and their data)."""
    part = robust_section(html)
    words = [f"{party} {t}" for t in TRACES] + [f"{name} accepts"]
    words += [f"{name}{mark} {t}" for mark in ("'s", "&#39;s") for t in TRACES]
    return [w for w in words if w in part]


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
    own |= robust_tokens(case, Viewer.for_party("ua"))
    for party in ("ru", "us", "eu"):
        prefs = s.preferences[party]
        secret = (estimate_tokens(prefs) | utility_tokens(party_utilities(case, party))) - own - public
        assert secret, party  # the sentinels are there to be found
        leaked = sorted(secret & shown)
        assert leaked == [], f"{party}: {leaked[:10]}"
        own_lines = constraint_lines(s.preferences["ua"])
        for line in constraint_lines(prefs) - own_lines:
            assert line not in text, (party, line)
        assert robust_traces(html, party, s.party(party).name) == [], party
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
    if case.scenario.is_uncertain:
        assert robust_traces(html, "ru", "Russia")
        assert robust_traces(rendered(case, Viewer.for_party("ua")), "ua", "Ukraine")


def test_the_mediator_and_observer_see_no_party_estimates(case: Case) -> None:
    s = case.scenario
    for viewer in (Viewer("mediator"), Viewer("observer")):
        html = rendered(case, viewer)
        text = text_of(html)
        shown = set(NUMBER.findall(text))
        public = set(NUMBER.findall(text_of(rendered(case, Viewer("observer"))))) | robust_tokens(case, viewer)
        for party in s.rated_parties:
            assert robust_traces(html, party, s.party(party).name) == [], (viewer.label, party)
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
    brief = build(case, Viewer.for_party("ua"), robustness=robustness(case))
    assert any(CONFIDENTIAL in line for line in brief.blocking)


def test_an_observer_gets_the_record_without_the_analysis(case: Case) -> None:
    brief = build(case, Viewer("observer"))
    assert brief.summary == ()
    assert brief.solutions is None
    assert brief.estimates == ()
    assert brief.record  # who said what is public


@pytest.fixture(scope="module")
def small() -> Case:
    """A small scenario with ranges on every party's estimates and a red line that may not
    be real, every party but ``port`` given sentinel estimates."""
    base = accord.load(ROOT / "tests" / "data" / "scenario" / "robust-small.yaml").scenario
    prefs = {p: (v if p == "port" else sentinel(v)) for p, v in base.preferences.items()}
    return Case(replace(base, preferences=prefs))


def test_a_party_view_of_uncertain_estimates_holds_nothing_of_the_others(small: Case) -> None:
    s = small.scenario
    html = rendered(small, Viewer.for_party("port"))
    assert "How sure is this?" in html
    shown = set(NUMBER.findall(text_of(html)))
    public = set(NUMBER.findall(text_of(rendered(small, Viewer("observer")))))
    own = estimate_tokens(s.preferences["port"]) | utility_tokens(party_utilities(small, "port"))
    own |= robust_tokens(small, Viewer.for_party("port"))
    for party in ("ship", "city"):
        secret = (estimate_tokens(s.preferences[party]) | utility_tokens(party_utilities(small, party))) - own - public
        assert secret, party
        assert sorted(secret & shown) == [], party
        assert robust_traces(html, party, s.party(party).name) == [], party
    assert robust_traces(html, "port", "Port authority")  # its own are there


def test_the_analyst_view_of_uncertain_estimates_does_hold_the_sentinels(small: Case) -> None:
    html = rendered(small, Viewer())
    shown = set(NUMBER.findall(text_of(html)))
    result = robustness(small)
    assert result is not None
    ranges = {short(x) for s in result.sensitivity if s.party == "ship" for x in s.range}
    assert ranges & shown
    assert robust_traces(html, "ship", "Shipping line")
    assert robust_traces(html, "city", "City council")
