"""What an evaluation hands back: figures with the counts they come from and their targets, grouped by
gold set, plus notes (how it was scored) and the first wrong cases. Plain data, ready for JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Figure:
    """One measured figure. `correct`/`n` are the counts behind a ratio; `detail` says more in words.

    `target` is the figure the issue asks for; `lower_is_better` flips the comparison (errors in km).
    """

    name: str
    value: float | None
    n: int
    correct: int | None = None
    target: float | None = None
    system: str | None = None  # "newsgraph" or "bare spaCy" where both are measured
    detail: str | None = None
    unit: str | None = None  # None for a share 0..1; "km" for distances
    lower_is_better: bool = False

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value <= self.target if self.lower_is_better else self.value >= self.target

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "system": self.system, "value": self.value, "correct": self.correct,
                "n": self.n, "target": self.target, "met": self.met, "unit": self.unit, "detail": self.detail}


@dataclass(slots=True)
class EvalSet:
    """The figures measured on one gold file."""

    name: str
    path: str
    records: int
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)  # the first wrong cases, when asked for
    breakdown: dict[str, Any] = field(default_factory=dict)  # per type, per label, ...

    def figure(self, name: str, system: str | None = None) -> Figure:
        for fig in self.figures:
            if fig.name == name and (system is None or fig.system == system):
                return fig
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "records": self.records,
                "figures": [f.to_dict() for f in self.figures], "breakdown": self.breakdown,
                "notes": self.notes, "errors": self.errors}


@dataclass(slots=True)
class Report:
    """One `newsgraph eval` run: the command, the pipeline, the data folder and a set per gold file."""

    task: str
    pipeline: str
    data: str
    sets: list[EvalSet] = field(default_factory=list)
    seconds: float = 0.0
    limit: int | None = None

    @property
    def targets_met(self) -> bool:
        return all(f.met is not False for s in self.sets for f in s.figures)

    def to_dict(self) -> dict[str, Any]:
        return {"task": self.task, "pipeline": self.pipeline, "data": self.data, "limit": self.limit,
                "seconds": round(self.seconds, 2), "targets_met": self.targets_met,
                "sets": [s.to_dict() for s in self.sets]}


def share(name: str, correct: int, n: int, **kwargs: Any) -> Figure:
    """A ratio figure: correct / n (None when n is 0)."""
    return Figure(name, correct / n if n else None, n, correct=correct, **kwargs)
