"""``--bargainers`` on ``accord analyze`` and ``accord propose``: who bargains, in the tables,
in the JSON and in the errors."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.formats import scenario_v1

runner = CliRunner()
WIDE = {"COLUMNS": "200"}

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
preferences:
  union:
    weights: {office: 1, pay: 1}
    ratings: {office: {shared: 100, split: 40}, pay: {0: 0, 4: 100}}
  firm:
    weights: {office: 1, pay: 1}
    ratings: {office: {shared: 100, split: 40}, pay: {0: 100, 4: 0}}
  med:
    reservation: 0.9
    weights: {office: 1, pay: 1}
    ratings: {office: {shared: 0, split: 100}, pay: {0: 50, 4: 50}}
    red_lines: [office=shared]
"""
"""Union and firm both want the shared office; the mediator wants it split, will not have it
shared, and would rather have no deal than anything it can get (0.75 at best)."""


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "office.yaml"
    target.write_text(SCENARIO)
    return target


def brute_force(path: Path, bargainers: tuple[str, ...]) -> list[list[float]]:
    """The frontier over ``bargainers`` by enumeration: only their red lines and reservation
    values constrain, only their utilities count."""
    s = scenario_v1.load(path)
    vectors = set()
    for values in itertools.product(*(p.values() for p in s.points)):
        agreement = dict(zip(s.point_ids, values, strict=True))
        if any(s.preferences[p].violations(agreement) for p in bargainers):
            continue
        u = tuple(round(s.utility(p, agreement), 12) for p in bargainers)
        if all(x >= s.preferences[p].reservation for x, p in zip(u, bargainers, strict=True)):
            vectors.add(u)
    front = [u for u in vectors if not any(v != u and all(a >= b for a, b in zip(v, u, strict=True)) for v in vectors)]
    return [list(u) for u in sorted(front)]


def test_by_default_the_signatories_bargain_and_the_mediator_is_reported(path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(path)], env=WIDE)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Bargaining: Union, Firm; Mediation service (mediator): utility reported, not maximised." in out
    assert "Mediation service (not maximised)" in out  # its column in the solutions' table
    assert "Mediation service (not bargaining)" in out  # its column in the drafts' table
    assert "med (not bargaining): office=shared" in out  # the draft crosses its red line
    assert "none is acceptable" not in out


def test_json_names_the_bargainers_and_reports_the_others(path: Path) -> None:
    result = runner.invoke(app, ["analyze", "--json", str(path)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["parties"] == data["bargainers"] == ["union", "firm"]
    assert data["reported_parties"] == ["med"]
    assert data["disagreement"] == [0.0, 0.0]
    assert [e["utilities"] for e in data["pareto"]] == brute_force(path, ("union", "firm"))
    s = scenario_v1.load(path)
    for entry in data["pareto"]:
        assert entry["agreement"]["office"] == "shared"  # the mediator's red line does not bind
        assert entry["reported"] == {"med": pytest.approx(s.utility("med", entry["agreement"]))}
    nash = data["solutions"]["nash"]
    assert len(nash["utilities"]) == 2
    assert nash["reported"] == {"med": pytest.approx(s.utility("med", nash["agreement"]))}
    (draft,) = data["drafts"]
    assert draft["utilities"] == {"low": [0.625, 0.875], "high": [0.625, 0.875]}
    assert draft["reported"] == {"med": {"low": 0.25, "high": 0.25}}
    assert draft["acceptable_to"] == ["union", "firm"]  # the mediator would rather have no deal
    assert draft["breaks"] == {"med": ["office=shared"]}


def test_bargainers_override_the_roles(path: Path) -> None:
    result = runner.invoke(app, ["analyze", "--json", str(path), "--bargainers", "med, union,firm"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["parties"] == data["bargainers"] == ["union", "firm", "med"]  # in party order
    assert data["reported_parties"] == []
    assert data["pareto"] == []  # the mediator's reservation value now binds: no agreement
    assert {r["party"] for c in data["diagnosis"]["corrections"] for r in c} >= {"med"}
    only = json.loads(runner.invoke(app, ["analyze", "--json", str(path), "--bargainers", "union"]).stdout)
    assert only["parties"] == ["union"]
    assert only["reported_parties"] == ["firm", "med"]
    assert [e["utilities"] for e in only["pareto"]] == brute_force(path, ("union",))


def test_the_files_bargainers_and_the_option_over_them(path: Path) -> None:
    path.write_text(SCENARIO.replace("points:\n", "bargainers: [union, med]\npoints:\n", 1))
    data = json.loads(runner.invoke(app, ["analyze", "--json", str(path)]).stdout)
    assert data["bargainers"] == ["union", "med"]
    assert data["reported_parties"] == ["firm"]
    result = runner.invoke(app, ["analyze", "--json", str(path), "--bargainers", "union,firm"])
    assert json.loads(result.stdout)["bargainers"] == ["union", "firm"]


@pytest.mark.parametrize("command", ["analyze", "propose"])
@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "union,frim",
            "error: --bargainers: unknown rated party 'frim'; did you mean 'firm'? (known: union, firm, med)\n",
        ),
        ("union,press", "error: --bargainers: unknown rated party 'press' (known: union, firm, med)\n"),
        ("", "error: --bargainers: unknown rated party '' (known: union, firm, med)\n"),
    ],
)
def test_bad_ids_are_one_line_and_exit_1(path: Path, command: str, given: str, message: str) -> None:
    result = runner.invoke(app, [command, str(path), "--bargainers", given])
    assert result.exit_code == 1
    assert result.stderr == message
    assert result.stdout == ""


def test_no_rated_party_bargains(path: Path) -> None:
    text = SCENARIO.replace("{id: union, name: Union}", "{id: union, name: Union, role: observer}")
    path.write_text(text.replace("{id: firm, name: Firm, role: signatory}", "{id: firm, name: Firm, role: mediator}"))
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no rated party bargains: the rated parties, union (observer), firm ")
    assert "list the parties that bargain under `bargainers:` in the file or with --bargainers" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert runner.invoke(app, ["analyze", str(path), "--bargainers", "union,firm"]).exit_code == 0


def test_propose_reports_the_mediator(path: Path) -> None:
    result = runner.invoke(app, ["propose", str(path), "-n", "1"], env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert "Bargaining: Union, Firm; Mediation service (mediator): utility reported, not maximised." in result.stdout
    assert "Mediation service (not maximised)" in result.stdout
    data = json.loads(runner.invoke(app, ["propose", "--json", str(path), "-n", "2"]).stdout)
    assert data["bargainers"] == ["union", "firm"]
    assert data["reported_parties"] == ["med"]
    s = scenario_v1.load(path)
    for p in data["proposals"]:
        assert len(p["utilities"]) == 2
        assert p["agreement"]["office"] == "shared"
        assert p["reported"] == {"med": pytest.approx(s.utility("med", p["agreement"]))}
        assert p["reported_before"] == {"med": pytest.approx(s.utility("med", {"office": "shared", "pay": 1}))}
    everyone = json.loads(runner.invoke(app, ["propose", "--json", str(path), "--bargainers", "union,firm,med"]).stdout)
    assert everyone["proposals"] == []  # the mediator's reservation value leaves nothing to propose


def test_no_plot_when_one_party_bargains(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "one.png"
    result = runner.invoke(app, ["analyze", str(path), "--bargainers", "union", "--plot", str(target)])
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr
        == f"note: no plot: only one party bargains, there is no frontier to draw ({target} not written)\n"
    )
    assert not target.exists()
    result = runner.invoke(app, ["analyze", str(path), "--plot", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.stat().st_size > 1000
