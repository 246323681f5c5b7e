"""The format reference lists exactly the keys of the JSON Schema."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from accord.formats import scenario_v1
from accord.formats.schema import SCHEMA

DOC = Path(__file__).parents[3] / "docs" / "reference" / "scenario-format.md"


def _schema_keys(node: Any) -> set[str]:
    keys: set[str] = set()
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            keys.add(name)
            keys |= _schema_keys(sub)
        for part in ("items", "additionalProperties"):
            keys |= _schema_keys(node.get(part))
    return keys


def _documented_keys(text: str) -> set[str]:
    return set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE))


def test_every_schema_key_is_documented_and_vice_versa() -> None:
    text = DOC.read_text()
    assert _documented_keys(text) == _schema_keys(SCHEMA)


def test_the_reference_example_is_valid() -> None:
    example = DOC.read_text().split("```yaml\n", 1)[1].split("```", 1)[0]
    scenario = scenario_v1.loads(example, "scenario-format.md")
    assert scenario.outcome_count() == 22
