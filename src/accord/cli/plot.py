"""The Pareto plot: frontier, drafts, the four solutions and the reservation lines.

PNG through matplotlib, HTML through plotly (the script is embedded, so the page works
offline). With more than two parties the plot shows the first two parties' utilities.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from accord.errors import InputError

_SOLUTION_MARKERS = {"nash": "*", "kalai_smorodinsky": "D", "egalitarian": "s", "utilitarian": "^"}
_SOLUTION_LABELS = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai-Smorodinsky",
    "egalitarian": "egalitarian",
    "utilitarian": "utilitarian",
}


@dataclass(frozen=True)
class PlotData:
    """Everything the plot shows, as plain numbers (party order as in ``parties``)."""

    title: str
    parties: tuple[str, ...]
    frontier: Sequence[Sequence[float]]
    solutions: Mapping[str, Sequence[float]]
    drafts: Mapping[str, Sequence[float]]
    disagreement: Sequence[float]


def write_plot(data: PlotData, path: Path) -> None:
    """Write the plot to ``path``: ``.png`` or ``.html``."""
    suffix = path.suffix.lower()
    if len(data.parties) < 2:
        raise InputError(f"{path}: a Pareto plot needs two rated parties, this scenario has {len(data.parties)}")
    if suffix == ".png":
        _png(data, path)
    elif suffix in (".html", ".htm"):
        _html(data, path)
    else:
        raise InputError(f"{path}: cannot plot to {suffix or 'a file without extension'!r}; use a .png or .html file")


def _png(data: PlotData, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 6), dpi=120)
    xs = [u[0] for u in data.frontier]
    ys = [u[1] for u in data.frontier]
    ax.plot(xs, ys, "-o", color="#1f77b4", markersize=3, linewidth=1, label=f"Pareto frontier ({len(xs)} points)")
    for name, u in data.drafts.items():
        ax.plot(u[0], u[1], "o", color="#7f7f7f", markersize=7)
        ax.annotate(name, (u[0], u[1]), textcoords="offset points", xytext=(5, 5), fontsize=8, color="#555555")
    for key, u in data.solutions.items():
        ax.plot(u[0], u[1], _SOLUTION_MARKERS[key], markersize=10, label=_SOLUTION_LABELS[key])
    ax.axvline(data.disagreement[0], linestyle="--", color="#d62728", linewidth=0.8, label="reservation values")
    ax.axhline(data.disagreement[1], linestyle="--", color="#d62728", linewidth=0.8)
    ax.set_xlabel(f"utility of {data.parties[0]}")
    ax.set_ylabel(f"utility of {data.parties[1]}")
    ax.set_title(_title(data))
    ax.legend(loc="lower left", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _html(data: PlotData, path: Path) -> None:
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[u[0] for u in data.frontier],
            y=[u[1] for u in data.frontier],
            mode="lines+markers",
            name=f"Pareto frontier ({len(data.frontier)} points)",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[u[0] for u in data.drafts.values()],
            y=[u[1] for u in data.drafts.values()],
            mode="markers+text",
            text=list(data.drafts),
            textposition="top right",
            name="drafts",
        )
    )
    for key, u in data.solutions.items():
        fig.add_trace(go.Scatter(x=[u[0]], y=[u[1]], mode="markers", marker={"size": 12}, name=_SOLUTION_LABELS[key]))
    fig.add_vline(x=data.disagreement[0], line_dash="dash", line_color="red")
    fig.add_hline(y=data.disagreement[1], line_dash="dash", line_color="red")
    fig.update_layout(
        title=_title(data),
        xaxis_title=f"utility of {data.parties[0]}",
        yaxis_title=f"utility of {data.parties[1]}",
    )
    fig.write_html(str(path), include_plotlyjs=True, full_html=True)


def _title(data: PlotData) -> str:
    extra = f" (first two of {len(data.parties)} parties)" if len(data.parties) > 2 else ""
    return f"{data.title}{extra}"
