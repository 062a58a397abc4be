"""PLOVER gold-standard records (CAMEO manual examples recoded in PLOVER): one sentence, one gold event
with its PLOVER type, mode and source and target actors (text, country code, sector).

Each sentence is scored on the system's main event (`events.main_event`, default rule ``typed``); the
other rules are measured beside it without a target.

- event type: the main event's `event_type` equals the gold `event`; no main event is wrong.
- source / target country: counted where the first gold source (target) has a code. The code is
  normalised with ``newsgraph/data/eval/country_codes.toml``: old CAMEO codes become ISO (ITL -> ITA,
  JAP -> JPN ...), and IGO is matched by any of IGO, UNO, EUR (newsgraph codes UN and EU bodies apart).
  Right when the normalised code is the country of one of the main event's sources (targets). Records
  whose gold code names no country (NGO, IMG, ISM ...) are left out of the figure and counted in a note.
- mode: on records with a non-empty gold mode, the main event's `mode` equals it.
- source sector (no target): the first three letters of the first gold source's sector (``GOV``,
  ``CVLalb`` -> ``CVL``) against the sectors of the main event's sources; ``***`` is not scored.
- any event of the gold type (no target): some event of the sentence has the gold type, whichever is main.

The records carry one placeholder date (2000-01-01), not a publication date, so they are extracted
without a date.
"""

from __future__ import annotations

import functools
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.evaluate.data import DataError, read_jsonl
from newsgraph.evaluate.events import (
    DEFAULT_RULE,
    RULE_TEXT,
    RULES,
    Prediction,
    crash_note,
    event_summary,
)
from newsgraph.evaluate.report import EvalSet, share
from newsgraph.model import Event

SET_NAME = "PLOVER GSR"
TARGETS = {"type": 0.70, "source": 0.75}
CODES_FILE = Path(__file__).resolve().parent.parent / "data" / "eval" / "country_codes.toml"


