"""``accord diff``: what changed between two drafts, for people and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app

ROOT = Path(__file__).parents[3]
LABOUR = ROOT / "examples" / "tutorial-labour.yaml"
VENTURE = ROOT / "examples" / "joint-venture.yaml"
runner = CliRunner()
WIDE = {"COLUMNS": "200"}

MARKUP = """\
accord: 1
title: "[bold]Talks[/bold]"
parties:
  - {id: union, name: "Union [red]local[/red]"}
  - {id: firm, name: Firm}
points:
  - id: hours
    title: "Hours [/x] week"
    options:
      - {id: h40, text: "[bold]40[/bold] hours \\u001b[2J"}
      - {id: h38, text: "38 hours"}
  - id: wage
    range: {min: 0, max: 4, step: 1, unit: "[%]"}
drafts:
  - {id: d1, choices: {hours: h40, wage: 2}}
  - id: d2
    parent: d1
    choices: {hours: h38}
    texts: {hours: "Plan [draft] B", wage: "To be agreed [later]"}
preferences:
  union:
    weights: {hours: 1, wage: 1}
    ratings: {hours: {h40: 0, h38: 100}, wage: {0: 0, 4: 100}}
"""


def invoke(*args: str, columns: int = 200) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", *args], env={"COLUMNS": str(columns)})
    return result.exit_code, result.stdout, result.stderr


def test_text_output_shows_texts_utilities_and_changes_per_point() -> None:
    code, out, err = invoke(str(LABOUR), "offer", "claim")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "offer -> claim: 3 points differ, 0 unchanged; claim revises offer"
    for fragment in (
        "What changed",
        "offer says",
        "claim says",
        "h40: 40 hours, as today.",
        "h38: 38 hours at the same pay.",
        "1.5 %",
        "five: Five paid training days.",
        "Utility of each party",
        "Change per point",
        "Package-deal bonuses are not split per point",
    ):
        assert fragment in out
    union = next(line for line in lines if line.startswith("│ Warehouse workers' union"))
    assert union.split("│")[2:5] == [" 0.180 ", " 0.920 ", " +0.740 "]
    assert "Ranges:" not in out  # both drafts are complete


def test_open_points_give_ranges_and_every_line_fits_80_columns() -> None:
    code, out, err = invoke(str(VENTURE), "brennick-counter", "region-amendments", columns=80)
    assert code == 0, err
    assert out.splitlines()[0].startswith("brennick-counter -> region-amendments: 8 points differ, 0 unchanged;")
    assert all(len(line) <= 80 for line in out.splitlines()), out
    for fragment in ("opened", "changed", "open", "equal-plus-region:", "..", "Ranges: a draft's open points"):
        assert fragment in out
    assert "mediation-then-arbitration:" in out  # the longest word is never cut


def test_json_shape() -> None:
    code, out, err = invoke(str(VENTURE), "brennick-counter", "region-amendments", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["a", "b", "relation", "direct", "ancestors", "unchanged", "points", "utilities"]
    assert (data["a"], data["b"], data["relation"], data["direct"]) == (
        "brennick-counter",
        "region-amendments",
        "b-descends-from-a",
        True,
    )
    assert data["ancestors"] == ["brennick-counter"]
    assert data["unchanged"] == 0
    kinds = {p["point"]: p["kind"] for p in data["points"]}
    assert kinds["equity"] == "opened"
    assert kinds["ip"] == "opened"
    assert kinds["governance"] == "changed"
    ip = next(p for p in data["points"] if p["point"] == "ip")
    assert ip["title"] == "Ownership of intellectual property"
    assert ip["a"]["value"] == "jv-owns-improvements"
    assert ip["a"]["text"].startswith("Voltara keeps its existing patents")
    assert ip["a"]["own_wording"] is False
    assert ip["b"] == {"value": None, "text": "", "own_wording": False}
    equity = next(p for p in data["points"] if p["point"] == "equity")
    assert equity["a"] == {"value": 50, "text": "50 %", "own_wording": False}
    assert [u["party"] for u in data["utilities"]] == ["voltara", "brennick", "region"]
    for u in data["utilities"]:
        assert list(u) == ["party", "a", "b", "change", "points"]
        assert u["change"] == [
            pytest.approx(u["b"][0] - u["a"][1], abs=1e-9),
            pytest.approx(u["b"][1] - u["a"][0], abs=1e-9),
        ]
        assert list(u["points"]) == [p["point"] for p in data["points"] if p["kind"] == "changed"]


def test_a_draft_against_itself(tmp_path: Path) -> None:
    code, out, err = invoke(str(LABOUR), "claim", "claim")
    assert code == 0, err
    assert out.splitlines()[0] == "claim -> claim: 0 points differ, 3 unchanged; the same draft"
    assert "No point differs." in out
    code, out, _ = invoke(str(LABOUR), "claim", "claim", "--json")
    data = json.loads(out)
    assert data["points"] == []
    assert [u["change"] for u in data["utilities"]] == [[0.0, 0.0], [0.0, 0.0]]


def test_markup_and_controls_in_texts_print_as_written(tmp_path: Path) -> None:
    path = tmp_path / "markup.yaml"
    path.write_text(MARKUP)
    code, out, err = invoke(str(path), "d1", "d2")
    assert code == 0, err
    for text in ("[bold]40[/bold] hours", "Plan [draft] B", "Hours [/x] week", "Union [red]local[/red]", "2 [%]"):
        assert text in out
    assert "(this draft's wording)" in out
    assert "open: To be agreed [later]" in out
    assert "\x1b" not in out
    assert "hours \\x1b[2J" in out  # the escape sequence shown, not run
    code, out, err = invoke(str(path), "d1", "d2", "--json")
    assert code == 0, err
    data = json.loads(out)
    hours = data["points"][0]
    assert hours["b"] == {"value": "h38", "text": "Plan [draft] B", "own_wording": True}
    assert data["points"][1]["kind"] == "opened"
    assert data["points"][1]["a"]["text"] == "2 [%]"
    assert data["points"][1]["b"] == {"value": None, "text": "To be agreed [later]", "own_wording": True}


def test_without_preferences_only_texts(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(MARKUP.split("preferences:")[0])
    code, out, err = invoke(str(path), "d2", "d1")
    assert code == 0, err
    assert out.splitlines()[0] == "d2 -> d1: 2 points differ, 0 unchanged; d2 revises d1"
    assert "no utilities to compare" in out
    data = json.loads(invoke(str(path), "d2", "d1", "--json")[1])
    assert data["relation"] == "a-descends-from-b"
    assert data["utilities"] == []


def test_bad_input_is_one_line_and_exit_1(tmp_path: Path) -> None:
    code, out, err = invoke(str(LABOUR), "offer", "clam")
    assert code == 1
    assert err == f"error: {LABOUR}: unknown draft 'clam'; did you mean 'claim'? (known: offer, claim)\n"
    assert out == ""
    code, _, err = invoke(str(LABOUR), "ofer", "claim", "--json")
    assert code == 1
    assert err.startswith(f"error: {LABOUR}: unknown draft 'ofer'; did you mean 'offer'?")
    code, _, err = invoke(str(tmp_path / "missing.yaml"), "a", "b")
    assert code == 1
    assert err.count("\n") == 1
    assert err.startswith("error: ")
    code, _, _ = invoke(str(LABOUR), "offer")
    assert code == 2


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["diff", "--help"], env=WIDE)
    assert result.exit_code == 0
    assert "accord diff examples/joint-venture.yaml brennick-counter region-amendments" in result.stdout


def test_many_parties_split_into_tables_that_fit(tmp_path: Path) -> None:
    parties = "".join(f"  - {{id: p{i}, name: Delegation number {i}}}\n" for i in range(8))
    prefs = "".join(
        f"  p{i}:\n    weights: {{hours: 1}}\n    ratings: {{hours: {{h40: {10 * i}, h38: 100}}}}\n" for i in range(8)
    )
    text = MARKUP.split("parties:")[0] + "parties:\n" + parties + "points:" + MARKUP.split("points:")[1]
    path = tmp_path / "many.yaml"
    path.write_text(text.split("preferences:")[0] + "preferences:\n" + prefs)
    code, out, err = invoke(str(path), "d1", "d2", columns=80)
    assert code == 0, err
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert [line.strip() for line in out.splitlines()].count("Change per point") >= 2
    assert all(f"Delegation number {i}" in out for i in range(8))
