"""The report's section "How sure is this?": the robustness analysis
(:meth:`accord.api.Case.robust`) in sentences, a table and two figures, when the
scenario's estimates carry ranges or probabilities.

The analysis runs once, on every party's preferences; what the section shows is the
result as the viewer may see it (``Viewer.robustness``, :mod:`accord.views`): the answers
about every bargainer at once for everyone who sees the analysis, and each party's own
acceptance and uncertain estimates only for the viewers who see that party's preferences.
Nothing here computes a number: each comes from the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from accord.analysis.results import SOLUTION_LABELS
from accord.analysis.robust import Acceptance, Compromise, Effect, Robustness, Sensitivity
from accord.analysis.robust.result import percent
from accord.display import plural
from accord.model import Scenario, Value, format_value, tidy_number
from accord.report.model import Grid, Robust
from accord.views import Viewer

if TYPE_CHECKING:
    from accord.api import Case
    from accord.plots import Figure

SAMPLES = 1000
"""Samples the report draws by default (``accord report --samples``)."""
SOLUTION_SAMPLES = 200
"""The most samples whose solutions the report computes (each costs a bargaining search)."""
SHOWN_POINTS = 4
"""Points named in the sentence on the stability of the recommendation (the figure has more)."""
SHOWN_ESTIMATES = 3
"""Estimates named in the sentence on what matters most (the tornado chart has more)."""
_RULES = ("red_line", "link", "interaction")


def analyse(case: Case, viewer: Viewer, samples: int, result: Robustness | None = None) -> Robustness | None:
    """The robustness analysis of ``case`` as ``viewer`` may see it: ``result`` when given,
    else ``case.robust`` with ``samples`` samples (the Nash solution, the one the report
    follows, on at most :data:`SOLUTION_SAMPLES` of them). None when nothing is uncertain or the viewer does not
    see the analysis (then nothing runs)."""
    if not case.scenario.is_uncertain or not viewer.sees_analysis:
        return None
    if result is None:
        result = case.robust(samples=samples, solution_samples=min(samples, SOLUTION_SAMPLES), solutions=("nash",))
    return viewer.robustness(result)


def figures(result: Robustness) -> list[Figure]:
    """The tornado chart of the default event and the stability of the Nash solution's
    options, each when it has something to draw."""
    from accord.plots import options_figure, tornado_figure

    out = [tornado_figure(result)]
    if "nash" in result.options:
        out.append(options_figure(result, "nash"))
    return [f for f in out if f.marks]


def section(
    s: Scenario, result: Robustness, viewer: Viewer, nash: Mapping[str, Value] | None, drawn: Sequence[str] = ()
) -> Robust:
    """The section's sentences and table, and ``drawn``, its figures as HTML fragments (the
    caller draws them with the page's others, to carry plotly.js once). ``nash``: the
    estimates' Nash solution, if any."""
    lines = [_intro(s, result, viewer)]
    if result.deal is not None:
        lines.append(_deal(result))
    lines += _solutions(result)
    lines += _stability(s, result)
    if result.robust is not None:
        lines.append(_compromise(s, result.robust, nash))
    lines.append(_sensitivity(s, result, viewer))
    return Robust(tuple(x for x in lines if x), _table(s, result), tuple(drawn))


def _intro(s: Scenario, r: Robustness, viewer: Viewer) -> str:
    source = (
        f"the ranges of {plural(r.uncertain, 'uncertain estimate')}"
        if viewer.sees_everything
        else "the ranges of the estimates"
    )
    head = f"Across {r.samples:,} plausible versions of the parties' priorities (drawn from {source}, seed {r.seed})"
    current = next((a for a in r.drafts if a.id == r.current), None)
    if current is None:
        return f"{head}, the analysis was run again on each."
    own = [f"{s.party(p).name} accepts it in {i.text()}" for p, i in current.party.items()]
    return (
        f"{head}, the current draft ({current.id}) is accepted by every bargaining party "
        f"in {current.all.text()} of them" + (f"; {'; '.join(own)}" if own else "") + "."
    )


def _deal(r: Robustness) -> str:
    assert r.deal is not None
    where = (
        f" (over the first {r.deal.n:,} versions, where the solutions were computed)" if r.deal.n < r.samples else ""
    )
    return f"A deal acceptable to every bargaining party exists in {r.deal.text()}{where}."


def _solutions(r: Robustness) -> list[str]:
    nash = next((a for a in r.solutions if a.id == "nash"), None)
    if nash is None:
        return []
    return [
        "The recommended compromise (the Nash solution of the estimates) is accepted by every bargaining party "
        f"in {nash.all.text()}."
    ]


def _stability(s: Scenario, r: Robustness) -> list[str]:
    options = r.options.get("nash")
    if not options:
        return []
    varying = sorted(
        ((p, o) for p, o in options.items() if sum(1 for x in o.values() if x > 0) > 1),
        key=lambda po: max(po[1].values()),
    )
    total = len(options)
    head = f"The recommendation is stable on {total - len(varying)} of {total} points"
    if not varying:
        return [f"{head}: in every version where it exists, the Nash solution chooses the same options."]
    named = [
        f"{s.point(p).title} ({', '.join(f'{_option(s, p, k)} {percent(x)}' for k, x in list(o.items())[:3])}"
        + (", ..." if len(o) > 3 else "")
        + ")"
        for p, o in varying[:SHOWN_POINTS]
    ]
    more = len(varying) - SHOWN_POINTS
    tail = f"; and on {plural(more, 'more point')} (see the figure)" if more > 0 else ""
    return [f"{head}; it varies on {'; '.join(named)}{tail}."]


