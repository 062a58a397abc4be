"""Geoparsing against GeoWebNews (Gritta, Pilehvar and Collier 2019, "A Pragmatic Guide to Geoparsing
Evaluation"): 200 news articles whose toponyms carry character offsets, a type from a fine-grained
taxonomy, and (for most) GeoNames coordinates.

Literal toponyms, the ones a geoparser should return as places, are those of the paper's literal class:
Literal, Literal_Modifier, Mixed, Coercion and Embedded_Literal. The associative (non-literal) toponyms
are Metonymic, Non_Literal_Modifier, Embedded_Non_Lit, Demonym, Language and Homonym; the remaining gold
types (Literal_Expression, Non_Lit_Expression, Non_Toponym) are not toponyms at all.

Figures:
- recognition: a prediction (a place's evidence offsets) matches a literal gold toponym it overlaps, one
  to one. In the strict figure every other prediction is a false positive, including those that land on
  a metonym or demonym (for a literal-only target they are errors); the lenient figure leaves out the
  predictions that overlap a non-literal toponym. An exact-span figure is given too.
- geocoding: over matched literal toponyms that have gold coordinates, the share within 161 km (100
  miles) by great-circle distance (a place left without coordinates counts as a miss), the mean and
  median error of those geocoded, and the AUC of the error curve (misses at the largest error).
- oracle geocoding: every literal gold toponym with coordinates is geocoded from its gold text by the
  gazetteer, with the countries of the article's other predicted places as context: the geocoder apart
  from recognition.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from newsgraph.evaluate.data import DataError
from newsgraph.evaluate.metrics import (
    MAX_ERROR_KM,
    PRF,
    error_auc,
    haversine_km,
    match_exact,
    match_overlapping,
    median,
    overlaps,
)
from newsgraph.evaluate.report import EvalSet, Figure, share

LITERAL_TYPES = frozenset({"Literal", "Literal_Modifier", "Mixed", "Coercion", "Embedded_Literal"})
ASSOCIATIVE_TYPES = frozenset({"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit", "Demonym", "Language",
                               "Homonym"})
ACCURACY_KM = 161.0
TARGETS = {"f1": 0.75, "accuracy": 0.85}


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    type: str
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def literal(self) -> bool:
        return self.type in LITERAL_TYPES

    @property
    def associative(self) -> bool:
        return self.type in ASSOCIATIVE_TYPES

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]

    @property
    def literals(self) -> list[GoldToponym]:
        return [t for t in self.toponyms if t.literal]


@dataclass(frozen=True, slots=True)
class PredictedPlace:
    start: int | None
    end: int | None
    name: str
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    geonames_id: int | None = None

    @property
    def span(self) -> tuple[int, int] | None:
        return None if self.start is None or self.end is None else (self.start, self.end)

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def _number(element: Any, tag: str, kind: type) -> Any:
    found = element.find(tag)
    if found is None or found.text is None or not found.text.strip():
        return None
    return kind(found.text.strip())


def load_articles(path: Path, limit: int | None = None) -> list[Article]:
    """Articles of a GeoWebNews XML file, with their toponyms."""
    try:
        root = ElementTree.parse(str(path)).getroot()
    except Exception as exc:  # defusedxml and expat raise several kinds
        raise DataError(f"{path}: not readable as GeoWebNews XML ({exc})") from exc
    articles: list[Article] = []
    for number, element in enumerate(root.iter("article")):
        text_el = element.find("text")
        if text_el is None:
            raise DataError(f"{path}: article {number} has no <text>")
        toponyms = []
        for top in element.iter("toponym"):
            try:
                toponyms.append(GoldToponym(
                    start=int(top.findtext("start")), end=int(top.findtext("end")),
                    name=(top.findtext("extractedName") or "").strip(), type=(top.findtext("type") or "").strip(),
                    geonames_id=_number(top, "geonamesID", int), latitude=_number(top, "latitude", float),
                    longitude=_number(top, "longitude", float)))
            except (TypeError, ValueError) as exc:
                raise DataError(f"{path}: article {number}: bad toponym ({exc})") from exc
        articles.append(Article(element.get("file", str(number)), text_el.text or "", tuple(toponyms)))
        if limit is not None and len(articles) >= limit:
            break
    return articles


def places_of(facts: Any) -> list[PredictedPlace]:
    """The predicted places of one article's extracted facts."""
    found = []
    for place in facts.places:
        evidence = place.evidence
        found.append(PredictedPlace(
            start=evidence.start_char if evidence else None, end=evidence.end_char if evidence else None,
            name=place.name, latitude=place.latitude, longitude=place.longitude, country=place.country,
            geonames_id=place.geonames_id))
    return found


def extract_all(extractor: Any, texts: Sequence[str], progress: Callable[[], None] | None = None) -> list[Any]:
    """The facts of each text, in order: in batches through `extractor.stream` where the extractor has one,
    else one `extract` call per text."""
    found: list[Any] = []
    if hasattr(extractor, "stream"):
        by_id: dict[int, Any] = {}
        for facts in extractor.stream((i, text, None) for i, text in enumerate(texts, 1)):
            by_id[facts.document_id] = facts
            if progress:
                progress()
        return [by_id[i] if i in by_id else extractor.extract(text, published=None)
                for i, text in enumerate(texts, 1)]
    for text in texts:
        found.append(extractor.extract(text, published=None))
        if progress:
            progress()
    return found


