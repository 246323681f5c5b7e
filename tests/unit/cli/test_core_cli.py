"""``accord analyze`` and the core of the deal: the ``core`` object of --json against a brute
force, the text after the solutions, who bargains, a core cut short, a folder without drafts."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.analysis.budget import DeadlinePassed
from accord.cli.app import app
from accord.formats import scenario_v1
from accord.model import Scenario, Value

ROOT = Path(__file__).parents[3]
GENIUS = ROOT / "tests" / "data" / "genius" / "valid" / "basic"
runner = CliRunner()

SCENARIO = """\
accord: 1
title: Two sides
parties:
  - {id: ru, name: Russia, role: signatory}
  - {id: ua, name: Ukraine, role: signatory}
  - {id: us, name: United States, role: mediator}
points:
  - id: recognition
    title: Recognition
    options:
      - {id: full, text: Full recognition.}
      - {id: crimea, text: "Middle ground: Crimea only."}
      - {id: none, text: No recognition.}
  - id: army
    title: Army
    options:
      - {id: small, text: Small army.}
      - {id: mid, text: Middle-sized army.}
      - {id: large, text: Large army.}
drafts:
  - {id: us-plan, title: US plan, choices: {recognition: full, army: small}}
preferences:
  ru:
    reservation: 0.2
    weights: {recognition: 1, army: 1}
    ratings: {recognition: {full: 100, crimea: 50, none: 0}, army: {small: 100, mid: 50, large: 0}}
    red_lines: [recognition=none]
  ua:
    reservation: 0.3
    weights: {recognition: 1, army: 1}
    ratings: {recognition: {full: 0, crimea: 40, none: 100}, army: {small: 0, mid: 50, large: 100}}
    red_lines: [recognition=full]
  us:
    weights: {recognition: 1, army: 1}
    ratings: {recognition: {full: 50, crimea: 50, none: 50}, army: {small: 50, mid: 50, large: 50}}
    red_lines: [army=mid]
"""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    out = tmp_path / "two-sides.yaml"
    out.write_text(SCENARIO)
    return out


def brute_force(s: Scenario, parties: tuple[str, ...]) -> dict[str, tuple[list[Value], list[Value]]]:
    """Per point, the options of the agreements the ``parties`` accept and of the
    Pareto-optimal ones among them (their red lines and reservations only), by enumeration."""
    acceptable = []
    for values in itertools.product(*(p.values() for p in s.points)):
        a = dict(zip(s.point_ids, values, strict=True))
        if any(s.preferences[p].violations(a) for p in parties):
            continue
        u = tuple(round(s.utility(p, a), 12) for p in parties)
        if all(x >= s.preferences[p].reservation for x, p in zip(u, parties, strict=True)):
            acceptable.append((a, u))
    best = {
        u
        for _, u in acceptable
        if not any(v != u and all(x >= y for x, y in zip(v, u, strict=True)) for _, v in acceptable)
    }
    return {
        p.id: (
            [v for v in p.values() if any(a[p.id] == v for a, _ in acceptable)],
            [v for v in p.values() if any(a[p.id] == v and u in best for a, u in acceptable)],
        )
        for p in s.points
    }


def analyze_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["analyze", "--json", *args])
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_json_core_equals_the_brute_force(path: Path) -> None:
    core = analyze_json(str(path))["core"]
    assert isinstance(core, dict)
    want = brute_force(scenario_v1.load(path), ("ru", "ua"))
    assert [p["point"] for p in core["points"]] == ["recognition", "army"]
    for p in core["points"]:
        feasible, frontier = want[p["point"]]
        assert p["feasible"] == feasible
        assert p["frontier"] == frontier
        assert p["fixed"] == (feasible[0] if len(feasible) == 1 else None)
        assert p["undecided"] == []
        assert p["frontier_undecided"] == []
    recognition, army = core["points"]
    assert recognition["fixed"] == "crimea"
    assert recognition["in_drafts"] is False
    assert recognition["freed_by"] == [
        [{"party": "ru", "kind": "red_line", "description": "recognition=none"}],
        [{"party": "ua", "kind": "red_line", "description": "recognition=full"}],
    ]
    assert recognition["freed_by_complete"] is True
    assert army["freed_by"] == []
    assert army["freed_by_complete"] is None
    assert core["complete"] is True
    assert core["feasible"] is True
    assert core["method"] == "merge"
    assert core["sentences"][:2] == [
        'Every acceptable agreement has recognition = crimea ("Middle ground: Crimea only.", in no draft).',
        "It is forced by Russia's red line recognition=none and Ukraine's red line recognition=full; "
        "relaxing either frees it.",
    ]


def test_the_mediator_does_not_constrain_the_core_unless_it_bargains(path: Path) -> None:
    """The mediator's red line on army=mid binds only when the mediator bargains."""
    s = scenario_v1.load(path)
    with_us = analyze_json(str(path), "--bargainers", "ru,ua,us")["core"]
    assert isinstance(with_us, dict)
    want = brute_force(s, ("ru", "ua", "us"))
    assert [p["feasible"] for p in with_us["points"]] == [want[p][0] for p in s.point_ids]
    army = analyze_json(str(path))["core"]["points"][1]  # type: ignore[index]
    assert "mid" in army["feasible"]
    assert "mid" not in with_us["points"][1]["feasible"]


