"""Meaning checks: calendar dates, unknown ids with a did-you-mean, and the lineage check."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from accord.errors import ScenarioError
from accord.formats import scenario_v1
from accord.formats.document import Document
from accord.formats.scenario_checks import Checker, unknown

ROOT = Path(__file__).parents[3]
BASE = (ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml").read_text()
UKRAINE = (ROOT / "examples" / "ukraine-2025.yaml").read_text()


def _problems(text: str, name: str = "t.yaml") -> list[str]:
    with pytest.raises(ScenarioError) as info:
        scenario_v1.loads(text, name)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("day", ["2025-02-30", "2025-13-01", "2023-02-29", "0000-01-01"])
def test_impossible_dates_are_refused_with_their_place(day: str) -> None:
    (problem,) = _problems(BASE.replace("date: 2026-01-12", f"date: {day}"))
    assert problem.startswith(f"t.yaml:17:36: drafts[1].date: date '{day}' is not a day of the calendar (")
    assert problem.endswith("write a real date as YYYY-MM-DD")


def test_impossible_dates_in_sources_are_refused() -> None:
    text = BASE.replace("note: too low}", "note: too low, source: {date: 2026-04-31}}")
    (problem,) = _problems(text)
    assert problem.startswith("t.yaml:19:96: stances[0].source.date: date '2026-04-31' is not a day")


def test_real_dates_pass() -> None:
    scenario = scenario_v1.loads(BASE.replace("date: 2026-01-12", "date: 2024-02-29"), "t.yaml")
    assert scenario.draft("d2").date == "2024-02-29"


def test_a_misspelt_point_gets_a_did_you_mean_and_short_lines() -> None:
    problems = _problems(UKRAINE.replace("  - id: recognition\n", "  - id: recogniton\n"), "u.yaml")
    assert len(problems) > 10
    assert all(p.endswith("unknown point 'recognition'; did you mean 'recogniton'?") for p in problems[:-1])
    assert max(len(p) for p in problems) < 120
    first = re.sub(r"(\n\s+)recognition:", r"\1recogniton:", UKRAINE, count=1)
    assert _problems(first, "u.yaml") == [
        "u.yaml:379:7: drafts[0].choices.recogniton: unknown point 'recogniton'; did you mean 'recognition'?"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("author: firm", "author: frim", "drafts[0].author: unknown party 'frim'; did you mean 'firm'?"),
        ("parent: d1", "parent: d11", "drafts[1].parent: unknown draft 'd11'; did you mean 'd1'?"),
        ("{party: union, draft: d1", "{party: unoin, draft: d1", "unknown party 'unoin'; did you mean 'union'?"),
        ("hours: h38}}", "hours: h39}}", "point 'hours' has no option 'h39'; did you mean 'h38'?"),
        ("hours: h38}}", "hours: x}}", "point 'hours' has no option 'x' (options: h35, h38)"),
        ("red_lines: [wage<2]", "red_lines: [wgae<2]", "red_lines[0]: unknown point 'wgae'; did you mean 'wage'?"),
        ("author: firm", "author: boss", "drafts[0].author: unknown party 'boss'; known parties: union, firm"),
    ],
)
def test_unknown_ids_suggest_the_closest(old: str, new: str, expected: str) -> None:
    (problem,) = _problems(BASE.replace(old, new))
    assert expected in problem
    assert len(problem) < 130


def test_unknown_lists_at_most_eight_ids() -> None:
    ids = [f"point-{i:03}" for i in range(300)]
    message, hint = unknown("point", "zzz", ids, "points")
    assert message == "unknown point 'zzz'"
    assert hint == "known points: " + ", ".join(ids[:8]) + " and 292 more"
    assert unknown("point", "zzz", [], "points") == ("unknown point 'zzz'", "the file defines no points")


def _lineage_doc(n: int, cycle_at: int | None = None) -> Document:
    drafts: list[dict[str, Any]] = [{"id": "d0"}]
    drafts += [{"id": f"d{i}", "parent": f"d{i - 1}"} for i in range(1, n)]
    if cycle_at is not None:
        drafts[cycle_at]["parent"] = f"d{n - 1}"
    data = {"accord": 1, "title": "t", "parties": [], "points": [], "drafts": drafts}
    return Document("t.yaml", data)


def test_a_long_lineage_is_checked_in_linear_time() -> None:
    # 20,000 drafts: the former check walked every chain with a list lookup (hours); now milliseconds
    assert Checker(_lineage_doc(20_000)).run() == []


def test_a_long_cycle_is_reported_once_and_shortened() -> None:
    (problem,) = Checker(_lineage_doc(5_000, cycle_at=0)).run()
    assert problem.path == "drafts[0].parent"
    assert problem.message == (
        "drafts form a cycle: d0 -> d4999 -> d4998 -> d4997 -> d4996 -> d4995 -> ... (5,000 drafts in all) -> d1 -> d0"
    )


def test_cycles_start_at_their_first_draft_in_the_file() -> None:
    drafts = [
        {"id": "a", "parent": "c"},
        {"id": "x", "parent": "c"},
        {"id": "c", "parent": "b"},
        {"id": "b", "parent": "a"},
        {"id": "self", "parent": "self"},
    ]
    doc = Document("t.yaml", {"accord": 1, "title": "t", "parties": [], "points": [], "drafts": drafts})
    assert [(p.path, p.message) for p in Checker(doc).run()] == [
        ("drafts[0].parent", "drafts form a cycle: a -> c -> b -> a"),
        ("drafts[4].parent", "drafts form a cycle: self -> self"),
    ]
