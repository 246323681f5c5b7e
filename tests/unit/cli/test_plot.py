"""Pareto plots are real files: a PNG matplotlib drew and an HTML page with plotly embedded."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.cli.plot import PlotData, write_plot
from accord.errors import InputError

DATA = PlotData(
    title="t",
    parties=("a", "b", "c"),
    frontier=[(0.2, 0.9, 0.1), (0.5, 0.6, 0.2), (0.9, 0.1, 0.3)],
    solutions={"nash": (0.5, 0.6, 0.2), "utilitarian": (0.9, 0.1, 0.3)},
    drafts={"d1": (0.3, 0.3, 0.3)},
    disagreement=(0.1, 0.1, 0.0),
)


def test_png(tmp_path: Path) -> None:
    path = tmp_path / "plot.png"
    write_plot(DATA, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000


def test_html_works_offline(tmp_path: Path) -> None:
    path = tmp_path / "plot.html"
    write_plot(DATA, path)
    html = path.read_text()
    assert "Plotly.newPlot" in html
    assert '<script src="http' not in html  # the library is embedded, not fetched
    assert "two of 3 parties" in html


def test_bad_suffix_and_single_party(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"use a \.png or \.html file"):
        write_plot(DATA, tmp_path / "plot.svgz")
    single = PlotData("t", ("a",), [(0.1,)], {}, {}, (0.0,))
    with pytest.raises(InputError, match="needs two rated parties"):
        write_plot(single, tmp_path / "plot.png")
