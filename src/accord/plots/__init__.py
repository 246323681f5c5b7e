"""Figures of an analysis, for the command line, notebooks and reports.

Each figure function takes results and the ``parties`` whose utilities it may show, and
returns a :class:`Figure`: plain data, no plotting library needed. A figure carries no
utility of a party outside ``parties`` (:mod:`accord.plots.data`).

- :func:`frontier_figure`: two parties' utilities of the frontier, the drafts (boxes where
  points are open), the solutions and the proposals (:mod:`accord.plots.frontier`);
- :func:`parties_figure`: every party at once (:mod:`accord.plots.parties`);
- :func:`consensus_figure`: the consensus heatmap (:mod:`accord.plots.consensus`);
- :func:`tornado_figure` and :func:`options_figure`: the robustness analysis, what moves
  a conclusion most and how stable a solution's options are (:mod:`accord.plots.robust`;
  draw them from the result as the viewer may see it, ``Viewer.robustness``).

:func:`png_bytes` draws a figure with matplotlib; :func:`html_fragment` and
:func:`html_page` with plotly, offline, one copy of plotly.js per page. Both libraries are
the ``plot`` extra and load only when a figure is drawn.
"""

from __future__ import annotations

from accord.plots.consensus import consensus_figure
from accord.plots.data import PlotData
from accord.plots.figure import Bars, Cells, Figure, Points, Rect, Rule, Style
from accord.plots.frontier import frontier_figure, tradeoffs
from accord.plots.html import html_fragment, html_page, plotly_figure
from accord.plots.parties import parties_figure
from accord.plots.png import png_bytes
from accord.plots.robust import options_figure, tornado_figure

__all__ = [
    "Bars",
    "Cells",
    "Figure",
    "PlotData",
    "Points",
    "Rect",
    "Rule",
    "Style",
    "consensus_figure",
    "frontier_figure",
    "html_fragment",
    "html_page",
    "options_figure",
    "parties_figure",
    "plotly_figure",
    "png_bytes",
    "tornado_figure",
    "tradeoffs",
]
