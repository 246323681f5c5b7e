"""``accord propose``: ranked compromise versions near a draft."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app

ROOT = Path(__file__).parents[3]
WAGE = ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml"
runner = CliRunner()


def test_json_proposals_near_the_first_offer() -> None:
    result = runner.invoke(app, ["propose", "--json", "--from", "d1", str(WAGE), "-n", "3"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["draft"] == "d1"
    assert data["method"] == "nash"
    proposals = data["proposals"]
    assert 1 <= len(proposals) <= 3
    assert [p["rank"] for p in proposals] == list(range(1, len(proposals) + 1))
    first = proposals[0]
    # every proposal answers the union's objection to the 2 % wage: it changes the wage
    assert any(c["point"] == "wage" for c in first["changes"])
    assert any(
        a.startswith("Wage rise: met: moves away from 2 %, which Union found unacceptable") for a in first["answers"]
    )
    for p in proposals:
        assert p["agreement"]["wage"] >= 2  # the union's red line
        assert [round(a - b, 9) for a, b in zip(p["utilities"], p["before"], strict=True)] == [
            round(g, 9) for g in p["gains"]
        ]
    best = max(p["scores"]["nash"] for p in proposals)
    assert proposals[0]["scores"]["nash"] == best  # ranked by the Nash product, best first


def test_methods_and_default_draft() -> None:
    for method in ("ks", "egalitarian", "utilitarian"):
        result = runner.invoke(app, ["propose", "--json", "--method", method, str(WAGE)])
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["draft"] == "d2"
        assert data["proposals"]


def test_tables_and_errors() -> None:
    result = runner.invoke(app, ["propose", str(WAGE), "--from", "d1"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    for fragment in (
        "Compromise versions near d1",
        "What changes in d1:",
        "Who gains, who gives up",
        "Stances on record:",
    ):
        assert fragment in result.stdout
    result = runner.invoke(app, ["propose", str(WAGE), "--from", "d9"])
    assert result.exit_code == 1
    assert f"error: {WAGE}: unknown draft 'd9' (known: d1, d2)" in result.stderr
    result = runner.invoke(app, ["propose", str(WAGE), "--method", "borda"])
    assert result.exit_code == 2


def test_nothing_to_propose(tmp_path: Path) -> None:
    text = WAGE.read_text().replace("red_lines: [wage<2]", "red_lines: [wage<2, hours=h38]")
    text = text.replace("reservation: 0.2", "reservation: 0.9").replace("  firm:\n", "  firm:\n    reservation: 0.5\n")
    path = tmp_path / "stuck.yaml"
    path.write_text(text)
    result = runner.invoke(app, ["propose", str(path)])
    assert result.exit_code == 0
    assert "nothing to propose" in result.stdout
