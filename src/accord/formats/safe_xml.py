"""Hardened XML reading: no DTDs, entities or external references, a size limit, line numbers.

Parsing goes through ``defusedxml`` with every guard on (``forbid_dtd``, ``forbid_entities``,
``forbid_external``), so an XXE file or an entity-expansion bomb ("billion laughs") is refused
at its ``<!DOCTYPE`` before anything is expanded or fetched. Known real-world defects of GENIUS
files are repaired first (:mod:`accord.formats.xml_repair`) and reported as notes. Every
element's line is recorded, so readers can name the line of a problem.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from accord.errors import FileTooLargeError, InputError, UnsafeInputError
from accord.formats.files import MAX_INPUT_BYTES, read_limited
from accord.formats.xml_repair import repair

MAX_XML_BYTES = MAX_INPUT_BYTES
"""Largest XML file accord reads: the limit of every input file."""


@dataclass(frozen=True)
class XmlDocument:
    """A parsed XML file: its root, the repair notes, and the line of each element."""

    source: str
    root: ET.Element
    notes: tuple[str, ...] = ()
    lines: Mapping[ET.Element, int] = field(default_factory=dict, compare=False, repr=False)

    def line(self, element: ET.Element) -> int | None:
        """The line where ``element`` starts, when known."""
        return self.lines.get(element)


def parse_xml(path: Path, *, limit: int = MAX_XML_BYTES) -> XmlDocument:
    """Read and parse an XML file safely (see the module docstring)."""
    return parse_xml_bytes(read_limited(Path(path), limit), str(path), limit=limit)


def parse_xml_bytes(data: bytes, source: str, *, limit: int = MAX_XML_BYTES) -> XmlDocument:
    """Parse XML ``data`` read from ``source`` (a name used in messages and notes).

    Raises FileTooLargeError past ``limit``, UnsafeInputError for a DTD, entity declaration
    or external reference, and InputError (with the line) for text that is not well-formed.
    """
    if len(data) > limit:
        raise FileTooLargeError(
            f"{source}: more than {limit:,} bytes, over the limit; split or shrink the file", file=source
        )
    text, notes = repair(data, source)
    recorder = _LineRecorder()
    parser = DefusedXMLParser(target=recorder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    recorder.position = lambda: int(parser.parser.CurrentLineNumber)
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException as err:
        raise UnsafeInputError(
            f"{source}: the file declares a DTD, an entity or an external reference "
            f"({type(err).__name__}); accord refuses these for safety; remove the <!DOCTYPE ...> block",
            file=source,
        ) from err
    except ET.ParseError as err:
        line, column = err.position
        raise InputError(
            f"{source}:{line}:{column}: not well-formed XML ({_reason(err)}); fix the file at that place",
            file=source,
            line=line,
        ) from err
    return XmlDocument(source, root, tuple(notes), recorder.lines)


def _reason(err: ET.ParseError) -> str:
    message = str(err)
    return message.split(":", 1)[0] if ":" in message else message


class _LineRecorder:
    """An ElementTree parser target that records the line where each element starts."""

    def __init__(self) -> None:
        self._builder = ET.TreeBuilder()
        self.lines: dict[ET.Element, int] = {}
        self.position: Callable[[], int] = lambda: 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = self._builder.start(tag, attrs)
        self.lines[element] = self.position()
        return element

    def end(self, tag: str) -> ET.Element:
        return self._builder.end(tag)

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> ET.Element:
        return self._builder.close()
