"""The 2-D frontier: two parties' utilities of the frontier, the drafts and the solutions.

With two bargaining parties on the axes, the curve is the Pareto frontier itself. With
three or more, the picture of a frontier on two of its coordinates is not a frontier: most
of its points are beaten, in the two plotted utilities, by other frontier points that are
worse for a party not shown. The curve is then the Pareto-optimal trade-offs between the
two parties among the frontier's agreements: the maxima of the projected points (the
points no other projected point weakly dominates; Kung, Luccio & Preparata 1975, the
two-dimensional sweep: sort by the first utility descending and keep each point higher
than every point before it). Every other frontier point is drawn faintly, and the title
says what the curve is.

A draft with open points has a range of utilities for each party; it is drawn as the box
from (lowest, lowest) to (highest, highest) of the two parties, not left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.analysis.results import SOLUTION_LABELS, SOLUTION_NAMES
from accord.errors import AnalysisError
from accord.plots.data import PlotData, Visible, number
from accord.plots.figure import Figure, Mark, Points, Rect, Rule
from accord.plots.style import DRAFT, FAINT, FRONTIER, OPEN_DRAFT, PROPOSAL, solution_style

Pair = tuple[float, float]
_OPEN = "drafts with open points: every way of filling them in"
_NO_DEAL = "no deal (each party's no-deal value)"


def tradeoffs(xs: Sequence[float], ys: Sequence[float]) -> list[Pair]:
    """The distinct points of (``xs[i]``, ``ys[i]``) that no other point weakly dominates
    (at least as high in both, higher in one), by ``x`` ascending."""
    if len(xs) != len(ys):
        raise AnalysisError(f"{len(xs)} x values and {len(ys)} y values; give one of each per point")
    best: float | None = None
    kept: list[Pair] = []
    for x, y in sorted(set(zip(xs, ys, strict=True)), reverse=True):
        if best is None or y > best:
            kept.append((x, y))
            best = y
    return kept[::-1]


def frontier_figure(data: PlotData, axes: Sequence[str], *, parties: Sequence[str]) -> Figure:
    """The 2-D frontier figure of the two parties ``axes`` (x, then y).

    ``parties`` are the parties whose utilities the figure may show; both axes must be
    among them, and no other party's utility is read. Raises UnknownIdError for a party
    the results do not rate and AnalysisError for axes that are not two distinct parties
    of ``parties``.
    """
    view = Visible.of(data, parties)
    if isinstance(axes, str) or len(axes) != 2 or axes[0] == axes[1]:
        raise AnalysisError(f"axes takes two different party ids, such as ['ua', 'ru'], not {axes!r}")
    a, b = (Visible.of(data, [p]).parties[0] for p in axes)
    for party in (a, b):
        if party not in view.parties:
            raise AnalysisError(f"axis {party!r} is not among the parties this figure may show")
    marks: list[Mark] = [*_frontier_marks(view, a, b), *_draft_marks(view, a, b)]
    marks += _solution_marks(view, a, b) + _proposal_marks(view, a, b)
    x_no_deal, y_no_deal = view.no_deal(a), view.no_deal(b)
    if x_no_deal is not None:
        marks.append(Rule(_NO_DEAL, "x", x_no_deal))
    if y_no_deal is not None:
        marks.append(Rule(_NO_DEAL, "y", y_no_deal))
    return Figure(
        name="frontier",
        title=_title(view, a, b),
        x_label=f"utility of {view.name(a)}",
        y_label=f"utility of {view.name(b)}",
        marks=tuple(marks),
        note=_note(view),
    )


def _frontier_marks(view: Visible, a: str, b: str) -> list[Mark]:
    if view.data.frontier is None:
        return []
    xs, ys = view.frontier(a), view.frontier(b)
    curve = tradeoffs(xs, ys)
    on_curve = set(curve)
    faint = sorted(p for p in set(zip(xs, ys, strict=True)) if p not in on_curve)
    hover = [f"{view.name(a)} {number(x)}, {view.name(b)} {number(y)}" for x, y in curve]
    label = (
        f"Pareto frontier ({len(curve):,} points)"
        if _is_whole_frontier(view, a, b)
        else f"Pareto-optimal trade-offs between the two ({len(curve):,} points)"
    )
    marks: list[Mark] = []
    if faint:
        marks.append(
            Points(
                f"other frontier points, better for a party not shown ({len(faint):,})",
                tuple(x for x, _ in faint),
                tuple(y for _, y in faint),
                FAINT,
            )
        )
    marks.append(Points(label, tuple(x for x, _ in curve), tuple(y for _, y in curve), FRONTIER, hover=tuple(hover)))
    return marks


def _draft_marks(view: Visible, a: str, b: str) -> list[Mark]:
    marks: list[Mark] = []
    for d in view.data.drafts:
        (xl, xh), (yl, yh) = view.draft(a, d), view.draft(b, d)
        if d.complete:
            hover = f"draft {d.draft}: {view.name(a)} {number(xl)}, {view.name(b)} {number(yl)}"
            marks.append(Points("drafts", (xl,), (yl,), DRAFT, labels=(d.draft,), hover=(hover,)))
            continue
        hover = (
            f"draft {d.draft} ({len(d.open_points)} open points): {view.name(a)} {number(xl)} to {number(xh)}, "
            f"{view.name(b)} {number(yl)} to {number(yh)}"
        )
        marks.append(Rect(_OPEN, xl, yl, xh, yh, OPEN_DRAFT, label=d.draft, hover=hover))
    return marks


def _solution_marks(view: Visible, a: str, b: str) -> list[Mark]:
    if view.data.solutions is None:
        return []
    marks: list[Mark] = []
    found = view.data.solutions.found()
    for key in SOLUTION_NAMES:
        if key in found:
            x, y = view.solution(a, found[key]), view.solution(b, found[key])
            hover = f"{SOLUTION_LABELS[key]}: {view.name(a)} {number(x)}, {view.name(b)} {number(y)}"
            marks.append(Points(SOLUTION_LABELS[key], (x,), (y,), solution_style(key), hover=(hover,)))
    return marks


def _proposal_marks(view: Visible, a: str, b: str) -> list[Mark]:
    marks: list[Mark] = []
    for p in view.data.proposals:
        x, y = view.proposal(a, p), view.proposal(b, p)
        hover = f"proposal #{p.rank}: {view.name(a)} {number(x)}, {view.name(b)} {number(y)}"
        marks.append(Points("proposals", (x,), (y,), PROPOSAL, labels=(f"#{p.rank}",), hover=(hover,)))
    return marks


def _is_whole_frontier(view: Visible, a: str, b: str) -> bool:
    """Whether the two axes are all the bargainers: the curve is then the frontier itself."""
    return set(view.data.bargainers) == {a, b}


def _title(view: Visible, a: str, b: str) -> str:
    f = view.data.frontier
    head = view.data.title or "Pareto plot"
    if f is None:
        return f"{head}\n{view.name(a)} and {view.name(b)}: the frontier is too large to list; solutions and drafts"
    size = f"{len(f.outcomes):,} agreement{'s' if len(f.outcomes) != 1 else ''}"
    who = "no party" if len(view.data.bargainers) == len(view.data.rated()) else "no bargaining party"
    if _is_whole_frontier(view, a, b):
        return f"{head}\nPareto frontier: the {size} {who} can improve on"
    return (
        f"{head}\nTrade-offs between {view.name(a)} and {view.name(b)} among the {size} {who} can improve on "
        "(the other parties' utilities not shown)"
    )


def _note(view: Visible) -> str:
    if any(not d.complete for d in view.data.drafts):
        return "A box is a draft with open points: from its lowest to its highest utility for each of the two parties."
    return ""
