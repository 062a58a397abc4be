"""Named-entity recognition against CoNLL-2003 (English, IOB1), for the newsgraph pipeline and for the
same spaCy pipeline bare.

Each gold sentence is given to the pipeline as a Doc of its own words, so that both sides share the
tokens; spans are compared by character offsets and type, exactly (CoNLL's own convention).

spaCy's OntoNotes labels are mapped onto CoNLL's four: PERSON -> PER; GPE, LOC, FAC -> LOC; ORG -> ORG;
NORP, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE -> MISC; the numeric and temporal labels (DATE, TIME,
CARDINAL, ORDINAL, QUANTITY, MONEY, PERCENT) are dropped. The target figure is the micro F1 over PER,
LOC and ORG together (MISC follows different guidelines in the two schemes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.evaluate.data import DataError
from newsgraph.evaluate.metrics import PRF
from newsgraph.evaluate.report import EvalSet, Figure

LABEL_MAP = {
    "PERSON": "PER", "PER": "PER",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "LANGUAGE": "MISC", "MISC": "MISC",
}
TYPES = ("PER", "LOC", "ORG", "MISC")
CORE = ("PER", "LOC", "ORG")
TARGET_F1 = 0.80
MAPPING_TEXT = ("PERSON->PER; GPE, LOC, FAC->LOC; ORG->ORG; NORP, EVENT, PRODUCT, WORK_OF_ART, LAW, "
                "LANGUAGE->MISC; DATE, TIME, CARDINAL, ORDINAL, QUANTITY, MONEY, PERCENT dropped")

Entity = tuple[int, int, str]  # start char, end char, CoNLL type


@dataclass(frozen=True, slots=True)
class ConllSentence:
    words: tuple[str, ...]
    tags: tuple[str, ...]
    document: int  # which -DOCSTART- section it is in

    @property
    def text(self) -> str:
        return " ".join(self.words)

    def offsets(self) -> list[tuple[int, int]]:
        spans, at = [], 0
        for word in self.words:
            spans.append((at, at + len(word)))
            at += len(word) + 1
        return spans

    def entities(self) -> list[Entity]:
        """Gold entities as character spans of `text`."""
        offsets = self.offsets()
        return [(offsets[s][0], offsets[e - 1][1], kind) for s, e, kind in iob1_spans(self.tags)]


def iob1_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans (start, end exclusive, type) of IOB1 tags.

    In IOB1 an `I-X` tag starts an entity unless the token before is inside an entity of the same type;
    `B-X` is used only to start a new entity right after another one of the same type. IOB2 input (every
    entity opened by B-) decodes the same way.
    """
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    kind: str | None = None
    for i, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if tag == "O" or not label:
            if start is not None:
                spans.append((start, i, kind))  # type: ignore[arg-type]
            start, kind = None, None
            continue
        if prefix == "B" or label != kind:
            if start is not None:
                spans.append((start, i, kind))  # type: ignore[arg-type]
            start, kind = i, label
    if start is not None:
        spans.append((start, len(tags), kind))  # type: ignore[arg-type]
    return spans


def read_conll(lines: Iterable[str]) -> Iterator[ConllSentence]:
    """Sentences of a CoNLL-2003 file: `word POS chunk NE` per line, blank lines between sentences."""
    words: list[str] = []
    tags: list[str] = []
    document = 0
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            if words:
                yield ConllSentence(tuple(words), tuple(tags), document)
                words, tags = [], []
            continue
        columns = line.split()
        if columns[0] == "-DOCSTART-":
            if words:
                yield ConllSentence(tuple(words), tuple(tags), document)
                words, tags = [], []
            document += 1
            continue
        if len(columns) < 2:
            raise DataError(f"line {number}: expected `word ... NE-tag`, got {line!r}")
        words.append(columns[0])
        tags.append(columns[-1])
    if words:
        yield ConllSentence(tuple(words), tuple(tags), document)


def load_sentences(path: Path, limit: int | None = None) -> list[ConllSentence]:
    sentences: list[ConllSentence] = []
    with path.open(encoding="utf-8") as lines:
        try:
            for sentence in read_conll(lines):
                sentences.append(sentence)
                if limit is not None and len(sentences) >= limit:
                    break
        except DataError as exc:
            raise DataError(f"{path}: {exc}") from exc
    return sentences


def map_label(label: str) -> str | None:
    return LABEL_MAP.get(label)