def _compromise(s: Scenario, c: Compromise, nash: Mapping[str, Value] | None) -> str:
    if c.method == "solver":
        how = (
            f"proved the best on the first {c.samples:,} versions"
            if c.exact
            else f"the best the solver found in its time on the first {c.samples:,} versions"
        )
    else:
        how = f"the best of {plural(c.searched, 'candidate agreement')}"
    out = (
        "The robust compromise, the agreement accepted by every bargaining party in the most versions "
        f"({how}), is accepted by all in {c.all.text()}."
    )
    if nash is None:
        return out
    differ = [p.id for p in s.points if c.agreement.get(p.id) != nash.get(p.id)]
    if not differ:
        return out + " It is the recommended compromise itself."
    changes = "; ".join(
        f"{s.point(p).title}: {_value(s, p, c.agreement.get(p))} instead of {_value(s, p, nash.get(p))}" for p in differ
    )
    return out + f" It differs from the recommended compromise on {plural(len(differ), 'point')}: {changes}."


def _sensitivity(s: Scenario, r: Robustness, viewer: Viewer) -> str:
    moving = [x for x in r.sensitivity if x.effects and x.swing > 0]
    if not moving:
        if viewer.sees_everything:
            return "No uncertain estimate changes any of these conclusions noticeably."
        return (
            "Which estimates matter most is not part of this view: they are the parties' confidential estimates."
            if not r.sensitivity
            else "None of the estimates this copy may show changes these conclusions noticeably."
        )
    head = (
        "The estimates that matter most"
        if viewer.sees_everything
        else "Of the estimates this copy may show, those that matter most"
    )
    items = [_estimate(s, x, r.parties) for x in moving[:SHOWN_ESTIMATES]]
    return f"{head}: {'; '.join(items)}."


def _estimate(s: Scenario, x: Sensitivity, parties: Sequence[str]) -> str:
    effect = max(x.effects, key=lambda e: e.swing)
    what = f"{s.party(x.party).name}'s " + (
        "reservation value" if x.kind == "reservation" else x.label.removeprefix(f"{x.party} ")
    )
    event = _event(s, effect, parties)
    if x.kind in _RULES:
        likely = "" if x.estimate is None else f" ({percent(x.estimate)} likely to hold)"
        return (
            f"{what}{likely}: {event} in {percent(effect.high)} of the versions where it holds "
            f"and in {percent(effect.low)} where it does not"
        )
    low, high = x.range
    return (
        f"{what} ({short(low)} to {short(high)}): {event} in {percent(effect.low)} of the versions at the low end "
        f"of that range and in {percent(effect.high)} at the high end"
    )


def _event(s: Scenario, effect: Effect, parties: Sequence[str]) -> str:
    """An event of the sensitivity analysis in words (``ua accepts twenty-point`` ->
    ``Ukraine accepts twenty-point``)."""
    event = effect.event
    for p in parties:
        if event.startswith(f"{p} accepts "):
            return f"{s.party(p).name} accepts {event.removeprefix(f'{p} accepts ')}"
    if event == "all accept the estimates' Nash solution":
        return "every bargaining party accepts the recommended compromise"
    if event.startswith("all accept "):
        return f"every bargaining party accepts {event.removeprefix('all accept ')}"
    if event.startswith("Nash keeps ") and "=" in event:
        point, _, value = event.removeprefix("Nash keeps ").partition("=")
        title = s.point(point).title if point in s.point_ids else point
        return f"the recommended compromise keeps {value} on {title}"
    return event


def _table(s: Scenario, r: Robustness) -> Grid:
    rows_of: list[tuple[str, Acceptance]] = [
        *((f"draft {a.id}" + (" (current)" if a.id == r.current else ""), a) for a in r.drafts),
        *((f"{_solution_label(a.id)} solution of the estimates", a) for a in r.solutions),
        *((a.id, a) for a in r.proposals),
    ]
    parties = [p for p in r.parties if any(p in a.party for _, a in rows_of)]
    rows = [
        (label, a.all.text(), *(a.party[p].text() if p in a.party else "" for p in parties)) for label, a in rows_of
    ]
    if r.robust is not None:
        rows.append(("the robust compromise", r.robust.all.text(), *("" for _ in parties)))
    header = ("agreement", "accepted by every bargaining party", *(f"accepted by {s.party(p).name}" for p in parties))
    note = (
        f"Share of the {r.samples:,} versions in which each agreement is accepted, with its 95% confidence "
        "interval (Wilson). A draft with open points counts as accepted only if every way of filling them is."
    )
    return Grid("How often each agreement is accepted", header, tuple(rows), note)


def short(x: float) -> str:
    """An end of an estimate's range, to 3 significant digits: ``0.62``, ``9.07``, ``1,230``."""
    return format_value(tidy_number(float(f"{x:.3g}")))


def _solution_label(name: str) -> str:
    return next((label for key, label in SOLUTION_LABELS.items() if key == name), name)


def _option(s: Scenario, point: str, key: str) -> str:
    """An option of the analysis's frequencies in words: the id, or a number with its unit."""
    p = s.point(point) if point in s.point_ids else None
    if p is None or p.range is None:
        return key
    try:
        return p.describe(tidy_number(float(key)))
    except ValueError:
        return key


def _value(s: Scenario, point: str, value: Value | None) -> str:
    if value is None:
        return "open"
    return s.point(point).describe(value) if point in s.point_ids else format_value(value)
