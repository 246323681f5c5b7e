"""Fuzzing the scenario reader: random bytes, random YAML and JSON, and valid-but-extreme
scenarios. Whatever the input, ``scenario_v1.load`` and ``loads`` return a Scenario or raise
an AccordError that names the file; nothing else escapes (no RecursionError, ValueError,
UnicodeError, ...)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import AccordError, ScenarioError
from accord.formats import scenario_v1
from accord.formats.yaml_source import parse_text
from accord.model import Scenario
from documents import locations, put

ROOT = Path(__file__).parents[2]
BASE_TEXT = (ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml").read_text()
BASE: dict[str, Any] = parse_text(BASE_TEXT, "base.yaml").data
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOLE = "__HOLE__"

NAMES = st.sampled_from(["f.yaml", "f.yml", "f.json", "f.txt", "<string>"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=25,
)
AWKWARD_TEXT = st.lists(
    st.sampled_from(["\x1b[2J", "\x1b]0;x\x07", "\u202e", "\u2066", "\u200f", "\x00", "\x7f", "\ud800", "é", "a", " "])
    | st.characters(),
    max_size=40,
).map("".join)


def _read(text: str, name: str) -> Scenario | None:
    try:
        return scenario_v1.loads(text, name)
    except ScenarioError as err:
        assert err.problems
        assert all(p.file == name for p in err.problems)
        return None
    except AccordError as err:
        assert name in str(err)
        return None


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(raw=st.binary(max_size=300), suffix=st.sampled_from([".yaml", ".json", ".txt"]))
def test_random_bytes_from_a_file(folder: Path, raw: bytes, suffix: str) -> None:
    path = folder / f"random{suffix}"
    path.write_bytes(raw)
    try:
        scenario_v1.load(path)
    except AccordError as err:
        assert str(path) in str(err)


@FUZZ
@given(text=st.text(max_size=300) | AWKWARD_TEXT, name=NAMES)
def test_random_text(text: str, name: str) -> None:
    _read(text, name)


@FUZZ
@given(value=JSON_VALUES, as_json=st.booleans(), name=NAMES)
def test_random_yaml_and_json(value: Any, as_json: bool, name: str) -> None:
    try:
        text = json.dumps(value) if as_json else yaml.safe_dump(value, allow_unicode=True)
    except UnicodeEncodeError:  # a lone surrogate cannot be written by the dumper itself
        return
    _read(text, name)
    _read(text.replace("{", "{\n", 1).replace(", ", ",\t"), name)


@st.composite
def extreme_scenarios(draw: st.DrawFn) -> tuple[str, str]:
    """A valid scenario pushed to one or more extremes, written as YAML or JSON."""
    data = copy.deepcopy(BASE)
    raw = ""
    hole = False  # put in last, so that no later change indexes into the text it replaces
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["deep", "digits", "long", "names", "nan", "duplicate", "drafts", "date"]))
        if kind == "deep":  # nesting written as text, since the dumpers recurse
            depth = draw(st.integers(1, 400))
            raw = "[" * depth + "1" + "]" * depth
            hole = True
        elif kind == "digits":  # written as text: Python refuses str(int) past 4,300 digits
            raw = draw(st.sampled_from(["", "-", "0."])) + "7" * draw(st.integers(1, 6000))
            hole = True
        elif kind == "long":
            data["title"] = draw(st.text(min_size=1, max_size=3)) * draw(st.integers(1, 50_000))
        elif kind == "names":
            data["parties"][0]["name"] = draw(AWKWARD_TEXT)
            data["points"][1]["options"][0]["text"] = draw(AWKWARD_TEXT)
        elif kind == "nan":
            put(data, ("preferences", "union", "weights", "wage"), draw(st.sampled_from([float("nan"), float("inf")])))
        elif kind == "duplicate":
            section = draw(st.sampled_from(["parties", "points", "drafts"]))
            data[section].append(copy.deepcopy(data[section][0]))
        elif kind == "drafts":
            count = draw(st.integers(1, 1500))
            cyclic = draw(st.booleans())
            data["drafts"] += [
                {"id": f"x{i}", "parent": f"x{i - 1}" if i or cyclic else "d1", "choices": {"wage": i % 11}}
                for i in range(count)
            ]
            if cyclic:
                data["drafts"][-count]["parent"] = f"x{count - 1}"
        else:
            data["drafts"][0]["date"] = draw(st.sampled_from(["2025-02-30", "2024-02-29", "9999-12-31", "2025-00-10"]))
    if hole:
        put(data, draw(st.sampled_from(locations(data)[1:])), HOLE)
    as_json = draw(st.booleans())
    try:
        text = json.dumps(data) if as_json else yaml.safe_dump(data, allow_unicode=True)
    except UnicodeEncodeError:
        text = json.dumps(data)
        as_json = True
    text = text.replace(f'"{HOLE}"', raw).replace(f"'{HOLE}'", raw).replace(HOLE, raw)
    return text, "extreme.json" if as_json else "extreme.yaml"


@FUZZ
@given(extreme_scenarios())
def test_valid_but_extreme_scenarios(case: tuple[str, str]) -> None:
    text, name = case
    _read(text, name)


def test_the_extremes_are_refused_as_documented() -> None:
    deep = BASE_TEXT.replace("title: Two-party wage talks", "title: " + "[" * 400 + "]" * 400)
    digits = BASE_TEXT.replace("reservation: 0.2", "reservation: " + "7" * 6000)
    for text, words in ((deep, "nesting deeper than 50 levels"), (digits, "has 6,000 digits")):
        with pytest.raises(AccordError, match=words):
            scenario_v1.loads(text, "x.yaml")
