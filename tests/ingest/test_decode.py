"""Bytes to text: UTF-8 first, then a legacy encoding, with a note whenever the bytes were not clean
UTF-8; binary data is refused rather than decoded into noise."""

from __future__ import annotations

import codecs

import pytest

from newsgraph.ingest.decode import decode, tidy
from newsgraph.ingest.errors import IngestError

STORY = ("The minister’s delegation arrived in Genève on Tuesday for a third round of talks on the “grain "
         "corridor”, officials said. Both sides described the first session as calm and businesslike. "
         "A joint statement is expected before the weekend, according to a diplomat close to the talks. "
         "The previous round ended without agreement after the two delegations disagreed over inspections "
         "of cargo ships leaving the southern ports, and over who would pay for the insurance of the crews.")


def damaged(text: str) -> bytes:
    """UTF-8 with two stray bytes in the middle, as left by a bad copy or a cut-off transfer."""
    data = text.encode("utf-8")
    return data[:len(data) // 2] + b"\x9d\xff" + data[len(data) // 2:]


def test_utf8_is_decoded_without_a_note():
    decoded = decode(STORY.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.notes) == (STORY, "utf-8", [])


@pytest.mark.parametrize("bom, encoding", [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")])
def test_a_byte_order_mark_is_trusted(bom, encoding):
    data = STORY.encode(encoding) if encoding == "utf-16" else bom + STORY.encode("utf-8")
    assert decode(data).text == STORY


def test_a_few_invalid_bytes_in_utf8_are_replaced_and_counted():
    decoded = decode(damaged(STORY))
    assert decoded.encoding == "utf-8"
    assert decoded.notes == ["invalid UTF-8: 2 byte(s) replaced with U+FFFD"]
    assert decoded.text.count("\ufffd") == 2
    assert "minister’s delegation arrived in Genève" in decoded.text  # not mojibake


def test_cp1252_text_is_decoded_and_says_which_encoding_was_used():
    decoded = decode(STORY.encode("cp1252"))
    assert decoded.text == STORY
    assert decoded.notes == [f"not UTF-8: decoded as {decoded.encoding}"]
    assert decoded.encoding.startswith("cp125")


def test_cyrillic_in_koi8_r_is_decoded():
    text = "Министр иностранных дел заявил во вторник, что переговоры продолжатся в следующем месяце."
    decoded = decode(text.encode("koi8-r"))
    assert decoded.text == text
    assert decoded.encoding == "koi8_r"


def test_a_declared_charset_is_tried_before_detection():
    decoded = decode("Café talks resume in Genève.".encode("iso-8859-1"), declared="ISO-8859-1")
    assert decoded.text == "Café talks resume in Genève."
    assert decoded.notes == ["decoded as iso-8859-1 (declared)"]


def test_an_unknown_declared_charset_is_ignored():
    assert decode(STORY.encode("cp1252"), declared="x-unknown").text == STORY


@pytest.mark.parametrize("data, what", [
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF file"),
    (b"\x1f\x8b\x08\x00" + bytes(20), "gzip-compressed data"),
])
def test_known_binary_formats_are_named(data, what):
    with pytest.raises(IngestError, match=f"binary data \\({what}\\), not text") as excinfo:
        decode(data)
    assert excinfo.value.stage == "decode"


def test_nul_bytes_mean_binary_data():
    with pytest.raises(IngestError, match=r"binary data \(NUL bytes\)"):
        decode(b"Some words\x00\x00\x01\x02 and more")


def test_control_characters_mean_binary_data():
    with pytest.raises(IngestError, match=r"binary data \(control characters\)"):
        decode(bytes(range(1, 32)) * 20)


def test_mostly_invalid_bytes_are_refused():
    garbage = bytes(range(0x80, 0x100)) * 8 + b" a few words "
    with pytest.raises(IngestError, match="not decodable as text"):
        decode(garbage)


def test_tidy_normalises_newlines_trailing_blanks_and_composition():
    assert tidy("  Cafe\u0301 talks \r\nresume\r\rtoday\x00  \n\n") == "Café talks\nresume\n\ntoday"


# --- through ingest --------------------------------------------------------------------------------


def test_a_damaged_utf8_file_is_stored_with_a_note(sqlite_graph, write):
    report = sqlite_graph.ingest([write("damaged.txt", damaged(STORY))])
    assert (report.new, report.failed) == (1, 0)
    [doc] = sqlite_graph.documents()
    assert doc.encoding == "utf-8"
    assert doc.notes == ["invalid UTF-8: 2 byte(s) replaced with U+FFFD"]
    assert any("2 byte(s) replaced" in note for _source, note in report.notes)


def test_a_cp1252_file_is_stored_as_the_right_text(sqlite_graph, write):
    sqlite_graph.ingest([write("legacy.txt", STORY.encode("cp1252"))])
    [doc] = sqlite_graph.documents()
    assert doc.text == STORY
    assert doc.encoding.startswith("cp125")
    assert doc.notes == [f"not UTF-8: decoded as {doc.encoding}"]


def test_a_utf16_file_with_a_byte_order_mark_is_read(sqlite_graph, write):
    sqlite_graph.ingest([write("wide.txt", STORY.encode("utf-16"))])
    [doc] = sqlite_graph.documents()
    assert doc.text == STORY
    assert doc.encoding == "utf-16"