def predict(extractor: Any, articles: Sequence[Article],
            progress: Callable[[], None] | None = None) -> list[list[PredictedPlace]]:
    return [places_of(facts) for facts in extract_all(extractor, [a.text for a in articles], progress)]


@dataclass(slots=True)
class _Tally:
    strict: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    lenient: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    exact: PRF = field(default_factory=lambda: PRF(0, 0, 0))


def score(articles: Sequence[Article], predictions: Sequence[Sequence[PredictedPlace]], *, path: str = "",
          oracle: Sequence[Sequence[PredictedPlace | None]] | None = None, max_errors: int = 0) -> EvalSet:
    """Recognition and geocoding figures (pure). `oracle`, if given, holds for each article one gazetteer
    answer per literal gold toponym with coordinates, in the order of `Article.literals`."""
    if len(articles) != len(predictions):
        raise ValueError("one prediction list per article is needed")
    tally = _Tally()
    fp_on: Counter[str] = Counter()
    gold_types: Counter[str] = Counter()
    types_hit: Counter[str] = Counter()
    literal_hits: Counter[str] = Counter()
    geo_errors: list[float | None] = []
    wrong: list[dict[str, Any]] = []
    for article, predicted in zip(articles, predictions, strict=True):
        spans = _dedupe(predicted)
        located = [p for p in spans if p.span is not None]
        literals = article.literals
        pairs = match_overlapping([p.span for p in located], [(g.start, g.end) for g in literals])  # type: ignore[misc]
        exact = match_exact([p.span for p in located], [(g.start, g.end) for g in literals])  # type: ignore[misc]
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        spared = 0
        for i, place in enumerate(located):
            if i in matched_p:
                continue
            under = [g for g in article.toponyms if overlaps(place.span, (g.start, g.end))]  # type: ignore[arg-type]
            kind = under[0].type if under else "(no gold toponym)"
            fp_on[kind] += 1
            if any(g.associative for g in under):
                spared += 1
            _note(wrong, max_errors, {"article": article.id, "error": "not a literal toponym", "text": place.name,
                                      "span": list(place.span), "gold_type": kind,  # type: ignore[arg-type]
                                      "context": _context(article.text, place.start, place.end)})
        if len(spans) > len(located):
            fp_on["(no offsets)"] += len(spans) - len(located)
        tally.strict += PRF(len(pairs), len(spans), len(literals))
        tally.lenient += PRF(len(pairs), len(spans) - spared, len(literals))
        tally.exact += PRF(len(exact), len(spans), len(literals))
        for top in article.toponyms:
            gold_types[top.type] += 1
            if any(p.span and overlaps(p.span, (top.start, top.end)) for p in located):
                types_hit[top.type] += 1
        for j, gold in enumerate(literals):
            if j not in matched_g:
                _note(wrong, max_errors, {"article": article.id, "error": "missed", "text": gold.name,
                                          "gold_type": gold.type, "span": [gold.start, gold.end],
                                          "context": _context(article.text, gold.start, gold.end)})
        for i, j in pairs:
            place, gold = located[i], literals[j]
            literal_hits[gold.type] += 1
            if not gold.located:
                continue
            km = (haversine_km(place.latitude, place.longitude, gold.latitude, gold.longitude)  # type: ignore[arg-type]
                  if place.located else None)
            geo_errors.append(km)
            if km is None or km > ACCURACY_KM:
                _note(wrong, max_errors, {"article": article.id, "error": "geocoded too far", "text": gold.name,
                                          "predicted": {"name": place.name, "country": place.country,
                                                        "geonames_id": place.geonames_id,
                                                        "lat": place.latitude, "lon": place.longitude},
                                          "gold": {"geonames_id": gold.geonames_id, "lat": gold.latitude,
                                                   "lon": gold.longitude},
                                          "km": None if km is None else round(km, 1)})
    result = EvalSet("GeoWebNews", path, len(articles))
    _recognition(result, "literal toponyms", tally.strict, TARGETS["f1"], "overlap, strict")
    _recognition(result, "literal toponyms, lenient", tally.lenient, None,
                 "overlap; hits on non-literal toponyms not counted")
    _recognition(result, "literal toponyms, exact span", tally.exact, None, "exact offsets")
    result.figures.extend(geocoding_figures(geo_errors, "geocoding", target=TARGETS["accuracy"]))
    if oracle is not None:
        result.figures.extend(geocoding_figures(_oracle_errors(articles, oracle), "oracle geocoding (gold text)"))
    result.breakdown = {
        "literal_types": sorted(LITERAL_TYPES), "associative_types": sorted(ASSOCIATIVE_TYPES),
        "false_positives_on": dict(fp_on.most_common()),
        "gold_types": {kind: {"gold": n, "overlapped_by_prediction": types_hit[kind],
                              "share": round(types_hit[kind] / n, 3)} for kind, n in gold_types.most_common()},
        "literal_recall_by_type": {kind: round(literal_hits[kind] / gold_types[kind], 3)
                                   for kind in sorted(LITERAL_TYPES) if gold_types[kind]},
    }
    on_associative = sum(n for kind, n in fp_on.items() if kind in ASSOCIATIVE_TYPES)
    result.notes.append(f"literal types: {', '.join(sorted(LITERAL_TYPES))}")
    result.notes.append(f"{on_associative} false positive(s) fall on non-literal toponyms (metonyms, demonyms, "
                        f"homonyms, ...): errors in the strict figure, left out in the lenient one")
    result.notes.append(f"geocoding: accuracy within {ACCURACY_KM:.0f} km over matched literal toponyms with gold "
                        "coordinates; a place without coordinates is a miss; AUC scales ln(1+km) by "
                        "ln(1+20039), lower is better")
    result.errors = wrong
    return result


