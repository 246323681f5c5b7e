"""The small ``point=value`` / ``point<number`` / ``point>number`` language of red lines and links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.model import Value, tidy_number

_FORM = re.compile(r"^\s*([^=<>\s]+)\s*([=<>])\s*(.+?)\s*$")


@dataclass(frozen=True)
class Assignment:
    """A parsed ``point op text``; :func:`as_value` reads ``text`` for the point's kind."""

    point: str
    op: str
    text: str


def parse_value(text: str) -> Value:
    """``"600000"`` -> 600000, ``"2.5"`` -> 2.5, anything else stays text."""
    try:
        number = float(text.replace("_", ""))
    except ValueError:
        return text
    if number != number or number in (float("inf"), float("-inf")):
        return text
    return tidy_number(number)


def as_value(raw: object, numeric: bool) -> Value | None:
    """A written value read for a numeric or categorical point (None: not a value at all).

    YAML reads an unquoted option id such as ``60`` as a number; on a categorical point it
    is the option id ``"60"`` again.
    """
    if isinstance(raw, bool) or raw is None:
        return None
    if numeric:
        return parse_value(raw) if isinstance(raw, str) else tidy_number(float(raw))  # type: ignore[arg-type]
    return raw if isinstance(raw, str) else str(tidy_number(float(raw)))  # type: ignore[arg-type]


def parse_assignment(text: str) -> Assignment:
    """Parse one assignment; the schema has already checked its rough shape."""
    match = _FORM.match(text)
    if match is None:
        return Assignment(text, "=", "")
    point, op, raw = match.groups()
    return Assignment(point, op, raw)
