"""Places: the `newsgraph_places` spaCy component finds toponyms and geocodes them offline.

A toponym is a place when the text uses it as one: "fighting near Donetsk", "troops in Ukraine", "the
Kursk region". The same name used for the government that sits there ("Moscow said", "Ukraine
signed") is a metonym, and a demonym ("Ukrainian") is no place at all: the actors component takes
those, and this component leaves them out.

Candidates are spaCy's GPE and LOC entities (after the registry's corrections) plus runs of capitalised
words that the gazetteer knows and that stand where places stand (after "in", "near", "from", ... or
before "region", "oblast", ...): that is how a toponym the model misses is still found. Each is
geocoded by `newsgraph.nlp.gazetteer`, which ranks the candidates of a name by population and by the
countries the document talks about; "X, Y" (a town and its country or region) narrows X to Y.

Results are plain tuples on `doc._.ng_places`, turned into `Place`s by `newsgraph.nlp.extract`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.nlp.actors import LOCATIVE
from newsgraph.nlp.gazetteer import Gazetteer, default_gazetteer

if not Doc.has_extension("ng_places"):
    Doc.set_extension("ng_places", default=None)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_NOUNS = frozenset({"region", "oblast", "province", "city", "town", "village", "district", "county",
                         "state", "area", "border", "port", "peninsula", "island", "valley", "river", "sea",
                         "capital", "front", "governorate", "prefecture", "territory", "airport", "base"})
MAX_RUN = 4  # longest run of capitalised words tried against the gazetteer
PROMINENT = 100_000  # an untagged proper noun is taken for a place, anywhere, if a place this large has its name


@Language.factory("newsgraph_places")
def make_place_component(nlp: Language, name: str) -> PlaceFinder:
    return PlaceFinder()


class PlaceFinder:
    """Finds and geocodes the toponyms used as places; see the module docstring."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_places = find_places(doc, self.gazetteer)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def _actor_chars(doc: Doc) -> set[int]:
    """Character offsets covered by actor mentions (metonyms, demonyms, organisations, people)."""
    covered: set[int] = set()
    for start, end, *_ in doc._.ng_actors or ():
        covered.update(range(start, end))
    return covered


def _trim(span: Span) -> Span:
    while len(span) > 1 and (span[0].lower_ in ("the", "a", "an") or span[0].is_punct):
        span = span[1:]
    while len(span) > 1 and (span[-1].is_punct or span[-1].lower_ in ("'s", "’s")):
        span = span[:-1]
    return span


def _candidates(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    spans = [_trim(ent) for ent in doc.ents if ent.label_ in PLACE_LABELS]
    in_ents = {i for span in spans for i in range(span.start, span.end)}
    in_ents.update(i for ent in doc.ents for i in range(ent.start, ent.end))
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in in_ents or not token.is_title or (token.is_sent_start and not _after_locative(doc, i)):
            i += 1
            continue
        # the longest run of capitalised words starting here that the gazetteer knows
        hit = None
        for size in range(min(MAX_RUN, len(doc) - i), 0, -1):
            run = doc[i:i + size]
            if any(t.i in in_ents or not (t.is_title or t.text in ("-", "'s")) for t in run):
                continue
            if gazetteer.knows(run.text) and (_after_locative(doc, i) or _before_place_noun(doc, i + size)
                                              or _prominent(gazetteer, run)):
                hit = run
                break
        if hit is not None:
            spans.append(hit)
            i = hit.end
        else:
            i += 1
    return sorted(spans, key=lambda s: s.start)


def _after_locative(doc: Doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and doc[j].lower_ in ("the", "of", ","):
        j -= 1
    return j >= 0 and doc[j].lower_ in LOCATIVE and doc[j].lower_ not in ("of", "by", "on", "over")


def _prominent(gazetteer: Gazetteer, run: Span) -> bool:
    """A proper noun the model left untagged that names a large place ("..., including Donetsk")."""
    if not all(t.pos_ == "PROPN" for t in run if t.is_alpha):
        return False
    return any(g.population >= PROMINENT or g.feature in ("country", "admin1", "region")
               for g in gazetteer.candidates(run.text))


def _before_place_noun(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].lower_ in PLACE_NOUNS


def find_places(doc: Doc, gazetteer: Gazetteer) -> list[tuple]:
    actor_chars = _actor_chars(doc)
    spans = [s for s in _candidates(doc, gazetteer)
             if not any(c in actor_chars for c in range(s.start_char, s.end_char))]
    context: Counter[str] = Counter()
    for row in doc._.ng_actors or ():
        if row[5] and len(row[5]) == 3:
            context[row[5]] += 1
    first = [gazetteer.resolve(s.text, context) for s in spans]
    for geo in first:
        if geo is not None and geo.country:
            context[geo.country] += 2 if geo.feature == "country" else 1
    out = []
    for index, span in enumerate(spans):
        within = None
        # "Izium, Kharkiv region" / "Paris, Texas": the next toponym after a comma narrows this one
        if index + 1 < len(spans) and spans[index + 1].start == span.end + 1 and doc[span.end].text == ",":
            within = spans[index + 1].text
        geo = gazetteer.resolve(span.text, context, within=within) if within else first[index]
        if geo is None and within:
            geo = first[index]
        if geo is None:
            out.append((span.start_char, span.end_char, None, span.text, None, None, None, None, None))
        else:
            out.append((span.start_char, span.end_char, geo.geonames_id, geo.name, geo.latitude, geo.longitude,
                        geo.country, geo.admin1, geo.feature))
    return out
