"""The report's sentences, for a principal: whether a deal exists, the recommended
compromise, what blocks the current draft, the core of the deal, each as one viewer may
read it (:mod:`accord.views`: a constraint or utility of a party the viewer may not see
is never named)."""

from __future__ import annotations

from collections.abc import Sequence

from accord.analysis.proposals import Proposal
from accord.analysis.results import Diagnosis, Relaxation, RelaxationKind
from accord.api import Analysis, Case
from accord.display import plural
from accord.model import Scenario, Value
from accord.views import CONFIDENTIAL, Viewer

SOLUTION_NOTE = (
    "Nash: the largest product of the parties' gains over no deal [Nash 1950]. Kalai-Smorodinsky: "
    "every party gets the same share of its best possible gain [Kalai and Smorodinsky 1975]. "
    "Egalitarian: the worst-off party's gain as large as possible [Kalai 1977]. Utilitarian: the "
    "largest sum of utilities [Harsanyi 1955]. Utilities are in points of each party's own 0-100 scale."
)


def names(s: Scenario, parties: tuple[str, ...] | list[str]) -> str:
    """``Russia, Ukraine and the United States``."""
    shown = [s.party(p).name for p in parties]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1] if shown else "nobody"


def confidentiality(s: Scenario, viewer: Viewer) -> str:
    """What this copy holds and what it leaves out."""
    if viewer.sees_everything:
        return (
            "This copy holds every party's estimated preferences and utilities: it is for the analyst "
            "only. Use --for PARTY for a copy a party may read."
        )
    seen = viewer.visible(s.rated_parties)
    whose = f"the estimates and utilities of {names(s, list(seen))} only" if seen else "no party's estimates"
    return (
        f"Confidential view for {viewer.label}: it holds the public record, the analysis, and {whose}; "
        "no other party's weights, ratings, red lines, reservation value or utility."
    )


def summary(case: Case, analysis: Analysis, viewer: Viewer, current: str | None) -> list[str]:
    """Is there an agreement all can accept; the recommended compromise; the current draft."""
    s = case.scenario
    bargainers = names(s, list(analysis.parties))
    out = []
    if analysis.feasible:
        if analysis.frontier is not None:
            count = len(analysis.frontier.outcomes)
            out.append(
                f"An agreement every bargaining party ({bargainers}) prefers to no deal exists: "
                f"{count:,} such agreements cannot be improved for one party without hurting another "
                "(the Pareto frontier)."
            )
        else:
            out.append(
                f"An agreement every bargaining party ({bargainers}) prefers to no deal exists; "
                "there are too many Pareto-optimal ones to list."
            )
    else:
        out.append(f"No agreement is acceptable to every bargaining party ({bargainers}).")
        if analysis.diagnosis is not None:
            out.extend(concessions(s, analysis.diagnosis, viewer))
    nash = analysis.solutions.nash
    if nash is not None and current is not None:
        draft = s.draft(current)
        agreement = nash.outcome.agreement
        opened = [p.id for p in s.points if p.id not in draft.choices]
        changed = [p.id for p in s.points if p.id in draft.choices and draft.choices[p.id] != agreement.get(p.id)]
        out.append(
            "The recommended compromise is the Nash bargaining solution, the acceptable agreement with the "
            "largest product of the parties' gains over no deal [Nash 1950]. "
            + (
                f"It settles the {plural(len(opened), 'point')} {current} leaves open and changes "
                if opened
                else "It changes "
            )
            + f"{len(changed)} of the {len(s.points) - len(opened)} points {current} decides (see the table below)."
        )
        for party in viewer.visible(s.rated_parties):
            out.append(_worth(case, analysis, party, current))
    return out


def _worth(case: Case, analysis: Analysis, party: str, current: str) -> str:
    """``For Ukraine the compromise is worth 61.2 against 48.0-70.1 for geneva and 56.0 for no deal.``"""
    s = case.scenario
    nash = analysis.solutions.nash
    assert nash is not None
    u = nash.outcome.utilities[analysis.parties.index(party)] if party in analysis.parties else nash.reported[party]
    draft = next(d for d in analysis.drafts if d.draft == current)
    i = draft.parties.index(party)
    low, high = draft.low[i], draft.high[i]
    span = f"{low * 100:.1f}" if low == high else f"{low * 100:.1f}-{high * 100:.1f}"
    no_deal = analysis.no_deal.get(party, s.preferences[party].reservation)
    role = "" if party in analysis.parties else " (not bargaining: reported, not maximised)"
    return (
        f"For {s.party(party).name}{role} the compromise is worth {u * 100:.1f} points, against {span} for "
        f"{current} and {no_deal * 100:.1f} for no deal (its own estimates)."
    )


