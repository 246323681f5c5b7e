"""``accord report``: the files it writes, its views, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app

ROOT = Path(__file__).parents[3]
LABOUR = ROOT / "examples" / "tutorial-labour.yaml"
runner = CliRunner()


def test_report_writes_one_self_contained_page(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "brief.html"
    result = runner.invoke(app, ["report", str(LABOUR), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out} (view: analyst)" in result.stdout
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in html
    assert "<script src" not in html
    assert "<link" not in html
    assert [p.name for p in out.parent.iterdir()] == ["brief.html"]  # no temporary file left


def test_report_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    out.write_text("mine")
    result = runner.invoke(app, ["report", str(LABOUR), "-o", str(out)])
    assert result.exit_code == 1
    assert out.read_text() == "mine"
    assert "--force" in result.stderr
    assert runner.invoke(app, ["report", str(LABOUR), "-o", str(out), "--force"]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--for", "unoin"], "error: --for: unknown party 'unoin'; did you mean 'union'?"),
        (["--for", "union", "--shared", "employr"], "error: --shared: unknown party 'employr'"),
    ],
)
def test_report_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["report", str(LABOUR), "-o", str(tmp_path / "b.html"), *args])
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "b.html").exists()


def test_a_pdf_without_chromium_is_a_clear_error(tmp_path: Path) -> None:
    out, pdf = tmp_path / "b.html", tmp_path / "b.pdf"
    result = runner.invoke(
        app,
        ["report", str(LABOUR), "-o", str(out), "--pdf", str(pdf)],
        env={"ACCORD_CHROMIUM": str(tmp_path / "no-chromium")},
    )
    assert result.exit_code == 1
    assert "a PDF needs ACCORD_CHROMIUM=" in result.stderr
    assert out.exists()
    assert not pdf.exists()


def test_the_party_view_is_named(tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    result = runner.invoke(app, ["report", str(LABOUR), "-o", str(out), "--for", "union"])
    assert result.exit_code == 0, result.stderr
    assert "(view: party union)" in result.stdout
    assert "Confidential view for party union" in out.read_text()
