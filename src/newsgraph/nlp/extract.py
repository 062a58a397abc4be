"""From parsed documents to facts: actor mentions, places and times, each with its evidence.

The spaCy components (`newsgraph.nlp.actors`, `newsgraph.nlp.places`) annotate each Doc with what does
not depend on the document's date; this module adds what does (a person's role on the publication
date, time expressions resolved against it) and numbers everything by sentence, with character offsets
into the whole document, so that every fact points back to the words that say it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.model import ActorMention, Claim, Event, Evidence, Place, Quantity, Sentence, TimeExpression
from newsgraph.nlp.attribution import claims_of, outlet_claims
from newsgraph.nlp.estimative import estimate, hedges
from newsgraph.nlp.events import EventRow
from newsgraph.nlp.pipeline import chunks, doc_sentences, load_pipeline, parsed
from newsgraph.nlp.registry import Registry, default_registry
from newsgraph.nlp.times import find_times, resolve_time


@dataclass(slots=True)
class Facts:
    """Everything extracted from one document."""

    document_id: int | None
    sentences: list[Sentence] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


class Extractor:
    """A loaded pipeline with newsgraph's components, and the conversion of its Docs into facts."""

    def __init__(self, nlp: Language, registry: Registry | None = None):
        self.nlp = nlp
        if registry is None and "newsgraph_actors" in nlp.pipe_names:
            registry = nlp.get_pipe("newsgraph_actors").registry
        self.registry = registry or default_registry()

    @classmethod
    def for_pipeline(cls, name: str, registry: Iterable[str] = (), events: Iterable[str] = ()) -> Extractor:
        return cls(load_pipeline(name, extract=True, registry=registry, events=events))

    # --- whole documents -----------------------------------------------------------------------------

    def extract(self, text: str, published: datetime | None = None, document_id: int = 0) -> Facts:
        facts = Facts(document_id)
        for offset, piece in chunks(text):
            self.add(facts, self.nlp(piece), published, offset)
        return facts

    def stream(self, items: Iterable[tuple[int, str, datetime | None]], batch_size: int = 32,
               n_process: int = 1) -> Iterator[Facts]:
        """Facts of each (document id, text, publication date), parsed in batches, in order."""
        dates: dict[int, datetime | None] = {}

        def texts() -> Iterator[tuple[int, str]]:
            for doc_id, text, published in items:
                dates[doc_id] = published
                yield doc_id, text

        for doc_id, pieces in parsed(self.nlp, texts(), batch_size, n_process):
            facts = Facts(doc_id)
            published = dates.pop(doc_id, None)
            for offset, doc in pieces:
                self.add(facts, doc, published, offset)
            yield facts

    def add(self, facts: Facts, doc: Doc, published: datetime | None, offset: int = 0) -> None:
        """Add the facts of one parsed chunk (starting at `offset` in the document) to `facts`."""
        doc_id = facts.document_id or 0
        sentences = doc_sentences(doc, doc_id, offset, len(facts.sentences))
        facts.sentences.extend(sentences)
        starts = [s.start_char for s in sentences]

        def evidence(start: int, end: int) -> Evidence:
            start, end = start + offset, end + offset
            at = max(bisect_right(starts, start) - 1, 0)
            index = sentences[at].index if sentences else 0
            return Evidence(doc_id, index, start, end)

        day = published.date() if published else None
        whole = doc.text  # built from the tokens on each access: once per chunk
        mentions = [self._mention(whole, row, evidence, day) for row in doc._.ng_actors or ()]
        facts.actors.extend(mentions)
        found_places: list[Place] = []
        for start, end, geonames_id, name, lat, lon, country, admin1, feature in doc._.ng_places or ():
            text = whole[start:end]
            found_places.append(Place(name, lat, lon, country, admin1, geonames_id, evidence(start, end),
                                      text=text if text != name else None, feature=feature))
        facts.places.extend(found_places)
        found_times: dict[tuple[int, int], TimeExpression] = {}
        spans = ([doc[start:end] for start, end in doc._.ng_times] if doc._.ng_times is not None
                 else find_times(doc))
        for span in spans:
            value = resolve_time(span.text, published)
            if value is None and published is not None:
                continue  # a duration or an age ("24 years", "65 years old"), not a point in time
            found_times[(span.start_char, span.end_char)] = TimeExpression(
                span.text, value.start if value else None, value.end if value else None,
                value.precision if value else "unresolved", evidence(span.start_char, span.end_char))
        facts.times.extend(found_times.values())
        events = [self._event(whole, row, evidence, mentions, found_places, found_times)
                  for row in doc._.ng_events or ()]
        facts.events.extend(events)
        claims = [claim for row in (doc._.ng_claims if Doc.has_extension("ng_claims") else None) or ()
                  for claim in claims_of(whole, row, evidence, mentions, events)]
        claimed = {id(e) for claim in claims for e in claim.events}
        claims += outlet_claims([(s.evidence, s.text) for s in sentences], events, claimed, estimate, hedges)
        claims.sort(key=lambda c: (c.evidence.start_char, c.cue_evidence.start_char))
        facts.claims.extend(claims)

    def _event(self, text: str, row: EventRow, evidence, mentions: list[ActorMention], found_places: list[Place],
               found_times: dict[tuple[int, int], TimeExpression]) -> Event:
        sense = row.sense
        sentence = evidence(*row.sentence)
        return Event(
            sense.plover, text[row.start:row.end], evidence(row.start, row.end), sentence, sense.mode, sense.cameo,
            sense.cameo_root, sense.category, sense.category_group,
            [mentions[i] for i in row.sources], [mentions[i] for i in row.targets],
            found_places[row.place] if row.place is not None else None,
            found_times.get(row.time) if row.time is not None else None,
            row.modality, row.negated,
            [Quantity(q.kind, q.text, q.value, q.qualifier, evidence(q.start, q.end)) for q in row.quantities],
            row.confidence, row.depth)

    def _mention(self, text: str, row: tuple, evidence, day: date | None) -> ActorMention:
        start, end, actor, name, kind, country, sector, hint, person, how = row
        role_title = None
        if person and person in self.registry.people:
            who = self.registry.people[person]
            role = self._titled_role(who, text[start:end].lower(), day) or who.role_on(day)
            if role is not None:
                role_title, country, sector, hint = role.title, role.country, role.sector, role.sector2
            elif day is not None and who.roles:
                # not in office on that day: an elite figure of the country of the last role held before it
                before = [r for r in who.roles if r.start and r.start <= day]
                if before:
                    last = max(before, key=lambda r: r.start)
                    country, sector, hint, role_title = last.country, "ELI", None, f"former {last.title}"
                else:
                    country = who.roles[0].country
                    sector, hint = None, None
        return ActorMention(text[start:end], evidence(start, end), actor, name, kind, country, sector,
                            role_title, how, hint or None)

    def _titled_role(self, who, words: str, day: date | None):
        """The role the text's own title names ("Senator Marco Rubio"), where the person held such a role on
        the day (or, without a day, at all)."""
        titles = [t for t in self.registry.titles if t in words]
        if not titles:
            return None
        for role in sorted(who.roles, key=lambda r: r.start or date.min, reverse=True):
            if any(t in role.title.lower() for t in titles) and (day is None or role.holds_on(day)):
                return role
        return None

    # --- a phrase standing alone, as actor dictionaries are tested ---------------------------------------

    def resolve_phrase(self, text: str, published: datetime | None = None,
                       context: str | None = None) -> ActorMention | None:
        """The actor a short phrase names ("Pakistani Army", "Kyiv police"), or None if it names none.

        `context`, a country named around the phrase, supplies the country when the phrase has none.
        """
        facts = self.extract(text, published)
        mentions = [m for m in facts.actors if m.how != "coref"]
        names = self.registry.lookup(text)
        capital = next((n for n in names if n.kind == "country" and n.form in ("capital", "seat")), None)
        if capital is not None:
            # a capital standing alone stands for its government ("Beijing")
            country = self.registry.countries[capital.code]
            return ActorMention(text, Evidence(0, 0, 0, len(text)), country.code, country.name, "country",
                                country.code, "GOV", None, "metonym")
        places = [p for p in facts.places if p.country]
        if places and (not mentions or (all(m.actor is None for m in mentions)
                                        and (places[0].text or places[0].name) == text.strip())):
            # a town standing alone for its people, as POLECAT codes it ("Mariupol")
            place = places[0]
            return ActorMention(text, place.evidence, None, place.name, "place", place.country, "CVL",
                                None, "place")
        if not mentions:
            return None
        # the mention that covers the most of the phrase, the first of equals
        best = max(mentions, key=lambda m: (m.evidence.end_char - m.evidence.start_char, -m.evidence.start_char))
        resolved = [m for m in mentions if m.country]
        if best.country is None and resolved:
            best.country = resolved[0].country
        if best.country is None:
            place = next((p for p in facts.places if p.country), None)
            if place is not None:
                best.country = place.country
        if best.country is None and context:
            country = self.registry.country_of(context)
            if country is not None:
                best.country = country.code
        if best.sector is None:
            best.sector = next((m.sector for m in mentions if m.sector), None)
        if best.actor is None and best.sector is None and best.text.strip() == text.strip() and any(
                p.feature in ("city", "site") for p in self._places_named(text)):
            best.sector = "CVL"  # a town standing alone for its people, as POLECAT codes it
        return best

    def _places_named(self, text: str) -> list:
        from newsgraph.nlp.gazetteer import default_gazetteer

        geo = default_gazetteer().resolve(text)
        return [geo] if geo is not None else []
