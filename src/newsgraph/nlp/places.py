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

from newsgraph.nlp.gazetteer import Gazetteer, default_gazetteer
from newsgraph.nlp.toponyms import opens_dateline, roles

if not Doc.has_extension("ng_places"):
    Doc.set_extension("ng_places", default=None)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MAX_RUN = 4  # longest run of capitalised words tried against the gazetteer
# an untagged proper noun is taken for a place, anywhere, if a place this large has that name
PROMINENT = 100_000
ACTOR_WEIGHT = 0.3  # weight of an actor's country in the context that ranks a place's candidates


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


def _capitalised(token) -> bool:
    return token.is_title or (token.is_upper and token.is_alpha and len(token) > 3)


def _candidates(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    spans = [_trim(ent) for ent in doc.ents if ent.label_ in PLACE_LABELS]
    in_ents = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    # one sense per document: a word the model reads as a person elsewhere is not a place ("Dubreuil")
    named = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    ends = {span.end for span in spans}
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in in_ents or not _capitalised(token):
            i += 1
            continue
        # the longest run of capitalised words starting here that names a place
        hit = None
        for size in range(min(MAX_RUN, len(doc) - i), 0, -1):
            run = doc[i:i + size]
            if any(t.i in in_ents or not (_capitalised(t) or t.text in ("-", "'s", "’s")) for t in run) \
                    or not run[-1].is_alpha:
                continue
            if size > 1 and run[-1].lower_ in roles().facility_words and not run[0].is_sent_start:
                hit = run  # "Press Street", "the Carnegie Library": a named site
                break
            context = (_after_locative(doc, i) or _before_place_noun(doc, i + size) or _listed(doc, i, ends)
                       or opens_dateline(doc[i:i + size]))
            if run[0].is_sent_start and not context and not _prominent(gazetteer, run):
                continue  # a capital letter at a sentence start says nothing
            if any(t.lower_ in named for t in run):
                continue
            if gazetteer.knows(run.text) and (context or _prominent(gazetteer, run)):
                hit = run
                break
        if hit is not None:
            spans.append(hit)
            ends.add(hit.end)
            i = hit.end
        else:
            i += 1
    # A name the model took for a person or an organisation is a place when the gazetteer knows it and it
    # is coordinated with a place ("the cities of Homs and Aleppo", "in Zilina, Nitra and Kosice") or
    # opens a dateline ("NAIROBI, March 3 -").
    roots = {span.root.i for span in spans}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG") or len(ent) > MAX_RUN or not gazetteer.knows(ent.text):
            continue
        root = ent.root
        if (root.dep_ == "conj" and root.head.i in roots) or any(
                c.dep_ == "conj" and c.i in roots for c in root.children) or opens_dateline(ent):
            spans.append(ent)
    return sorted(spans, key=lambda s: s.start)


def _listed(doc: Doc, i: int, ends: set[int]) -> bool:
    """The next item of a list of places: "in Zilina, Nitra and Presov"."""
    return i >= 2 and doc[i - 1].lower_ in (",", "and", "or") and (i - 1) in ends


def _after_locative(doc: Doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and doc[j].lower_ in ("the", "of", ","):
        j -= 1
    return j >= 0 and doc[j].lower_ in roles().locative


def _broader(span: Span, gazetteer: Gazetteer, context: Counter[str]):
    """A toponym the gazetteer lacks, placed at the one its words name without a direction or a generic
    word: "Eastern Ghouta" at Ghouta, "Morris County" at Morris (same country, by context)."""
    r = roles()
    words = [t.text for t in span]
    while len(words) > 1 and words[0].lower() in r.direction_words:
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in r.generic_words:
        words = words[:-1]
    if len(words) == len(span):
        return None
    return gazetteer.resolve(" ".join(words), context)


def _prominent(gazetteer: Gazetteer, run: Span) -> bool:
    """A proper noun the model left untagged that names a large place ("..., including Donetsk")."""
    if not all(t.pos_ == "PROPN" for t in run if t.is_alpha):
        return False
    return any(g.population >= PROMINENT or g.feature in ("country", "admin1", "region")
               for g in gazetteer.candidates(run.text))


def _before_place_noun(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].lower_ in roles().place_nouns


def find_places(doc: Doc, gazetteer: Gazetteer) -> list[tuple]:
    actor_chars = _actor_chars(doc)
    spans = [s for s in _candidates(doc, gazetteer)
             if not any(c in actor_chars for c in range(s.start_char, s.end_char))]
    # the countries the document talks about: places count more than actors (leaders travel)
    context: Counter[str] = Counter()
    for row in doc._.ng_actors or ():
        if row[5] and len(row[5]) == 3:
            context[row[5]] += ACTOR_WEIGHT
    first = [gazetteer.resolve(s.text, context) for s in spans]
    for geo in first:
        if geo is not None and geo.country:
            context[geo.country] += 2 if geo.feature == "country" else 1
    towns = [(s.start, g) for s, g in zip(spans, first, strict=True)
             if g is not None and g.feature in ("city", "admin1")]
    main = Counter(g.country for _, g in towns).most_common(1)
    home = [(start, g) for start, g in towns if main and g.country == main[0][0]]
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
            geo = _broader(span, gazetteer, context)
        if geo is None and span[-1].lower_ in roles().facility_words and home:
            # a site the gazetteer does not know: at the town of the document's main country named
            # nearest before it (else the first such town)
            town = next((g for start, g in reversed(home) if start < span.start), home[0][1])
            out.append((span.start_char, span.end_char, None, span.text, town.latitude, town.longitude,
                        town.country, town.admin1, "site"))
            continue
        if geo is None:
            out.append((span.start_char, span.end_char, None, span.text, None, None, None, None, None))
        else:
            out.append((span.start_char, span.end_char, geo.geonames_id, geo.name, geo.latitude, geo.longitude,
                        geo.country, geo.admin1, geo.feature))
    return out
