"""Actor resolution against the NGEC (POLECAT coder) actor tests: a phrase, a date and sometimes a
country context, with the expected country code and PLOVER sector codes.

How the gold fields are read:
- country: `country` (or `tuple_0` for the `search_nat` cases); scored where it is non-empty. Codes for
  international bodies follow POLECAT (UNO, EUR, IGO), as the extractor does.
- sector: `code_1`, or any of `code_1__In`; scored where non-empty. The primary figure compares it with
  the mention's `sector`; a lenient figure also accepts the mention's `sector_hint`. NGEC's `UNK` means
  "no sector can be told", so a mention with no sector (or no mention at all) matches it.
- second sector: `code_2`, compared with the mention's `sector_hint`.
- `result__Is: None`: the phrase names no known actor; right when nothing is resolved (no mention, or
  a mention with neither actor nor country).
- country `""` with a sector: only the sector is scored; the share of explicitly empty countries left
  empty is reported as a side figure without a target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from newsgraph.evaluate.data import read_jsonl
from newsgraph.evaluate.report import EvalSet, Figure, share

TARGETS = {"country": 0.90, "sector": 0.80}
NO_DATE = {"", "today", "now"}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True, slots=True)
class ActorCase:
    """One gold case: the phrase, its context and date, and what is expected of it."""

    test: str
    text: str
    context: str | None
    date: datetime | None
    country: str | None  # None: not scored; "" expected empty
    sectors: tuple[str, ...] = ()  # code_1 (or the code_1__In choices); empty: not scored
    sector2: str | None = None  # code_2
    unresolved: bool = False  # result__Is: None
    expect: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ActorPrediction:
    """What the extractor made of a phrase (None everywhere when it returned no mention)."""

    found: bool
    actor: str | None = None
    country: str | None = None
    sector: str | None = None
    sector_hint: str | None = None
    name: str | None = None
    error: str | None = None  # the exception the extractor raised, if any

    def to_dict(self) -> dict[str, Any]:
        return {"found": self.found, "actor": self.actor, "name": self.name, "country": self.country,
                "sector": self.sector, "sector_hint": self.sector_hint, "error": self.error}


class PhraseResolver(Protocol):
    def resolve_phrase(self, text: str, published: datetime | None = None,
                       context: str | None = None) -> Any: ...


def parse_date(value: str | None) -> datetime | None:
    """Gold dates: "today" and empty mean no date; otherwise ISO or "10 May 2015" style."""
    if value is None or value.strip().lower() in NO_DATE:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    raise ValueError(f"unknown date format: {value!r}")


def case_from_record(record: dict[str, Any]) -> ActorCase:
    expect = record.get("expect") or {}
    country = expect.get("country", expect.get("tuple_0"))
    if "code_1__In" in expect:
        sectors = tuple(code for code in expect["code_1__In"] if code)
    else:
        sectors = (expect["code_1"],) if expect.get("code_1") else ()
    context = record.get("context")
    return ActorCase(
        test=str(record.get("test", "")), text=str(record["actor_text"]),
        context=context if isinstance(context, str) and context.strip() else None,
        date=parse_date(record.get("date")), country=country, sectors=sectors,
        sector2=expect.get("code_2") or None,
        unresolved="result__Is" in expect and expect["result__Is"] is None, expect=expect)


def load_cases(path: Path, limit: int | None = None) -> list[ActorCase]:
    return read_jsonl(path, case_from_record, "an actor test record", limit)


def predict(resolver: PhraseResolver, cases: Iterable[ActorCase],
            progress: Callable[[], None] | None = None) -> list[ActorPrediction]:
    """Resolve each case's phrase; an exception is kept as the prediction's error, not raised."""
    predictions: list[ActorPrediction] = []
    for case in cases:
        try:
            if case.context:
                mention = resolver.resolve_phrase(case.text, case.date, context=case.context)
            else:
                mention = resolver.resolve_phrase(case.text, case.date)
        except Exception as exc:  # an evaluation reports a crash on one record and goes on
            predictions.append(ActorPrediction(False, error=f"{type(exc).__name__}: {exc}"))
        else:
            predictions.append(_prediction(mention))
        if progress:
            progress()
    return predictions


def _prediction(mention: Any) -> ActorPrediction:
    if mention is None:
        return ActorPrediction(False)
    return ActorPrediction(True, actor=mention.actor, country=mention.country, sector=mention.sector,
                           sector_hint=getattr(mention, "sector_hint", None), name=mention.name)


def _sector_ok(expected: Sequence[str], got: str | None) -> bool:
    if "UNK" in expected and got in (None, "UNK"):
        return True
    return got in expected


def judge(case: ActorCase, pred: ActorPrediction) -> dict[str, bool]:
    """Which figures this case counts in, and whether it is right in each."""
    verdicts: dict[str, bool] = {}
    if case.country:
        verdicts["country"] = pred.country == case.country
    elif case.country == "":
        verdicts["country_empty"] = pred.country is None
    if case.sectors:
        verdicts["sector"] = _sector_ok(case.sectors, pred.sector)
        verdicts["sector_lenient"] = verdicts["sector"] or _sector_ok(case.sectors, pred.sector_hint)
    if case.sector2:
        verdicts["sector2"] = pred.sector_hint == case.sector2
    if case.unresolved:
        verdicts["unresolved"] = not pred.found or (pred.actor is None and pred.country is None)
    return verdicts


FIGURES = (
    ("country", "country accuracy", TARGETS["country"]),
    ("sector", "sector accuracy (code_1 = sector)", TARGETS["sector"]),
    ("sector_lenient", "sector accuracy, lenient (code_1 = sector or hint)", None),
    ("sector2", "second sector (code_2 = sector_hint)", None),
    ("unresolved", "unknown phrases left unresolved", None),
    ("country_empty", "empty gold country left empty", None),
)


def score(cases: Sequence[ActorCase], predictions: Sequence[ActorPrediction], *, path: str = "",
          max_errors: int = 0) -> EvalSet:
    """The figures over all cases (pure: gold and predictions in, an EvalSet out)."""
    if len(cases) != len(predictions):
        raise ValueError("one prediction per case is needed")
    right: dict[str, int] = {key: 0 for key, _, _ in FIGURES}
    total: dict[str, int] = {key: 0 for key, _, _ in FIGURES}
    wrong: list[dict[str, Any]] = []
    for case, pred in zip(cases, predictions, strict=True):
        verdicts = judge(case, pred)
        for key, ok in verdicts.items():
            total[key] += 1
            right[key] += ok
        failed = [key for key, ok in verdicts.items() if not ok]
        if failed and len(wrong) < max_errors:
            wrong.append({"test": case.test, "text": case.text, "context": case.context,
                          "date": case.date.date().isoformat() if case.date else None,
                          "wrong": failed, "expected": case.expect, "got": pred.to_dict()})
    result = EvalSet("NGEC actor tests", path, len(cases))
    for key, name, target in FIGURES:
        result.figures.append(share(name, right[key], total[key], target=target))
    crashed = sum(1 for p in predictions if p.error)
    result.notes.append("country: gold `country` (or `tuple_0`) where non-empty; sector: `code_1` or any of "
                        "`code_1__In`, UNK matched by no sector; code_2 against sector_hint; result None: "
                        "neither actor nor country resolved")
    if crashed:
        result.notes.append(f"the extractor raised on {crashed} case(s); they count as unresolved")
    result.errors = wrong
    return result


def figure(result: EvalSet, key: str) -> Figure:
    names = {k: name for k, name, _ in FIGURES}
    return result.figure(names[key])
