"""The notebook facade ``accord.load`` and DataFrames of its results."""

from __future__ import annotations

from pathlib import Path

import pytest

import accord
from accord.analysis import feasibility
from accord.analysis.results import Frontier
from accord.errors import AnalysisError, NeedsSolverError, TimeLimitError, UnknownIdError
from accord.formats import scenario_v1

ROOT = Path(__file__).parents[2]
WAGE = ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml"


def test_load_and_analyse() -> None:
    case = accord.load(WAGE)
    assert repr(case) == "<Case 'Two-party wage talks': 2 parties, 2 points>"
    assert case.disagreement() == (0.2, 0.0)
    assert case.disagreement("zero") == (0.0, 0.0)
    assert case.disagreement([0.1, 0.1]) == (0.1, 0.1)
    with pytest.raises(AnalysisError, match="unknown disagreement"):
        case.disagreement("median")
    frontier = case.frontier()
    assert frontier is case.frontier()  # cached
    assert case.solutions().nash is not None
    assert case.diagnose().feasible
    assert case.explain()
    assert [d.draft for d in case.drafts()] == ["d1", "d2"]
    assert [d.draft for d in case.distances()] == ["d1"]
    assert case.consensus().draft == "d1"  # the latest draft with stances on record, as analyze shows
    assert case.propose("d1", n=2)
    assert case.latest_draft() == "d2"


def test_no_drafts() -> None:
    text = WAGE.read_text()
    text = text.split("drafts:")[0] + "preferences:" + text.split("preferences:")[1]
    case = accord.Case(scenario_v1.loads(text))
    with pytest.raises(AnalysisError, match="has no drafts"):
        case.latest_draft()


def test_solver_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    merged = [o.utilities for o in accord.load(WAGE).frontier().outcomes]

    def too_big(*args: object, **kwargs: object) -> Frontier:
        raise NeedsSolverError("too many tied points", points=("wage", "hours"), size=10**9)

    monkeypatch.setattr("accord.analysis.pareto.frontier", too_big)
    frontier = accord.load(WAGE).frontier()
    assert frontier.method == "cpsat"
    assert len(frontier.outcomes) == len(merged)
    for got, want in zip(frontier.outcomes, merged, strict=True):
        assert got.utilities == pytest.approx(want)


def test_frames() -> None:
    case = accord.load(WAGE)
    parties = case.scenario.rated_parties
    frontier = accord.to_frame(case.frontier())
    assert list(frontier.columns) == ["wage", "hours", "u:union", "u:firm"]
    assert len(frontier) == len(case.frontier().outcomes)
    solutions = accord.to_frame(case.solutions(), parties)
    assert list(solutions["solution"]) == ["nash", "kalai_smorodinsky", "egalitarian", "utilitarian"]
    assert "u:firm" in solutions.columns
    assert "u:firm" in accord.to_frame(case.solutions()).columns  # results carry their parties now
    proposals = accord.to_frame(case.propose("d1"), parties)
    assert {"rank", "changes", "gain:union", "u:firm", "nash"} <= set(proposals.columns)
    assert "gain:union" in accord.to_frame(case.propose("d1")).columns
    drafts = accord.to_frame(case.drafts(), parties)
    assert list(drafts.columns) == ["draft", "open_points", "low:union", "low:firm", "high:union", "high:firm"]
    assert "low:union" in accord.to_frame(case.drafts()).columns


def test_unknown_ids_and_methods_are_accord_errors() -> None:
    case = accord.load(WAGE)
    with pytest.raises(UnknownIdError, match=r"unknown draft 'nope'.*known: d1, d2"):
        case.propose("nope")
    with pytest.raises(UnknownIdError, match=r"unknown draft 'dd1'; did you mean 'd1'\?"):
        case.consensus("dd1")
    with pytest.raises(UnknownIdError, match=r"unknown solution 'borda'"):
        case.propose("d1", method="borda")
    assert case.propose("d1", method="ks") == case.propose("d1", method="kalai_smorodinsky")


def test_analyze_is_what_the_command_prints() -> None:
    case = accord.load(WAGE)
    result = case.analyze()
    assert result.feasible
    assert result.frontier is case.frontier()
    assert result.solutions == case.solutions()
    assert result.acceptable_to == {"d1": case.acceptable_to("d1"), "d2": case.acceptable_to("d2")}
    assert result.breaks["d1"] == case.breaks("d1") == {}
    assert result.ties == case.ties()
    assert result.consensus == case.consensus()  # one rule: the latest draft with stances
    assert "<Analysis: 2 parties" in repr(result)


def test_the_diagnosis_runs_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = WAGE.read_text().replace("reservation: 0.2", "reservation: 0.9")
    text = text.replace("  firm:\n", "  firm:\n    reservation: 0.5\n")
    path = tmp_path / "stuck.yaml"
    path.write_text(text)
    calls = []
    original = feasibility.diagnose
    monkeypatch.setattr(feasibility, "diagnose", lambda *a, **k: calls.append(1) or original(*a, **k))
    case = accord.load(path)
    result = case.analyze()
    assert not result.feasible
    assert result.explanation
    case.explain()
    assert len(calls) == 1


def test_a_frontier_out_of_time_goes_to_the_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def slow(*args: object, **kwargs: object) -> Frontier:
        calls.append(kwargs["time_limit"])
        raise TimeLimitError("the frontier was not listed within 5 s", seconds=5)

    monkeypatch.setattr("accord.analysis.pareto.frontier", slow)
    case = accord.Case(accord.load(WAGE).scenario, time_limit=10)
    result = case.analyze()
    assert result.frontier is None
    assert result.too_large == "the frontier was not listed within 5 s"
    assert result.solutions.nash is not None
    assert result.solutions.nash.optimal
    assert len(calls) == 1  # remembered: solutions() does not run the merge again
    left = calls[0].remaining()
    assert left is not None
    assert left <= 5
    assert case.solutions().nash == result.solutions.nash
    assert len(calls) == 1
