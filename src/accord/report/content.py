"""Build the briefing report's content (:class:`~accord.report.model.Brief`) from a Case, as
one viewer may see it (:mod:`accord.views`): the public record in full, the analysis in
option texts, and utilities, estimates and constraints only of the parties the viewer may
see. Nothing here computes an answer of its own: every number comes from the Case.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from accord import __version__
from accord.analysis.consensus import describe_flags
from accord.analysis.proposals import Proposal
from accord.analysis.results import SOLUTION_LABELS, SOLUTION_NAMES, Outcome
from accord.api import Analysis, Case
from accord.model import Draft, Scenario, Stance, Value
from accord.model.record import record
from accord.report import robust, sentences
from accord.report.model import Brief, Change, Entry, Estimates, Grid, Lineage
from accord.views import Viewer

if TYPE_CHECKING:
    from accord.analysis.robust import Robustness
    from accord.plots import Figure


def build(case: Case, viewer: Viewer, *, samples: int = robust.SAMPLES, robustness: Robustness | None = None) -> Brief:
    """The report of ``case`` for ``viewer``.

    When the scenario's estimates carry ranges or probabilities, the report holds the
    robustness analysis ("How sure is this?"): ``robustness`` when given (one result may
    serve every viewer's copy: each shows what its viewer may see), else
    ``case.robust`` on ``samples`` samples.
    """
    s = case.scenario
    analysis = case.analyze() if viewer.sees_analysis else None
    current = _current(s)
    proposals = _ranked(case, analysis, current)
    shown = robust.analyse(case, viewer, samples, robustness)
    extra = robust.figures(shown) if shown is not None else []
    drawn = _fragments([*extra, *_figures(case, analysis, viewer, current)])
    nash = analysis.solutions.nash.outcome.agreement if analysis is not None and analysis.solutions.nash else None
    section = robust.section(s, shown, viewer, nash, drawn[: len(extra)]) if shown is not None else None
    return Brief(
        title=s.title,
        description=s.description.strip().split("\n\n")[0] if s.description else "",
        viewer=_viewer_label(s, viewer),
        confidentiality=sentences.confidentiality(s, viewer),
        summary=tuple(sentences.summary(case, analysis, viewer, current)) if analysis is not None else (),
        core=tuple(sentences.core(case, analysis, viewer)) if analysis is not None and analysis.feasible else (),
        compromise=_compromise(case, analysis, viewer, current) if analysis is not None else None,
        blocking=tuple(sentences.blocking(case, analysis, viewer, current, proposals)) if analysis and current else (),
        drafts=_drafts(s) if s.drafts else None,
        lineage=_lineage(s),
        changes=tuple(_changes(case, viewer)),
        consensus=_consensus(case, current) if current is not None else None,
        record=tuple(_entries(s, current)) if current is not None else (),
        solutions=_solutions(case, analysis, viewer) if analysis is not None else None,
        proposals=tuple(_proposals(case, viewer, proposals)),
        figures=tuple(drawn[len(extra) :]),
        estimates=tuple(_estimates(s, p) for p in viewer.visible(s.rated_parties)),
        generator=f"accord {__version__}",
        robust=section,
    )


MAX_PROPOSALS = 50
"""The most proposals asked of the ranking (the last is the smallest change all accept)."""


def _current(s: Scenario) -> str | None:
    """The draft the report is about: the latest in the file."""
    return s.drafts[-1].id if s.drafts else None


def _viewer_label(s: Scenario, viewer: Viewer) -> str:
    if viewer.role == "party" and viewer.party is not None:
        return f"{s.party(viewer.party).name} (confidential to {s.party(viewer.party).name})"
    return {"analyst": "the analyst (every party's estimates)", "mediator": "the mediator", "observer": "observers"}[
        viewer.role
    ]


def said(s: Scenario, point: str, value: Value | None, draft: Draft | None = None) -> str:
    """A point's value in words: the draft's own wording, else the option's text with the id
    in brackets, else the number with its unit; ``open`` for an open point."""
    if value is None:
        return "open"
    p = s.point(point)
    if draft is not None and point in draft.texts:
        return f"{draft.texts[point]} [{p.describe(value)}]"
    option = p.option(value) if isinstance(value, str) else None
    if option is not None and option.text:
        return f"{option.text} [{option.id}]"
    return p.describe(value)


def _drafts(s: Scenario) -> Grid:
    rows = tuple(
        (
            d.id,
            d.title,
            d.date or "-",
            " + ".join(s.party(a).name for a in d.authors) or "-",
            ", ".join(d.parents) or "-",
            str(len(d.open_points(s.point_ids))),
        )
        for d in s.drafts
    )
    return Grid("The drafts", ("draft", "title", "date", "authors", "revises", "open points"), rows)


def _lineage(s: Scenario) -> tuple[Lineage, ...]:
    """The drafts as a forest: each under its first parent."""

    def node(d: Draft) -> Lineage:
        also = f"; also adopts {', '.join(d.parents[1:])}" if len(d.parents) > 1 else ""
        who = " + ".join(s.party(a).name for a in d.authors)
        facts = "; ".join(x for x in (who, d.date) if x) + also
        label = f"{d.title} ({facts})" if facts else d.title
        kids = tuple(node(c) for c in s.drafts if c.parents and c.parents[0] == d.id)
        return Lineage(d.id, label, kids)

    return tuple(node(d) for d in s.drafts if not d.parents)


def _changes(case: Case, viewer: Viewer) -> list[Change]:
    """Each draft against the text it revises (its first parent), in option text, with the
    utility change of each party the viewer may see."""
    s = case.scenario
    out = []
    for d in s.drafts:
        if not d.parents:
            continue
        parent = d.parents[0]
        diff = case.diff(parent, d.id)
        heading = f"{d.id} against {parent}: {len(diff.points)} points differ, {diff.unchanged} unchanged"
        if not diff.points:
            out.append(Change(heading, None))
            continue
        seen = [u for u in diff.utilities if viewer.sees_preferences(u.party)]
        names = tuple(f"{s.party(u.party).name}: change" for u in seen)
        rows = []
        for c in diff.points:
            cells = [_points_change(u.points.get(c.point)) for u in seen]
            rows.append((c.title, c.kind, _side(c.a.text, c.a.value), _side(c.b.text, c.b.value), *cells))
        total = ("(whole text)", "", "", "", *(_range(*u.change) for u in seen)) if seen else None
        if total is not None:
            rows.append(total)
        header = ("point", "how", parent, d.id, *names)
        out.append(Change(heading, Grid("", header, tuple(rows), _utility_note(seen != []))))
    return out


def _side(text: str, value: Value | None) -> str:
    if value is None:
        return "open" + (f": {text}" if text else "")
    return text


def _points_change(x: float | None) -> str:
    return "" if x is None else f"{x * 100:+.1f}"


def _range(low: float, high: float) -> str:
    return f"{low * 100:+.1f}" if low == high else f"{low * 100:+.1f} to {high * 100:+.1f}"


def _utility_note(shown: bool) -> str:
    if not shown:
        return ""
    return (
        "Changes are in utility points (0-100 scale of each party's own estimates); a range where open "
        "points could be filled either way; package bonuses are counted in the whole-text row only."
    )


def _consensus(case: Case, draft: str) -> Grid:
    s = case.scenario
    cmap = case.consensus(draft)
    parties = cmap.parties
    rows = []
    for row in (*cmap.points, cmap.whole_draft()):
        if not any(row.stances.values()):
            continue
        cells = []
        for party in parties:
            stance = row.stances[party]
            if stance is None:
                cells.append("")
                continue
            proposal = row.proposals.get(party)
            words = stance.value + (f" -> {proposal}" if proposal is not None else "")
            cells.append(words + describe_flags(row.carried_from(party), row.harder(party)))
        where = row.point if row.point in s.point_ids else "(the draft as a whole)"
        rows.append((where, *cells))
    header = ("point", *(s.party(p).name for p in parties))
    note = (
        "Current stance of each party; (from X): stated on an earlier draft that says the same; "
        "(... on DATE): a harder stance earlier."
    )
    return Grid(f"Who stands where on {draft} (recorded stances only)", header, tuple(rows), note)


def _entries(s: Scenario, draft: str) -> list[Entry]:
    held = record(s, draft)
    out = []
    for point in [*s.point_ids, None]:
        for party in (p.id for p in s.parties):
            for h in held.get((party, point), ()):
                out.append(_entry(s, h.stance, h.carried_from or ""))
    return out


def _entry(s: Scenario, st: Stance, carried_from: str) -> Entry:
    src = st.source
    who = src.attribution() if src is not None else ""
    link = src.link if src is not None and src.link.startswith(("https://", "http://")) else ""
    what = st.stance.value
    if st.proposal is not None and st.point is not None:
        what += f": {said(s, st.point, st.proposal)}"
    return Entry(
        place=st.point or "(the draft as a whole)",
        party=s.party(st.party).name,
        stance=what,
        basis=st.basis.value if st.basis is not None else "basis not stated",
        who=who or "source not on file",
        quote=src.quote if src is not None else "",
        reason=st.reason,
        note=st.note,
        link=link,
        carried_from=carried_from,
    )


def _solutions(case: Case, analysis: Analysis, viewer: Viewer) -> Grid | None:
    s = case.scenario
    found = [(n, getattr(analysis.solutions, n)) for n in SOLUTION_NAMES if getattr(analysis.solutions, n) is not None]
    if not found:
        return None
    rows: list[tuple[str, ...]] = []
    for p in s.points:
        cells = tuple(said(s, p.id, sol.outcome.agreement.get(p.id)) for _, sol in found)
        rows.append((p.title, *cells))
    for party in viewer.visible(s.rated_parties):
        values = [_utility(analysis, sol.outcome, sol.reported, party) for _, sol in found]
        rows.append((f"{s.party(party).name}: utility", *values))
    header = ("point", *(SOLUTION_LABELS[n] for n, _ in found))
    return Grid("The fair solutions", header, tuple(rows), sentences.SOLUTION_NOTE)


def _utility(analysis: Analysis, outcome: Outcome, reported: dict[str, float] | object, party: str) -> str:
    if party in analysis.parties:
        return f"{outcome.utilities[analysis.parties.index(party)] * 100:.1f}"
    if isinstance(reported, dict) and party in reported:
        return f"{reported[party] * 100:.1f} (not maximised)"
    return ""


def _compromise(case: Case, analysis: Analysis, viewer: Viewer, current: str | None) -> Grid | None:
    """The recommended compromise (the Nash solution) against the current draft, point by
    point in option text, with each visible party's change per point."""
    nash = analysis.solutions.nash
    if nash is None or current is None:
        return None
    s = case.scenario
    draft = s.draft(current)
    seen = viewer.visible(s.rated_parties)
    rows = []
    for p in s.points:
        now, then = draft.choices.get(p.id), nash.outcome.agreement.get(p.id)
        if now == then:
            continue
        cells = []
        for party in seen:
            prefs = s.preferences[party]
            before = prefs.contribution(p.id, now) if now is not None else None
            after = prefs.contribution(p.id, then) if then is not None else 0.0
            cells.append("" if before is None else f"{(after - before) * 100:+.1f}")
        rows.append((p.title, said(s, p.id, now, draft), said(s, p.id, then), *cells))
    header = ("point", f"{current} says", "the compromise", *(f"{s.party(x).name}: change" for x in seen))
    note = (
        "Points where the compromise differs from the draft; changes in utility points of each party's own estimates."
    )
    return Grid(f"The recommended compromise against {current}", header, tuple(rows), note if seen else "")


def _fragments(figures: list[Figure]) -> list[str]:
    """The figures as HTML fragments, in the order of the page: one copy of plotly.js, in
    the first."""
    from accord.plots import html_fragment

    return [html_fragment(f, include_plotlyjs=n == 0, div_id=f"figure-{f.name}") for n, f in enumerate(figures)]


def _figures(case: Case, analysis: Analysis | None, viewer: Viewer, current: str | None) -> list[Figure]:
    """The figures, carrying only what the viewer may see: the trade-offs between two
    visible parties, every visible party's utility of the solutions and drafts, and the
    consensus map (public)."""
    from accord.plots import PlotData, consensus_figure, frontier_figure, parties_figure

    s = case.scenario
    figures = []
    if analysis is not None and analysis.feasible:
        seen = viewer.visible(s.rated_parties)
        data = replace(PlotData.of(s, analysis), no_deal=viewer.only_visible(analysis.no_deal))
        axes = [p for p in analysis.parties if p in seen] + [p for p in seen if p not in analysis.parties]
        if len(axes) >= 2 and analysis.frontier is not None:
            figures.append(frontier_figure(data, axes[:2], parties=seen))
        if len(seen) == 1 or len(seen) >= 3:
            figures.append(parties_figure(data, parties=seen))
    cmap = case.consensus(current) if current is not None else None
    if cmap is not None and any(any(row.stances.values()) for row in (*cmap.points, cmap.whole_draft())):
        names = {p.id: p.name for p in s.parties}
        figures.append(consensus_figure(cmap, parties=list(cmap.parties), names=names, title=s.title))
    return figures


SHOWN_PROPOSALS = 3
"""How many proposals the report shows (the ranking may yield more)."""


def _ranked(case: Case, analysis: Analysis | None, current: str | None) -> tuple[Proposal, ...]:
    """Every proposal near the current draft by the stated ranking (best first; the last
    changes the fewest points), or none when there is nothing to rank."""
    if analysis is None or current is None or not analysis.feasible or analysis.frontier is None:
        return ()
    return tuple(case.propose(current, "nash", n=MAX_PROPOSALS))


def _proposals(case: Case, viewer: Viewer, proposals: tuple[Proposal, ...]) -> list[Grid]:
    """The best proposals, point by point in option text, with the gains of the parties the
    viewer may see, what each does to the stances on record, and the warnings that concern
    the record or a visible party."""
    s = case.scenario
    out = []
    for p in proposals[:SHOWN_PROPOSALS]:
        draft = s.draft(s.drafts[-1].id)
        seen = [x for x in s.rated_parties if viewer.sees_preferences(x)]
        rows: list[tuple[str, ...]] = []
        for c in p.changes:
            gains = p.point_gains.get(c.point, {})
            cells = [f"{gains[x] * 100:+.1f}" if x in gains else "" for x in seen]
            rows.append((s.point(c.point).title, said(s, c.point, c.before, draft), said(s, c.point, c.after), *cells))
        shares = viewer.columns(p.parties, p.shares) if p.shares else {}
        if shares:
            share_row = ("share of the most it could gain", "", "", *(_share(shares.get(x)) for x in seen))
            rows.append(share_row)
        visible = [w for w in p.warnings if w.party is None or viewer.sees_preferences(w.party)]
        notes = tuple([f"Stance: {c.text}" for c in p.stances] + [f"Warning: {w.text}" for w in visible])
        header = ("point", "the draft says", "the proposal says", *(f"{s.party(x).name}: gain" for x in seen))
        caption = f"Proposal {p.rank}: {p.reason}"
        note = "Gains in utility points of each party's own estimates." if seen else ""
        out.append(Grid(caption, header, tuple(rows), note, notes))
    return out


def _share(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.0f}%"


def _estimates(s: Scenario, party: str) -> Estimates:
    prefs = s.preferences[party]
    total = prefs.weight_sum()
    weights = Grid(
        "Weights (share of the party's total)",
        ("point", "weight", "share"),
        tuple((p, f"{w:g}", f"{w / total * 100:.1f}%") for p, w in prefs.weights.items() if total > 0),
    )
    ratings = []
    for point, rating in prefs.ratings.items():
        p = s.point(point)
        if p.range is None:
            rows = tuple((o.id, f"{rating(o.id):g}") for o in p.options)
        else:
            rows = tuple((p.describe(x), f"{rating(x):g}") for x in p.values())
        ratings.append(Grid(p.title, ("value", "rating (0-100)"), rows))
    constraints = tuple(
        [f"red line: {r.describe()}" for r in prefs.red_lines]
        + [f"link: {k.describe()}" for k in prefs.links]
        + [
            f"package bonus {i.bonus:+g} when {', '.join(f'{a}={b}' for a, b in i.conditions)}"
            for i in prefs.interactions
        ]
    )
    return Estimates(party, s.party(party).name, f"{prefs.reservation:g}", weights, tuple(ratings), constraints)
