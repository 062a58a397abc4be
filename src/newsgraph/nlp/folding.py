"""Folding text for comparison: one definition of "the same letters without their accents"."""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """The text with its combining marks removed ("Kraków" -> "Krakow", "Thaçi" -> "Thaci"); case kept."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
