"""Reading a scenario file (YAML or JSON) safely into a :class:`Document` with positions.

**Which reader.** A file named ``*.json`` is read as JSON (:mod:`json_source`, strict RFC
8259); a file named ``*.yaml`` or ``*.yml`` as YAML. Any other name (and text given to
:func:`parse_text` as ``<string>``) is JSON when its first character other than white space
is ``{`` and YAML otherwise. A ``.yaml`` file is never read as JSON, so a YAML flow mapping
(``{accord: 1, ...}``) stays valid YAML.

**YAML 1.2 core schema.** PyYAML resolves plain scalars by YAML 1.1 rules (``yes`` and
``off`` are booleans, ``010`` is octal 8, ``1:30`` is the sexagesimal 90, ``1e-05`` is
text). :mod:`accord.formats.yaml12` resolves them, with SafeLoader subclasses that have
their own resolvers (PyYAML's global SafeLoader is left alone), as YAML 1.2's core schema (spec 1.2.2, section
10.3.2): ``true``/``false``, ``null``/``~``, decimal ``[-+]?[0-9]+`` (so ``010`` is 10),
``0o17``, ``0x1F``, floats such as ``1e-05``, ``1E5``, ``.5``, ``.inf`` and ``.nan``;
everything else is text (``yes``, ``on``, ``1:30``, ``1_000``, dates).

**One pass over events, nothing recursive.** Values are built straight from the parser's
event stream with an explicit stack (PyYAML's composer recurses about three frames per
level and ends in RecursionError near 330 levels). While building, the reader:

- refuses nesting deeper than :data:`~accord.formats.document.MAX_DEPTH`, counted with
  aliases expanded (stops at once);
- counts the values held once every alias is expanded, reusing each anchored value, so an
  alias bomb ("billion laughs") is refused in milliseconds (stops at once);
- refuses, as Problems at the exact place: tags other than the plain YAML types (no tag can
  build an object), duplicate keys (PyYAML keeps the last), merge keys (``<<``), aliases to
  no anchor or to a value that contains them, non-scalar keys, and numbers of more than
  :data:`~accord.formats.document.MAX_DIGITS` digits;
- records the line and column of every value and every mapping key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from accord.errors import InputError, UnsafeInputError
from accord.formats.document import (
    MAX_DEPTH,
    MAX_NODES,
    Document,
    Path_,
    Position,
    digits_problem,
    has_too_many_digits,
    too_deep_message,
)
from accord.formats.files import read_limited
from accord.formats.json_source import parse_json
from accord.formats.yaml12 import LOADERS, MERGE, PLAIN_TAGS, TAG_PREFIX, core_value


def load_document(path: Path) -> Document:
    """Read a YAML or JSON file safely into a Document (see the module docstring)."""
    raw = read_limited(path)
    name = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: byte {err.start} is not UTF-8; save the file as UTF-8", file=name) from err
    return parse_text(text, name)


def is_json(name: str, text: str) -> bool:
    """Whether a file called ``name`` holding ``text`` is read as JSON (the rule above)."""
    suffix = PurePath(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return False
    return suffix == ".json" or text.lstrip(" \t\r\n").startswith("{")


def parse_text(text: str, name: str) -> Document:
    """Parse ``text`` as JSON or YAML by :func:`is_json`."""
    if is_json(name, text):
        return parse_json(text, name)
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML 1.2 ``text`` (one document) into a Document."""
    builder = _Builder(Document(name, None))
    loader = LOADERS[0](text) if _printable(text, name) else None
    try:
        while loader is not None and loader.check_event():
            builder.feed(loader, loader.get_event())
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise InputError(
            f"{where}: not valid YAML: {err.problem}; check the indentation and quoting there",
            file=name,
            line=mark.line + 1 if mark else None,
        ) from err
    finally:
        if loader is not None:
            loader.dispose()
    return builder.doc


