"""Drawing a :class:`~accord.plots.figure.Figure` as a PNG image, with matplotlib.

matplotlib is the ``plot`` extra: it is imported when a figure is drawn, and a missing
install raises MissingExtraError. Figures are drawn on their own ``matplotlib.figure.Figure``
(no pyplot, no global state, no backend switched), to bytes held in memory.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from accord.errors import MissingExtraError
from accord.plots.figure import Bars, Cells, Figure, Points, Rect, Rule, Style

_EMPTY = "#f2f2f2"
_LINES = {"solid": "-", "dashed": "--", "dotted": ":"}


def png_bytes(fig: Figure, *, dpi: int = 120) -> bytes:
    """The figure as PNG bytes. Raises MissingExtraError when matplotlib is not installed."""
    mpl = _matplotlib()
    drawn = _draw_cells(mpl, fig, fig.cells, dpi) if fig.cells is not None else _draw_marks(mpl, fig, dpi)
    buffer = io.BytesIO()
    drawn.savefig(buffer, format="png")
    return buffer.getvalue()


def _matplotlib() -> Any:
    try:
        import matplotlib.figure
        import matplotlib.patches
    except ImportError as err:
        raise MissingExtraError("a PNG plot", "plot", "matplotlib") from err
    return matplotlib


def tex(text: str) -> str:
    """Text for matplotlib, which reads ``$...$`` as mathematics: dollar signs escaped."""
    return text.replace("$", r"\$")


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(line, width) or line for line in tex(text).split("\n"))


def _size(fig: Figure) -> tuple[float, float]:
    """Inches: wider with categories on x, as tall as the rows need with rows of bars."""
    if fig.y_ticks:
        return 9.0, max(3.5, 2.0 + 0.45 * len(fig.y_ticks))
    return (9.0, 6.5) if fig.x_ticks else (8.0, 6.5)


def _draw_marks(mpl: Any, fig: Figure, dpi: int) -> Any:
    figure = mpl.figure.Figure(figsize=_size(fig), dpi=dpi)
    ax = figure.subplots()
    legends: set[str] = set()
    for mark in fig.marks:
        label = mark.legend if mark.legend and mark.legend not in legends else "_nolegend_"
        legends.add(mark.legend)
        if isinstance(mark, Points):
            _points(ax, mark, label)
        elif isinstance(mark, Rect):
            _rect(mpl, ax, mark, label)
        elif isinstance(mark, Bars):
            _bars(ax, mark, label)
        else:
            _rule(ax, mark, label)
    if fig.x_ticks:
        ax.set_xticks([x for x, _ in fig.x_ticks], [_wrapped(t, 18) for _, t in fig.x_ticks], fontsize=8)
        ax.set_xlim(-0.5, len(fig.x_ticks) - 0.5)
    if fig.y_ticks:
        rows = [y for y, _ in fig.y_ticks]
        ax.set_yticks(rows, [_wrapped(t, 40) for _, t in fig.y_ticks], fontsize=8)
        ax.set_ylim(min(rows) - 0.6, max(rows) + 0.6)
    if fig.x_range is not None:
        ax.set_xlim(*fig.x_range)
    ax.set_xlabel(tex(fig.x_label))
    ax.set_ylabel(tex(fig.y_label))
    ax.set_title(_wrapped(fig.title, 80), fontsize=10)
    ax.grid(alpha=0.3)
    if legends - {""}:
        if fig.y_ticks:  # rows of bars fill the plot: the legend goes beside it
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)
        else:
            ax.legend(loc="best", fontsize=7)
    _finish(figure, fig)
    return figure


def _finish(figure: Any, fig: Figure) -> None:
    if fig.note:
        figure.text(0.01, 0.005, _wrapped(fig.note, 140), fontsize=7, color="#555555", va="bottom")
    figure.tight_layout(rect=(0, 0.03 if fig.note else 0, 1, 1))


def _line_options(style: Style) -> dict[str, Any]:
    big = style.size >= 8
    return {
        "color": style.colour,
        "linestyle": _LINES[style.line] if style.line else "None",
        "marker": style.marker or "None",
        "markersize": style.size,
        "alpha": style.opacity,
        "linewidth": 1.2,
        "markeredgecolor": "black" if big and style.marker != "_" else style.colour,
        "markeredgewidth": 2.5 if style.marker == "_" else (0.6 if big else 0),
    }


def _points(ax: Any, mark: Points, label: str) -> None:
    ax.plot(mark.x, mark.y, label=tex(label), zorder=4 if mark.style.size >= 8 else 2, **_line_options(mark.style))
    for x, y, text in zip(mark.x, mark.y, mark.labels, strict=False):
        if text:
            ax.annotate(tex(text), (x, y), textcoords="offset points", xytext=(5, 5), fontsize=7, color="#333333")


def _rect(mpl: Any, ax: Any, mark: Rect, label: str) -> None:
    from matplotlib.colors import to_rgba

    patch = mpl.patches.Rectangle(
        (mark.x0, mark.y0),
        mark.x1 - mark.x0,
        mark.y1 - mark.y0,
        facecolor=to_rgba(mark.style.colour, mark.style.opacity),
        edgecolor=mark.style.colour,
        linewidth=1.2,
        linestyle=_LINES[mark.style.line or "solid"],
        label=tex(label),
        zorder=3,
    )
    ax.add_patch(patch)
    if mark.label:
        ax.annotate(tex(mark.label), (mark.x1, mark.y1), textcoords="offset points", xytext=(3, 3), fontsize=7)


def _bars(ax: Any, mark: Bars, label: str) -> None:
    style = mark.style
    ax.barh(
        mark.y,
        [b - a for a, b in zip(mark.start, mark.stop, strict=True)],
        left=mark.start,
        height=mark.thickness,
        color=style.colour,
        alpha=style.opacity,
        edgecolor="white",
        linewidth=0.5,
        label=tex(label),
        zorder=1.8,  # under the lines (a rule across the bars stays visible)
    )
    for y, a, b, text in zip(mark.y, mark.start, mark.stop, mark.labels, strict=False):
        if text:
            ax.text((a + b) / 2, y, tex(text), ha="center", va="center", fontsize=7, zorder=4, clip_on=True)


def _rule(ax: Any, mark: Rule, label: str) -> None:
    draw = ax.axvline if mark.axis == "x" else ax.axhline
    style = mark.style
    draw(mark.value, linestyle=_LINES[style.line or "dashed"], color=style.colour, linewidth=0.8, label=tex(label))


def _draw_cells(mpl: Any, fig: Figure, cells: Cells, dpi: int) -> Any:
    from matplotlib.colors import to_rgb

    rows, columns = len(cells.rows), len(cells.columns)
    width = max(6.0, 3.0 + 1.6 * columns)
    figure = mpl.figure.Figure(figsize=(width, 1.8 + 0.3 * rows), dpi=dpi)
    ax = figure.subplots()
    image = [[to_rgb(cells.colours.get(k, _EMPTY) if k else _EMPTY) for k in row] for row in cells.kinds]
    ax.imshow(image, aspect="auto", interpolation="nearest")
    for r, row in enumerate(cells.texts):
        for c, text in enumerate(row):
            dark = cells.kinds[r][c] in ("unacceptable",)
            shown = tex(text).replace(": ", ":\n") if len(text) > 20 else tex(text)
            ax.text(c, r, shown, ha="center", va="center", fontsize=7, color="white" if dark else "black")
            if cells.marked[r][c]:
                box = mpl.patches.Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, hatch="///", linewidth=0)
                box.set_edgecolor((0, 0, 0, 0.45))
                ax.add_patch(box)
    ax.set_xticks([c - 0.5 for c in range(columns + 1)], minor=True)
    ax.set_yticks([r - 0.5 for r in range(rows + 1)], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.set_xticks(range(columns), [_wrapped(c, 18) for c in cells.columns], fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(range(rows), [tex(r) for r in cells.rows], fontsize=7)
    ax.set_title(_wrapped(fig.title, 90), fontsize=10)
    handles = [mpl.patches.Patch(facecolor=colour, label=tex(kind)) for kind, colour in cells.colours.items()]
    handles.append(mpl.patches.Patch(facecolor=_EMPTY, label="no stance on record"))
    if any(any(row) for row in cells.marked):
        handles.append(mpl.patches.Patch(facecolor="white", edgecolor="black", hatch="///", label=tex(cells.mark)))
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    _finish(figure, fig)
    return figure
