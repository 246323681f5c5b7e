"""``accord robust``: the text report, the JSON, reproducibility and bad input."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app

ROOT = Path(__file__).parents[3]
TINY = ROOT / "tests" / "data" / "scenario" / "robust-tiny.yaml"
LABOUR = ROOT / "examples" / "tutorial-labour.yaml"
runner = CliRunner()
WIDE = {"COLUMNS": "200"}
FAST = ["--samples", "400", "--solution-samples", "16"]


def test_the_text_report_answers_the_five_questions() -> None:
    result = runner.invoke(app, ["robust", str(TINY), *FAST], env=WIDE)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "400 samples (seed 0) of 6 uncertain estimates" in out
    assert "draft d1" in out
    assert "A deal acceptable to every bargainer exists in" in out
    assert "Nash bargaining:" in out
    assert "Robust compromise: acceptable to every bargainer in" in out
    assert "The estimates that matter most" in out
    assert "[bold]Co[/bold]" not in out or "Beta [bold]Co[/bold]" in out  # names printed as written


def test_the_json_has_every_field_and_the_same_seed_gives_the_same_json() -> None:
    first = runner.invoke(app, ["robust", str(TINY), *FAST, "--json", "--seed", "5"])
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    for key in ("samples", "seed", "parties", "drafts", "deal_exists", "options", "robust", "sensitivity"):
        assert key in data
    assert data["seed"] == 5
    assert {d["id"] for d in data["drafts"]} == {"d1", "d2"}
    assert set(data["drafts"][0]["p_party"]) == {"a", "b"}
    again = runner.invoke(app, ["robust", str(TINY), *FAST, "--json", "--seed", "5"])
    assert again.output == first.output
    workers = runner.invoke(app, ["robust", str(TINY), *FAST, "--json", "--seed", "5", "--workers", "2"])
    assert workers.output == first.output


def test_a_scenario_without_ranges_says_every_sample_is_the_estimates() -> None:
    result = runner.invoke(app, ["robust", str(LABOUR), "--samples", "50", "--solution-samples", "4", "--json"])
    assert result.exit_code == 0, result.output
    assert "no ranges or probabilities" in result.stderr
    data = json.loads(result.stdout)
    assert all(d["p_all"] in (0.0, 1.0) for d in data["drafts"])


def test_an_unknown_solution_is_refused_with_the_known_ones() -> None:
    result = runner.invoke(app, ["robust", str(TINY), "--solutions", "nash,fair"])
    assert result.exit_code == 1
    assert "fair" in result.stderr
    assert "Traceback" not in result.output


def test_an_unreachable_scheduler_is_one_clear_line() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = runner.invoke(app, ["robust", str(TINY), *FAST, "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert f"127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.output


def test_workers_and_scheduler_together_are_refused() -> None:
    result = runner.invoke(app, ["robust", str(TINY), "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_solution_samples_above_the_samples_are_refused() -> None:
    result = runner.invoke(app, ["robust", str(TINY), "--samples", "10", "--solution-samples", "20"])
    assert result.exit_code == 1
    assert "solution_samples" in result.stderr or "solution-samples" in result.stderr


def test_a_plot_with_a_wrong_suffix_is_refused_before_the_analysis() -> None:
    result = runner.invoke(app, ["robust", str(TINY), "--plot", "out.pdf"])
    assert result.exit_code == 1
    assert ".png" in result.stderr
