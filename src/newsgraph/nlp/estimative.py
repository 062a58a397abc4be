"""Estimative language: the ICD 203 probability words and the hedges in a claim's wording.

`estimate` finds the first ICD 203 expression of likelihood ("likely", "almost certainly", "roughly even
chance") and gives its probability range; `hedges` lists the words that weaken an assertion without
giving odds ("reportedly", "may", "appears to"). Both read `newsgraph/data/claims/estimative.toml` and
take either a text or a sequence of words (spaCy tokens or strings); matching is on whole lower-case
words, longest phrase first, in one pass over at most MAX_WORDS words. Comparisons ("the more likely")
are listed in the data as no estimate and passed over; "possible" and "could" are hedges, not levels.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "claims" / "estimative.toml"
MAX_WORDS = 400  # words read per call: a claim's wording, not a whole document

Range = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Table:
    """Phrases (as word tuples) to their probability range, hedge words and hedge phrases."""

    levels: dict[tuple[str, ...], Range]
    longest: int
    hedge_words: frozenset[str]
    hedge_phrases: dict[tuple[str, ...], str]
    hedge_longest: int
    ignored: dict[tuple[str, ...], str]  # "more likely": an estimative word that gives no level
    starts: frozenset[str] = frozenset()  # the first words of every phrase above


def load_table(path: Path = DATA_FILE) -> Table:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    levels: dict[tuple[str, ...], Range] = {}
    for level in data.get("level", []):
        low, high = float(level["low"]), float(level["high"])
        if not 0.0 <= low <= high <= 1.0:
            raise ValueError(f"{path}: level {level.get('name')!r}: bad range {low}-{high}")
        for phrase in level.get("phrases", []):
            levels.setdefault(tuple(phrase.lower().split()), (low, high))
    hedge = data.get("hedges", {})
    phrases = {tuple(p.lower().split()): p.lower() for p in hedge.get("phrases", [])}
    ignored = {tuple(p.lower().split()): p for p in data.get("not_estimates", {}).get("phrases", [])}
    return Table(levels, max((len(k) for k in (*levels, *ignored)), default=1),
                 frozenset(w.lower() for w in hedge.get("words", [])), phrases,
                 max((len(k) for k in phrases), default=1), ignored,
                 frozenset(k[0] for k in (*levels, *phrases, *ignored) if k))


@lru_cache(maxsize=1)
def default_table() -> Table:
    return load_table()


def _words(tokens_or_text: str | Iterable[Any]) -> list[str]:
    if isinstance(tokens_or_text, str):
        words = tokens_or_text.lower().split()
        return [w.strip(".,;:!?\"'“”‘’()[]") for w in words[:MAX_WORDS]]
    found: list[str] = []
    for token in tokens_or_text:
        found.append(token if isinstance(token, str) else token.lower_)
        if len(found) >= MAX_WORDS:
            break
    return [w.lower() for w in found]


def _longest_match(words: Sequence[str], i: int, table: dict[tuple[str, ...], Any], longest: int,
                   starts: frozenset[str] | None = None) -> int:
    # most words start no phrase: one set lookup rules them out before any tuple is built
    if starts is not None and words[i] not in starts:
        return 0
    for size in range(min(longest, len(words) - i), 0, -1):
        if tuple(words[i:i + size]) in table:
            return size
    return 0


def estimate(tokens_or_text: str | Iterable[Any], table: Table | None = None) -> tuple[str, Range] | None:
    """The first ICD 203 estimative phrase and its (low, high) probability, or None; comparisons such as
    "more likely" are passed over."""
    table = table or default_table()
    words = _words(tokens_or_text)
    i = 0
    while i < len(words):
        size = _longest_match(words, i, table.levels, table.longest, table.starts)
        skip = _longest_match(words, i, table.ignored, table.longest, table.starts)
        if skip and skip >= size:
            i += skip
            continue
        if size:
            phrase = tuple(words[i:i + size])
            return " ".join(phrase), table.levels[phrase]
        i += 1
    return None


def hedges(tokens_or_text: str | Iterable[Any], table: Table | None = None) -> list[str]:
    """The hedging words and phrases, in order of appearance, each once."""
    table = table or default_table()
    words = _words(tokens_or_text)
    found: list[str] = []
    i = 0
    while i < len(words):
        size = _longest_match(words, i, table.hedge_phrases, table.hedge_longest, table.starts)
        if size:
            hedge = table.hedge_phrases[tuple(words[i:i + size])]
            i += size
        elif words[i] in table.hedge_words:
            hedge = words[i]
            i += 1
        else:
            i += 1
            continue
        if hedge not in found:
            found.append(hedge)
    return found
