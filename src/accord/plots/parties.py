"""Every party at once: each solution, draft and proposal as a line across the parties.

A 2-D picture shows two parties; with three or more, this chart shows them all. It is a
parallel-coordinates chart (Inselberg 1985): one vertical axis per party, in the order
given, and each solution, complete draft and proposal a line through its utility on every
axis. A draft with open points has a range for each party, drawn as a bar from its lowest
to its highest utility on each party's axis, not left out. Each party's no-deal value is a
short red dash on its axis. Parties that do not bargain are marked so.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.analysis.results import SOLUTION_LABELS, SOLUTION_NAMES
from accord.plots.data import PlotData, Visible, number
from accord.plots.figure import Figure, Mark, Points, Rect, Style
from accord.plots.style import NO_DEAL, PROPOSAL, solution_style

_DRAFT_COLOURS = ("#555555", "#8c564b", "#17becf", "#bcbd22", "#e377c2", "#7f7f7f")
_BAR_WIDTH = 0.05


def parties_figure(data: PlotData, *, parties: Sequence[str]) -> Figure:
    """The all-parties chart of ``parties`` (its axes, in this order): the solutions, the
    drafts (ranges where points are open) and the proposals of ``data``.

    Only the utilities of ``parties`` are read. Raises UnknownIdError for a party the
    results do not rate.
    """
    view = Visible.of(data, parties)
    marks: list[Mark] = [*_solutions(view), *_drafts(view), *_proposals(view)]
    known = [(i, view.no_deal(p)) for i, p in enumerate(view.parties)]
    dashes = [(i, v) for i, v in known if v is not None]
    if dashes:
        hover = tuple(f"{view.name(view.parties[i])}: no deal {number(v)}" for i, v in dashes)
        xs, ys = tuple(float(i) for i, _ in dashes), tuple(v for _, v in dashes)
        marks.append(Points("no deal (each party's no-deal value)", xs, ys, NO_DEAL, hover=hover))
    shown = [w for w, present in _contents(data) if present]
    return Figure(
        name="parties",
        title=f"{data.title or 'All parties'}\nEach party's utility of {_words(shown)}",
        y_label="utility",
        marks=tuple(marks),
        x_ticks=tuple((float(i), view.name(p)) for i, p in enumerate(view.parties)),
        note=(
            "A bar is a draft with open points: from its lowest to its highest utility for that party."
            if any(not d.complete for d in data.drafts)
            else ""
        ),
    )


def _line(view: Visible, legend: str, ys: Sequence[float], style: Style, tag: str) -> Points:
    """One line across the parties, labelled ``tag`` at its right end."""
    hover = tuple(f"{legend}: {view.name(p)} {number(y)}" for p, y in zip(view.parties, ys, strict=True))
    labels = tuple(tag if i == len(ys) - 1 else "" for i in range(len(ys)))
    return Points(legend, tuple(float(i) for i in range(len(ys))), tuple(ys), style, labels=labels, hover=hover)


def _solutions(view: Visible) -> list[Mark]:
    if view.data.solutions is None:
        return []
    found = view.data.solutions.found()
    return [
        _line(
            view,
            SOLUTION_LABELS[k],
            [view.solution(p, found[k]) for p in view.parties],
            solution_style(k, line=True),
            "",
        )
        for k in SOLUTION_NAMES
        if k in found
    ]


def _drafts(view: Visible) -> list[Mark]:
    marks: list[Mark] = []
    open_drafts = [d for d in view.data.drafts if not d.complete]
    for n, d in enumerate(view.data.drafts):
        colour = _DRAFT_COLOURS[n % len(_DRAFT_COLOURS)]
        ranges = [view.draft(p, d) for p in view.parties]
        if d.complete:
            style = Style(colour=colour, marker="o", size=6, line="dashed")
            marks.append(_line(view, f"draft {d.draft}", [lo for lo, _ in ranges], style, d.draft))
            continue
        k = open_drafts.index(d)
        offset = (k - (len(open_drafts) - 1) / 2) * 2.5 * _BAR_WIDTH
        legend = f"draft {d.draft} ({len(d.open_points)} open points): range"
        for i, (p, (lo, hi)) in enumerate(zip(view.parties, ranges, strict=True)):
            x = i + offset
            hover = f"draft {d.draft}: {view.name(p)} {number(lo)} to {number(hi)}"
            style = Style(colour=colour, marker=None, line="solid", opacity=0.35)
            label = d.draft if i == len(ranges) - 1 else ""
            marks.append(Rect(legend, x - _BAR_WIDTH / 2, lo, x + _BAR_WIDTH / 2, hi, style, label, hover))
    return marks


def _proposals(view: Visible) -> list[Mark]:
    style = Style(PROPOSAL.colour, PROPOSAL.marker, PROPOSAL.size, "solid", 0.8)
    return [
        _line(view, f"proposal #{p.rank}", [view.proposal(q, p) for q in view.parties], style, f"#{p.rank}")
        for p in view.data.proposals
    ]


def _contents(data: PlotData) -> list[tuple[str, bool]]:
    return [
        ("the fair solutions", data.solutions is not None and bool(data.solutions.found())),
        ("the drafts", bool(data.drafts)),
        ("the proposals", bool(data.proposals)),
    ]


def _words(items: list[str]) -> str:
    if not items:
        return "nothing (no solution, draft or proposal given)"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