@dataclass(frozen=True, slots=True)
class GoldActor:
    text: str
    code: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class PloverRecord:
    id: str
    text: str
    event: str
    mode: str | None
    sources: tuple[GoldActor, ...] = ()
    targets: tuple[GoldActor, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class CountryCodes:
    """The normalisation table of `country_codes.toml`."""

    iso: dict[str, str]
    international: dict[str, tuple[str, ...]]
    not_country: dict[str, str]

    def accepted(self, code: str) -> frozenset[str] | None:
        """The predicted country codes that match gold `code`; None when the code names no country."""
        code = code.strip().upper()
        if code in self.not_country:
            return None
        if code in self.international:
            return frozenset(self.international[code])
        return frozenset({self.iso.get(code, code)})


@functools.cache
def country_codes(path: Path = CODES_FILE) -> CountryCodes:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: cannot read the country code table ({exc})") from exc
    return CountryCodes(iso=dict(data.get("iso", {})),
                        international={k: tuple(v) for k, v in data.get("international", {}).items()},
                        not_country=dict(data.get("not_country", {})))


def _actors(value: Any) -> tuple[GoldActor, ...]:
    if not value:  # null, "" and [] all mean no actor
        return ()
    if not isinstance(value, list):
        raise TypeError(f"actors must be a list, not {value!r}")
    return tuple(GoldActor(str(a.get("actorText") or ""), (a.get("code") or "").strip() or None,
                           (a.get("sector") or "").strip() or None) for a in value)


def record_from_json(data: dict[str, Any]) -> PloverRecord:
    mode = data.get("mode")
    return PloverRecord(id=str(data.get("id", "")), text=str(data["text"]), event=str(data["event"]).strip(),
                        mode=mode.strip() if isinstance(mode, str) and mode.strip() else None,
                        sources=_actors(data.get("source")), targets=_actors(data.get("target")), raw=data)


def load_records(path: Path, limit: int | None = None) -> list[PloverRecord]:
    return read_jsonl(path, record_from_json, "a PLOVER record", limit)


def _country_verdict(gold: tuple[GoldActor, ...], predicted: list, codes: CountryCodes) -> bool | None:
    """None: not counted (no gold code, or a code that names no country)."""
    if not gold or not gold[0].code:
        return None
    accepted = codes.accepted(gold[0].code)
    if accepted is None:
        return None
    return any(m.country in accepted for m in predicted)


def judge(record: PloverRecord, main: Event | None, events: Sequence[Event],
          codes: CountryCodes | None = None) -> dict[str, bool]:
    """The figures this record counts in, and whether the main event is right in each."""
    codes = codes or country_codes()
    verdicts: dict[str, bool] = {"type": main is not None and main.event_type == record.event,
                                 "any_type": any(e.event_type == record.event for e in events)}
    for key, gold, side in (("source", record.sources, main.sources if main else []),
                            ("target", record.targets, main.targets if main else [])):
        ok = _country_verdict(gold, side, codes)
        if ok is not None:
            verdicts[key] = ok
    if record.mode:
        verdicts["mode"] = main is not None and main.mode == record.mode
    if record.sources and record.sources[0].sector and record.sources[0].sector[:3].isalpha():
        sector = record.sources[0].sector[:3].upper()
        verdicts["sector"] = main is not None and any(m.sector == sector for m in main.sources)
    return verdicts


FIGURES = (
    ("type", "event type accuracy", TARGETS["type"]),
    ("source", "source country accuracy", TARGETS["source"]),
    ("target", "target country accuracy", None),
    ("mode", "mode accuracy", None),
    ("sector", "source sector accuracy", None),
    ("any_type", "some event of the gold type", None),
)


def score(records: Sequence[PloverRecord], predictions: Sequence[Prediction], *, path: str = "",
          max_errors: int = 0, rule: str = DEFAULT_RULE) -> EvalSet:
    """The figures over all records (pure: gold and predictions in, an EvalSet out)."""
    if len(records) != len(predictions):
        raise ValueError("one prediction per record is needed")
    codes = country_codes()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    by_rule = {r: 0 for r in RULES}
    not_country: Counter[str] = Counter()
    wrong: list[dict[str, Any]] = []
    for record, pred in zip(records, predictions, strict=True):
        main = pred.main(rule)
        verdicts = judge(record, main, pred.events, codes)
        for key, ok in verdicts.items():
            total[key] += 1
            right[key] += ok
        confusion[record.event][(main.event_type or "(untyped)") if main else "(none)"] += 1
        for other in RULES:
            chosen = pred.main(other)
            by_rule[other] += chosen is not None and chosen.event_type == record.event
        for side in (record.sources, record.targets):
            if side and side[0].code and codes.accepted(side[0].code) is None:
                not_country[side[0].code] += 1
        failed = [key for key, ok in verdicts.items() if not ok and key != "any_type"]
        if failed and len(wrong) < max_errors:
            wrong.append({"id": record.id, "text": record.text, "wrong": failed,
                          "gold": {"event": record.event, "mode": record.mode,
                                   "source": [_actor(a) for a in record.sources],
                                   "target": [_actor(a) for a in record.targets]},
                          "predicted": event_summary(main), "events": len(pred.events), "error": pred.error})
    result = EvalSet(SET_NAME, path, len(records))
    for key, name, target in FIGURES:
        result.figures.append(share(name, right[key], total[key], target=target))
    for other in RULES:
        if other != rule:
            result.figures.append(share(f"event type accuracy (main event by rule {other!r})", by_rule[other],
                                        len(records)))
    result.breakdown["confusion"] = {gold: dict(got.most_common()) for gold, got in sorted(confusion.items())}
    result.breakdown["per_type"] = {gold: {"correct": got.get(gold, 0), "n": sum(got.values())}
                                    for gold, got in sorted(confusion.items())}
    result.notes.append(f"main event by rule {rule!r} ({RULE_TEXT.get(rule, rule)}); other rules measured "
                        "beside it")
    result.notes.append("source/target country: the first gold source (target) with a code, normalised by "
                        "data/eval/country_codes.toml (old CAMEO codes to ISO; IGO matched by IGO, UNO or EUR); "
                        "right when it is the country of one of the main event's sources (targets); no main "
                        "event is wrong")
    if not_country:
        listed = ", ".join(f"{code} x{n}" for code, n in not_country.most_common())
        result.notes.append(f"gold codes that name no country were not counted in the country figures: {listed}")
    result.notes.append("mode: records with a non-empty gold mode; sector: first three letters of the first "
                        "gold source's sector; the records are extracted without a date (theirs is a placeholder)")
    note = crash_note(predictions)
    if note:
        result.notes.append(note)
    result.errors = wrong
    return result


def _actor(actor: GoldActor) -> dict[str, Any]:
    return {"text": actor.text, "code": actor.code, "sector": actor.sector}