def _dedupe(predicted: Sequence[PredictedPlace]) -> list[PredictedPlace]:
    seen: set[tuple[int, int]] = set()
    kept = []
    for place in predicted:
        if place.span is not None:
            if place.span in seen:
                continue
            seen.add(place.span)
        kept.append(place)
    return kept


def _context(text: str, start: int | None, end: int | None, width: int = 60) -> str:
    if start is None or end is None:
        return ""
    return (text[max(0, start - width):start] + "[" + text[start:end] + "]" + text[end:end + width]).replace("\n", " ")


def _note(wrong: list[dict[str, Any]], limit: int, case: dict[str, Any]) -> None:
    if len(wrong) < limit:
        wrong.append(case)


def _recognition(result: EvalSet, name: str, prf: PRF, target: float | None, how: str) -> None:
    result.figures.append(Figure(f"{name}: F1", prf.f1, prf.gold, correct=prf.tp, target=target,
                                 detail=f"P {prf.precision:.3f} R {prf.recall:.3f}, {prf.predicted} predicted; {how}"))
    if target is not None:
        result.figures.append(Figure(f"{name}: precision", prf.precision, prf.predicted, correct=prf.tp))
        result.figures.append(Figure(f"{name}: recall", prf.recall, prf.gold, correct=prf.tp))


def geocoding_figures(errors_km: Sequence[float | None], label: str, target: float | None = None) -> list[Figure]:
    """Accuracy within 161 km (None = not geocoded, a miss), mean and median km, and the error AUC."""
    within = sum(1 for km in errors_km if km is not None and km <= ACCURACY_KM)
    geocoded = [km for km in errors_km if km is not None]
    missing = len(errors_km) - len(geocoded)
    mean = sum(geocoded) / len(geocoded) if geocoded else None
    return [
        share(f"{label}: accuracy@161km", within, len(errors_km), target=target,
              detail=f"{missing} without coordinates"),
        Figure(f"{label}: mean error", mean, len(geocoded), unit="km", lower_is_better=True),
        Figure(f"{label}: median error", median(geocoded), len(geocoded), unit="km", lower_is_better=True),
        Figure(f"{label}: AUC", error_auc([MAX_ERROR_KM if km is None else km for km in errors_km]),
               len(errors_km), lower_is_better=True, detail="0 best, 1 worst"),
    ]


def _oracle_errors(articles: Sequence[Article],
                   oracle: Sequence[Sequence[PredictedPlace | None]]) -> list[float | None]:
    errors: list[float | None] = []
    for article, answers in zip(articles, oracle, strict=True):
        located_gold = [g for g in article.literals if g.located]
        if len(answers) != len(located_gold):
            raise ValueError(f"article {article.id}: one oracle answer per located literal toponym is needed")
        for gold, answer in zip(located_gold, answers, strict=True):
            if answer is None or not answer.located:
                errors.append(None)
            else:
                errors.append(haversine_km(answer.latitude, answer.longitude,  # type: ignore[arg-type]
                                           gold.latitude, gold.longitude))  # type: ignore[arg-type]
    return errors


def oracle_geocode(resolve: Callable[[str, Counter[str]], Any], articles: Sequence[Article],
                   predictions: Sequence[Sequence[PredictedPlace]]) -> list[list[PredictedPlace | None]]:
    """Geocode each literal gold toponym with coordinates from its gold text; the context is a Counter of
    the countries of the article's predicted places that do not overlap it."""
    answers: list[list[PredictedPlace | None]] = []
    for article, predicted in zip(articles, predictions, strict=True):
        row: list[PredictedPlace | None] = []
        for gold in article.literals:
            if not gold.located:
                continue
            context = Counter(p.country for p in predicted
                              if p.country and not (p.span and overlaps(p.span, (gold.start, gold.end))))
            found = resolve(gold.name, context)
            row.append(None if found is None else PredictedPlace(
                None, None, getattr(found, "name", gold.name), getattr(found, "latitude", None),
                getattr(found, "longitude", None), getattr(found, "country", None),
                getattr(found, "geonames_id", None)))
        answers.append(row)
    return answers
