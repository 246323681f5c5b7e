"""What a new user's first hour found (issue 8): text from files printed as written, ids
never cut, plots into new folders, missing extras named, terminal controls escaped."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import accord
from accord.cli.app import app

ROOT = Path(__file__).parents[3]
WAGE = ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml"
UKRAINE = ROOT / "examples" / "ukraine-2025.yaml"
runner = CliRunner()
WIDE = {"COLUMNS": "400"}


def _scenario(tmp_path: Path, **texts: str) -> Path:
    """wage-talks.yaml with some of its texts replaced (each written as a JSON string)."""
    text = WAGE.read_text()
    places = {
        "title": "title: Two-party wage talks",
        "party": "name: Union",
        "point": "title: Wage rise",
        "option": "text: 35 hours",
        "draft": "title: Opening offer",
    }
    for key, value in texts.items():
        head = places[key].split(":")[0]
        text = text.replace(places[key], f"{head}: {json.dumps(value, ensure_ascii=False)}")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("title", ["Plan [/x] B", "Plan [draft] B", "[bold]x[/bold]", "a\\[b]"])
def test_markup_in_a_title_prints_as_written(tmp_path: Path, title: str) -> None:
    path = _scenario(tmp_path, title=title, party=title, option=title)
    for command in ("show", "analyze"):
        result = runner.invoke(app, [command, str(path)], env=WIDE)
        assert result.exit_code == 0, result.stderr
        assert title in result.stdout


PRINTABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")),
    min_size=1,
    max_size=20,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=PRINTABLE, party=PRINTABLE, point=PRINTABLE, option=PRINTABLE, draft=PRINTABLE)
def test_any_printable_text_comes_out_verbatim(
    tmp_path: Path, title: str, party: str, point: str, option: str, draft: str
) -> None:
    path = _scenario(tmp_path, title=title, party=party, point=point, option=option, draft=draft)
    shown = runner.invoke(app, ["show", str(path)], env=WIDE)
    assert shown.exit_code == 0, shown.stderr
    for text in (title, party, point, option, draft):
        assert text in shown.stdout
    analysed = runner.invoke(app, ["analyze", str(path)], env=WIDE)
    assert analysed.exit_code == 0, analysed.stderr
    assert title in analysed.stdout
    assert party in analysed.stdout


def test_terminal_controls_are_printed_escaped(tmp_path: Path) -> None:
    path = _scenario(tmp_path, title="Plan\x1b[2J B", party="Union\u202e noinu", draft="x\x1b]0;pwned\x07")
    for command in ("show", "analyze"):
        for extra in ([], ["--json"]):
            result = runner.invoke(app, [command, *extra, str(path)], env=WIDE)
            assert result.exit_code == 0, result.stderr
            for raw in ("\x1b", "\u202e", "\x07"):
                assert raw not in result.stdout
                assert raw not in result.stderr
            if not extra:
                assert "Plan\\x1b[2J B" in result.stdout
    data = json.loads(runner.invoke(app, ["show", "--json", str(path)]).stdout)
    assert data["title"] == "Plan\x1b[2J B"  # the JSON escapes them, and keeps the value


@pytest.mark.parametrize("command", ["show", "analyze", "propose"])
def test_ids_are_never_cut_at_80_columns(command: str) -> None:
    result = runner.invoke(app, [command, str(UKRAINE)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    quoted = sum(s.source.quote.count("…") for s in accord.load(UKRAINE).scenario.stances if s.source)
    assert result.stdout.count("…") == (quoted if command == "show" else 0)  # only the quotes' own
    for draft in ("us-28", "eu-counter", "geneva", "twenty-point"):
        assert draft in result.stdout or command == "propose"


@pytest.mark.parametrize("suffix", [".png", ".html"])
def test_plot_into_a_folder_that_does_not_exist(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / "nodir" / "sub" / f"f{suffix}"
    result = runner.invoke(app, ["analyze", str(WAGE), "--plot", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.stat().st_size > 1000
    assert "Two-party wage talks" in result.stdout  # the analysis is printed too
    assert f"wrote {target}" in result.stdout


def test_plot_that_cannot_be_written_still_prints_the_analysis(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["analyze", str(WAGE), "--plot", str(blocker / "f.png")])
    assert result.exit_code == 1
    assert "Two-party wage talks" in result.stdout
    assert result.stderr.startswith("error: ")
    assert "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("suffix", "module"), [(".png", "matplotlib"), (".html", "plotly")])
def test_a_missing_extra_names_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, module: str
) -> None:
    for name in list(sys.modules):
        if name == module or name.startswith(module + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    result = runner.invoke(app, ["analyze", str(WAGE), "--plot", str(tmp_path / f"f{suffix}")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: an {'PNG' if suffix == '.png' else 'HTML'} plot needs {module}, which is not installed; "
        "pip install 'accord[plot]'\n"
    ).replace("an PNG", "a PNG")


def test_json_is_the_same_on_every_run_and_timings_are_asked_for() -> None:
    first = runner.invoke(app, ["analyze", "--json", str(WAGE)]).stdout
    assert first == runner.invoke(app, ["analyze", "--json", str(WAGE)]).stdout
    assert "seconds" not in json.loads(first)
    timed = json.loads(runner.invoke(app, ["analyze", "--json", "--timings", str(WAGE)]).stdout)
    assert timed["seconds"] >= 0


def test_method_names_are_one_set(tmp_path: Path) -> None:
    for method in ("ks", "kalai_smorodinsky"):
        result = runner.invoke(app, ["propose", "--json", "--method", method, str(WAGE)])
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["method"] == "kalai_smorodinsky"


def test_python_dash_m_accord(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import runpy

    monkeypatch.setattr(sys, "argv", ["accord", "--version"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("accord", run_name="__main__")
    assert exit_.value.code == 0
    assert capsys.readouterr().out == "accord 0.1.0\n"


def test_solutions_out_of_time_are_said_and_the_rest_is_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.errors import FrontierTooLargeError

    def too_large(*args: object, **kwargs: object) -> None:
        raise FrontierTooLargeError("the frontier holds more than 1 points", limit=1)

    monkeypatch.setattr("accord.analysis.pareto.frontier", too_large)
    result = runner.invoke(app, ["analyze", str(WAGE), "--time-limit", "0"], env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert "out of time: Nash bargaining, Kalai-Smorodinsky, egalitarian, utilitarian" in result.stdout
    assert "Drafts: each party's utility" in result.stdout
    data = json.loads(runner.invoke(app, ["analyze", "--json", str(WAGE), "--time-limit", "0"]).stdout)
    assert data["unsolved"] == ["nash", "kalai_smorodinsky", "egalitarian", "utilitarian"]
    assert data["solutions"]["nash"] is None
    data = json.loads(runner.invoke(app, ["analyze", "--json", str(WAGE)]).stdout)
    assert data["unsolved"] == []
    assert data["solutions"]["nash"]["optimal"] is True


@pytest.mark.parametrize("args", [["schema"], ["analyze", str(WAGE)], ["show", "--json", str(WAGE)]])
def test_a_full_standard_output_is_one_line(args: list[str]) -> None:
    import subprocess

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "accord", *args], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert done.returncode == 1
    assert done.stderr == "error: standard output: cannot write: No space left on device\n"


def test_a_closed_pipe_is_quiet() -> None:
    import subprocess

    done = subprocess.run(
        f"{sys.executable} -m accord analyze {UKRAINE} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.startswith("Ukraine peace framework")
    assert all(line.startswith("note: ") for line in done.stderr.splitlines())  # no error, no traceback


@pytest.mark.parametrize(
    ("error", "stderr"),
    [
        (OSError(28, "No space left on device"), "error: standard output: cannot write: No space left on device\n"),
        (BrokenPipeError(32, "Broken pipe"), ""),
    ],
)
def test_standard_output_errors_in_process(monkeypatch: pytest.MonkeyPatch, error: OSError, stderr: str) -> None:
    def fails(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr("accord.cli.render.render_scenario", fails)
    result = runner.invoke(app, ["show", str(WAGE)])
    assert result.exit_code == 1
    assert result.stderr == stderr
    result = runner.invoke(app, ["--debug", "show", str(WAGE)])
    assert result.exception is error or isinstance(error, BrokenPipeError)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quote=PRINTABLE, speaker=PRINTABLE)
def test_quotes_are_printed_verbatim_whole_and_escaped(tmp_path: Path, quote: str, speaker: str) -> None:
    long = f"[bold]{quote}[/bold] \u201cwe agreed with some points\u2026\u201d " * 4 + "\x1b[2J end"
    text = WAGE.read_text().replace(
        "note: too low}",
        f"note: too low, basis: reported, source: {{quote: {_yaml(long)}, speaker: {_yaml(speaker)}}}}}",
    )
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    expected = long.replace("\x1b", "\\x1b")
    for args in (["show"], ["show", "--draft", "d1"]):
        result = runner.invoke(app, [*args, str(path)], env={"COLUMNS": "1000"})
        assert result.exit_code == 0, result.stderr
        assert f"\u201c{expected}\u201d" in result.stdout  # never cut, never read as markup
        assert speaker in result.stdout
        assert "\x1b" not in result.stdout
    data = json.loads(runner.invoke(app, ["show", "--json", str(path)]).stdout)
    assert data["record"][0]["source"]["quote"] == long


def _yaml(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes, but characters outside the
    BMP written as themselves: YAML refuses JSON's surrogate pairs)."""
    return json.dumps(text, ensure_ascii=False)
