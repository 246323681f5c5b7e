"""Drawing figures: valid PNG images, and HTML pages that carry plotly.js once, inline,
and fetch nothing; text from a scenario shown as text, never as markup."""

from __future__ import annotations

import dataclasses
import io
import re
import sys

import pytest
from PIL import Image

from accord.api import Analysis, Case
from accord.errors import MissingExtraError
from accord.plots import (
    Figure,
    PlotData,
    consensus_figure,
    frontier_figure,
    html_fragment,
    html_page,
    parties_figure,
    png_bytes,
)


@pytest.fixture(scope="module")
def figures(case: Case, analysis: Analysis, data: PlotData) -> list[Figure]:
    rated = case.scenario.rated_parties
    return [
        frontier_figure(data, ("up", "down"), parties=rated),
        parties_figure(data, parties=rated),
        consensus_figure(analysis.consensus, parties=[p.id for p in case.scenario.parties], names=data.names),
    ]


def test_png_images_are_valid(figures: list[Figure]) -> None:
    for fig in figures:
        content = png_bytes(fig)
        assert content[:8] == b"\x89PNG\r\n\x1a\n"
        image = Image.open(io.BytesIO(content))
        image.verify()  # raises on a truncated or corrupt file
        assert image.format == "PNG"
        assert image.size[0] >= 600
        assert image.size[1] >= 300


def test_a_page_carries_plotly_js_once_and_fetches_nothing(figures: list[Figure]) -> None:
    import plotly.offline

    library = plotly.offline.get_plotlyjs()
    page = html_page(figures, title="River")
    assert page.count(library) == 1
    assert page.count(library[:300]) == 1  # not a second copy of another length either
    assert page.count("Plotly.newPlot(") == 3
    rest = page.replace(library, "")
    assert not re.search(r"https?:", rest)  # no URL outside the library's own text
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\shref\s*=", page, re.IGNORECASE)
    assert "@import" not in rest
    assert page.startswith("<!DOCTYPE html>")


def test_a_fragment_carries_plotly_js_only_when_asked(figures: list[Figure]) -> None:
    import plotly.offline

    library = plotly.offline.get_plotlyjs()
    assert library not in html_fragment(figures[0])
    assert html_fragment(figures[0], include_plotlyjs=True).count(library) == 1


def test_scenario_text_is_shown_as_text(data: PlotData, case: Case) -> None:
    evil = "<script>alert(1)</script><b>bold</b> & <a href='javascript:x'>link</a>"
    names = {**data.names, "up": evil}
    fig = frontier_figure(dataclasses.replace(data, title=evil, names=names), ("up", "down"), parties=["up", "down"])
    import plotly.offline

    page = html_page([fig], title=evil).replace(plotly.offline.get_plotlyjs(), "")
    for raw in ("<script>alert", "<b>bold", "<a href", "\\u003cscript\\u003ealert", "\\u003cb\\u003e"):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # escaped for the page and for plotly.js
    assert png_bytes(dataclasses.replace(fig, title="costs $5 and $6"))[:4] == b"\x89PNG"  # no TeX error


@pytest.mark.parametrize(("module", "draw"), [("matplotlib", png_bytes), ("plotly", html_fragment)])
def test_a_missing_library_names_the_extra(
    figures: list[Figure], monkeypatch: pytest.MonkeyPatch, module: str, draw: object
) -> None:
    for name in list(sys.modules):
        if name == module or name.startswith(module + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(
        MissingExtraError, match=rf"needs {module}, which is not installed; pip install 'accord\[plot\]'"
    ):
        draw(figures[0])  # type: ignore[operator]


def test_figures_need_neither_library(data: PlotData, case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("matplotlib", "plotly"):
        for name in list(sys.modules):
            if name == module or name.startswith(module + "."):
                monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, module, None)
    fig = parties_figure(data, parties=case.scenario.rated_parties)
    assert '"name": "parties"' in fig.to_json()


def test_a_large_cloud_puts_the_whole_figure_on_one_webgl_layer() -> None:
    from accord.plots import Points, Rect, plotly_figure

    cloud = Points("cloud", tuple(i / 6000 for i in range(6000)), tuple(1 - i / 6000 for i in range(6000)))
    star = Points("Nash bargaining", (0.5,), (0.5,))
    box = Rect("draft", 0.1, 0.1, 0.2, 0.2)
    large = plotly_figure(Figure(name="frontier", title="t", marks=(cloud, star, box)))
    assert [t.type for t in large.data] == ["scattergl"] * 3  # the star drawn above the cloud, in order
    small = plotly_figure(Figure(name="frontier", title="t", marks=(star, box)))
    assert [t.type for t in small.data] == ["scatter"] * 2
