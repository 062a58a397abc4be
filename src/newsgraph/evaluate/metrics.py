"""Scoring arithmetic shared by the evaluations: counts to precision/recall/F1, span matching (exact and
overlapping, one to one), great-circle distances (the gazetteer's) and the error-curve AUC of geocoding papers.

Everything here is pure: plain numbers and tuples in, plain numbers out.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from newsgraph.nlp.gazetteer import haversine_km  # noqa: F401  (one definition, used by the scorers)

# Half the Earth's circumference: the largest possible great-circle error, the AUC's scale (Gritta et al.).
MAX_ERROR_KM = 20039.0

Span = tuple[int, int]  # start, end (end exclusive)


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from true positives, predicted and gold counts (0.0 where undefined)."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold)

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


def overlaps(a: Span, b: Span) -> bool:
    """Whether two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def overlap_size(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_overlapping(predicted: Sequence[Span], gold: Sequence[Span]) -> list[tuple[int, int]]:
    """Pair predictions with gold spans they overlap, each used at most once (index pairs).

    Pairs are made greedily from the largest overlap down, so a prediction that touches two gold spans
    takes the one it covers most and leaves the other to another prediction.
    """
    candidates = sorted(
        ((overlap_size(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold) if overlaps(p, g)),
        key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return sorted(pairs)


def match_exact(predicted: Sequence[Span], gold: Sequence[Span]) -> list[tuple[int, int]]:
    """Pair predictions with gold spans of exactly the same offsets, each used at most once."""
    free: dict[Span, list[int]] = {}
    for j, g in enumerate(gold):
        free.setdefault(tuple(g), []).append(j)  # type: ignore[arg-type]
    pairs: list[tuple[int, int]] = []
    for i, p in enumerate(predicted):
        slots = free.get(tuple(p))  # type: ignore[arg-type]
        if slots:
            pairs.append((i, slots.pop(0)))
    return pairs


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def error_auc(errors_km: Sequence[float]) -> float | None:
    """Area under the curve of sorted log errors, scaled to 0..1 (Gritta et al. 2018); lower is better.

    Each error is scaled as ln(1 + km) / ln(1 + 20039 km); the area is the trapezoid rule over the sorted
    scaled errors, divided by the number of steps. One error alone gives its own scaled value.
    """
    if not errors_km:
        return None
    scale = math.log1p(MAX_ERROR_KM)
    scaled = sorted(min(math.log1p(max(e, 0.0)), scale) / scale for e in errors_km)
    if len(scaled) == 1:
        return scaled[0]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(scaled))
    return area / (len(scaled) - 1)


def ratio(correct: int, total: int) -> float | None:
    return correct / total if total else None
