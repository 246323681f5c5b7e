"""``accord analyze --plot``: the figures written, and ``--axes``.

A PNG target gets the 2-D frontier, the all-parties chart (three or more rated parties)
and the consensus heatmap (stances on record) as FILE.png, FILE-parties.png and
FILE-consensus.png; an HTML target one page holding them all."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from accord.cli.app import app

runner = CliRunner()
ROOT = Path(__file__).parents[3]
WAGE = ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml"

SCENARIO = """\
accord: 1
title: Office move
parties:
  - {id: union, name: Union}
  - {id: firm, name: Firm, role: signatory}
  - {id: med, name: Mediation service, role: mediator}
  - {id: press, name: Press, role: observer}
points:
  - id: office
    title: Office
    options: [{id: shared, text: Shared}, {id: split, text: Split}]
  - id: pay
    title: Pay rise
    range: {min: 0, max: 4, step: 1, unit: "%"}
drafts:
  - {id: d1, title: First, choices: {office: shared, pay: 1}}
  - {id: d2, title: Second, parent: d1, choices: {office: split}}
stances:
  - {party: firm, draft: d2, point: office, stance: unacceptable, basis: inferred, reason: "a hint"}
preferences:
  union:
    weights: {office: 1, pay: 1}
    ratings: {office: {shared: 100, split: 40}, pay: {0: 0, 4: 100}}
  firm:
    weights: {office: 1, pay: 1}
    ratings: {office: {shared: 100, split: 60}, pay: {0: 100, 4: 0}}
  med:
    weights: {office: 1, pay: 1}
    ratings: {office: {shared: 0, split: 100}, pay: {0: 50, 4: 50}}
"""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "office.yaml"
    target.write_text(SCENARIO)
    return target


def is_png(path: Path) -> bool:
    image = Image.open(io.BytesIO(path.read_bytes()))
    image.verify()
    return image.format == "PNG"


def test_png_writes_one_file_per_figure(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "f.png"
    result = runner.invoke(app, ["analyze", str(path), "--plot", str(target)])
    assert result.exit_code == 0, result.stderr
    written = [target, tmp_path / "out" / "f-parties.png", tmp_path / "out" / "f-consensus.png"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in written)
    assert all(is_png(p) for p in written)
    lines = [line for line in result.stdout.splitlines() if line.startswith("wrote ")]
    assert lines == [
        f"wrote {written[0]} (frontier of union and firm)",
        f"wrote {written[1]} (all parties)",
        f"wrote {written[2]} (consensus map of d2)",
    ]


def test_two_parties_get_no_all_parties_chart(tmp_path: Path) -> None:
    target = tmp_path / "w.png"
    result = runner.invoke(app, ["analyze", str(WAGE), "--plot", str(target)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w-consensus.png", "w.png"]


def test_html_is_one_page_with_every_figure(path: Path, tmp_path: Path) -> None:
    import plotly.offline

    target = tmp_path / "f.html"
    result = runner.invoke(app, ["analyze", "--json", str(path), "--plot", str(target), "--axes", "med,firm"])
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".html"] == ["f.html"]
    page = target.read_text()
    assert page.count(plotly.offline.get_plotlyjs()) == 1
    assert page.count("Plotly.newPlot(") == 3
    assert "utility of Mediation service (not bargaining)" in page
    assert "utility of Firm" in page
    assert "wrote" not in result.stdout  # --json: the standard output is the JSON alone


def test_default_axes_are_the_first_two_bargainers(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "f.html"
    result = runner.invoke(app, ["analyze", str(path), "--plot", str(target)])
    assert result.exit_code == 0, result.stderr
    page = target.read_text()
    assert "Pareto frontier: the" in page
    assert '"xaxis":{"title":{"text":"utility of Union"}},"yaxis":{"title":{"text":"utility of Firm"}}' in page


@pytest.mark.parametrize(
    ("axes", "message"),
    [
        ("union,frim", "error: --axes: unknown rated party 'frim'; did you mean 'firm'? (known: union, firm, med)\n"),
        (
            "union,press",
            "error: --axes: party 'press' has no preferences on file, so it has no utility to plot; "
            "choose two of union, firm, med\n",
        ),
        (
            "union",
            "error: --axes takes two different party ids separated by a comma, such as --axes a,b; got 'union'\n",
        ),
        (
            "firm, firm",
            "error: --axes takes two different party ids separated by a comma, such as --axes a,b; got 'firm, firm'\n",
        ),
        ("union,firm,med", "error: --axes takes two different party ids separated by a comma"),
    ],
)
def test_axes_errors_are_one_line_before_the_analysis(path: Path, tmp_path: Path, axes: str, message: str) -> None:
    result = runner.invoke(app, ["analyze", str(path), "--plot", str(tmp_path / "f.png"), "--axes", axes])
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""  # nothing computed, nothing written
    assert not list(tmp_path.glob("f*"))


def test_axes_without_plot_and_a_bad_suffix(path: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(path), "--axes", "union,firm"])
    assert result.exit_code == 1
    assert result.stderr == "error: --axes chooses the two parties of the plot; add --plot FILE.png or FILE.html\n"
    target = tmp_path / "f.svgz"
    result = runner.invoke(app, ["analyze", str(path), "--plot", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {target}: cannot plot to '.svgz'; use a .png or .html file\n"
    assert result.stdout == ""
