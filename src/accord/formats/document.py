"""A scenario file read into plain data, with the position of every value and key.

Both readers (:mod:`accord.formats.yaml_source` and :mod:`accord.formats.json_source`)
build a :class:`Document`; the schema and the meaning checks report through it, so every
Problem names ``file:line:column`` and the path inside the document.

The limits below hold for both readers. They are far above any real scenario (the
flagship example nests 5 levels, holds about 1,500 values and no number longer than 7
digits) and keep every later stage, recursive or not, within bounded time and stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.errors import Problem

MAX_DEPTH = 50
"""Deepest nesting of mappings and lists (the top-level mapping is level 1), counted with
aliases expanded."""
MAX_DIGITS = 100
"""Most digits a number may be written with (a 5,001-digit integer takes Python
quadratic time to convert, and no negotiation needs more than a few)."""
MAX_NODES = 200_000
"""Most values a document may hold once every alias is expanded (refuses "billion laughs")."""

PathKey = str | int
Path_ = tuple[PathKey, ...]
Position = tuple[int, int]


@dataclass
class Document:
    """Plain data read from a file, with the position of each value and mapping key."""

    file: str
    data: Any
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> Position | None:
        """Line and column (1-based) of ``path``, or of its nearest ancestor that has one."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        probe = path
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return None
            probe = probe[:-1]

    def problem(self, path: Path_, message: str, hint: str = "", *, key: bool = False) -> Problem:
        """A Problem at ``path``, located in the file."""
        pos = self.position(path, key=key)
        line, col = pos if pos else (None, None)
        return Problem(self.file, format_path(path), message, hint, line, col)

    def problem_at(self, path: Path_, at: Position, message: str, hint: str = "") -> Problem:
        """A Problem at ``path`` whose position is known exactly (a key, an alias, a tag)."""
        return Problem(self.file, format_path(path), message, hint, at[0], at[1])


def format_path(path: Path_) -> str:
    """``("points", 3, "options", 1, "id")`` -> ``points[3].options[1].id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def too_deep_message() -> str:
    """The one sentence both readers use for nesting past :data:`MAX_DEPTH`."""
    return (
        f"nesting deeper than {MAX_DEPTH} levels (mappings and lists inside each other, "
        "aliases expanded); a scenario nests about 5 levels; flatten the data"
    )


def digits_problem(doc: Document, path: Path_, at: Position, written: str) -> Problem:
    """The Problem for a number written with more than :data:`MAX_DIGITS` digits."""
    count = sum(ch.isdigit() for ch in written)
    shown = written if len(written) <= 24 else f"{written[:12]}...{written[-6:]}"
    return doc.problem_at(
        path,
        at,
        f"the number {shown} has {count:,} digits, more than the {MAX_DIGITS} accord reads",
        "write a shorter number (quote it if it is meant as text)",
    )


def has_too_many_digits(written: str) -> bool:
    """Whether ``written`` holds more than :data:`MAX_DIGITS` digits (checked before converting)."""
    return len(written) > MAX_DIGITS and sum(ch.isdigit() for ch in written) > MAX_DIGITS
