"""``accord check``, ``show``, ``schema``, ``--version`` and the error handler, via CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord import __version__
from accord.cli.app import app
from accord.cli.errors import State
from accord.errors import ScenarioError

DATA = Path(__file__).parents[2] / "data" / "scenario"
VALID = DATA / "valid" / "wage-talks.yaml"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_debug() -> None:
    State.debug = False


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"accord {__version__}"


def test_check_valid_files() -> None:
    result = runner.invoke(app, ["check", str(VALID), str(DATA / "valid" / "wage-talks.json")])
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == f"ok: {VALID}: 2 parties, 2 points, 2 drafts, 1 stances (1 basis not stated)"
    assert result.stderr == ""


def test_check_invalid_file_one_error_per_line() -> None:
    bad = DATA / "invalid" / "unknown-author.yaml"
    result = runner.invoke(app, ["check", str(VALID), str(bad)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {bad}:16:62: drafts[0].author: unknown party 'boss'; known parties: union, firm\n"
    )
    assert "Traceback" not in result.output


def test_check_json_lists_every_problem() -> None:
    bad = DATA / "invalid" / "unknown-author.yaml"
    result = runner.invoke(app, ["check", "--json", str(VALID), str(bad)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data[0] == {"file": str(VALID), "valid": True, "errors": []}
    assert data[1]["errors"][0]["line"] == 16
    assert data[1]["errors"][0]["path"] == "drafts[0].author"


def test_check_json_input_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--json", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 1
    assert "no such file or folder" in json.loads(result.stdout)[0]["errors"][0]["message"]


def test_usage_error_exits_2() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["frobnicate"])
    assert result.exit_code == 2


def test_show_renders_tables() -> None:
    result = runner.invoke(app, ["show", str(VALID)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for fragment in (
        "Two-party wage talks",
        "Parties",
        "Union",
        "Points",
        "0 % .. 10 %, step 1 (11 values)",
        "h35: 35 hours",
        "Drafts",
        "└── d2  Counter (Union; 2026-01-12)",
        "Who said what",
        "wage · union · unacceptable · not stated",
        "What each draft says",
        "open",
        "Stances per point",
        "22 possible agreements",
    ):
        assert fragment in out, fragment


def test_show_json_hides_preferences() -> None:
    result = runner.invoke(app, ["show", "--json", str(VALID)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["outcome_count"] == 22
    assert data["parties"][0] == {"id": "union", "name": "Union", "role": "signatory", "has_preferences": True}
    assert data["drafts"][1]["lineage"] == ["d1", "d2"]
    assert data["drafts"][1]["open"] == ["hours"]
    assert data["stances"] == {"wage": {"accept": 0, "criticise": 0, "unacceptable": 1, "amend": 0}}
    assert "preferences" not in data
    assert "weights" not in result.stdout


def test_show_invalid_exits_1_without_traceback() -> None:
    result = runner.invoke(app, ["show", str(DATA / "invalid" / "python-tag.yaml")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output


def test_debug_reraises() -> None:
    result = runner.invoke(app, ["--debug", "show", str(DATA / "invalid" / "python-tag.yaml")])
    assert result.exit_code == 1
    assert isinstance(result.exception, ScenarioError)


def test_internal_errors_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(path: Path, profiles: str | None = None) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr("accord.cli.loading.load_path", boom)
    result = runner.invoke(app, ["show", str(VALID)])
    assert result.exit_code == 3  # a defect of accord, not bad input
    assert result.stderr == (
        "error: internal error: RuntimeError: kaboom; this is a defect of accord: run again with --debug for the "
        "traceback and please report it\n"
    )
    result = runner.invoke(app, ["--debug", "show", str(VALID)])
    assert isinstance(result.exception, RuntimeError)


def test_schema_prints_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["required"] == ["accord", "title", "parties", "points"]


def test_a_lone_genius_profile_asks_for_its_folder() -> None:
    profile = Path(__file__).parents[2] / "data" / "genius" / "valid" / "basic" / "alice.xml"
    result = runner.invoke(app, ["check", str(profile)])
    assert result.exit_code == 1
    assert "pass the folder that holds the domain and its profiles" in result.stderr


def test_show_never_cuts_an_option_id_beside_a_long_point_id(tmp_path: Path) -> None:
    flagship = Path(__file__).parents[3] / "examples" / "ukraine-2025.yaml"
    path = tmp_path / "long.yaml"
    path.write_text(re.sub(r"\bnato-dialogue\b", "russia-nato-dialogue-under-us", flagship.read_text()))
    result = runner.invoke(app, ["show", str(path)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert "frozen-until-compensation:" in result.stdout
    assert "russia-nato-dialogue-under-us" in result.stdout
    quoted = sum(s.source.quote.count("…") for s in accord.load(path).scenario.stances if s.source)
    assert result.stdout.count("…") == quoted
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
