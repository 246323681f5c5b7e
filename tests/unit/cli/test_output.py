"""JSON output: indented as json.dumps(indent=2) does, long lists of objects one per line."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from accord.cli.output import _UNSAFE as UNSAFE
from accord.cli.output import LONG_LIST, clean, count, json_text

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@given(JSON)
def test_small_values_print_as_indented_json(value: object) -> None:
    text = json_text(value)
    assert json.loads(text) == value
    # json.dumps, with the characters a terminal acts on written as \u escapes
    expected = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    assert text == UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", expected)


def test_terminal_controls_are_escaped() -> None:
    text = json_text({"name": "Plan\x1b[2J\u202eB\x9b"})
    assert text == '{\n  "name": "Plan\\u001b[2J\\u202eB\\u009b"\n}'
    assert clean("a\x1b]0;title\x07b\u2066c\td") == "a\\x1b]0;title\\x07b\\u2066c\td"


def test_long_lists_of_objects_print_one_item_per_line() -> None:
    data = {"pareto": [{"agreement": {"a": "x"}, "utilities": [0.5, i / 10]} for i in range(LONG_LIST + 1)]}
    text = json_text(data)
    assert json.loads(text) == data
    lines = text.splitlines()
    assert lines[1] == '  "pareto": ['
    assert lines[2] == '    {"agreement": {"a": "x"}, "utilities": [0.5, 0.0]},'
    assert len(lines) == 1 + 1 + (LONG_LIST + 1) + 2  # {, "pareto": [, the items, ], }
    numbers = {"numbers": list(range(LONG_LIST + 1))}
    assert json_text(numbers) == json.dumps(numbers, indent=2)


def test_counts_read_as_numbers_a_person_reads() -> None:
    assert count(16_769_286_144) == "16,769,286,144"
    assert count(10**18 - 1) == "999,999,999,999,999,999"
    assert count(26 * 10**195 + 5) == "about 2.6 x 10^196"
