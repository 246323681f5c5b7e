"""Scenario format v1: the valid and invalid corpora, and the reader's safety limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.errors import FileTooLargeError, InputError, ScenarioError, UnsafeInputError
from accord.formats import scenario_v1
from accord.formats.document import format_path
from accord.formats.files import MAX_INPUT_BYTES as MAX_BYTES
from accord.formats.schema import SCHEMA
from accord.model import PiecewiseLinear, RedLine, StanceKind

DATA = Path(__file__).parents[2] / "data" / "scenario"
ROOT = Path(__file__).parents[3]
VALID = sorted((DATA / "valid").iterdir())
INVALID = sorted(p for p in (DATA / "invalid").iterdir() if p.suffix != ".expect")


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_files_load(path: Path) -> None:
    scenario = scenario_v1.load(path)
    assert [p.id for p in scenario.parties] == ["union", "firm"]
    assert scenario.point("wage").values() == tuple(range(11))
    assert scenario.lineage("d2") == ("d1", "d2")
    assert scenario.draft("d2").open_points(scenario.point_ids) == ("hours",)
    union = scenario.preferences["union"]
    assert union.red_lines == (RedLine("wage", below=2),)
    assert isinstance(union.ratings["wage"], PiecewiseLinear)
    assert union.utility({"wage": 10, "hours": "h35"}) == pytest.approx(1.0)
    assert scenario.stances[0].stance is StanceKind.UNACCEPTABLE


def test_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 25
    for path in INVALID:
        assert path.with_suffix(".expect").exists(), f"{path.name} has no .expect file"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_files_are_refused_with_their_message(path: Path) -> None:
    expected = path.with_suffix(".expect").read_text().strip()
    with pytest.raises(InputError if _is_input_error(expected) else ScenarioError) as info:
        scenario_v1.load(path)
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    if isinstance(info.value, ScenarioError):
        assert all(p.file == str(path) for p in info.value.problems)


def _is_input_error(expected: str) -> bool:
    return any(k in expected for k in ("not valid YAML", "not valid JSON", "not UTF-8", "alias bomb", "nesting deeper"))


def test_every_error_in_a_file_is_reported_at_once() -> None:
    text = (DATA / "valid" / "wage-talks.yaml").read_text()
    text = text.replace("author: firm", "author: boss").replace("parent: d1", "parent: d9")
    text = text.replace("hours: {h35: 100, h38: 0}", "hours: {h35: 100}")
    with pytest.raises(ScenarioError) as info:
        scenario_v1.loads(text, "multi.yaml")
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 3
    assert info.value.problems[0].line == 16
    assert info.value.problems[0].path == "drafts[0].author"


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("accord: 1\n" + "#" * (MAX_BYTES + 1))
    with pytest.raises(FileTooLargeError, match="over the limit for an input file"):
        scenario_v1.load(big)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        scenario_v1.load(tmp_path / "absent.yaml")
    with pytest.raises(InputError, match="is a folder"):
        scenario_v1.load(tmp_path)


def test_alias_bomb_is_unsafe() -> None:
    with pytest.raises(UnsafeInputError):
        scenario_v1.load(DATA / "invalid" / "yaml-bomb.yaml")


def test_aliases_within_budget_are_expanded() -> None:
    text = (DATA / "valid" / "wage-talks.yaml").read_text()
    text = text.replace("weights: {wage: 3, hours: 1}", "weights: &w {wage: 3, hours: 1}")
    text = text.replace("weights: {wage: 2, hours: 1}", "weights: *w")
    scenario = scenario_v1.loads(text)
    assert scenario.preferences["firm"].weights == {"wage": 3.0, "hours": 1.0}


def test_merge_keys_are_refused() -> None:
    text = (DATA / "valid" / "wage-talks.yaml").read_text()
    text = text.replace("weights: {wage: 2, hours: 1}", "weights: {<<: {wage: 2}, hours: 1}")
    with pytest.raises(ScenarioError, match="merge keys"):
        scenario_v1.loads(text)


def test_json_with_tabs_is_read_as_json_with_positions(tmp_path: Path) -> None:
    data = json.loads((DATA / "valid" / "wage-talks.json").read_text())
    path = tmp_path / "tabs.json"
    path.write_text(json.dumps(data, indent="\t"))
    assert scenario_v1.load(path).title == "Two-party wage talks"
    data["parties"][0]["id"] = "bad id"
    path.write_text(json.dumps(data, indent="\t"))
    with pytest.raises(ScenarioError, match="may hold only letters") as info:
        scenario_v1.load(path)
    assert (info.value.problems[0].line, info.value.problems[0].column) == (6, 10)


def test_json_duplicate_keys_and_constants(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{\t"accord": 1, "accord": 1}')
    with pytest.raises(ScenarioError, match=r"dup.json:1:16: accord: key 'accord' appears twice"):
        scenario_v1.load(path)
    path.write_text('{\t"accord": 1, "title": NaN, "parties": [], "points": []}')
    with pytest.raises(InputError, match=r"dup.json:1:25: not valid JSON: JSON has no NaN or Infinity"):
        scenario_v1.load(path)


def test_numeric_option_ids_and_numeric_red_lines() -> None:
    text = (DATA / "valid" / "wage-talks.yaml").read_text()
    text = text.replace("{id: h35, text: 35 hours}", "{id: '35', text: 35 hours}")
    text = text.replace("{id: h38, text: 38 hours}", "{id: '38', text: 38 hours}")
    text = text.replace("h38", "38").replace("h35", "35")
    text = text.replace("red_lines: [wage<2]", "red_lines: [wage>8, wage=5, hours=38]")
    scenario = scenario_v1.loads(text)
    assert scenario.draft("d1").choices["hours"] == "38"
    lines = scenario.preferences["union"].red_lines
    assert [r.describe() for r in lines] == ["wage>8", "wage=5", "hours=38"]
    assert lines[0].excludes(9)
    assert not lines[0].excludes(8)
    assert lines[1].excludes(5)


def test_links_and_interactions_are_built() -> None:
    text = (DATA / "valid" / "wage-talks.yaml").read_text()
    text = text.replace(
        "red_lines: [wage<2]",
        "red_lines: [wage<2]\n    links: [{if: hours=h35, then: [wage=2, wage=3]}]\n"
        "    interactions: [{when: {hours: h35, wage: 3}, bonus: 0.1}]",
    )
    union = scenario_v1.loads(text).preferences["union"]
    assert union.links[0].requires == (2, 3)
    assert union.links[0].describe() == "hours=h35 requires wage in {2, 3}"
    assert union.violations({"wage": 5, "hours": "h35"}) == ["hours=h35 requires wage in {2, 3}"]
    assert union.interactions[0].conditions == (("hours", "h35"), ("wage", 3))


def test_committed_schema_matches_the_code() -> None:
    committed = json.loads((ROOT / "docs" / "reference" / "scenario.schema.json").read_text())
    assert committed == SCHEMA


def test_format_path() -> None:
    assert format_path(("points", 3, "options", 1, "id")) == "points[3].options[1].id"
    assert format_path(()) == ""
