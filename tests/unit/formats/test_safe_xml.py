"""Hardened XML parsing and the repairs of real-world GENIUS defects."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import FileTooLargeError, InputError, UnsafeInputError
from accord.formats.safe_xml import parse_xml, parse_xml_bytes
from accord.formats.xml_repair import decode, drop_misplaced_declaration, escape_bare_ampersands, repair

INVALID = Path(__file__).parents[2] / "data" / "genius" / "invalid"


@pytest.mark.parametrize("name", ["xxe", "billion_laughs"])
def test_dtd_attacks_are_refused(name: str) -> None:
    with pytest.raises(UnsafeInputError, match="remove the <!DOCTYPE"):
        parse_xml(INVALID / name / "domain.xml")


def test_external_entity_is_never_resolved() -> None:
    data = b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/hostname">]><a>&e;</a>'
    with pytest.raises(UnsafeInputError):
        parse_xml_bytes(data, "x.xml")


def test_size_limit_is_enforced_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(b"<a>" + b"x" * 100 + b"</a>")
    with pytest.raises(FileTooLargeError, match="more than 50 bytes, over the limit"):
        parse_xml(path, limit=50)
    with pytest.raises(FileTooLargeError):
        parse_xml_bytes(b"<a>" + b"x" * 100 + b"</a>", "mem.xml", limit=50)


def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        parse_xml(tmp_path / "missing.xml")


def test_lines_of_elements_are_recorded() -> None:
    doc = parse_xml_bytes(b"<a>\n  <b/>\n\n  <c/>\n</a>\n", "x.xml")
    b, c = list(doc.root)
    assert (doc.line(doc.root), doc.line(b), doc.line(c)) == (1, 2, 4)
    assert doc.notes == ()


def test_malformed_xml_names_line_and_column() -> None:
    with pytest.raises(InputError, match=r"x\.xml:3:2: not well-formed XML \(mismatched tag\)") as info:
        parse_xml_bytes(b"<a>\n<b>\n</a>\n", "x.xml")
    assert info.value.line == 3


def test_empty_document_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no element found"):
        parse_xml_bytes(b"   ", "x.xml")


def test_windows_1252_is_read_and_noted() -> None:
    text, notes = decode(b"<a>\n<b v='10 \x80'/></a>", "s.xml")
    assert "10 €" in text
    assert notes == ["s.xml: line 2: bytes are not valid UTF-8; read the file as Windows-1252"]


def test_utf8_is_read_without_a_note() -> None:
    assert decode("<a>€</a>".encode(), "s.xml") == ("<a>€</a>", [])


def test_utf8_bom_and_utf16_are_read() -> None:
    assert decode(b"\xef\xbb\xbf<a/>", "s.xml") == ("<a/>", [])
    assert decode("\ufeff<a>é</a>".encode("utf-16"), "s.xml")[0].endswith("<a>é</a>")


def test_declared_encoding_wins_over_the_fallback() -> None:
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><a v="é"/>'.encode("latin-1")
    doc = parse_xml_bytes(data, "s.xml")
    assert doc.root.get("v") == "é"
    assert doc.notes == ()


def test_unknown_declared_encoding_is_refused() -> None:
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        decode(b'<?xml version="1.0" encoding="klingon"?><a/>', "s.xml")


def test_bytes_neither_utf8_nor_1252_are_refused() -> None:
    with pytest.raises(InputError, match="line 2: byte 0x81 is not valid cp1252"):
        decode(b"<a>\n\x81</a>", "s.xml")


def test_comment_before_declaration_is_repaired() -> None:
    text = '<!-- profile 1 -->\n<?xml version="1.0" encoding="utf-8" ?>\n<a/>'
    repaired, notes = drop_misplaced_declaration(text, "p.xml")
    assert notes == ["p.xml: line 2: a comment before the XML declaration; declaration ignored"]
    assert repaired.count("\n") == text.count("\n")
    assert "<?xml" not in repaired


def test_blank_line_before_declaration_is_repaired() -> None:
    doc = parse_xml_bytes(b'\n<?xml version="1.0"?>\n<a/>', "p.xml")
    assert doc.root.tag == "a"
    assert doc.notes == ("p.xml: line 2: blank space before the XML declaration; declaration ignored",)


def test_declaration_at_start_needs_no_note() -> None:
    assert drop_misplaced_declaration('<?xml version="1.0"?><a/>', "p.xml")[1] == []
    assert drop_misplaced_declaration("<a/>", "p.xml") == ("<a/>", [])


def test_bare_ampersands_are_escaped_once_per_line() -> None:
    text = "<a>\n<b v='Coffee & Thee'/>\n<c v='x &amp; y &#38; &#x26; &lt;'/>\n<d v='a & b & c'/>\n</a>"
    repaired, notes = escape_bare_ampersands(text, "s.xml")
    assert notes == ["s.xml: lines 2, 4: unescaped '&' read as '&amp;'"]
    assert "Coffee &amp; Thee" in repaired
    assert "x &amp; y &#38; &#x26; &lt;" in repaired


def test_many_ampersand_lines_are_summarised() -> None:
    text = "<a>" + "".join(f"\n<b v='{i} & x'/>" for i in range(12)) + "</a>"
    notes = escape_bare_ampersands(text, "s.xml")[1]
    assert notes == ["s.xml: lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more: unescaped '&' read as '&amp;'"]


def test_ampersands_in_comments_and_cdata_are_left_alone() -> None:
    text = "<a><!-- fish & chips --><![CDATA[x & y]]><b/></a>"
    assert escape_bare_ampersands(text, "s.xml") == (text, [])


def test_one_ampersand_line_uses_the_singular() -> None:
    doc = parse_xml_bytes(b"<a>\n<b v='Coffee & Thee'/></a>", "s.xml")
    assert doc.root[0].get("v") == "Coffee & Thee"
    assert doc.notes == ("s.xml: line 2: unescaped '&' read as '&amp;'",)


def test_repair_runs_every_step_in_order() -> None:
    data = b"<!-- c -->\n<?xml version='1.0'?>\n<a v='\x80 & co'/>"
    text, notes = repair(data, "s.xml")
    assert "€ &amp; co" in text
    assert [n.split(": ", 2)[2] for n in notes] == [
        "bytes are not valid UTF-8; read the file as Windows-1252",
        "a comment before the XML declaration; declaration ignored",
        "unescaped '&' read as '&amp;'",
    ]


def test_undefined_entity_without_dtd_is_an_input_error() -> None:
    with pytest.raises(InputError, match="undefined entity"):
        parse_xml_bytes(b"<a>&nbsp;</a>", "s.xml")