def _printable(text: str, name: str) -> bool:
    """Refuse, with its place, a character YAML does not allow (PyYAML's message has no line)."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad is None:
        return True
    line = text.count("\n", 0, bad.start()) + 1
    col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
    raise InputError(
        f"{name}:{line}:{col}: not valid YAML: character U+{ord(bad.group()):04X} is not allowed in a YAML "
        'file; remove it, or write it as an escape ("\\u0007") in a double-quoted string',
        file=name,
        line=line,
    )


@dataclass
class _Frame:
    """An open mapping or list; ``value`` None when its content is thrown away."""

    path: Path_
    value: dict[str, Any] | list[Any] | None
    anchor: str | None
    size: int = 1
    height: int = 1
    key: str = ""
    want_key: bool = True
    skip: bool = False
    keys: set[str] = field(default_factory=set)


class _Builder:
    """Builds plain values from parser events, with an explicit stack (see the module docstring)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int] | None] = {}  # None: still open
        self.visited = 0
        self.documents = 0

    def feed(self, loader: Any, event: yaml.Event) -> None:
        """Take one parser event."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self._input_error(event, "a second YAML document starts here; a scenario file holds one")
        elif isinstance(event, yaml.CollectionEndEvent):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.value, frame.size, frame.height)
            self._attach(frame.value, frame.size, frame.height, spent=True)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar_event(loader, event)
        elif isinstance(event, yaml.CollectionStartEvent):
            self._start(loader, event)

    # -- where the next node goes ------------------------------------------------------
    def _role(self) -> tuple[str, Path_]:
        if not self.stack:
            return "value", ()
        top = self.stack[-1]
        if top.value is None:
            return "discard", top.path
        if isinstance(top.value, dict):
            if top.want_key:
                return "key", top.path
            return ("discard" if top.skip else "value"), (*top.path, top.key)
        return "value", (*top.path, len(top.value))

    def _attach(self, value: Any, size: int, height: int, *, spent: bool = False) -> None:
        if not spent:
            self._spend(size)
        if not self.stack:
            self.doc.data = value
            return
        top = self.stack[-1]
        top.size += size
        top.height = max(top.height, height + 1)
        if isinstance(top.value, list):
            top.value.append(value)
        elif isinstance(top.value, dict):
            if top.want_key:  # a thrown-away collection used as a key; its value goes too
                top.want_key, top.skip = False, True
                return
            if not top.skip:
                top.value[top.key] = value
            top.want_key, top.skip = True, False

    def _spend(self, size: int, at: yaml.Event | None = None) -> None:
        self.visited += size
        if self.visited > MAX_NODES:
            line = _pos(at)[0] if at is not None else None
            raise UnsafeInputError(
                f"{self.doc.file}{f':{line}' if line else ''}: more than {MAX_NODES:,} values after expanding "
                "aliases (a YAML alias bomb?); write the values out or use fewer aliases",
                file=self.doc.file,
                line=line,
            )

    # -- nodes -----------------------------------------------------------------------
    def _start(self, loader: Any, event: yaml.CollectionStartEvent) -> None:
        role, path = self._role()
        is_map = isinstance(event, yaml.MappingStartEvent)
        if len(self.stack) + 1 > MAX_DEPTH:
            raise self._input_error(event, too_deep_message())
        at = _pos(event)
        value: dict[str, Any] | list[Any] | None = {} if is_map else []
        if role == "discard":
            value = None
        elif role == "key":
            self.doc.problems.append(
                self.doc.problem_at(path, at, "a mapping key must be a plain value", "quote the key")
            )
            value = None
        else:
            self.doc.positions[path] = at
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(MappingNode if is_map else SequenceNode, None, event.implicit)
            if tag not in PLAIN_TAGS:
                self._bad_tag(path, at, tag)
                value = None
        if event.anchor is not None:
            self.anchors[event.anchor] = None
        self.stack.append(_Frame(path, value, event.anchor))

    def _scalar_event(self, loader: Any, event: yaml.ScalarEvent) -> None:
        role, path = self._role()
        at = _pos(event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(ScalarNode, event.value, event.implicit)
        if role == "discard":
            value = None
        elif role == "key":
            self._key(path, at, tag, event.value)
            value = None if self.stack[-1].skip else self.stack[-1].key
        else:
            self.doc.positions[path] = at
            value = self._convert(path, at, tag, event.value)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, 0)
        if role != "key":
            self._attach(value, 1, 0)

    def _alias(self, event: yaml.AliasEvent) -> None:
        role, path = self._role()
        at = _pos(event)
        name = str(event.anchor)
        anchored = self.anchors.get(name)
        if role == "discard":
            self._attach(None, 1, 0)
            return
        if name not in self.anchors or anchored is None:
            message = (
                f"alias *{name} refers to no anchor &{name} defined above it"
                if name not in self.anchors
                else "an alias refers to a value that contains it"
            )
            self.doc.problems.append(self.doc.problem_at(path, at, message, "remove the alias or write the value out"))
            anchored = (None, 1, 0)
        value, size, height = anchored
        if len(self.stack) + height > MAX_DEPTH:
            raise self._input_error(event, f"this alias: {too_deep_message()}")
        if role == "key":
            if isinstance(value, dict | list):
                self.doc.problems.append(
                    self.doc.problem_at(path, at, "a mapping key must be a plain value", "quote the key")
                )
                self._attach(None, 1, 0)  # flips the mapping to its (thrown-away) value
                return
            self._key(path, at, TAG_PREFIX + "str", str(value))
            return
        self.doc.positions[path] = at
        self._spend(size, event)
        self._attach(value, size, height, spent=True)

    def _key(self, path: Path_, at: Position, tag: str, text: str) -> None:
        top = self.stack[-1]
        top.want_key, top.skip = False, True
        if tag == MERGE:
            self.doc.problems.append(
                self.doc.problem_at(path, at, "YAML merge keys (<<) are not supported", "write the keys out")
            )
            return
        if tag not in PLAIN_TAGS:
            self.doc.problems.append(
                self.doc.problem_at(
                    path,
                    at,
                    f"tag {tag!r} on a key is not allowed",
                    "scenario files hold plain values only; remove the tag",
                )
            )
            return
        key = str(self._convert(path, at, tag, text))
        child = (*path, key)
        self.doc.key_positions.setdefault(child, at)
        if key in top.keys:
            self.doc.problems.append(self.doc.problem_at(child, at, f"key {key!r} appears twice", "keep one of them"))
            return
        top.keys.add(key)
        top.key, top.skip = key, False

    def _convert(self, path: Path_, at: Position, tag: str, text: str) -> Any:
        """A scalar's value by the core schema; None (and a Problem) when it cannot be one."""
        if tag not in PLAIN_TAGS:
            self._bad_tag(path, at, tag)
            return None
        kind = tag[len(TAG_PREFIX) :]
        if kind in ("int", "float") and has_too_many_digits(text):
            self.doc.problems.append(digits_problem(self.doc, path, at, text))
            return None
        try:
            return core_value(kind, text)
        except ValueError:
            self.doc.problems.append(
                self.doc.problem_at(
                    path, at, f"{text!r} is not a YAML 1.2 {kind}", f"write a plain {kind} or drop the `!!{kind}` tag"
                )
            )
            return None

    def _bad_tag(self, path: Path_, at: Position, tag: str) -> None:
        self.doc.problems.append(
            self.doc.problem_at(
                path, at, f"tag {tag!r} is not allowed", "scenario files hold plain values only; remove the tag"
            )
        )

    def _input_error(self, event: yaml.Event, message: str) -> InputError:
        line, col = _pos(event)
        return InputError(f"{self.doc.file}:{line}:{col}: {message}", file=self.doc.file, line=line)


def _pos(event: yaml.Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
