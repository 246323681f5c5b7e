"""Reading a JSON scenario strictly (RFC 8259), with the position of every value and key.

Two passes, each doing what it is best at:

1. :class:`_Scanner`, a small iterative JSON parser written here, reads the text once with
   an explicit stack. It accepts exactly the grammar of RFC 8259 (no comments, no trailing
   commas, no single quotes, no ``NaN`` or ``Infinity``) and reports the first syntax error
   at its line and column, naming the usual mistake. On the way it records the position of
   every value and key, refuses nesting deeper than
   :data:`~accord.formats.document.MAX_DEPTH` (before anything recursive runs: the
   standard decoder recurses once per level) and collects, as Problems at their place,
   duplicate keys and numbers of more than :data:`~accord.formats.document.MAX_DIGITS`
   digits (Python refuses to convert an integer of more than 4,300 digits, and converts a
   long one in quadratic time).
2. :func:`json.loads` then takes the values, so strings, escapes and numbers are decoded by
   the standard library (``1e-05`` is the float it is in every JSON reader).

Why not YAML's composer for the positions: PyYAML follows YAML 1.1 (where ``1e-05`` is text),
refuses valid JSON (tabs between tokens) and accepts invalid JSON; positions taken from it
would be missing exactly where they matter.
"""

from __future__ import annotations

import contextlib
import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NoReturn

from accord.errors import InputError
from accord.formats.document import (
    MAX_DEPTH,
    Document,
    Path_,
    Position,
    digits_problem,
    has_too_many_digits,
    too_deep_message,
)

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]+|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_LITERAL = re.compile(r"true|false|null")
_MISTAKES = (
    (re.compile(r"NaN|-?Infinity"), "JSON has no NaN or Infinity; write an ordinary number"),
    (re.compile(r"'"), "JSON strings and keys take double quotes"),
    (re.compile(r"/[/*]"), "JSON has no comments; remove it"),
)
_BAD_STRING = "a string is not closed, or holds a raw control character (tab, new line) or an unknown escape"


def parse_json(text: str, name: str) -> Document:
    """Read strict JSON ``text`` into a Document (see the module docstring)."""
    doc = Document(name, None)
    _Scanner(text, doc).run()
    if doc.problems:  # duplicate keys or overlong numbers: never handed to the decoder
        return doc
    try:
        doc.data = json.loads(text)
    except ValueError as err:  # the scanner accepted what the decoder refuses: report it plainly
        line = getattr(err, "lineno", None)
        where = f"{name}:{line}:{getattr(err, 'colno', 1)}" if line else name
        raise InputError(f"{where}: not valid JSON: {err}; fix the syntax", file=name, line=line) from err
    return doc


@dataclass
class _Frame:
    """An open object (``keys`` holds its keys so far) or array (``count`` its items so far)."""

    path: Path_
    is_object: bool
    count: int = 0
    key: str = ""
    keys: set[str] = field(default_factory=set)


class _Scanner:
    """One pass over the text: syntax, positions, depth, duplicate keys, long numbers."""

    def __init__(self, text: str, doc: Document) -> None:
        self.text = text
        self.doc = doc
        self.pos = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.stack: list[_Frame] = []

    def run(self) -> None:
        """Scan the whole text; raise InputError at the first syntax error or past the depth limit."""
        self._value()
        while self.stack:
            top = self.stack[-1]
            self._skip()
            if self._peek() == ("}" if top.is_object else "]"):
                self.pos += 1
                self.stack.pop()
                continue
            comma = self.pos
            self._expect(",", f"',' or '{'}' if top.is_object else ']'}'")
            self._skip()
            if self._peek() in "}]":
                self.pos = comma
                self._fail("a trailing comma is not allowed in JSON; remove it")
            self._item(top)
        self._skip()
        if self.pos < len(self.text):
            self._fail("expected the end of the file after the top-level value")

    def _item(self, top: _Frame) -> None:
        """The next member of an object (``"key": value``) or item of an array."""
        if top.is_object:
            self._key(top)
            self._skip()
            self._expect(":", "':' after the key")
        else:
            top.count += 1
        self._value()

    def _key(self, top: _Frame) -> None:
        at = self._here()
        match = _STRING.match(self.text, self.pos)
        if match is None:
            self._fail(_BAD_STRING if self._peek() == '"' else "expected a key in double quotes")
        token = match.group()
        key = token[1:-1] if "\\" not in token else str(json.loads(token))
        self.pos = match.end()
        child = (*top.path, key)
        self.doc.key_positions.setdefault(child, at)
        if key in top.keys:
            self.doc.problems.append(self.doc.problem_at(child, at, f"key {key!r} appears twice", "keep one of them"))
        top.keys.add(key)
        top.key = key

    def _value(self) -> None:
        """One value; an object or array is opened (its members follow in :meth:`run`)."""
        self._skip()
        path = self._path()
        at = self._here()
        char = self._peek()
        self.doc.positions.setdefault(path, at)
        if char in "{[":
            if len(self.stack) + 1 > MAX_DEPTH:
                raise InputError(f"{self._where(at)}: {too_deep_message()}", file=self.doc.file, line=at[0])
            self.pos += 1
            frame = _Frame(path, char == "{")
            self._skip()
            if self._peek() == ("}" if frame.is_object else "]"):
                self.pos += 1  # empty: closed at once
                return
            self.stack.append(frame)
            self._item(frame)
            return
        for pattern in (_STRING, _NUMBER, _LITERAL):
            match = pattern.match(self.text, self.pos)
            if match is not None:
                if pattern is _NUMBER and has_too_many_digits(match.group()):
                    self.doc.problems.append(digits_problem(self.doc, path, at, match.group()))
                self.pos = match.end()
                return
        if char == '"':
            self._fail(_BAD_STRING)
        self._fail("expected a value (text in double quotes, a number, true, false, null, { or [)")

    def _path(self) -> Path_:
        if not self.stack:
            return ()
        top = self.stack[-1]
        return (*top.path, top.key) if top.is_object else (*top.path, top.count - 1)

    def _skip(self) -> None:
        match = _WS.match(self.text, self.pos)
        self.pos = match.end() if match else self.pos

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else "\0"

    def _expect(self, char: str, what: str) -> None:
        if self._peek() != char:
            self._fail(f"expected {what}")
        self.pos += 1

    def _here(self) -> Position:
        line = bisect_right(self.newlines, self.pos - 1)  # newlines before pos
        start = self.newlines[line - 1] + 1 if line else 0
        return line + 1, self.pos - start + 1

    def _where(self, at: Position) -> str:
        return f"{self.doc.file}:{at[0]}:{at[1]}"

    def _fail(self, message: str) -> NoReturn:
        at = self._here()
        found = self.text[self.pos : self.pos + 12]
        shown = f"found {found!r}" if found else "found the end of the file"
        for pattern, why in _MISTAKES:
            if pattern.match(self.text, self.pos):
                message = why
                break
        raise InputError(
            f"{self._where(at)}: not valid JSON: {message} ({shown}); fix the syntax there",
            file=self.doc.file,
            line=at[0],
        )


def has_top_level_key(text: str, key: str) -> bool:
    """Whether ``text`` is a JSON object whose top level holds ``key`` (also when the text
    goes on invalid or too deep after it); iterative, and converts no number, so format
    detection can ask without risking RecursionError or a 5,000-digit conversion."""
    doc = Document("", None)
    with contextlib.suppress(InputError):  # the keys seen before a syntax error still count
        _Scanner(text, doc).run()
    return (key,) in doc.key_positions
