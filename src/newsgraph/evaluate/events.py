"""Event evaluation (`newsgraph eval events`): PLOVER GSR, CASE 2021 task 2 and the PETRARCH-2 unit tests.

Every set is scored on the events the extractor reads in one short text (a sentence or a snippet). Two of
them give one gold event per text, so one of the system's events has to stand for the text: its *main
event*. `main_event` picks it by a rule that does not depend on the gold set:

- ``root`` (the default): the event whose trigger is closest to the root of its sentence's dependency
  tree (fewest head steps: the main clause's verb before a noun in a side phrase; `Event.depth`, from the
  extractor's own parse), then as ``typed``;
- ``typed``: events with a PLOVER type before untyped ones, then the highest confidence, then the
  earliest trigger;
- ``first``: the earliest trigger;
- ``confidence``: the highest confidence, then the earliest trigger.

The default is scored as the primary figure; the others are measured beside it without a target, so the
choice can be checked on each set. `predict` runs the extractor once per text and keeps, with the events,
each trigger's depth in the dependency tree, so every rule can be scored from one run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from newsgraph.evaluate.data import gold_file
from newsgraph.evaluate.report import EvalSet, Report
from newsgraph.model import ActorMention, Event

Progress = Callable[[str, int | None], Callable[[], None]]  # (label, total) -> advance()
MakeExtractor = Callable[[list[str]], Any]  # registry files -> an extractor using them

RULES = ("typed", "root", "first", "confidence")
RULE_TEXT = {
    "root": "the trigger nearest the root of the sentence's parse, then as 'typed'",
    "typed": "events with a PLOVER type first, then the highest confidence, then the earliest trigger",
    "first": "the earliest trigger",
    "confidence": "the highest confidence, then the earliest trigger",
}
DEFAULT_RULE = "root"


def _no_progress(label: str, total: int | None) -> Callable[[], None]:
    return lambda: None


@dataclass(slots=True)
class Prediction:
    """The events the extractor read in one text, each trigger's dependency depth (None where unknown),
    and the exception the extractor raised, if any (then there are no events)."""

    events: list[Event] = field(default_factory=list)
    depths: list[int | None] = field(default_factory=list)
    error: str | None = None

    def main(self, rule: str = DEFAULT_RULE, keep: Callable[[Event], bool] | None = None) -> Event | None:
        """The main event by `rule` among the events `keep` accepts (all by default)."""
        pairs = [(e, d) for e, d in zip(self.events, self.depths or [None] * len(self.events), strict=True)
                 if keep is None or keep(e)]
        return main_event([e for e, _ in pairs], rule=rule, depths=[d for _, d in pairs])


def _typed_key(event: Event) -> tuple[bool, float, int]:
    return (event.event_type is None, -event.confidence, event.evidence.start_char)


def main_event(events: Sequence[Event], text: str | None = None, *, rule: str = DEFAULT_RULE,
               depths: Sequence[int | None] | None = None, nlp: Any = None) -> Event | None:
    """The event that stands for a sentence or snippet (None when there is none); see the module doc.

    For the ``root`` rule the depths come from `depths` (one per event), or else from parsing `text`
    with `nlp`; an event whose depth is unknown ranks after those with a depth.
    """
    if rule not in RULES:
        raise ValueError(f"unknown main-event rule {rule!r} (one of {', '.join(RULES)})")
    if not events:
        return None
    if rule == "typed":
        return min(events, key=_typed_key)
    if rule == "first":
        return min(events, key=lambda e: (e.evidence.start_char, _typed_key(e)))
    if rule == "confidence":
        return min(events, key=lambda e: (-e.confidence, e.evidence.start_char))
    if depths is None or all(d is None for d in depths):
        depths = [e.depth for e in events]
    if all(d is None for d in depths) and nlp is not None and text is not None:
        depths = trigger_depths(nlp(text), events)
    ranked = sorted(zip(events, depths, strict=True),
                    key=lambda pair: (pair[1] is None, pair[1] or 0, _typed_key(pair[0])))
    return ranked[0][0]


def trigger_depths(doc: Any, events: Iterable[Event], offset: int = 0) -> list[int | None]:
    """How many head steps separate each event's trigger from its sentence's root (0: the root itself).

    The trigger is the token of the trigger span nearest the root; `offset` is subtracted from the
    events' character offsets (0 when `doc` is the whole text). None where no token covers the trigger.
    """
    found: list[int | None] = []
    for event in events:
        start, end = event.evidence.start_char - offset, event.evidence.end_char - offset
        tokens = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
        found.append(min((_depth(t) for t in tokens), default=None))
    return found


def _depth(token: Any) -> int:
    steps = 0
    while token.head.i != token.i and steps < 100:
        token = token.head
        steps += 1
    return steps


def predict(extractor: Any, texts: Sequence[tuple[str, datetime | None]],
            progress: Callable[[], None] | None = None, *, depths: bool = True) -> list[Prediction]:
    """Extract each (text, publication date); an exception is kept as that text's error, not raised.

    With `depths`, each text is also parsed with `extractor.nlp` (when it has one) for the triggers'
    dependency depths, used by the ``root`` rule.
    """
    out: list[Prediction] = []
    nlp = _parser(getattr(extractor, "nlp", None)) if depths else None
    for text, published in texts:
        try:
            facts = extractor.extract(text, published)
            events = list(facts.events)
        except Exception as exc:  # an evaluation reports a crash on one record and goes on
            out.append(Prediction(error=f"{type(exc).__name__}: {exc}"))
        else:
            found: list[int | None] = [e.depth for e in events]  # the extractor's own reading of the parse
            if nlp is not None and events and any(d is None for d in found):
                try:
                    found = trigger_depths(nlp(text), events)
                except Exception:  # the depth is a side measure: without it the root rule ranks by type
                    found = [None] * len(events)
            out.append(Prediction(events, found))
        if progress:
            progress()
    return out


def _parser(nlp: Any) -> Callable[[str], Any] | None:
    """`nlp` without newsgraph's own fact components (the depths need only the parse)."""
    if nlp is None:
        return None
    names = getattr(nlp, "pipe_names", None)
    if not names or not hasattr(nlp, "select_pipes"):
        return nlp
    skip = [p for p in names if p.startswith("newsgraph_") and p != "newsgraph_paragraphs"]

    def parse(text: str) -> Any:
        with nlp.select_pipes(disable=skip):
            return nlp(text)

    return parse


