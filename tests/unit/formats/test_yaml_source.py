"""The YAML reader: YAML 1.2 core-schema scalars, limits, and errors placed where they are."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.errors import InputError, ScenarioError, UnsafeInputError
from accord.formats import scenario_v1, yaml12, yaml_source
from accord.formats.document import MAX_DEPTH, MAX_DIGITS
from accord.formats.yaml_source import parse_text

BASE = (Path(__file__).parents[2] / "data" / "scenario" / "valid" / "wage-talks.yaml").read_text()


@pytest.fixture(autouse=True, params=yaml12.LOADERS, ids=lambda c: c.__name__)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs on libyaml's parser (when installed) and on PyYAML's own."""
    monkeypatch.setattr(yaml_source, "LOADERS", [request.param])


def test_both_parsers_read_the_examples_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted((Path(__file__).parents[3] / "examples").glob("*.yaml")):
        first = parse_text(path.read_text(), str(path))
        monkeypatch.setattr(yaml_source, "LOADERS", [yaml12.Yaml12Loader])
        second = parse_text(path.read_text(), str(path))
        assert (first.data, first.positions, first.key_positions) == (
            second.data,
            second.positions,
            second.key_positions,
        )


def _value(text: str) -> Any:
    doc = parse_text(f"v: {text}\n", "t.yaml")
    assert not doc.problems, doc.problems
    return doc.data["v"]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1e-05", 1e-05),
        ("1E5", 100000.0),
        ("-2.5e+3", -2500.0),
        (".5", 0.5),
        ("1.", 1.0),
        ("0o17", 15),
        ("0x1F", 31),
        ("010", 10),
        ("-7", -7),
        ("+3", 3),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("Off", "Off"),
        ("y", "y"),
        ("true", True),
        ("FALSE", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("2025-11-20", "2025-11-20"),
        ("'010'", "010"),
        ("!!float 1", 1.0),
        ("!!str 1e5", "1e5"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(written: str, value: Any) -> None:
    got = _value(written)
    assert got == value
    assert type(got) is type(value)


def test_special_floats() -> None:
    assert _value(".inf") == float("inf")
    assert _value("-.Inf") == float("-inf")
    assert _value(".NaN") != _value(".NaN")


def test_pyyaml_safe_loader_is_left_alone() -> None:
    assert yaml.safe_load("a: yes") == {"a": True}


def test_a_json_number_in_yaml_is_read_as_a_number() -> None:
    scenario = scenario_v1.loads(BASE.replace("reservation: 0.2", "reservation: 2e-01"), "t.yaml")
    assert scenario.preferences["union"].reservation == 0.2


def test_wrong_explicit_tags_are_problems_at_their_place() -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_v1.loads(BASE.replace("reservation: 0.2", "reservation: !!int 1_000"), "t.yaml")
    problem = info.value.problems[0]
    assert (problem.path, problem.line, problem.column) == ("preferences.union.reservation", 22, 18)
    assert "'1_000' is not a YAML 1.2 int" in problem.message


def _nested(depth: int) -> str:
    return "accord: 1\ntitle: " + "[" * depth + "]" * depth + "\n"


def test_deep_nesting_is_refused_with_the_limit() -> None:
    text = _nested(330)
    with pytest.raises(InputError, match=rf"t.yaml:2:{MAX_DEPTH + 7}: nesting deeper than {MAX_DEPTH} levels"):
        scenario_v1.loads(text, "t.yaml")
    with pytest.raises(ScenarioError, match="expected text"):  # at the limit: read, then refused by the schema
        scenario_v1.loads(_nested(MAX_DEPTH - 1), "t.yaml")


def test_block_nesting_is_refused_too() -> None:
    text = "accord: 1\n" + "".join("  " * i + f"k{i}:\n" for i in range(400)) + "  " * 400 + "x: 1\n"
    with pytest.raises(InputError, match=f"nesting deeper than {MAX_DEPTH} levels"):
        scenario_v1.loads(text, "t.yaml")


def test_aliases_cannot_nest_past_the_limit() -> None:
    text = "a0: &a0 []\n" + "".join(f"a{i}: &a{i} " + "[" * 10 + f"*a{i - 1}" + "]" * 10 + "\n" for i in range(1, 8))
    with pytest.raises(InputError, match=r"t.yaml:\d+:\d+: this alias: nesting deeper than"):
        parse_text(text, "t.yaml")


def test_a_number_of_5001_digits_is_refused_with_its_place() -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_v1.loads(BASE.replace("reservation: 0.2", "reservation: " + "9" * 5001), "t.yaml")
    problem = info.value.problems[0]
    assert (problem.line, problem.column, problem.path) == (22, 18, "preferences.union.reservation")
    assert f"has 5,001 digits, more than the {MAX_DIGITS} accord reads" in problem.message
    long_ok = "0." + "1" * (MAX_DIGITS - 1)
    assert _value(long_ok) == float(long_ok)


def test_merge_key_error_points_at_the_merge_key() -> None:
    text = BASE.replace("weights: {wage: 2, hours: 1}", "weights: {<<: {wage: 2}, hours: 1}")
    with pytest.raises(ScenarioError) as info:
        scenario_v1.loads(text, "t.yaml")
    problem = info.value.problems[0]
    assert str(problem).startswith("t.yaml:29:15: preferences.firm.weights: YAML merge keys (<<) are not supported")


def test_alias_errors_point_at_the_alias() -> None:
    with pytest.raises(ScenarioError, match=r"^t.yaml:2:15: title\[1\]: an alias refers to a value that contains it"):
        scenario_v1.loads(BASE.replace("title: Two-party wage talks", "title: &t [a, *t]"), "t.yaml")
    with pytest.raises(ScenarioError, match=r"^t.yaml:2:8: title: alias \*nope refers to no anchor &nope"):
        scenario_v1.loads(BASE.replace("title: Two-party wage talks", "title: *nope"), "t.yaml")


def test_alias_bomb_names_its_line() -> None:
    names = ["a", *(f"b{i}" for i in range(6))]
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [" + ", ".join([f"*{before}"] * 10) + "]\n" for before, name in itertools.pairwise(names)
    )
    with pytest.raises(UnsafeInputError, match=r"t.yaml:\d: more than 200,000 values"):
        parse_text(bomb, "t.yaml")


def test_keys_problems_point_at_the_key() -> None:
    doc = parse_text("a: 1\nb:\n  c: 1\n  c: 2\n  !x d: 3\n  [e]: 4\n", "t.yaml")
    assert [(str(p)) for p in doc.problems] == [
        "t.yaml:4:3: b.c: key 'c' appears twice; keep one of them",
        "t.yaml:5:3: b: tag '!x' on a key is not allowed; scenario files hold plain values only; remove the tag",
        "t.yaml:6:3: b: a mapping key must be a plain value; quote the key",
    ]
    assert doc.data == {"a": 1, "b": {"c": 1}}
    assert doc.key_positions[("b", "c")] == (3, 3)


def test_alias_keys_and_anchored_scalars() -> None:
    doc = parse_text("k: &k wage\nm: {*k : 3}\nl: &l [1]\nn: {*l : 3}\n", "t.yaml")
    assert doc.data["m"] == {"wage": 3}
    assert [p.message for p in doc.problems] == ["a mapping key must be a plain value"]


def test_one_document_per_file() -> None:
    with pytest.raises(InputError, match=r"t.yaml:2:1: a second YAML document starts here"):
        parse_text("a: 1\n---\nb: 2\n", "t.yaml")


def test_a_control_character_is_refused_with_its_place() -> None:
    with pytest.raises(InputError, match=r"^t.yaml:2:9: not valid YAML: character U\+0007 is not allowed"):
        parse_text("a: 1\ntitle: x\x07y\n", "t.yaml")


def test_escaped_control_and_bidi_characters_are_text() -> None:
    assert _value('"x\\u001b[2Jy\\u202e"') == "x\x1b[2Jy\u202e"
