"""Bytes to text: UTF-8 first, then a detected legacy encoding, never silent garbage.

Binary data (a PDF or an image renamed `.txt`) is refused rather than decoded into noise; a text in
a legacy encoding (cp1252, latin-1, koi8-r, ...) is decoded and says which encoding was used; a few
invalid bytes in otherwise UTF-8 text are replaced and counted in a note.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from charset_normalizer import from_bytes

from newsgraph.ingest.errors import IngestError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_MAGIC = {b"%PDF": "a PDF file", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
          b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive (or an office document)",
          b"\x1f\x8b": "gzip-compressed data", b"\x7fELF": "an executable"}
MAX_REPLACED = 0.01  # more than 1% undecodable characters means this is not text in any encoding


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode `data`, trusting a BOM, then UTF-8, then the `declared` charset, then detection."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise IngestError(f"binary data ({what}), not text", "decode")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(encoding, errors="replace"), encoding)
    if b"\x00" in data[:8192]:
        raise IngestError("binary data (NUL bytes), not text", "decode")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return _checked(Decoded(data.decode(declared), declared.lower(),
                                    [f"decoded as {declared.lower()} (declared)"]))
        except (LookupError, UnicodeDecodeError):
            pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    # More valid multi-byte UTF-8 characters than invalid bytes: damaged UTF-8, not a legacy encoding
    # (decoding it as one would turn every accent and curly quote into mojibake)
    damaged_utf8 = len(text) - len(text.encode("ascii", "ignore")) - replaced >= replaced
    results = None if damaged_utf8 else from_bytes(data[:200_000])
    best = results.best() if results else None
    if best is not None and best.encoding not in ("utf_8", "utf-8") and best.chaos < 0.2:
        encoding = best.encoding
        # Single-byte code pages often fit equally well (cp1250 reads "Genève" as "Genčve"): on a tie,
        # take windows-1252, the usual encoding of unlabelled legacy text, as browsers do
        if any(m.chaos <= best.chaos and "cp1252" in m.could_be_from_charset for m in results):
            encoding = "cp1252"
        try:
            return _checked(Decoded(data.decode(encoding), encoding, [f"not UTF-8: decoded as {encoding}"]))
        except UnicodeDecodeError:
            pass
    if replaced > MAX_REPLACED * max(len(text), 1):
        fits = "" if damaged_utf8 else " and no legacy encoding fits"
        raise IngestError(f"not decodable as text: {replaced} invalid bytes in UTF-8{fits}", "decode")
    return _checked(Decoded(text, "utf-8", [f"invalid UTF-8: {replaced} byte(s) replaced with U+FFFD"]))


def _checked(decoded: Decoded) -> Decoded:
    """Refuse decoded text that is mostly control characters: binary data that happened to decode."""
    sample = decoded.text[:20_000]
    if sample:
        control = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
        if control > 0.05 * len(sample):
            raise IngestError("binary data (control characters), not text", "decode")
    return decoded


def tidy(text: str) -> str:
    """Normalise what every reader hands on: NFC, Unix newlines, no trailing blanks, no stray NULs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", ""))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def open_text(path: Path) -> tuple[TextIO, list[str]]:
    """Open a (possibly huge) corpus file as text, with the encoding judged on its first 256 KB."""
    with path.open("rb") as raw:
        sample = raw.read(256 * 1024)
    encoding, notes = "utf-8-sig", []
    try:
        # a multi-byte character may be cut at the end of the sample
        sample.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:
            decoded = decode(sample)
            if decoded.encoding != "utf-8":
                encoding, notes = decoded.encoding, decoded.notes
    return path.open(encoding=encoding, errors="replace", newline=""), notes
