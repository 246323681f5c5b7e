"""The JSON reader: strict RFC 8259, positions for later errors, and which files it reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.errors import InputError, ScenarioError
from accord.formats import scenario_v1
from accord.formats.document import MAX_DEPTH
from accord.formats.json_source import has_top_level_key, parse_json
from accord.formats.yaml_source import is_json, parse_text

VALID = Path(__file__).parents[2] / "data" / "scenario" / "valid" / "wage-talks.json"


def _data() -> Any:
    return json.loads(VALID.read_text())


def test_numbers_written_by_json_dumps_are_read(tmp_path: Path) -> None:
    data = _data()
    data["preferences"]["union"]["reservation"] = 1e-05
    data["preferences"]["union"]["weights"]["wage"] = 1e22
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    assert "1e-05" in path.read_text()
    prefs = scenario_v1.load(path).preferences["union"]
    assert prefs.reservation == 1e-05
    assert prefs.weights["wage"] == 1e22


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"accord": 1, "title": "x",}', r"t.json:1:27: not valid JSON: a trailing comma is not allowed"),
        ('{"accord": 1, "parties": [1, 2, ]}', r"t.json:1:31: not valid JSON: a trailing comma is not allowed"),
        ("{'accord': 1}", r"t.json:1:2: not valid JSON: JSON strings and keys take double quotes"),
        ('{"accord": 1, "title": \'x\'}', r"t.json:1:24: not valid JSON: JSON strings and keys take double quotes"),
        ('{"accord": 1 // the version\n}', r"t.json:1:14: not valid JSON: JSON has no comments"),
        ('{"accord": 1, /* no */ "title": "x"}', r"t.json:1:15: not valid JSON: JSON has no comments"),
        ('{"accord": 1,\n "title": NaN}', r"t.json:2:11: not valid JSON: JSON has no NaN or Infinity"),
        ('{"accord": -Infinity}', r"t.json:1:12: not valid JSON: JSON has no NaN or Infinity"),
        ('{"accord": 01}', r"t.json:1:13: not valid JSON: expected ',' or '}'"),
        ('{"accord": .5}', r"t.json:1:12: not valid JSON: expected a value"),
        ('{"accord": 1} {}', r"t.json:1:15: not valid JSON: expected the end of the file"),
        ('{"a": "x\ty"}', r"t.json:1:7: not valid JSON: a string is not closed, or holds a raw control"),
        ('{"a": "\\x41"}', r"t.json:1:7: not valid JSON: a string is not closed"),
        ('{"a" 1}', r"t.json:1:6: not valid JSON: expected ':' after the key"),
        ('{"a": 1', r"t.json:1:8: not valid JSON: expected ',' or '}' \(found the end of the file\)"),
        ("", r"t.json:1:1: not valid JSON: expected a value"),
        ("{accord: 1}", r"t.json:1:2: not valid JSON: expected a key in double quotes"),
    ],
)
def test_invalid_json_is_refused_at_its_place(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_json(text, "t.json")


def test_valid_json_edge_cases() -> None:
    text = '\t{ "a" :[ 1 , -0.5e+2,true,false,null,"\\u00e9\\n\\"" ,{} ,[]] ,"b\\u0041":{}}\r\n'
    doc = parse_json(text, "t.json")
    assert doc.data == {"a": [1, -50.0, True, False, None, 'é\n"', {}, []], "bA": {}}
    assert doc.positions[("a", 1)] == (1, 15)
    assert doc.key_positions[("bA",)] == (1, 62)
    assert doc.positions[("a", 7)] == (1, 57)


def test_duplicate_keys_are_refused_at_the_second() -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_v1.loads('{"accord": 1,\n "title": "a",\n "title": "b"}', "t.json")
    assert str(info.value) == "t.json:3:2: title: key 'title' appears twice; keep one of them"


def test_later_errors_have_json_positions(tmp_path: Path) -> None:
    data = _data()
    data["drafts"][1]["date"] = "2025-02-30"
    data["points"][0]["range"]["step"] = 3
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data, indent=1))
    with pytest.raises(ScenarioError) as info:
        scenario_v1.load(path)
    places = sorted((p.path, p.line) for p in info.value.problems)
    lines = path.read_text().splitlines()
    assert all(line is not None for _, line in places)
    for where, line in places:
        assert where.rsplit(".", 1)[-1] in lines[line - 1]  # type: ignore[index]


def test_deep_nesting_is_refused_before_decoding() -> None:
    text = '{"accord": 1, "title": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(InputError, match=f"t.json:1:{24 + MAX_DEPTH - 1}: nesting deeper than {MAX_DEPTH} levels"):
        scenario_v1.loads(text, "t.json")


def test_huge_integers_are_refused_with_their_place() -> None:
    with pytest.raises(
        ScenarioError, match=r"t.json:1:12: accord: the number 999999999999\.\.\.999999 has 5,001 digits"
    ):
        scenario_v1.loads('{"accord": ' + "9" * 5001 + "}", "t.json")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.json", "accord: 1", True),
        ("a.JSON", "accord: 1", True),
        ("a.yaml", '{"accord": 1}', False),
        ("a.yml", '{"accord": 1}', False),
        ("a.txt", '  \n{"accord": 1}', True),
        ("<string>", '{"accord": 1}', True),
        ("<string>", "accord: 1", False),
        ("scenario", "[1]", False),
    ],
)
def test_which_reader(name: str, text: str, expected: bool) -> None:
    assert is_json(name, text) is expected


def test_a_yaml_flow_mapping_in_a_yaml_file_stays_yaml() -> None:
    assert parse_text("{accord: 1, title: x}", "a.yaml").data == {"accord": 1, "title": "x"}
    with pytest.raises(InputError, match="not valid JSON"):
        parse_text("{accord: 1, title: x}", "a.json")


def test_has_top_level_key_never_recurses_or_converts() -> None:
    deep = '{"accord": 1, "title": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert has_top_level_key(deep, "accord")
    assert has_top_level_key('{"accord": ' + "9" * 5001 + "}", "accord")
    assert has_top_level_key('{"accord": 1,}', "accord")
    assert not has_top_level_key('{"a": {"accord": 1}}', "accord")
    assert not has_top_level_key("[1]", "accord")
    assert not has_top_level_key("accord: 1", "accord")
