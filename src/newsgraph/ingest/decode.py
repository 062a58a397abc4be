"""Bytes to text: UTF-8 first, then a detected legacy encoding, never silent garbage.

Binary data (a PDF or an image renamed `.txt`) is refused rather than decoded into noise; a text in
a legacy encoding (cp1252, latin-1, koi8-r, ...) is decoded and says which encoding was used; a few
invalid bytes in otherwise UTF-8 text are replaced and counted in a note.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field

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
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding not in ("utf_8", "utf-8") and best.chaos < 0.2:
        try:
            return _checked(Decoded(data.decode(best.encoding), best.encoding,
                                    [f"not UTF-8: decoded as {best.encoding}"]))
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    if replaced > MAX_REPLACED * max(len(text), 1):
        raise IngestError(f"not decodable as text: {replaced} invalid bytes in UTF-8 and no legacy "
                          "encoding fits", "decode")
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