def predict(nlp: Any, sentences: Sequence[ConllSentence], batch_size: int = 256,
            progress: Callable[[int], None] | None = None) -> list[list[Entity]]:
    """Entities the pipeline finds in each sentence, mapped to CoNLL types (unmapped labels dropped)."""
    from spacy.tokens import Doc

    def docs() -> Iterator[Doc]:
        for sentence in sentences:
            spaces = [True] * len(sentence.words)
            spaces[-1] = False
            yield Doc(nlp.vocab, words=list(sentence.words), spaces=spaces)

    found: list[list[Entity]] = []
    for doc in nlp.pipe(docs(), batch_size=batch_size):
        entities = []
        for ent in doc.ents:
            kind = map_label(ent.label_)
            if kind:
                entities.append((ent.start_char, ent.end_char, kind))
        found.append(entities)
        if progress:
            progress(1)
    return found


def count(gold: Sequence[Sequence[Entity]], predicted: Sequence[Sequence[Entity]]) -> dict[str, PRF]:
    """Exact span-and-type counts per CoNLL type over aligned sentences."""
    if len(gold) != len(predicted):
        raise ValueError("one prediction list per sentence is needed")
    tp = dict.fromkeys(TYPES, 0)
    n_pred = dict.fromkeys(TYPES, 0)
    n_gold = dict.fromkeys(TYPES, 0)
    for g, p in zip(gold, predicted, strict=True):
        gset, pset = set(g), set(p)
        for _, _, kind in gset:
            n_gold[kind] = n_gold.get(kind, 0) + 1
        for entity in pset:
            n_pred[entity[2]] = n_pred.get(entity[2], 0) + 1
            if entity in gset:
                tp[entity[2]] = tp.get(entity[2], 0) + 1
    return {kind: PRF(tp.get(kind, 0), n_pred.get(kind, 0), n_gold.get(kind, 0)) for kind in TYPES}


def micro(counts: dict[str, PRF], kinds: Sequence[str]) -> PRF:
    total = PRF(0, 0, 0)
    for kind in kinds:
        total = total + counts[kind]
    return total


def score(sentences: Sequence[ConllSentence], systems: dict[str, Sequence[Sequence[Entity]]], *,
          path: str = "", max_errors: int = 0, error_system: str = "newsgraph") -> EvalSet:
    """Figures for each system (name -> entities per sentence), the first one carrying the target."""
    gold = [s.entities() for s in sentences]
    result = EvalSet("CoNLL-2003 English (eng.testa)", path, len(sentences))
    for index, (system, predicted) in enumerate(systems.items()):
        counts = count(gold, predicted)
        core = micro(counts, CORE)
        result.figures.append(Figure("PER+LOC+ORG micro F1", core.f1, core.gold, correct=core.tp,
                                     target=TARGET_F1 if index == 0 else None, system=system,
                                     detail=_pr(core)))
        every = micro(counts, TYPES)
        result.figures.append(Figure("all four types micro F1", every.f1, every.gold, correct=every.tp,
                                     system=system, detail=_pr(every)))
        for kind in TYPES:
            prf = counts[kind]
            result.figures.append(Figure(f"{kind} F1", prf.f1, prf.gold, correct=prf.tp, system=system,
                                         detail=_pr(prf)))
        result.breakdown[system] = {kind: counts[kind].to_dict() for kind in TYPES} | {
            "PER+LOC+ORG": core.to_dict(), "all": every.to_dict()}
    result.notes.append(f"label mapping: {MAPPING_TEXT}")
    result.notes.append("exact match of character span and type; sentences given as their own tokens")
    result.breakdown["label_mapping"] = dict(LABEL_MAP)
    if max_errors and error_system in systems:
        result.errors = wrong_cases(sentences, gold, systems[error_system], max_errors)
    return result


def _pr(prf: PRF) -> str:
    return f"P {prf.precision:.3f} R {prf.recall:.3f}, {prf.predicted} predicted"


def wrong_cases(sentences: Sequence[ConllSentence], gold: Sequence[Sequence[Entity]],
                predicted: Sequence[Sequence[Entity]], limit: int) -> list[dict[str, Any]]:
    """The first sentences where the PER/LOC/ORG entities differ: what was missed and what was extra."""
    cases: list[dict[str, Any]] = []
    for sentence, g, p in zip(sentences, gold, predicted, strict=True):
        text = sentence.text
        gset = {e for e in g if e[2] in CORE}
        pset = {e for e in p if e[2] in CORE}
        if gset == pset:
            continue
        cases.append({"sentence": text,
                      "missed": [f"{text[s:e]} ({k})" for s, e, k in sorted(gset - pset)],
                      "extra": [f"{text[s:e]} ({k})" for s, e, k in sorted(pset - gset)]})
        if len(cases) >= limit:
            break
    return cases
