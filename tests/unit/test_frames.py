"""``accord.to_frame``: every result type becomes a DataFrame with party names as columns;
anything else, and a missing pandas, is a clear AccordError."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import accord
from accord.analysis.bargaining import solutions
from accord.analysis.pareto import frontier_from_outcomes
from accord.analysis.results import SOLUTION_NAMES, Outcome
from accord.errors import AccordError, MissingExtraError
from accord.model import RedLine
from strategies import make_scenario, rate

ROOT = Path(__file__).parents[2]
WAGE = ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml"


@pytest.fixture(scope="module")
def case() -> accord.Case:
    return accord.load(WAGE)


def test_frontier_columns_are_points_then_party_utilities(case: accord.Case) -> None:
    frame = accord.to_frame(case.frontier())
    assert list(frame.columns) == ["wage", "hours", "u:union", "u:firm"]
    assert len(frame) == len(case.frontier().outcomes)
    assert frame["u:firm"].iloc[1] == case.frontier().outcomes[1].utilities[1]  # full precision


def test_solutions_are_named_by_party_without_parties(case: accord.Case) -> None:
    frame = accord.to_frame(case.solutions())
    assert list(frame["solution"]) == list(SOLUTION_NAMES)
    assert {"score", "optimal", "u:union", "u:firm"} <= set(frame.columns)
    one = accord.to_frame(case.solutions().nash, parties=("union", "firm"))  # type: ignore[arg-type]
    assert list(one["solution"]) == ["nash"]
    assert "u:union" in one.columns
    assert "u:0" in accord.to_frame(case.solutions().nash).columns  # type: ignore[arg-type]  # a lone Solution


def test_proposals_drafts_and_distances(case: accord.Case) -> None:
    proposals = accord.to_frame(case.propose("d1"))
    assert {"rank", "changes", "reason", "nash", "gain:union", "u:firm", "wage"} <= set(proposals.columns)
    assert list(accord.to_frame(case.propose("d1")[0])["rank"]) == [1]
    drafts = accord.to_frame(case.drafts())
    assert list(drafts.columns) == ["draft", "open_points", "low:union", "low:firm", "high:union", "high:firm"]
    assert list(accord.to_frame(case.drafts()[1])["draft"]) == ["d2"]
    distances = accord.to_frame(case.distances())
    assert list(distances.columns) == ["draft", "gain", "target", "u:union", "u:firm", "target:union", "target:firm"]
    assert len(accord.to_frame(case.distances()[0])) == 1


def test_consensus_map(case: accord.Case) -> None:
    frame = accord.to_frame(case.consensus("d1"))
    assert list(frame.columns) == ["point", "choice", "union", "firm"]
    assert list(frame["point"].iloc[:2]) == ["wage", "hours"]
    assert frame["union"].iloc[0] == "unacceptable"
    assert frame["point"].iloc[-1] == "(whole draft)"


def rivals() -> accord.Case:
    """A wants x, B refuses it; B wants y, A refuses it: no agreement."""
    a = rate("a", {"q": {"x": 100, "y": 0}}, red_lines=[RedLine("q", "y")])
    b = rate("b", {"q": {"x": 0, "y": 100}}, red_lines=[RedLine("q", "x")])
    return accord.Case(make_scenario({"q": ["x", "y"]}, [a, b]))


def test_diagnosis_rows_are_relaxations(case: accord.Case) -> None:
    diagnosis = rivals().diagnose()
    assert not diagnosis.feasible
    frame = accord.to_frame(diagnosis)
    assert list(frame.columns)[:4] == ["set", "party", "kind", "description"]
    assert sorted(frame["party"]) == ["a", "b"]
    assert set(frame["set"]) == {1, 2}
    assert accord.to_frame(case.diagnose()).empty  # feasible: nothing to relax


def test_outcomes_and_empty_lists() -> None:
    outcome = Outcome({"a": "x"}, (0.5, 0.25))
    assert list(accord.to_frame(outcome).columns) == ["a", "u:0", "u:1"]
    assert list(accord.to_frame([outcome], parties=("p", "q")).columns) == ["a", "u:p", "u:q"]
    assert accord.to_frame([]).empty
    f = frontier_from_outcomes(["A", "B"], [outcome], [0, 0])
    assert list(accord.to_frame(solutions(f)).columns)[-2:] == ["u:A", "u:B"]


def test_parties_must_match_the_utilities() -> None:
    with pytest.raises(AccordError, match="parties= names 3 parties for 2 utilities"):
        accord.to_frame(Outcome({}, (0.5, 0.25)), parties=("a", "b", "c"))


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (["No agreement respects every red line."], "got a list of str"),
        ("text", "got a str"),
        (42, "got a int"),
        ([1, "x"], "got a list of int, str"),
    ],
)
def test_anything_else_is_refused_with_what_is_supported(value: object, named: str) -> None:
    with pytest.raises(AccordError, match=f"to_frame takes a Frontier, Solutions, .* {named}$"):
        accord.to_frame(value)  # type: ignore[arg-type]


def test_the_explanation_is_refused_not_an_attribute_error(case: accord.Case) -> None:
    with pytest.raises(AccordError, match="got a list of str"):
        accord.to_frame(case.explain())  # type: ignore[arg-type]
    with pytest.raises(AccordError, match="got a Scenario"):
        accord.to_frame(case.scenario)  # type: ignore[arg-type]


def test_without_pandas_says_which_extra(case: accord.Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(MissingExtraError, match=r"DataFrames needs pandas.*pip install 'accord\[notebook\]'") as caught:
        accord.to_frame(case.frontier())
    assert caught.value.extra == "notebook"
