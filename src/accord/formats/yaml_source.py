"""Safe YAML/JSON reading that remembers where every value came from.

The text is composed into a node graph by PyYAML's safe composer and turned into plain
Python values by our own walker, which:

- refuses every explicit tag that is not a plain YAML type (no tag can build an object);
- counts the values the document holds once every alias is expanded, converting each
  aliased node only once, so an alias bomb ("billion laughs") is refused in milliseconds
  instead of exhausting memory further down the line;
- refuses duplicate mapping keys (PyYAML silently keeps the last one);
- keeps timestamps (``2025-11-20``) as the text written;
- records the line and column of every value and every mapping key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from accord.errors import InputError, Problem, UnsafeInputError
from accord.formats.files import MAX_INPUT_BYTES, read_limited

MAX_BYTES = MAX_INPUT_BYTES
MAX_NODES = 200_000

PathKey = str | int
Path_ = tuple[PathKey, ...]

_PLAIN_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


@dataclass
class Document:
    """Plain data read from a file, with the position of each value and mapping key."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int] | None:
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


def format_path(path: Path_) -> str:
    """``("points", 3, "options", 1, "id")`` -> ``points[3].options[1].id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_document(path: Path) -> Document:
    """Read a YAML or JSON file safely into a Document."""
    raw = read_limited(path)
    name = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: byte {err.start} is not UTF-8; save the file as UTF-8", file=name) from err
    return parse_text(text, name)


def parse_text(text: str, name: str) -> Document:
    """Parse YAML (JSON is read through the same path where YAML accepts it)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        return _json_fallback(text, name, err)
    except yaml.YAMLError as err:
        raise InputError(f"{name}: not valid YAML: {err}", file=name) from err
    doc = Document(name, None)
    if node is None:
        return doc
    walker = _Walker(doc)
    doc.data = walker.value(node, ())
    doc.problems.extend(walker.problems)
    return doc


def _json_fallback(text: str, name: str, err: yaml.MarkedYAMLError) -> Document:
    """JSON that YAML 1.1 rejects (tabs, for one) is read by ``json``, without positions."""
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_constant)
        except ValueError as jerr:
            line = getattr(jerr, "lineno", None)
            col = getattr(jerr, "colno", None)
            where = f"{name}:{line}:{col}" if line else name
            raise InputError(f"{where}: not valid JSON: {jerr}; fix the syntax", file=name, line=line) from jerr
        return Document(name, _stringify_keys(data))
    mark = err.problem_mark
    where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
    raise InputError(
        f"{where}: not valid YAML: {err.problem}; check the indentation and quoting there",
        file=name,
        line=mark.line + 1 if mark else None,
    ) from err


def _constant(word: str) -> float:
    return float(word)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def _stringify_keys(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k): _stringify_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_stringify_keys(v) for v in data]
    return data


class _Walker:
    """Turns a composed node graph into plain values, within a node budget."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.visited = 0
        self.seen: dict[int, tuple[Any, int]] = {}
        self.open: set[int] = set()
        self.problems: list[Problem] = []
        self.constructor = SafeConstructor()

    def value(self, node: Node, path: Path_) -> Any:
        if id(node) in self.seen:  # an alias: reuse the value, but count its expanded size
            value, size = self.seen[id(node)]
            self._spend(node, size)
            return value
        if id(node) in self.open:
            self.problems.append(
                self.doc.problem(path, "an alias refers to a value that contains it", "remove the alias")
            )
            return None
        before = self.visited
        self._spend(node, 1)
        self.open.add(id(node))
        value = self._convert(node, path)
        self.open.discard(id(node))
        self.seen[id(node)] = (value, self.visited - before)
        return value

    def _spend(self, node: Node, size: int) -> None:
        self.visited += size
        if self.visited > MAX_NODES:
            raise UnsafeInputError(
                f"{self.doc.file}:{node.start_mark.line + 1}: more than {MAX_NODES:,} values "
                "after expanding aliases (a YAML alias bomb?); write the values out or use fewer aliases",
                file=self.doc.file,
                line=node.start_mark.line + 1,
            )

    def _convert(self, node: Node, path: Path_) -> Any:
        self.doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _PLAIN_TAGS:
            self.problems.append(
                self.doc.problem(
                    path,
                    f"tag {node.tag!r} is not allowed",
                    "scenario files hold plain values only; remove the tag",
                )
            )
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.value(child, (*path, i)) for i, child in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in self._pairs(node):
            if key_node.tag not in _PLAIN_TAGS:
                self.problems.append(
                    self.doc.problem(
                        path,
                        f"tag {key_node.tag!r} on a key is not allowed",
                        "scenario files hold plain values only; remove the tag",
                    )
                )
                continue
            key = str(self.scalar(key_node)) if isinstance(key_node, ScalarNode) else None
            if key is None:
                self.problems.append(self.doc.problem(path, "a mapping key must be a plain value", "quote the key"))
                continue
            child = (*path, key)
            self.doc.key_positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                self.problems.append(
                    self.doc.problem(child, f"key {key!r} appears twice", "keep one of them", key=True)
                )
                continue
            out[key] = self.value(value_node, child)
        return out

    def _pairs(self, node: MappingNode) -> Iterator[tuple[Node, Node]]:
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    self.doc.problem((), "YAML merge keys (<<) are not supported", "write the keys out")
                )
                continue
            yield key_node, value_node

    def scalar(self, node: Node) -> Any:
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)
        return self.constructor.construct_object(node, deep=True)
