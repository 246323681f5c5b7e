"""Repairs of the real-world defects found in GENIUS XML files, each reported as a note.

GENIUS reads its files with a lenient hand-written parser (``genius.core.xml.SimpleDOMParser``),
so files that a conforming XML parser rejects circulate among ANAC domains. accord repairs
the three defects whose intent is unambiguous, before a strict parser sees the text:

* bytes that are not UTF-8 (and no other encoding is declared) are read as Windows-1252,
  the encoding the files were written in (``New_sporthal.xml`` spells the euro sign 0x80);
* an XML declaration that does not start the file (a comment or blank line before it) is
  dropped, as the text is already decoded;
* a bare ``&`` that does not start an entity or character reference is read as ``&amp;``
  (``"Coffee & Thee"``), outside comments, CDATA sections and processing instructions.

Each repair returns notes such as ``"movie.xml: line 12: unescaped '&' read as '&amp;'"``.
Anything else stays an error for the strict parser to report with its line.
"""

from __future__ import annotations

import codecs
import re

from accord.errors import InputError

_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_DECLARATION = re.compile(r"<\?xml(?:\s(?:[^?]|\?(?!>))*)?\?>")
_FIRST_ELEMENT = re.compile(r"<[A-Za-z_:]")
_PROTECTED = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_BARE_AMPERSAND = re.compile(r"&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);)")
_UTF8 = codecs.lookup("utf-8").name
_MAX_LINES_LISTED = 10


def repair(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode ``data`` and repair the known defects; return the text and one note per repair."""
    text, notes = decode(data, source)
    text, more = drop_misplaced_declaration(text, source)
    notes += more
    text, more = escape_bare_ampersands(text, source)
    notes += more
    return text, notes


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Text of ``data``: a BOM or declared encoding wins, else UTF-8, else Windows-1252 (noted).

    Raises InputError naming the line when the bytes fit none of them.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", source), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", source), []
    declared = _declared_encoding(data, source)
    if declared is not None and declared != _UTF8:
        return _strict(data, declared, source), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = _byte_line(data, err.start)
        text = _strict(data, "cp1252", source)
        return text, [f"{source}: line {line}: bytes are not valid UTF-8; read the file as Windows-1252"]


def _declared_encoding(data: bytes, source: str) -> str | None:
    match = _DECLARED_ENCODING.search(data[:2048])
    if match is None:
        return None
    name = match.group(1).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError as err:
        raise InputError(
            f"{source}: line {_byte_line(data, match.start())}: unknown encoding {name!r} in the XML "
            'declaration; save the file as UTF-8 and declare encoding="UTF-8"',
            file=source,
            line=_byte_line(data, match.start()),
        ) from err


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        line = _byte_line(data, err.start)
        byte = data[err.start]
        raise InputError(
            f"{source}: line {line}: byte 0x{byte:02X} is not valid {encoding}; save the file as UTF-8",
            file=source,
            line=line,
        ) from err


def _byte_line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _text_line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def drop_misplaced_declaration(text: str, source: str) -> tuple[str, list[str]]:
    """Blank out the XML declaration (the text is decoded already); note it if text precedes it.

    The declaration is replaced by spaces, so line and column numbers stay those of the file.
    """
    first = _FIRST_ELEMENT.search(text)
    prolog_end = first.start() if first else len(text)
    match = _DECLARATION.search(text, 0, prolog_end)
    if match is None:
        return text, []
    blank = "".join(c if c == "\n" else " " for c in match.group(0))
    repaired = text[: match.start()] + blank + text[match.end() :]
    if match.start() == 0:
        return repaired, []
    before = "a comment" if "<!--" in text[: match.start()] else "blank space"
    line = _text_line(text, match.start())
    return repaired, [f"{source}: line {line}: {before} before the XML declaration; declaration ignored"]


def escape_bare_ampersands(text: str, source: str) -> tuple[str, list[str]]:
    """Read each ``&`` that starts no reference as ``&amp;``; one note per line repaired."""
    pieces: list[str] = []
    lines: list[int] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        pieces.append(_escape(text, position, match.start(), lines))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(_escape(text, position, len(text), lines))
    if not lines:
        return text, []
    unique = sorted(set(lines))
    shown = ", ".join(str(n) for n in unique[:_MAX_LINES_LISTED])
    more = f" and {len(unique) - _MAX_LINES_LISTED} more" if len(unique) > _MAX_LINES_LISTED else ""
    where = f"line {shown}" if len(unique) == 1 else f"lines {shown}{more}"
    return "".join(pieces), [f"{source}: {where}: unescaped '&' read as '&amp;'"]


def _escape(text: str, start: int, end: int, lines: list[int]) -> str:
    segment = text[start:end]
    for match in _BARE_AMPERSAND.finditer(segment):
        lines.append(_text_line(text, start + match.start()))
    return _BARE_AMPERSAND.sub("&amp;", segment)