def blocking(
    case: Case, analysis: Analysis, viewer: Viewer, current: str, proposals: Sequence[Proposal] = ()
) -> list[str]:
    """What stops the current draft from being accepted by every bargaining party, and the
    smallest change that opens it (the proposal changing the fewest points)."""
    s = case.scenario
    out = []
    draft = next((d for d in analysis.drafts if d.draft == current), None)
    open_points = s.draft(current).open_points(s.point_ids)
    if open_points:
        out.append(f"{current} leaves {plural(len(open_points), 'point')} open: {', '.join(open_points)}.")
    broken = analysis.breaks.get(current, {})
    for party in analysis.parties:
        lines = broken.get(party, [])
        if lines and viewer.sees_preferences(party):
            out.append(f"It breaks {s.party(party).name}'s {_lines(lines)}.")
    hidden = [p for p in analysis.parties if broken.get(p) and not viewer.sees_preferences(p)]
    if hidden:
        out.append(f"It breaks {CONFIDENTIAL}" + (" (or more than one)." if len(hidden) > 1 else "."))
    if draft is not None:
        below = [
            p
            for p in analysis.parties
            if draft.high[draft.parties.index(p)] < analysis.no_deal.get(p, s.preferences[p].reservation)
        ]
        for p in below:
            if viewer.sees_preferences(p):
                out.append(f"{s.party(p).name} prefers no deal to it, however its open points are filled.")
        if any(not viewer.sees_preferences(p) for p in below):
            out.append("Another party prefers no deal to it, however its open points are filled (confidential).")
    if not out:
        out.append(f"Nothing blocks {current}: every bargaining party accepts it however its open points are filled.")
    elif proposals:
        out.append(smallest(s, current, proposals[-1]))
    return out


def smallest(s: Scenario, current: str, p: Proposal) -> str:
    """``The smallest change every bargaining party accepts: settle 11 open points and change
    army-cap (800,000 troops -> 700,000 troops).``"""
    settled = [c for c in p.changes if c.before is None]
    changed = [c for c in p.changes if c.before is not None]
    parts = []
    if settled:
        parts.append(f"settle its {plural(len(settled), 'open point')}")
    if changed:
        what = ", ".join(
            f"{s.point(c.point).title} ({s.point(c.point).describe(c.before)} -> {s.point(c.point).describe(c.after)})"
            for c in changed
            if c.before is not None
        )
        parts.append(f"change {plural(len(changed), 'decided point')}: {what}")
    how = " and ".join(parts) or "no change"
    return (
        f"The smallest change to {current} that every bargaining party accepts (proposal {p.rank}, the last "
        f"of the ranking): {how}."
    )


def _lines(lines: list[str]) -> str:
    words = "red line or link" if len(lines) == 1 else "red lines or links"
    return f"{words} {', '.join(lines)}"


def concessions(s: Scenario, diagnosis: Diagnosis, viewer: Viewer) -> list[str]:
    """The smallest sets of constraints whose relaxation opens an agreement, as the viewer
    may read them."""
    if not diagnosis.corrections:
        return ["Relaxing constraints does not help: some point has no option to choose."]
    unique = list(dict.fromkeys(together(s, c, viewer) for c in diagnosis.corrections))
    return [f"An agreement opens if one of these is relaxed: {'; or '.join(unique)}."]


def together(s: Scenario, relaxations: Sequence[Relaxation], viewer: Viewer) -> str:
    """One set of constraints to relax at once, as the viewer may read it: ``Russia's red
    line recognition=none``, ``Ukraine's red line x=y together with a confidential
    constraint of another party``."""
    parts = list(dict.fromkeys(relaxation(s, r, viewer) for r in relaxations))
    if len(parts) < len(relaxations) and CONFIDENTIAL in parts:
        parts[parts.index(CONFIDENTIAL)] = "confidential constraints of other parties"
    return " together with ".join(parts)


def relaxation(s: Scenario, r: Relaxation, viewer: Viewer) -> str:
    """``Russia's red line recognition=none``, or :data:`accord.views.CONFIDENTIAL`."""
    what = {
        RelaxationKind.RED_LINE: f"red line {r.description}",
        RelaxationKind.LINK: f"link {r.description}",
        RelaxationKind.RESERVATION: "reservation value",
    }[r.kind]
    return viewer.constraint(r.party, what, {p.id: p.name for p in s.parties})


def core(case: Case, analysis: Analysis, viewer: Viewer) -> list[str]:
    """The core of the deal in sentences (:mod:`accord.analysis.core`), as the viewer may
    read them: the points every acceptable agreement fixes, in the options' words, and what
    forces each, naming only the constraints of parties the viewer may see."""
    from accord.analysis.core_text import core_sentences

    found = analysis.core
    if found is None:
        return []
    s = case.scenario
    if viewer.sees_everything:
        return core_sentences(found, s)
    out = []
    for p in found.points:
        if p.fixed is None:
            continue
        drafts = [d.id for d in s.drafts if d.choices.get(p.point) == p.fixed]
        where = f"as in {', '.join(drafts)}" if drafts else "in no draft"
        out.append(f"Every acceptable agreement has {s.point(p.point).title}: {_text(s, p.point, p.fixed)} ({where}).")
        sets = list(dict.fromkeys(together(s, c, viewer) for c in p.freed_by))
        if sets:
            out.append(f"What forces it: relaxing {'; or relaxing '.join(sets)} frees it.")
    fixed = sum(1 for p in found.points if p.fixed is not None)
    out.append(f"{plural(len(found.points) - fixed, 'point')} of {len(found.points)} can still go more than one way.")
    if not found.complete:
        out.append("This core is incomplete: the time limit cut it short.")
    return out


def _text(s: Scenario, point: str, value: Value) -> str:
    """An option's text with its id in brackets, or a number with its unit."""
    p = s.point(point)
    option = p.option(value) if isinstance(value, str) else None
    return f"{option.text} [{option.id}]" if option is not None and option.text else p.describe(value)
