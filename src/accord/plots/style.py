"""The colours and markers every figure shares, so that a solution looks the same in each."""

from __future__ import annotations

from accord.analysis.results import SolutionName
from accord.plots.figure import Style

FRONTIER = Style(colour="#1f77b4", marker="o", size=4, line="solid")
FAINT = Style(colour="#9ecae1", marker="o", size=3, opacity=0.35)
DRAFT = Style(colour="#555555", marker="o", size=7)
OPEN_DRAFT = Style(colour="#555555", marker=None, line="dashed", opacity=0.06)
PROPOSAL = Style(colour="#9467bd", marker="P", size=9)
NO_DEAL = Style(colour="#d62728", marker="_", size=18)

_SOLUTIONS: dict[SolutionName, Style] = {
    "nash": Style(colour="#ffd700", marker="*", size=14),
    "kalai_smorodinsky": Style(colour="#ff7f0e", marker="D", size=9),
    "egalitarian": Style(colour="#2ca02c", marker="s", size=9),
    "utilitarian": Style(colour="#d62728", marker="^", size=10),
}


def solution_style(name: SolutionName, *, line: bool = False) -> Style:
    """The marker and colour of a solution; ``line`` joins its points (all-parties chart)."""
    style = _SOLUTIONS[name]
    return Style(style.colour, style.marker, style.size, "solid" if line else None, style.opacity)
