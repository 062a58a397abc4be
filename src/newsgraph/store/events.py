"""Writing and reading events and claims, with their evidence.

Writes happen inside the ingester's transaction, a few multi-row INSERTs per document: the events (with
RETURNING, so that their ids, in the order given, link them to their actors and claims), their source and
target mentions, the claims (RETURNING as well) and the claim-event links. A claim's events are the same
objects as the document's events and are stored once, linked by identity.

Reads filter in SQL and then load the page of events or claims found, with their actors, events and the
sentences they were read in, in a fixed number of queries (not one per row).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, and_, exists, func, insert, literal, or_, select

from newsgraph.model import (
    ActorMention,
    Claim,
    Event,
    Evidence,
    Place,
    Quantity,
    Sentence,
    TimeExpression,
    _plain,
)
from newsgraph.store.database import utc
from newsgraph.store.schema import actor_mentions, claim_events, claims, documents, event_actors, events, sentences

# --- writes --------------------------------------------------------------------------------------------


def add_events_and_claims(conn: Connection, found_events: Sequence[Event], found_claims: Sequence[Claim]) -> None:
    """Store one document's events and claims (a claim's events are expected among `found_events`; any
    that are not are stored too, so that no link is lost)."""
    every = list(found_events)
    known = {id(e) for e in every}
    for claim in found_claims:
        for event in claim.events:
            if id(event) not in known:
                known.add(id(event))
                every.append(event)
    event_ids: dict[int, int] = {}
    if every:
        ids = conn.execute(insert(events).returning(events.c.id, sort_by_parameter_order=True),
                           [_event_row(e) for e in every]).scalars().all()
        event_ids = {id(e): row_id for e, row_id in zip(every, ids, strict=True)}
        mentions = [_actor_row(event_ids[id(e)], role, m) for e in every
                    for role, group in (("source", e.sources), ("target", e.targets)) for m in group]
        if mentions:
            conn.execute(insert(event_actors), mentions)
    if found_claims:
        ids = conn.execute(insert(claims).returning(claims.c.id, sort_by_parameter_order=True),
                           [_claim_row(c) for c in found_claims]).scalars().all()
        links = {(claim_id, event_ids[id(e)]) for c, claim_id in zip(found_claims, ids, strict=True)
                 for e in c.events}
        if links:
            conn.execute(insert(claim_events), [{"claim_id": c, "event_id": e} for c, e in sorted(links)])


def _where(e: Evidence) -> dict[str, int]:
    return {"document_id": e.document_id, "sentence_idx": e.sentence_index,
            "start_char": e.start_char, "end_char": e.end_char}


def _event_row(e: Event) -> dict[str, Any]:
    place, when = e.place, e.time
    at = place.evidence if place is not None else None
    said = when.evidence if when is not None else None
    return {
        **_where(e.evidence), "text": e.trigger,
        "sentence_start": e.sentence.start_char if e.sentence else None,
        "sentence_end": e.sentence.end_char if e.sentence else None,
        "event_type": e.event_type, "mode": e.mode, "cameo": e.cameo, "cameo_root": e.cameo_root,
        "category": e.category, "category_group": e.category_group, "modality": e.modality,
        "negated": bool(e.negated), "confidence": float(e.confidence), "depth": e.depth,
        "place_name": place.name if place else None, "place_text": place.text if place else None,
        "place_geonames_id": place.geonames_id if place else None,
        "latitude": place.latitude if place else None, "longitude": place.longitude if place else None,
        "place_country": place.country if place else None, "place_admin1": place.admin1 if place else None,
        "place_feature": place.feature if place else None,
        "place_sentence_idx": at.sentence_index if at else None,
        "place_start": at.start_char if at else None, "place_end": at.end_char if at else None,
        "time_text": when.text if when else None, "time_start": utc(when.start) if when else None,
        "time_end": utc(when.end) if when else None, "time_precision": when.precision if when else None,
        "time_sentence_idx": said.sentence_index if said else None,
        "time_start_char": said.start_char if said else None, "time_end_char": said.end_char if said else None,
        "quantities": json.dumps([
            {"kind": q.kind, "text": q.text, "value": q.value, "qualifier": q.qualifier,
             "sentence_index": q.evidence.sentence_index, "start_char": q.evidence.start_char,
             "end_char": q.evidence.end_char} for q in e.quantities], ensure_ascii=False) if e.quantities else None,
    }


def _actor_row(event_id: int, role: str, m: ActorMention) -> dict[str, Any]:
    return {"event_id": event_id, "role": role, "actor": m.actor, "name": m.name, "kind": m.kind,
            "country": m.country, "sector": m.sector, "sector_hint": m.sector_hint, "actor_role": m.role,
            "how": m.how, "text": m.text, "sentence_idx": m.evidence.sentence_index,
            "start_char": m.evidence.start_char, "end_char": m.evidence.end_char}


def _claim_row(c: Claim) -> dict[str, Any]:
    src, who = c.source_evidence, c.source
    low, high = c.probability if c.probability else (None, None)
    return {
        **_where(c.evidence),
        "source_text": c.source_text, "source_sentence_idx": src.sentence_index if src else None,
        "source_start": src.start_char if src else None, "source_end": src.end_char if src else None,
        "cue": c.cue, "cue_sentence_idx": c.cue_evidence.sentence_index,
        "cue_start": c.cue_evidence.start_char, "cue_end": c.cue_evidence.end_char,
        "content": c.content, "content_sentence_idx": c.content_evidence.sentence_index,
        "content_start": c.content_evidence.start_char, "content_end": c.content_evidence.end_char,
        "actor": who.actor if who else None, "name": who.name if who else None, "kind": who.kind if who else None,
        "country": who.country if who else None, "sector": who.sector if who else None,
        "sector_hint": who.sector_hint if who else None, "actor_role": who.role if who else None,
        "how": who.how if who else None, "mention_text": who.text if who else None,
        "mention_sentence_idx": who.evidence.sentence_index if who else None,
        "mention_start": who.evidence.start_char if who else None,
        "mention_end": who.evidence.end_char if who else None,
        "source_type": c.source_type, "stance": c.stance, "probability_low": low, "probability_high": high,
        "estimative": c.estimative, "hedges": json.dumps(c.hedges, ensure_ascii=False) if c.hedges else None,
    }


# --- what reads hand out -----------------------------------------------------------------------------


@dataclass(slots=True)
class EventRecord:
    """A stored event with its id, its document's title, outlet and date, and the sentences it was read in."""

    id: int
    event: Event
    title: str | None
    outlet: str | None
    published: datetime | None
    sentences: list[Sentence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _plain({"id": self.id, **self.event.to_dict(), "title": self.title, "outlet": self.outlet,
                       "published": self.published, "sentences": [s.to_dict() for s in self.sentences]})


@dataclass(slots=True)
class ClaimRecord:
    """A stored claim with its id, the ids of its events, its document and the sentences it spans."""

    id: int
    claim: Claim
    event_ids: list[int]
    title: str | None
    outlet: str | None
    published: datetime | None
    sentences: list[Sentence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _plain({"id": self.id, **self.claim.to_dict(), "event_ids": self.event_ids, "title": self.title,
                       "outlet": self.outlet, "published": self.published,
                       "sentences": [s.to_dict() for s in self.sentences]})


# --- reads ---------------------------------------------------------------------------------------------

DateBound = date | datetime | None


def find_events(conn: Connection, *, actor: str | None = None, country: str | None = None,
                event_type: str | None = None, category: str | None = None, since: DateBound = None,
                until: DateBound = None, source: str | None = None, target: str | None = None,
                document_id: int | None = None, query: str | None = None, limit: int = 50) -> list[EventRecord]:
    """Events matching every filter given, latest first (by their own time, else their document's date).

    `actor`, `source` and `target` match a source or target mention (any, the sources, the targets) by its
    canonical actor id, its country code, its canonical name or its words, ignoring case. `country` matches
    an event with a source or target of that country or a place in it. `since` and `until` keep events whose
    period (time_start .. time_end) reaches into the range; an event without a time of its own counts at its
    document's publication date. A date `until` includes that whole day.
    """
    e, ea = events, event_actors
    conditions: list[Any] = []
    for value, role in ((actor, None), (source, "source"), (target, "target")):
        if value:
            match = _mention_match(ea.c, value)
            conditions.append(e.c.id.in_(select(ea.c.event_id).where(match if role is None else and_(
                ea.c.role == role, match))))
    if country:
        code = country.strip().upper()
        conditions.append(or_(e.c.place_country == code,
                              e.c.id.in_(select(ea.c.event_id).where(ea.c.country == code))))
    if event_type:
        conditions.append(e.c.event_type == event_type.strip().upper())
    if category:
        conditions.append(e.c.category == category.strip().upper())
    if document_id is not None:
        conditions.append(e.c.document_id == document_id)
    if query:
        pattern = _like(query)
        in_sentence = exists(select(literal(1)).where(
            sentences.c.document_id == e.c.document_id, sentences.c.idx == e.c.sentence_idx,
            func.lower(sentences.c.text).like(pattern, escape="\\")))
        conditions.append(or_(func.lower(e.c.text).like(pattern, escape="\\"), in_sentence))
    earliest = func.coalesce(e.c.time_start, e.c.time_end, documents.c.published)
    latest = func.coalesce(e.c.time_end, e.c.time_start, documents.c.published)
    conditions.extend(_date_range(earliest, latest, since, until))
    rows = conn.execute(
        select(e.c.id, documents.c.title, documents.c.outlet, documents.c.published)
        .join(documents, documents.c.id == e.c.document_id)
        .where(and_(literal(True), *conditions))
        .order_by(earliest.desc().nulls_last(), e.c.id).limit(limit)).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    found = dict(_load_events(conn, e.c.id.in_(ids)))
    context = _sentences_around(conn, e, ids, func.coalesce(e.c.sentence_start, e.c.start_char),
                                func.coalesce(e.c.sentence_end, e.c.end_char))
    return [EventRecord(r.id, found[r.id], r.title, r.outlet, utc(r.published), context.get(r.id, []))
            for r in rows]


def find_claims(conn: Connection, *, source: str | None = None, source_type: str | None = None,
                stance: str | None = None, actor: str | None = None, query: str | None = None,
                since: DateBound = None, until: DateBound = None, hedged: bool | None = None,
                document_id: int | None = None, limit: int = 50) -> list[ClaimRecord]:
    """Claims matching every filter given, latest document first.

    `source` matches the claim's source by its actor id, country code, canonical name or words (ignoring
    case), or as a part of the source's words as written ("intelligence" finds "South Korea's
    intelligence service"). `actor` matches the source the same way (but whole), an actor of an event read
    in the content, or an actor mention inside the content. `query` is words in the content. `since` and
    `until` are on the document's publication date (when the claim was reported). `hedged` keeps claims
    with (True) or without (False) hedging words.
    """
    c = claims
    conditions: list[Any] = []
    if source:
        conditions.append(or_(_mention_match(c.c, source, words=c.c.mention_text),
                              func.lower(c.c.source_text).like(_like(source), escape="\\")))
    if source_type:
        conditions.append(c.c.source_type == source_type.strip().lower())
    if stance:
        conditions.append(c.c.stance == stance.strip().lower())
    if actor:
        in_events = c.c.id.in_(select(claim_events.c.claim_id)
                               .join(event_actors, event_actors.c.event_id == claim_events.c.event_id)
                               .where(_mention_match(event_actors.c, actor)))
        m = actor_mentions
        in_content = exists(select(literal(1)).where(
            m.c.document_id == c.c.document_id, m.c.start_char >= c.c.content_start,
            m.c.end_char <= c.c.content_end, _mention_match(m.c, actor)))
        conditions.append(or_(_mention_match(c.c, actor, words=c.c.mention_text), in_events, in_content))
    if query:
        conditions.append(func.lower(c.c.content).like(_like(query), escape="\\"))
    if hedged is not None:
        conditions.append(c.c.hedges.is_not(None) if hedged else c.c.hedges.is_(None))
    if document_id is not None:
        conditions.append(c.c.document_id == document_id)
    conditions.extend(_date_range(documents.c.published, documents.c.published, since, until))
    rows = conn.execute(
        select(c, documents.c.title, documents.c.outlet, documents.c.published)
        .join(documents, documents.c.id == c.c.document_id)
        .where(and_(literal(True), *conditions))
        .order_by(documents.c.published.desc().nulls_last(), c.c.document_id, c.c.start_char, c.c.id)
        .limit(limit)).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    links = _claim_links(conn, ids)
    linked = sorted({event_id for group in links.values() for event_id in group})
    found = dict(_load_events(conn, events.c.id.in_(linked))) if linked else {}
    context = _sentences_around(conn, c, ids, c.c.start_char, c.c.end_char)
    return [ClaimRecord(r.id, _claim(r, [found[i] for i in links.get(r.id, [])]), links.get(r.id, []), r.title,
                        r.outlet, utc(r.published), context.get(r.id, [])) for r in rows]


def document_events_and_claims(conn: Connection, document_id: int) -> dict[str, list]:
    """One document's events and claims, in text order; a claim's events are the very objects in "events"."""
    loaded = _load_events(conn, events.c.document_id == document_id)
    by_id = dict(loaded)
    rows = conn.execute(select(claims).where(claims.c.document_id == document_id)
                        .order_by(claims.c.start_char, claims.c.id)).all()
    links = _claim_links(conn, [r.id for r in rows]) if rows else {}
    return {"events": [event for _id, event in loaded],
            "claims": [_claim(r, [by_id[i] for i in links.get(r.id, [])]) for r in rows]}


def counts(conn: Connection) -> dict[str, int]:
    return {"events": conn.execute(select(func.count()).select_from(events)).scalar_one(),
            "claims": conn.execute(select(func.count()).select_from(claims)).scalar_one()}


# --- helpers -------------------------------------------------------------------------------------------


def _like(words: str) -> str:
    """A case-insensitive LIKE pattern for `words` anywhere, with LIKE's wildcards taken literally."""
    escaped = words.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _mention_match(columns: Any, value: str, words: Any = None) -> Any:
    """A mention whose actor id, country, name or words are `value`, ignoring case."""
    v = value.strip().lower()
    words = columns.text if words is None else words
    return or_(func.lower(columns.actor) == v, func.lower(columns.country) == v,
               func.lower(columns.name) == v, func.lower(words) == v)


def _date_range(earliest: Any, latest: Any, since: DateBound, until: DateBound) -> list[Any]:
    conditions = []
    if since is not None:
        start = utc(since) if isinstance(since, datetime) else datetime.combine(since, time.min, UTC)
        conditions.append(latest >= start)
    if until is not None:
        if isinstance(until, datetime):
            conditions.append(earliest <= utc(until))
        else:
            conditions.append(earliest < datetime.combine(until + timedelta(days=1), time.min, UTC))
    return conditions


def _load_events(conn: Connection, condition: Any) -> list[tuple[int, Event]]:
    """The events matching `condition` with their sources and targets, in text order (two queries)."""
    e, ea = events, event_actors
    rows = conn.execute(select(e).where(condition).order_by(e.c.document_id, e.c.start_char, e.c.id)).all()
    if not rows:
        return []
    mentions: dict[int, list[Any]] = {}
    for m in conn.execute(select(ea, e.c.document_id).join(e, e.c.id == ea.c.event_id).where(condition)
                          .order_by(ea.c.id)):
        mentions.setdefault(m.event_id, []).append(m)
    return [(r.id, _event(r, mentions.get(r.id, []))) for r in rows]


def _event(r: Any, mentions: list[Any]) -> Event:
    doc = r.document_id
    place = None
    if r.place_name is not None:
        where = (Evidence(doc, r.place_sentence_idx, r.place_start, r.place_end)
                 if r.place_start is not None else None)
        place = Place(r.place_name, r.latitude, r.longitude, r.place_country, r.place_admin1, r.place_geonames_id,
                      where, text=r.place_text, feature=r.place_feature)
    when = None
    if r.time_text is not None:
        said = (Evidence(doc, r.time_sentence_idx, r.time_start_char, r.time_end_char)
                if r.time_start_char is not None else None)
        when = TimeExpression(r.time_text, utc(r.time_start), utc(r.time_end), r.time_precision, said)
    quantities = [Quantity(q["kind"], q["text"], q["value"], q["qualifier"],
                           Evidence(doc, q["sentence_index"], q["start_char"], q["end_char"]))
                  for q in (json.loads(r.quantities) if r.quantities else [])]

    def mention(m: Any) -> ActorMention:
        return ActorMention(m.text, Evidence(doc, m.sentence_idx, m.start_char, m.end_char), m.actor, m.name,
                            m.kind, m.country, m.sector, m.actor_role, m.how, m.sector_hint)

    return Event(
        event_type=r.event_type, trigger=r.text, evidence=Evidence(doc, r.sentence_idx, r.start_char, r.end_char),
        sentence=(Evidence(doc, r.sentence_idx, r.sentence_start, r.sentence_end)
                  if r.sentence_start is not None else None),
        mode=r.mode, cameo=r.cameo, cameo_root=r.cameo_root, category=r.category,
        category_group=r.category_group,
        sources=[mention(m) for m in mentions if m.role == "source"],
        targets=[mention(m) for m in mentions if m.role == "target"],
        place=place, time=when, modality=r.modality, negated=bool(r.negated), quantities=quantities,
        confidence=r.confidence,
        depth=r.depth,
    )


def _claim(r: Any, linked: list[Event]) -> Claim:
    doc = r.document_id
    source = None
    if r.kind is not None:
        source = ActorMention(r.mention_text, Evidence(doc, r.mention_sentence_idx, r.mention_start, r.mention_end),
                              r.actor, r.name, r.kind, r.country, r.sector, r.actor_role, r.how, r.sector_hint)
    return Claim(
        source_text=r.source_text, cue=r.cue, content=r.content,
        evidence=Evidence(doc, r.sentence_idx, r.start_char, r.end_char),
        cue_evidence=Evidence(doc, r.cue_sentence_idx, r.cue_start, r.cue_end),
        content_evidence=Evidence(doc, r.content_sentence_idx, r.content_start, r.content_end),
        source_evidence=(Evidence(doc, r.source_sentence_idx, r.source_start, r.source_end)
                         if r.source_start is not None else None),
        source=source, source_type=r.source_type, stance=r.stance,
        probability=(r.probability_low, r.probability_high) if r.probability_low is not None else None,
        estimative=r.estimative, hedges=json.loads(r.hedges) if r.hedges else [], events=linked,
    )


def _claim_links(conn: Connection, claim_ids: list[int]) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {}
    for claim_id, event_id in conn.execute(
            select(claim_events.c.claim_id, claim_events.c.event_id)
            .where(claim_events.c.claim_id.in_(claim_ids)).order_by(claim_events.c.event_id)):
        links.setdefault(claim_id, []).append(event_id)
    return links


def _sentences_around(conn: Connection, table: Any, ids: list[int], start: Any, end: Any) -> dict[int, list[Sentence]]:
    """The sentences each row's span (`start` .. `end`, expressions over `table`) overlaps, in order."""
    s = sentences
    rows = conn.execute(
        select(table.c.id.label("row_id"), s.c.document_id, s.c.idx, s.c.start_char, s.c.end_char, s.c.text)
        .join(s, and_(s.c.document_id == table.c.document_id, s.c.end_char > start, s.c.start_char < end))
        .where(table.c.id.in_(ids)).order_by(table.c.id, s.c.idx))
    found: dict[int, list[Sentence]] = {}
    for r in rows:
        found.setdefault(r.row_id, []).append(Sentence(r.document_id, r.idx, r.start_char, r.end_char, r.text))
    return found
