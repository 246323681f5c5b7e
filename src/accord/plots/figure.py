"""What a figure shows, as plain data: marks in drawing order, titles and axes.

The figure functions (:mod:`accord.plots.frontier`, :mod:`~accord.plots.parties`,
:mod:`~accord.plots.consensus`) compute a :class:`Figure` and nothing else; the
renderers (:mod:`accord.plots.render`) draw it with matplotlib (PNG) or plotly (HTML).
Every number and every word a rendered figure carries is in the :class:`Figure`, so a test
of :meth:`Figure.to_json` covers both renderers: no library adds data of its own.

Five kinds of mark cover the figures: :class:`Points` (markers, a line through them, or
both), :class:`Rect` (a box: a draft's range of utilities), :class:`Rule` (a horizontal or
vertical line: a no-deal value), :class:`Bars` (horizontal bars on rows named by the
figure's ``y_ticks``: the robustness figures) and :class:`Cells` (a grid of coloured
cells: the consensus heatmap).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Literal

Marker = Literal["o", "*", "D", "s", "^", "v", "P", "X", "_"]
"""Marker shapes, in matplotlib's letters (the HTML renderer maps them to plotly's names)."""

LineStyle = Literal["solid", "dashed", "dotted"]


@dataclass(frozen=True)
class Style:
    """How a mark looks: ``marker`` None draws no markers, ``line`` None no line."""

    colour: str = "#1f77b4"
    marker: Marker | None = "o"
    size: float = 6.0
    line: LineStyle | None = None
    opacity: float = 1.0


@dataclass(frozen=True)
class Points:
    """Points at (``x[i]``, ``y[i]``); ``labels`` (one per point, '' for none) are written
    beside them, ``hover`` shown on pointing (HTML). ``legend`` names the mark in the legend
    ('' keeps it out); marks with the same legend share one entry."""

    legend: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    style: Style = Style()
    labels: tuple[str, ...] = ()
    hover: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rect:
    """A box from (``x0``, ``y0``) to (``x1``, ``y1``), outlined and lightly filled, with
    ``label`` written at its upper right corner."""

    legend: str
    x0: float
    y0: float
    x1: float
    y1: float
    style: Style = Style(marker=None, line="solid", opacity=0.15)
    label: str = ""
    hover: str = ""


@dataclass(frozen=True)
class Rule:
    """A line across the plot at ``value``: vertical for ``axis`` "x", horizontal for "y"."""

    legend: str
    axis: Literal["x", "y"]
    value: float
    style: Style = Style(colour="#d62728", marker=None, line="dashed")


@dataclass(frozen=True)
class Bars:
    """Horizontal bars: bar ``i`` lies on row ``y[i]`` (a position on the y axis, named by the
    figure's ``y_ticks``) and spans ``start[i]`` to ``stop[i]`` along x; ``thickness`` is its
    height in rows. ``labels`` (one per bar, '' for none) are written inside the bars,
    ``hover`` shown on pointing (HTML)."""

    legend: str
    y: tuple[float, ...]
    start: tuple[float, ...]
    stop: tuple[float, ...]
    style: Style = Style(marker=None, opacity=0.9)
    thickness: float = 0.6
    labels: tuple[str, ...] = ()
    hover: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cells:
    """A grid of cells, ``rows`` top to bottom and ``columns`` left to right.

    ``kinds[r][c]`` names the cell's category ('' for an empty cell) and ``colours`` the
    colour of each category, in legend order; ``texts`` are written in the cells, ``hover``
    shown on pointing. ``marked`` cells are hatched (PNG) or outlined (HTML) and named
    ``mark`` in the legend.
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    kinds: tuple[tuple[str, ...], ...]
    texts: tuple[tuple[str, ...], ...]
    hover: tuple[tuple[str, ...], ...]
    marked: tuple[tuple[bool, ...], ...]
    colours: dict[str, str] = field(default_factory=dict)
    mark: str = ""


Mark = Points | Rect | Rule | Bars


@dataclass(frozen=True)
class Figure:
    """One figure: ``marks`` drawn in order (or ``cells`` for a heatmap), a ``title``
    (lines separated by newlines), axis labels and, for a categorical x axis, ``x_ticks``
    (position, label), for rows of bars ``y_ticks``; ``x_range`` fixes the x axis (None:
    fitted to the marks). ``name`` says which figure it is (``frontier``, ``parties``,
    ``consensus``, ``tornado``, ``options``); ``note`` is a line of small print under the
    plot."""

    name: str
    title: str
    x_label: str = ""
    y_label: str = ""
    marks: tuple[Mark, ...] = ()
    cells: Cells | None = None
    x_ticks: tuple[tuple[float, str], ...] = ()
    note: str = ""
    y_ticks: tuple[tuple[float, str], ...] = ()
    x_range: tuple[float, float] | None = None

    def to_json(self) -> str:
        """Everything the figure shows, as JSON (every number and every word)."""
        return json.dumps(_plain(self), ensure_ascii=False)


def _plain(fig: Figure) -> dict[str, object]:
    out = dataclasses.asdict(fig)
    out["marks"] = [{"mark": type(m).__name__, **dataclasses.asdict(m)} for m in fig.marks]
    return out