# --- what the error lists show ---------------------------------------------------------------------


def mention_summary(mention: ActorMention) -> dict[str, Any]:
    return {"text": mention.text, "actor": mention.actor, "country": mention.country, "sector": mention.sector}


def event_summary(event: Event | None) -> dict[str, Any] | None:
    """The fields of an event the scorers look at, for the error lists."""
    if event is None:
        return None
    return {"type": event.event_type, "trigger": event.trigger, "mode": event.mode, "cameo": event.cameo,
            "category": event.category, "confidence": event.confidence, "modality": event.modality,
            "negated": event.negated, "sources": [mention_summary(m) for m in event.sources],
            "targets": [mention_summary(m) for m in event.targets]}


def crash_note(predictions: Sequence[Prediction]) -> str | None:
    crashed = [p.error for p in predictions if p.error]
    if not crashed:
        return None
    return f"the extractor raised on {len(crashed)} text(s) (first: {crashed[0]}); they count as having no event"


# --- the task ----------------------------------------------------------------------------------------


def run_events(data: Path, extractor: Any, *, pipeline: str, limit: int | None = None, max_errors: int = 0,
               progress: Progress = _no_progress, make_extractor: MakeExtractor | None = None) -> Report:
    """Score the extractor's events on PLOVER GSR, CASE 2021 task 2 and the PETRARCH-2 unit tests.

    `make_extractor(registry_files)` builds a second extractor whose actor registry includes the given
    files; the PETRARCH set needs one (its actors are fictional and come with their own dictionaries) and
    is reported as not measured without it.
    """
    from newsgraph.evaluate import case2021, petrarch, plover

    started = time.perf_counter()
    report = Report("events", pipeline, str(data), limit=limit)

    path = gold_file(data, "plover")
    records = plover.load_records(path, limit)
    predictions = predict(extractor, [(r.text, None) for r in records], progress("PLOVER GSR", len(records)))
    report.sets.append(plover.score(records, predictions, path=str(path), max_errors=max_errors))

    path = gold_file(data, "case2021")
    snippets = case2021.load_snippets(path, limit)
    predictions = predict(extractor, [(s.text, None) for s in snippets], progress("CASE 2021", len(snippets)))
    report.sets.append(case2021.score(snippets, predictions, path=str(path), max_errors=max_errors))

    path = gold_file(data, "petrarch")
    actors = gold_file(data, "petrarch_actors")
    agents = gold_file(data, "petrarch_agents")
    sentences = petrarch.load_records(path, limit)
    if make_extractor is None:
        skipped = EvalSet(petrarch.SET_NAME, str(path), len(sentences))
        skipped.notes.append("not measured: the PETRARCH actors are fictional and need their dictionaries "
                             "loaded into a second extractor, and none can be built here")
        report.sets.append(skipped)
    else:
        dictionary = petrarch.convert_dictionaries(actors, agents)
        with petrarch.registry_file(dictionary) as registry:
            coder = make_extractor([str(registry)])
            predictions = predict(coder, [(s.text, s.date) for s in sentences],
                                  progress("PETRARCH-2 unit tests", len(sentences)))
        report.sets.append(petrarch.score(sentences, predictions, dictionary, path=str(path),
                                          max_errors=max_errors))
    report.seconds = time.perf_counter() - started
    return report
