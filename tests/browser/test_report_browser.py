"""The briefing report in a real browser (Chromium through Playwright): it opens without a
console error or a failed script, requests nothing but its own file, and reads as a
document (headings, tables with captions and header cells); its PDF is a PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from typer.testing import CliRunner

from accord.cli.app import app

ROOT = Path(__file__).parents[2]
UKRAINE = ROOT / "examples" / "ukraine-2025.yaml"
runner = CliRunner()


@pytest.fixture(scope="module", params=[[], ["--for", "ua"], ["--for", "observer"]])
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "brief.html"
    result = runner.invoke(app, ["report", str(UKRAINE), "-o", str(path), "--samples", "100", *request.param])
    assert result.exit_code == 0, result.stderr
    return path


def test_the_report_opens_offline_without_errors(page: Page, report: Path) -> None:
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri(), wait_until="load")
    page.wait_for_timeout(500)  # figures draw after load
    assert errors == []
    assert [u for u in requests if not u.startswith("data:")] == [report.as_uri()]
    assert page.get_by_role("heading", name="Summary").is_visible()
    assert page.locator("table caption").count() >= 1
    assert page.locator("th[scope=col]").count() >= 1


def test_the_pdf_is_printed_by_chromium(tmp_path: Path) -> None:
    html, pdf = tmp_path / "b.html", tmp_path / "b.pdf"
    result = runner.invoke(
        app, ["report", str(UKRAINE), "-o", str(html), "--for", "ua", "--pdf", str(pdf), "--samples", "100"]
    )
    assert result.exit_code == 0, result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