def test_text_prints_the_core_after_the_solutions(path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(path)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.index("Fair solutions") < out.index("The core of the deal") < out.index("Drafts:")
    section = out[out.index("The core of the deal") : out.index("Drafts:")]
    assert "│ recognition │ crimea │ no         │" in section
    flat = " ".join(section.split())
    assert 'Every acceptable agreement has recognition = crimea ("Middle ground: Crimea only.", in no draft).' in flat
    assert "relaxing either frees it." in flat
    assert "Options ruled out" not in section or "recognition" not in section.split("Options ruled out")[1]
    assert max(len(line) for line in out.splitlines()) <= 80


def test_options_ruled_out_are_tabled(path: Path) -> None:
    text = SCENARIO.replace("reservation: 0.3", "reservation: 0.45")
    path.write_text(text)
    data = analyze_json(str(path))
    core = data["core"]
    assert isinstance(core, dict)
    want = brute_force(scenario_v1.load(path), ("ru", "ua"))
    assert [p["feasible"] for p in core["points"]] == [want[p][0] for p in ("recognition", "army")]
    out = runner.invoke(app, ["analyze", str(path)], env={"COLUMNS": "80"}).stdout
    table = out[out.index("Options ruled out") : out.index("Drafts:")]
    excluded = [v for v in ("small", "mid", "large") if v not in want["army"][0]]
    assert excluded
    row = next(line for line in table.splitlines() if "army" in line)
    assert all(v in row for v in excluded)


def test_no_acceptable_agreement(path: Path) -> None:
    path.write_text(SCENARIO.replace("reservation: 0.3", "reservation: 0.95"))
    core = analyze_json(str(path))["core"]
    assert isinstance(core, dict)
    assert core["feasible"] is False
    assert all(p["feasible"] == [] and p["fixed"] is None for p in core["points"])
    assert core["sentences"] == [
        "No agreement is acceptable to every bargaining party, so the deal has no core: nothing is settled."
    ]
    out = runner.invoke(app, ["analyze", str(path)], env={"COLUMNS": "80"}).stdout
    assert "The core of the deal" not in out


def test_a_core_cut_short_says_so(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def out_of_time(*args: object, **kwargs: object) -> None:
        raise DeadlinePassed

    monkeypatch.setattr("accord.analysis.core.merge_frontier_options", out_of_time)
    core = analyze_json(str(path))["core"]
    assert isinstance(core, dict)
    assert core["complete"] is False
    assert core["points"][0]["undecided"] == ["full", "crimea", "none"]
    assert core["points"][0]["fixed"] is None
    assert core["sentences"][-1] == (
        "This core is incomplete: the frontier's options were not listed within the time limit."
    )
    out = runner.invoke(app, ["analyze", str(path)], env={"COLUMNS": "200"}).stdout
    assert "This core is incomplete: the frontier's options were not listed within the time limit." in out


def test_a_folder_without_drafts() -> None:
    core = analyze_json(str(GENIUS))["core"]
    assert isinstance(core, dict)
    assert core["complete"] is True
    assert not any(p["in_drafts"] for p in core["points"])
    assert not any("draft" in line for line in core["sentences"])
