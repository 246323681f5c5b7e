"""``accord analyze``: the binding --json contract, the tables, the plot, the diagnosis."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.analysis import pareto
from accord.cli.app import app
from accord.formats import scenario_v1

ROOT = Path(__file__).parents[3]
WAGE = ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml"
runner = CliRunner()


def _brute_force(path: Path, zero: bool = False) -> list[tuple[float, ...]]:
    """Every distinct utility vector on the frontier of the acceptable agreements, by enumeration."""
    s = scenario_v1.load(path)
    d = [0.0 if zero else s.preferences[p].reservation for p in s.rated_parties]
    vectors = set()
    for values in itertools.product(*(p.values() for p in s.points)):
        agreement = dict(zip(s.point_ids, values, strict=True))
        if any(pr.violations(agreement) for pr in s.preferences.values()):
            continue
        u = tuple(round(x, 12) for x in s.utilities(agreement))
        if all(a >= b for a, b in zip(u, d, strict=True)):
            vectors.add(u)
    front = [u for u in vectors if not any(v != u and all(a >= b for a, b in zip(v, u, strict=True)) for v in vectors)]
    return sorted(front)


def test_json_contract_on_an_accord_file() -> None:
    result = runner.invoke(app, ["analyze", "--json", str(WAGE)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("scenario", "parties", "outcome_count", "disagreement", "pareto", "solutions"):
        assert key in data
    assert data["parties"] == ["union", "firm"]
    assert data["outcome_count"] == 22
    assert data["disagreement"] == [0.2, 0.0]
    assert [tuple(e["utilities"]) for e in data["pareto"]] == _brute_force(WAGE)
    firsts = [e["utilities"][0] for e in data["pareto"]]
    assert firsts == sorted(firsts)
    assert set(data["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    nash = data["solutions"]["nash"]
    assert set(nash["agreement"]) == {"wage", "hours"}
    products = [(u[0] - 0.2) * u[1] for u in (e["utilities"] for e in data["pareto"])]
    assert (nash["utilities"][0] - 0.2) * nash["utilities"][1] == pytest.approx(max(products))
    assert data["drafts"][0]["id"] == "d1"
    assert data["diagnosis"] is None


def test_disagreement_zero() -> None:
    result = runner.invoke(app, ["analyze", "--json", "--disagreement", "zero", str(WAGE)])
    data = json.loads(result.stdout)
    assert data["disagreement"] == [0.0, 0.0]
    assert [tuple(e["utilities"]) for e in data["pareto"]] == _brute_force(WAGE, zero=True)


def test_tables_for_people() -> None:
    result = runner.invoke(app, ["analyze", str(WAGE)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    for fragment in (
        "22 possible agreements",
        "Pareto-optimal among those every party prefers to no deal",
        "Fair solutions",
        "Nash bargaining",
        "What each solution says",
        "Drafts",
        "Consensus map of draft d1",
        "unacceptable",
        "accord propose",
    ):
        assert fragment in result.stdout, fragment


def test_plot_png_and_html(tmp_path: Path) -> None:
    png = tmp_path / "f.png"
    result = runner.invoke(app, ["analyze", str(WAGE), "--plot", str(png)])
    assert result.exit_code == 0, result.stderr
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert f"wrote {png}" in result.stdout
    html = tmp_path / "f.html"
    result = runner.invoke(app, ["analyze", "--json", str(WAGE), "--plot", str(html)])
    assert "Plotly.newPlot" in html.read_text()


def test_no_agreement_is_diagnosed(tmp_path: Path) -> None:
    path = tmp_path / "stuck.yaml"
    text = WAGE.read_text().replace("red_lines: [wage<2]", "red_lines: [wage<2, hours=h38]")
    text = text.replace("reservation: 0.2", "reservation: 0.9").replace("  firm:\n", "  firm:\n    reservation: 0.5\n")
    path.write_text(text)
    result = runner.invoke(app, ["analyze", "--json", str(path)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["pareto"] == []
    assert data["solutions"]["nash"] is None
    assert data["diagnosis"]["feasible"] is False
    assert data["diagnosis"]["corrections"]
    text = runner.invoke(app, ["analyze", str(path), "--plot", str(tmp_path / "x.png")], env={"COLUMNS": "200"})
    assert "No agreement" in text.stdout
    assert "not written" in text.stderr
    assert not (tmp_path / "x.png").exists()


def test_frontier_too_large_to_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("accord.analysis.pareto.MAX_LIST", 1)
    monkeypatch.setattr("accord.analysis.pareto.merge.__defaults__", (1,))
    merges = []
    original = pareto.merge
    monkeypatch.setattr("accord.analysis.pareto.merge", lambda *a, **k: merges.append(1) or original(*a, **k))
    result = runner.invoke(app, ["analyze", "--json", str(WAGE)])
    assert len(merges) == 1  # the merge that gave up is not run again for the solutions
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["pareto"] is None
    assert data["frontier_size"] is None
    assert data["method"] == "cpsat"
    assert "too large to list" in data["note"]
    best = max((u[0] - 0.2) * u[1] for u in _brute_force(WAGE))
    nash = data["solutions"]["nash"]["utilities"]
    assert (nash[0] - 0.2) * nash[1] == pytest.approx(best)
    text = runner.invoke(app, ["analyze", str(WAGE)], env={"COLUMNS": "200"})
    assert "too large to list" in text.stdout
    assert "from the CP-SAT solver" in text.stdout
    assert "Nash bargaining" in text.stdout


def test_ties_are_reported() -> None:
    venture = ROOT / "examples" / "joint-venture.yaml"
    result = runner.invoke(app, ["analyze", "--json", str(venture)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["ties"] == {"utilitarian": 2}
    assert result.stderr.startswith("note: 2 frontier agreements tie for the best total utility;")
    result = runner.invoke(app, ["analyze", "--json", "--disagreement", "zero", str(WAGE)])
    assert json.loads(result.stdout)["ties"] == {"nash": 2}
