"""Attribution extraction against PolNeAR (Newell, Margolin and Ruths 2018, "An Attribution Relations
Corpus for Political News"): news articles whose attributions are annotated in BRAT standoff as a
source, a cue and a content span.

How the gold is read:
- `dev/text/<article>.txt` holds the text; `dev/attributions/<article>_<annotator>.ann` one annotator's
  attributions. An article annotated by k annotators is scored k times, once per file: each file is a
  complete, independent annotation, and picking one would throw away gold or need an arbitrary choice
  (the few multiply annotated articles weigh k times as much; the breakdown says how many there are).
- Text-bound annotations labelled Source, Cue and Content are the gold spans (Attribution anchors, the
  `E` relations, Discard and Discuss labels are not scored: every Source, Cue and Content is part of an
  attribution, and an attribution without a source simply has no Source span).
- A discontinuous BRAT span (`Content 10 20;25 40`) is one gold span made of its fragments. A predicted
  claim's content is likewise its `content` plus `more_content` fragments.

Figures, for Source, Cue and Content separately, over all annotation files:
- overlap: a predicted span is right when it shares a character with a gold span of the same kind;
  predictions and gold spans are paired one to one, greedily by the size of the overlap. Precision is
  over the predicted spans (identical predicted spans of a kind counted once), recall over the gold ones.
- exact: both ends equal after stripping whitespace and punctuation (quotation marks included) at the
  edges of every fragment.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.evaluate.data import DataError, gold_file
from newsgraph.evaluate.metrics import PRF, overlap_size
from newsgraph.evaluate.report import EvalSet, Figure, Report

KINDS = ("source", "cue", "content")
LABELS = {"Source": "source", "Cue": "cue", "Content": "content"}
TARGETS = {"source": 0.65, "content": 0.65, "cue": 0.75}

SENTENCE_ENDS = (". ", "? ", "! ", ".\n", "\n")

Fragments = tuple[tuple[int, int], ...]
Progress = Callable[[str, int | None], Callable[[], None]]


@dataclass(frozen=True, slots=True)
class GoldSpan:
    kind: str  # source, cue or content
    fragments: Fragments
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """One annotation file with the text of its article."""

    id: str  # the annotation file's stem: <article>_<annotator>
    article: str
    text: str
    spans: tuple[GoldSpan, ...]

    def gold(self, kind: str) -> list[GoldSpan]:
        return [s for s in self.spans if s.kind == kind]


def _no_progress(label: str, total: int | None) -> Callable[[], None]:
    return lambda: None


def parse_ann(text: str, where: str = "") -> list[GoldSpan]:
    """The Source, Cue and Content spans of a BRAT standoff file."""
    spans: list[GoldSpan] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise DataError(f"{where}:{number}: not a BRAT text-bound annotation")
        label, _, offsets = parts[1].partition(" ")
        kind = LABELS.get(label)
        if kind is None:
            continue
        try:
            fragments = tuple(sorted((int(a), int(b)) for a, b in (f.split() for f in offsets.split(";"))))
        except ValueError as exc:
            raise DataError(f"{where}:{number}: bad offsets {offsets!r}") from exc
        spans.append(GoldSpan(kind, fragments, parts[2] if len(parts) > 2 else ""))
    return spans


def load_articles(folder: Path, limit: int | None = None) -> list[Article]:
    """One Article per annotation file of `folder` (the `polnear/dev` layout), in file name order."""
    texts, anns = folder / "text", folder / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise DataError(f"{folder}: expected text/ and attributions/ folders")
    articles: list[Article] = []
    cache: dict[str, str] = {}
    for path in sorted(anns.glob("*.ann")):
        article = path.stem.rsplit("_", 1)[0]
        if article not in cache:
            source = texts / f"{article}.txt"
            if not source.exists():
                raise DataError(f"{path}: no text file {source.name}")
            cache[article] = source.read_text(encoding="utf-8")
        spans = parse_ann(path.read_text(encoding="utf-8"), str(path))
        text = cache[article]
        if any(b > len(text) or a > b for s in spans for a, b in s.fragments):
            raise DataError(f"{path}: a span lies outside its text")
        articles.append(Article(path.stem, article, text, tuple(spans)))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def predict(nlp: Any, articles: Sequence[Article], advance: Callable[[], None] | None = None) -> list[list[Any]]:
    """`doc._.ng_claims` of each article's text (each distinct text parsed once), in article order."""
    order: list[str] = []
    texts: dict[str, str] = {}
    for article in articles:
        if article.article not in texts:
            texts[article.article] = article.text
            order.append(article.article)
    found: dict[str, list[Any]] = {}
    for name, doc in zip(order, nlp.pipe(texts[name] for name in order), strict=True):
        found[name] = list(doc._.ng_claims or [])
        if advance:
            advance()
    return [found[a.article] for a in articles]


