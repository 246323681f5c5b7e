"""The report's section "How sure is this?" on a small scenario whose estimates carry
ranges and a red line that may not be real (``tests/data/scenario/robust-small.yaml``):
what it says to each viewer, when it runs the analysis, and ``accord report --samples``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import accord
from accord.analysis.robust import Robustness
from accord.api import Case
from accord.cli.app import app
from accord.report import build, render_html
from accord.report.model import Brief
from accord.views import Viewer

ROOT = Path(__file__).parents[3]
SMALL = ROOT / "tests" / "data" / "scenario" / "robust-small.yaml"
LABOUR = ROOT / "examples" / "tutorial-labour.yaml"
SAMPLES = 120
OTHERS = {"ship": "Shipping line", "city": "City council"}
"""The parties other than ``port``, whose view the tests read."""


@pytest.fixture(scope="module")
def case() -> Case:
    return accord.load(SMALL)


@pytest.fixture(scope="module")
def result(case: Case) -> Robustness:
    return case.robust(samples=SAMPLES, solution_samples=60)


@pytest.fixture(scope="module")
def briefs(case: Case, result: Robustness) -> dict[str, Brief]:
    viewers = {
        "analyst": Viewer(),
        "port": Viewer.for_party("port"),
        "mediator": Viewer("mediator"),
        "observer": Viewer("observer"),
    }
    return {k: build(case, v, robustness=result) for k, v in viewers.items()}


def _section(html: str) -> str:
    """The section's HTML, from its heading to the next section."""
    start = html.index('<h2 id="robust">')
    return html[start : html.index("</section>", start)]


def test_the_analyst_reads_every_conclusion(briefs: dict[str, Brief], result: Robustness) -> None:
    section = briefs["analyst"].robust
    assert section is not None
    text = " ".join(section.lines)
    current = next(a for a in result.drafts if a.id == "second")
    assert text.startswith(f"Across {SAMPLES} plausible versions of the parties' priorities")
    assert f"the current draft (second) is accepted by every bargaining party in {current.all.text()}" in text
    assert f"Shipping line accepts it in {current.party['ship'].text()}" in text
    assert result.deal is not None
    assert f"A deal acceptable to every bargaining party exists in {result.deal.text()}" in text
    assert "over the first 60 versions" in text
    assert "The recommendation is stable on" in text
    assert "Annual rent (" in text  # the rent the Nash solution chooses varies
    assert "The robust compromise" in text
    assert "The estimates that matter most: " in text
    assert "'s reservation value (" in text
    assert section.acceptance is not None
    assert section.acceptance.header == (
        "agreement",
        "accepted by every bargaining party",
        "accepted by Port authority",
        "accepted by Shipping line",
        "accepted by City council",
    )
    assert section.acceptance.rows[1][:2] == ("draft second (current)", current.all.text())
    assert section.acceptance.rows[-1][0] == "the robust compromise"
    assert len(section.figures) == 2


def test_the_page_carries_the_section_and_plotly_once(briefs: dict[str, Brief]) -> None:
    import plotly.offline

    html = render_html(briefs["analyst"])
    assert html.count(plotly.offline.get_plotlyjs()) == 1
    part = _section(html)
    assert "How sure is this?" in part
    assert part.count("Plotly.newPlot(") == 2  # the tornado and the options figures
    assert plotly.offline.get_plotlyjs() in part  # the first figure of the page carries the library
    assert html.index('id="robust"') < html.index('id="figures"')
    assert "How often each agreement is accepted" in part


def test_a_party_reads_its_own_estimates_only(briefs: dict[str, Brief]) -> None:
    section = briefs["port"].robust
    assert section is not None
    text = " ".join(section.lines)
    assert "Port authority accepts it in" in text
    assert "Of the estimates this copy may show, those that matter most: Port authority's reservation value" in text
    assert section.acceptance is not None
    assert section.acceptance.header[2:] == ("accepted by Port authority",)
    html = _section(render_html(briefs["port"]))
    for party, name in OTHERS.items():
        assert f"{name} accepts" not in html
        assert f"{name}'s" not in html
        assert f"accepted by {name}" not in html
        assert f"{party} reservation" not in html  # no tornado row of theirs
        assert f"{party} weight" not in html
        assert f"{party} red line" not in html
        assert f"{party} accepts" not in html
    assert "port reservation" in html


def test_a_mediator_reads_the_answers_about_everyone(briefs: dict[str, Brief]) -> None:
    section = briefs["mediator"].robust
    assert section is not None
    text = " ".join(section.lines)
    assert "is accepted by every bargaining party in" in text
    assert "Which estimates matter most is not part of this view" in text
    assert section.acceptance is not None
    assert section.acceptance.header == ("agreement", "accepted by every bargaining party")
    assert len(section.figures) == 1  # the options of the Nash solution; no tornado
    html = _section(render_html(briefs["mediator"]))
    for party, name in {**OTHERS, "port": "Port authority"}.items():
        assert name not in html
        assert not re.search(rf"\b{party} (reservation|weight|rating|red line|accepts)", html)


def test_an_observer_gets_no_section_and_nothing_runs(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Case, "robust", _refuse)
    assert build(case, Viewer("observer")).robust is None
    assert "How sure is this?" not in render_html(build(case, Viewer("observer")))


def test_a_certain_scenario_gets_no_section_and_nothing_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Case, "robust", _refuse)
    assert build(accord.load(LABOUR), Viewer()).robust is None


def test_the_samples_reach_the_analysis(case: Case, result: Robustness, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[dict[str, Any]] = []

    def robust(self: Case, **options: Any) -> Robustness:
        asked.append(options)
        return result

    monkeypatch.setattr(Case, "robust", robust)
    build(case, Viewer(), samples=50)
    build(case, Viewer.for_party("port"))
    assert asked == [
        {"samples": 50, "solution_samples": 50, "solutions": ("nash",)},
        {"samples": 1000, "solution_samples": 200, "solutions": ("nash",)},
    ]


def test_accord_report_samples(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    runner = CliRunner()
    done = runner.invoke(app, ["report", str(SMALL), "-o", str(out), "--for", "port", "--samples", "40"])
    assert done.exit_code == 0, done.stderr
    assert "Across 40 plausible versions" in out.read_text()
    refused = runner.invoke(app, ["report", str(SMALL), "-o", str(tmp_path / "b.html"), "--samples", "0"])
    assert refused.exit_code == 2
    assert "--samples" in refused.stderr


def _refuse(self: Case, **options: Any) -> Robustness:
    raise AssertionError("the robustness analysis should not run")
