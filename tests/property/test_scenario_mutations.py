"""Mutated scenario files never crash the reader: each is valid or a clean AccordError."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import AccordError, ScenarioError
from accord.formats import scenario_v1
from accord.formats.yaml_source import parse_text
from accord.model import Scenario
from documents import locations

ROOT = Path(__file__).parents[2]
SOURCES = [
    ROOT / "tests" / "data" / "scenario" / "valid" / "wage-talks.yaml",
    *sorted((ROOT / "examples").glob("*.yaml")),
]
TEXTS = [p.read_text() for p in SOURCES]
DATA = [parse_text(t, "source.yaml").data for t in TEXTS]

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _mutate(data: Any, path: tuple[Any, ...], action: str, junk: Any) -> Any:
    if not path:
        return junk if action == "replace" else data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    else:
        parent[last] = junk
    return data


def _read(text: str) -> Scenario | None:
    try:
        return scenario_v1.loads(text, "mutant.yaml")
    except ScenarioError as err:
        assert err.problems, "a ScenarioError lists its problems"
        assert all(str(p).startswith("mutant.yaml") for p in err.problems)
        return None
    except AccordError as err:
        assert "mutant.yaml" in str(err)
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_structural_mutations_never_crash(data: st.DataObject) -> None:
    which = data.draw(st.integers(0, len(DATA) - 1))
    doc = copy.deepcopy(DATA[which])
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(locations(doc)))
        action = data.draw(st.sampled_from(["delete", "replace", "duplicate"]))
        doc = _mutate(doc, path, action, data.draw(JUNK))
    text = yaml.safe_dump(doc, allow_unicode=True) if data.draw(st.booleans()) else json.dumps(doc)
    _read(text)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_text_mutations_never_crash(data: st.DataObject) -> None:
    text = TEXTS[data.draw(st.integers(0, len(TEXTS) - 1))]
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 20))
        insert = data.draw(st.text(alphabet=" :-[]{}&*!|>'\"#\n\tx0.", max_size=6))
        text = text[:at] + insert + text[at + cut :]
    _read(text)


def test_unmutated_sources_are_valid() -> None:
    for text in TEXTS:
        assert isinstance(_read(text), Scenario)
