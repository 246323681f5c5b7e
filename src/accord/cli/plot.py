"""The Pareto plot: frontier, drafts, the four solutions and the reservation lines.

PNG through matplotlib, HTML through plotly (the script is embedded, so the page works
offline). With more than two parties the plot projects every point onto two parties'
utilities (``axes``), and draws the frontier as points rather than a line.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.analysis.results import SOLUTION_LABELS, SolutionName
from accord.errors import InputError, MissingExtraError

_SOLUTION_MARKERS = {"nash": "*", "kalai_smorodinsky": "D", "egalitarian": "s", "utilitarian": "^"}
_SOLUTION_COLOURS = {
    "nash": "#ffd700",
    "kalai_smorodinsky": "#ff7f0e",
    "egalitarian": "#2ca02c",
    "utilitarian": "#d62728",
}


@dataclass(frozen=True)
class PlotData:
    """Everything the plot shows, as plain numbers (party order as in ``parties``)."""

    title: str
    parties: tuple[str, ...]
    frontier: Sequence[Sequence[float]]
    solutions: Mapping[SolutionName, Sequence[float]]
    drafts: Mapping[str, Sequence[float]]
    disagreement: Sequence[float]
    axes: tuple[int, int] = (0, 1)

    def xy(self, u: Sequence[float]) -> tuple[float, float]:
        """The two plotted coordinates of a utility vector."""
        return u[self.axes[0]], u[self.axes[1]]


def write_plot(data: PlotData, path: Path) -> None:
    """Write the plot to ``path``: ``.png`` or ``.html``."""
    suffix = path.suffix.lower()
    if len(data.parties) < 2:
        raise InputError(f"{path}: a Pareto plot needs two rated parties, this scenario has {len(data.parties)}")
    if suffix == ".png":
        content = _png(data)
    elif suffix in (".html", ".htm"):
        content = _html(data)
    else:
        raise InputError(f"{path}: cannot plot to {suffix or 'a file without extension'!r}; use a .png or .html file")
    _write(path, content)


def _write(path: Path, content: bytes) -> None:
    from accord.formats.atomic import write_file

    write_file(path, content, force=True)


def _matplotlib() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise MissingExtraError("a PNG plot", "plot", "matplotlib") from err
    return plt


def _plotly() -> Any:
    try:
        import plotly.graph_objects as go
    except ImportError as err:
        raise MissingExtraError("an HTML plot", "plot", "plotly") from err
    return go


def _png(data: PlotData) -> bytes:
    plt = _matplotlib()

    fig, ax = plt.subplots(figsize=(8, 6), dpi=120)
    points = [data.xy(u) for u in data.frontier]
    style = "-o" if len(data.parties) == 2 else "o"
    ax.plot(
        [x for x, _ in points],
        [y for _, y in points],
        style,
        color="#9ecae1" if len(data.parties) > 2 else "#1f77b4",
        markersize=3,
        linewidth=1,
        label=f"Pareto frontier ({len(points)} points)",
    )
    for name, u in data.drafts.items():
        x, y = data.xy(u)
        ax.plot(x, y, "o", color="#555555", markersize=7)
        ax.annotate(_tex(name), (x, y), textcoords="offset points", xytext=(5, 5), fontsize=8, color="#333333")
    for key, u in data.solutions.items():
        x, y = data.xy(u)
        ax.plot(
            x,
            y,
            _SOLUTION_MARKERS[key],
            color=_SOLUTION_COLOURS[key],
            markersize=11,
            zorder=5,
            markeredgecolor="black",
            label=SOLUTION_LABELS[key],
        )
    dx, dy = data.xy(data.disagreement)
    ax.axvline(dx, linestyle="--", color="#d62728", linewidth=0.8, label="reservation values")
    ax.axhline(dy, linestyle="--", color="#d62728", linewidth=0.8)
    ax.set_xlabel(_tex(f"utility of {data.parties[data.axes[0]]}"))
    ax.set_ylabel(_tex(f"utility of {data.parties[data.axes[1]]}"))
    ax.set_title(_tex(_title(data)))
    ax.legend(loc="lower left", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def _html(data: PlotData) -> bytes:
    go = _plotly()

    fig = go.Figure()
    points = [data.xy(u) for u in data.frontier]
    drafts = [data.xy(u) for u in data.drafts.values()]
    fig.add_trace(
        go.Scatter(
            x=[x for x, _ in points],
            y=[y for _, y in points],
            mode="lines+markers" if len(data.parties) == 2 else "markers",
            name=f"Pareto frontier ({len(data.frontier)} points)",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[x for x, _ in drafts],
            y=[y for _, y in drafts],
            mode="markers+text",
            text=list(data.drafts),
            textposition="top right",
            name="drafts",
        )
    )
    for key, u in data.solutions.items():
        x, y = data.xy(u)
        fig.add_trace(go.Scatter(x=[x], y=[y], mode="markers", marker={"size": 12}, name=SOLUTION_LABELS[key]))
    dx, dy = data.xy(data.disagreement)
    fig.add_vline(x=dx, line_dash="dash", line_color="red")
    fig.add_hline(y=dy, line_dash="dash", line_color="red")
    fig.update_layout(
        title=_title(data),
        xaxis_title=f"utility of {data.parties[data.axes[0]]}",
        yaxis_title=f"utility of {data.parties[data.axes[1]]}",
    )
    html: str = fig.to_html(include_plotlyjs=True, full_html=True)
    return html.encode("utf-8")


def _tex(text: str) -> str:
    """Text for matplotlib, which reads ``$...$`` as mathematics: dollar signs escaped."""
    return text.replace("$", r"\$")


def _title(data: PlotData) -> str:
    extra = f" (two of {len(data.parties)} parties)" if len(data.parties) > 2 else ""
    return f"{data.title}{extra}"
