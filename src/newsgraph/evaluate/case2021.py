"""CASE 2021 shared task 2: news snippets, each with one fine-grained event label (ACLED sub-event types
such as ARMED_CLASH or PEACE_PROTEST, plus the task's added types DIPLO, ATTRIB, ORG_CRIME,
NATURAL_DISASTER and MAN_MADE_DISASTER, and OTHER).

newsgraph's event `category` uses the CASE label names, so a prediction is the category itself (the
mapping is the identity; a category outside the gold labels counts as a wrong label). The prediction for
a snippet is the category of its main event among the events that have a category (`events.main_event`,
default rule ``typed``); a snippet with no categorised event is predicted ``OTHER``, the task's label
for events outside the other types (measured beside it: no fallback, where such a snippet predicts
nothing and is wrong for its gold label).

- macro F1: the mean of the per-label F1 over every label in the gold file (a label the system never
  predicts scores 0);
- micro F1: over single-label snippets each given one prediction, equal to accuracy;
- breakdown: precision, recall and F1 per label, and the confusion counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.evaluate.data import DataError
from newsgraph.evaluate.events import DEFAULT_RULE, RULES, Prediction, crash_note, event_summary
from newsgraph.evaluate.metrics import PRF
from newsgraph.evaluate.report import EvalSet, Figure, share
from newsgraph.model import Event

SET_NAME = "CASE 2021 task 2"
TARGETS = {"macro_f1": 0.50}
FALLBACK = "OTHER"
HEADER = ("id", "EventSnippet", "SubType")


@dataclass(frozen=True, slots=True)
class Snippet:
    id: str
    text: str
    label: str


def load_snippets(path: Path, limit: int | None = None) -> list[Snippet]:
    """Read the TSV (`id`, `EventSnippet`, `SubType`, with that header); tabs separate, no quoting."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc})") from exc
    if not lines or tuple(c.strip() for c in lines[0].split("\t")) != HEADER:
        raise DataError(f"{path}:1: want the header {' '.join(HEADER)} (tab-separated)")
    snippets: list[Snippet] = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 3 or not cells[1].strip() or not cells[2].strip():
            raise DataError(f"{path}:{number}: want three tab-separated cells: id, snippet, label")
        snippets.append(Snippet(cells[0].strip(), cells[1].strip(), cells[2].strip()))
        if limit is not None and len(snippets) >= limit:
            break
    return snippets


def _categorised(event: Event) -> bool:
    return bool(event.category)


def predicted_label(prediction: Prediction, rule: str = DEFAULT_RULE, fallback: str | None = FALLBACK) -> str | None:
    """The category of the main event among the most specific categorised ones (ACLED codes an event by its
    most specific sub-event type: a grenade attack is GRENADE, not ATTACK; see `rank` in categories.toml),
    else `fallback`."""
    ranked = [e for e in prediction.events if e.category]
    if not ranked:
        return fallback
    best = min(_rank(e.category) for e in ranked)
    main = prediction.main(rule, keep=lambda e: bool(e.category) and _rank(e.category) == best)
    return main.category if main is not None else fallback


def _rank(category: str | None) -> int:
    from newsgraph.nlp.lexicon import default_lexicon

    return int(default_lexicon().categories.get(category or "", {}).get("rank", 2))


def per_label(gold: Sequence[str], predicted: Sequence[str | None]) -> dict[str, PRF]:
    """PRF for every label seen in the gold or the predictions."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter(p for p in predicted if p is not None)
    n_gold: Counter[str] = Counter(gold)
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            tp[g] += 1
    return {label: PRF(tp[label], n_pred[label], n_gold[label]) for label in sorted(set(n_gold) | set(n_pred))}


def macro_f1(gold: Sequence[str], predicted: Sequence[str | None], name: str, **kwargs: Any) -> Figure:
    """Mean F1 over the gold labels; `correct`/`n` are the right snippets and all snippets (accuracy)."""
    scores = per_label(gold, predicted)
    labels = sorted(set(gold))
    value = sum(scores[label].f1 for label in labels) / len(labels) if labels else None
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return Figure(name, value, len(gold), correct=correct,
                  detail=f"mean of {len(labels)} per-label F1; correct/n counts right snippets", **kwargs)


def score(snippets: Sequence[Snippet], predictions: Sequence[Prediction], *, path: str = "",
          max_errors: int = 0, rule: str = DEFAULT_RULE) -> EvalSet:
    """The figures over all snippets (pure: gold and predictions in, an EvalSet out)."""
    if len(snippets) != len(predictions):
        raise ValueError("one prediction per snippet is needed")
    gold = [s.label for s in snippets]
    predicted = [predicted_label(p, rule) for p in predictions]
    result = EvalSet(SET_NAME, path, len(snippets))
    result.figures.append(macro_f1(gold, predicted, "macro F1", target=TARGETS["macro_f1"]))
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    result.figures.append(share("micro F1 (accuracy)", correct, len(snippets)))
    covered = sum(p.main(rule, keep=_categorised) is not None for p in predictions)
    result.figures.append(share("snippets with a categorised event", covered, len(snippets)))
    bare = [predicted_label(p, rule, fallback=None) for p in predictions]
    result.figures.append(macro_f1(gold, bare, "macro F1 without the OTHER fallback"))
    for other in RULES:
        if other != rule:
            result.figures.append(macro_f1(gold, [predicted_label(p, other) for p in predictions],
                                           f"macro F1 (main event by rule {other!r})"))
    scores = per_label(gold, predicted)
    gold_labels = set(gold)
    result.breakdown["per_label"] = {label: prf.to_dict() for label, prf in scores.items() if label in gold_labels}
    extra = {label: prf.predicted for label, prf in scores.items() if label not in gold_labels}
    if extra:
        result.breakdown["predicted_labels_not_in_gold"] = extra
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p or "(none)"] += 1
    result.breakdown["confusion"] = {g: dict(c.most_common()) for g, c in sorted(confusion.items())}
    result.notes.append("prediction: the category of the main event (rule "
                        f"{rule!r}) among the events with the most specific category (rank in categories.toml: "
                        "a grenade attack is GRENADE, not ATTACK); newsgraph's categories use the CASE label "
                        f"names, so the mapping is the identity; a snippet with no categorised event is predicted "
                        f"{FALLBACK}")
    result.notes.append(f"macro F1 over the {len(gold_labels)} labels of the gold file (a label never predicted "
                        "scores 0); micro F1 equals accuracy as every snippet gets one label")
    note = crash_note(predictions)
    if note:
        result.notes.append(note)
    wrong = []
    for snippet, pred, label in zip(snippets, predictions, predicted, strict=True):
        if label != snippet.label and len(wrong) < max_errors:
            wrong.append({"id": snippet.id, "text": snippet.text, "gold": snippet.label, "predicted": label,
                          "main": event_summary(pred.main(rule, keep=_categorised)),
                          "events": [event_summary(e) for e in pred.events], "error": pred.error})
    result.errors = wrong
    return result
