"""Results in a notebook: short reprs (kind, size, first rows, numbers to 3 decimals),
escaped HTML tables, utilities named by party."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import accord
from accord.analysis.bargaining import solutions
from accord.analysis.drafts import DraftDistance, DraftUtility
from accord.analysis.feasibility import diagnose
from accord.analysis.results import Diagnosis, Frontier, Outcome, Solution, Solutions
from accord.display import Rows, number, plural
from accord.errors import AnalysisError
from accord.model import RedLine
from strategies import make_scenario, rate

WAGE = Path(__file__).parents[2] / "data" / "scenario" / "valid" / "wage-talks.yaml"
NOISY = 0.9249999999999999


def big_frontier(size: int = 20_000, points: int = 20) -> Frontier:
    outcomes = tuple(
        Outcome({f"point-{p}": f"option-{(i + p) % 7}" for p in range(points)}, (i / size, NOISY, 1 - i / size))
        for i in range(size)
    )
    return Frontier(("ru", "ua", "eu"), (0.1, 0.2, 0.3), outcomes, 10**9)


def test_a_large_frontier_prints_short() -> None:
    frontier = big_frontier()
    text = repr(frontier)
    assert len(text) < 1200  # was 2.9 million characters for a real frontier
    assert text.startswith("<Frontier: 20,000 outcomes of 1,000,000,000 agreements; parties ru, ua, eu")
    assert text.endswith("... 19,995 more>")
    assert len(text.splitlines()) == 1 + 1 + 5 + 1  # summary, headers, 5 rows, how many more
    assert all(len(line) <= 100 for line in text.splitlines()[1:])
    html = frontier._repr_html_()
    assert len(html) < 20_000
    assert html.count("<tr>") == 1 + 10 + 1  # headers, 10 rows, how many more
    assert "19,990 more" in html


def test_numbers_are_rounded_only_for_people() -> None:
    frontier = big_frontier(size=3)
    assert "0.925" in repr(frontier)
    assert str(NOISY) not in repr(frontier)
    assert str(NOISY) not in frontier._repr_html_()
    assert repr(frontier.outcomes[0]).endswith("utilities=(0.0, 0.925, 1.0))")
    assert frontier.outcomes[0].utilities[1] == NOISY  # the data keeps full precision
    assert accord.to_frame(frontier)["u:ua"].iloc[0] == NOISY


@pytest.mark.parametrize(
    ("x", "shown"),
    [
        (NOISY, "0.925"),
        (1.0, "1.0"),
        (-0.0001, "-0.0001"),
        (4.1e-05, "4.1e-05"),
        (-1e-13, "-1e-13"),
        (600000.0, "600000"),
        (12, "12"),
        (float("nan"), "nan"),
        (-0.0, "0.0"),
        (2.0004, "2.0"),
    ],
)
def test_number(x: float, shown: str) -> None:
    assert number(x) == shown


def test_plural() -> None:
    assert (plural(1, "point"), plural(1200, "agreement")) == ("1 point", "1,200 agreements")


def test_html_escapes_every_user_string() -> None:
    bad = "<script>alert('x')</script>"
    outcome = Outcome({bad: "a&b"}, (0.5, 0.5))
    frontier = Frontier((bad, "b"), (0.0, 0.0), (outcome,), 4)
    html = frontier._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "a&amp;b" in html
    scenario = make_scenario({"p<1>": ["o&1", "o2"]}, [rate("x<y", {"p<1>": {"o&1": 100, "o2": 0}})])
    assert "p&lt;1&gt;" in scenario._repr_html_()
    assert "<1>" not in scenario._repr_html_()


def test_every_result_of_a_case_prints_short_with_party_names() -> None:
    case = accord.load(WAGE)
    shown = {
        "Scenario": case.scenario,
        "Frontier": case.frontier(),
        "Solutions": case.solutions(),
        "Solution": case.solutions().nash,
        "DraftUtilities": case.drafts(),
        "DraftUtility": case.drafts()[0],
        "DraftDistances": case.distances(),
        "DraftDistance": case.distances()[0],
        "ConsensusMap": case.consensus("d1"),
        "Proposals": case.propose("d1", n=3),
        "Proposal": case.propose("d1", n=3)[0],
        "Diagnosis": case.diagnose(),
    }
    for kind, result in shown.items():
        text = repr(result)
        assert text.startswith(f"<{kind}"), text
        assert len(text) < 1000, kind
        assert not re.search(r"\d\.\d{4}", text), text  # no number with more than 3 decimals
        html = result._repr_html_()  # type: ignore[union-attr]
        assert html.startswith("<table class='accord'><caption"), kind
    assert "union  firm" in repr(case.frontier())
    assert "union  firm" in repr(case.solutions())
    assert "union=0.675 firm=0.4" in repr(case.propose("d1", n=3)[0])
    assert "union      firm" in repr(case.drafts())
    assert "(whole draft)" in repr(case.consensus("d1"))
    assert "unacceptable" in repr(case.consensus("d1"))
    assert repr(case.scenario).startswith("<Scenario: 'Two-party wage talks'; parties union, firm; 2 points")


def test_by_party() -> None:
    case = accord.load(WAGE)
    frontier = case.frontier()
    assert frontier.by_party(0) == {"union": 0.225, "firm": 0.8}
    found = case.solutions()
    assert found.parties == ("union", "firm")
    assert found.by_party()["nash"] == {"union": 0.675, "firm": 0.4}
    assert list(found.found()) == ["nash", "kalai_smorodinsky", "egalitarian", "utilitarian"]
    assert case.distances()[0].by_party() == {"union": 0.15, "firm": pytest.approx(0.8667, abs=1e-4)}
    assert case.drafts()[1].by_party()["union"] == (0.45, 0.7)
    with pytest.raises(AnalysisError, match="does not name its parties"):
        Solutions(found.nash, None, None, None).by_party()


def test_results_built_without_parties_still_print() -> None:
    outcome = Outcome({"a": "x"}, (0.5, 0.25))
    lone = Solutions(Solution("nash", outcome, 0.125), None, None, None)
    assert "u[0]" in repr(lone)
    assert "1 of 4 found; parties not named" in repr(lone)
    assert "kalai_smorodinsky  -" in repr(lone)
    unsure = Solution("egalitarian", outcome, 0.25, optimal=False)
    assert "not proven optimal" in repr(unsure)
    assert "(not proven)" in repr(Solutions(None, None, unsure, None))
    assert "u[1]" in repr(DraftUtility("d", (), (0.5, 0.25), (0.5, 0.25)))
    assert repr(DraftDistance("d", (0.5, 0.25), 0.1, outcome, 0)).startswith(
        "<DraftDistance: draft 'd', common gain 0.1"
    )


def test_the_solutions_of_bargaining_carry_the_frontiers_parties() -> None:
    frontier = Frontier(("A", "B"), (0.0, 0.0), (Outcome({}, (0.5, 0.5)),), 1)
    assert solutions(frontier).parties == ("A", "B")


def test_a_diagnosis_prints_its_correction_sets() -> None:
    a = rate("a", {"q": {"x": 100, "y": 0}}, red_lines=[RedLine("q", "y")])
    b = rate("b", {"q": {"x": 0, "y": 100}}, red_lines=[RedLine("q", "x")])
    diagnosis = diagnose(make_scenario({"q": ["x", "y"]}, [a, b]))
    text = repr(diagnosis)
    assert text.startswith("<Diagnosis: no agreement; 2 minimal correction sets")
    assert "a red line q=y" in text
    assert repr(Diagnosis(True)) == "<Diagnosis: feasible: some agreement respects every constraint>"


def test_rows_are_tuples() -> None:
    case = accord.load(WAGE)
    drafts = case.drafts()
    assert isinstance(drafts, Rows)
    assert drafts == tuple(drafts)
    assert repr(Rows()) == "()"
    assert Rows() == ()
    assert "Results: 0" in Rows()._repr_html_()