def predicted_spans(claims: Sequence[Any]) -> dict[str, list[Fragments]]:
    """The distinct predicted spans of each kind."""
    spans: dict[str, list[Fragments]] = {kind: [] for kind in KINDS}
    seen: set[tuple[str, Fragments]] = set()
    for claim in claims:
        content = (tuple(claim.content), *(tuple(m) for m in getattr(claim, "more_content", ())))
        for kind, frags in (("source", (tuple(claim.source),) if claim.source else None),
                            ("cue", (tuple(claim.cue),)), ("content", tuple(sorted(content)))):
            if frags is None or (kind, frags) in seen:
                continue
            seen.add((kind, frags))
            spans[kind].append(frags)  # type: ignore[arg-type]
    return spans


def _overlap(a: Fragments, b: Fragments) -> int:
    return sum(overlap_size(x, y) for x in a for y in b)


def match(predicted: Sequence[Fragments], gold: Sequence[Fragments]) -> list[tuple[int, int]]:
    """One-to-one pairs (prediction, gold) of overlapping spans, greedily from the largest overlap."""
    candidates = sorted(((size, i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)
                         if (size := _overlap(p, g)) > 0), key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _strippable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def stripped(text: str, frags: Fragments) -> Fragments:
    """Each fragment without whitespace and punctuation at its edges (empty fragments dropped)."""
    out = []
    for a, b in frags:
        while a < b and _strippable(text[a]):
            a += 1
        while b > a and _strippable(text[b - 1]):
            b -= 1
        if a < b:
            out.append((a, b))
    return tuple(out)


def match_exact(text: str, predicted: Sequence[Fragments], gold: Sequence[Fragments]) -> int:
    free = Counter(stripped(text, g) for g in gold)
    hits = 0
    for p in predicted:
        key = stripped(text, p)
        if free[key] > 0:
            free[key] -= 1
            hits += 1
    return hits


def _context(text: str, frags: Fragments, width: int = 300) -> str:
    """The sentence around a span (from the last sentence end or line break before it to the next one
    after it, at most `width` characters each side), with the span in brackets."""
    start, end = frags[0][0], frags[-1][1]
    begins = [found + len(mark) for mark in SENTENCE_ENDS
              if (found := text.rfind(mark, max(0, start - width), start)) != -1]
    lo = max(begins) if begins else max(0, start - width)
    ends = [found for mark in SENTENCE_ENDS if (found := text.find(mark, end, end + width)) != -1]
    hi = min(ends) + 1 if ends else min(len(text), end + width)
    return (text[lo:start] + "[" + text[start:end] + "]" + text[end:hi]).replace("\n", " ").strip()


def score(articles: Sequence[Article], predicted: Sequence[Sequence[Any]], *, path: str = "",
          max_errors: int = 0) -> EvalSet:
    """Overlap and exact figures per span kind (pure: gold and predicted claims in, an EvalSet out)."""
    if len(articles) != len(predicted):
        raise ValueError("one list of claims per annotation file is needed")
    overlap = {kind: PRF(0, 0, 0) for kind in KINDS}
    exact = {kind: PRF(0, 0, 0) for kind in KINDS}
    missed_cues: Counter[str] = Counter()
    spurious_cues: Counter[str] = Counter()
    stances: Counter[str] = Counter()
    wrong: list[dict[str, Any]] = []
    for article, claims in zip(articles, predicted, strict=True):
        spans = predicted_spans(claims)
        stances.update(c.stance for c in claims)
        for kind in KINDS:
            gold = [g.fragments for g in article.gold(kind)]
            pred = spans[kind]
            pairs = match(pred, gold)
            overlap[kind] += PRF(len(pairs), len(pred), len(gold))
            exact[kind] += PRF(match_exact(article.text, pred, gold), len(pred), len(gold))
            hit_p = {i for i, _ in pairs}
            hit_g = {j for _, j in pairs}
            for j, g in enumerate(gold):
                if j not in hit_g:
                    if kind == "cue":
                        missed_cues[article.text[g[0][0]:g[-1][1]].lower()] += 1
                    if len(wrong) < max_errors:
                        wrong.append({"file": article.id, "kind": kind, "error": "missed",
                                      "span": [list(f) for f in g], "context": _context(article.text, g)})
            for i, p in enumerate(pred):
                if i not in hit_p:
                    if kind == "cue":
                        spurious_cues[article.text[p[0][0]:p[-1][1]].lower()] += 1
                    if len(wrong) < max_errors:
                        wrong.append({"file": article.id, "kind": kind, "error": "spurious",
                                      "span": [list(f) for f in p], "context": _context(article.text, p)})
    result = EvalSet("PolNeAR attributions", path, len(articles))
    for kind in KINDS:
        prf = overlap[kind]
        result.figures.append(Figure(f"{kind} overlap F1", prf.f1, prf.gold, correct=prf.tp, target=TARGETS[kind],
                                     detail=f"P {prf.precision:.3f} R {prf.recall:.3f}, {prf.predicted} predicted"))
        result.figures.append(Figure(f"{kind} overlap precision", prf.precision, prf.predicted, correct=prf.tp))
        result.figures.append(Figure(f"{kind} overlap recall", prf.recall, prf.gold, correct=prf.tp))
    for kind in KINDS:
        prf = exact[kind]
        result.figures.append(Figure(f"{kind} exact F1", prf.f1, prf.gold, correct=prf.tp,
                                     detail=f"P {prf.precision:.3f} R {prf.recall:.3f}, {prf.predicted} predicted"))
        result.figures.append(Figure(f"{kind} exact precision", prf.precision, prf.predicted, correct=prf.tp))
        result.figures.append(Figure(f"{kind} exact recall", prf.recall, prf.gold, correct=prf.tp))
    files_per_article = Counter(a.article for a in articles)
    result.breakdown = {
        "overlap": {kind: overlap[kind].to_dict() for kind in KINDS},
        "exact": {kind: exact[kind].to_dict() for kind in KINDS},
        "articles": len(files_per_article),
        "annotation_files": len(articles),
        "articles_with_several_files": sum(1 for n in files_per_article.values() if n > 1),
        "predicted_stances": dict(stances.most_common()),
        "missed_cues": dict(missed_cues.most_common(25)),
        "spurious_cues": dict(spurious_cues.most_common(25)),
    }
    result.notes.append("each annotation file is scored against its article: an article with k annotators "
                        f"counts k times ({result.breakdown['articles_with_several_files']} article(s) have "
                        "several files)")
    result.notes.append("a discontinuous BRAT span is one span made of its fragments; overlap: any shared "
                        "character, pairs one to one by overlap size; exact: all fragments equal after stripping "
                        "whitespace and punctuation (quotes included) at their edges")
    result.notes.append("predicted spans are the distinct source, cue and content (content plus more_content) "
                        "spans of the claims; a claim without a source predicts no source span")
    result.errors = wrong
    return result


def run_claims(data: Path, nlp: Any, *, pipeline: str, limit: int | None = None, max_errors: int = 0,
               progress: Progress = _no_progress) -> Report:
    """PolNeAR dev end to end with `nlp`, a pipeline that has the newsgraph_claims component."""
    started = time.perf_counter()
    folder = gold_file(data, "polnear")
    articles = load_articles(folder, limit)
    distinct = len({a.article for a in articles})
    predicted = predict(nlp, articles, progress("PolNeAR articles", distinct))
    report = Report("claims", pipeline, str(data), limit=limit)
    report.sets.append(score(articles, predicted, path=str(folder), max_errors=max_errors))
    report.seconds = time.perf_counter() - started
    return report
