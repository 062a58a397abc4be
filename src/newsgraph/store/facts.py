"""Writing and reading extracted facts: actor mentions, places and times, with their evidence.

Writes are one multi-row INSERT per table per document, inside the ingester's batched transaction.
Reads aggregate in SQL (mention counts per actor) so that listing actors never loads the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, func, insert, literal, or_, select

from newsgraph.model import ActorMention, Evidence, Place, TimeExpression, _plain
from newsgraph.store.database import utc
from newsgraph.store.schema import actor_mentions, documents, places, sentences, times


def add_facts(conn: Connection, actors: Sequence[ActorMention], found_places: Sequence[Place],
              found_times: Sequence[TimeExpression]) -> None:
    def where(e: Evidence) -> dict[str, int]:
        return {"document_id": e.document_id, "sentence_idx": e.sentence_index,
                "start_char": e.start_char, "end_char": e.end_char}

    if actors:
        conn.execute(insert(actor_mentions), [
            {**where(m.evidence), "text": m.text, "actor": m.actor, "name": m.name, "kind": m.kind,
             "country": m.country, "sector": m.sector, "sector_hint": m.sector_hint, "role": m.role, "how": m.how}
            for m in actors])
    if found_places:
        conn.execute(insert(places), [
            {**where(p.evidence), "text": p.text or p.name, "name": p.name, "geonames_id": p.geonames_id,
             "latitude": p.latitude, "longitude": p.longitude, "country": p.country, "admin1": p.admin1,
             "feature": p.feature}
            for p in found_places if p.evidence is not None])
    if found_times:
        conn.execute(insert(times), [
            {**where(t.evidence), "text": t.text, "start": utc(t.start), "end": utc(t.end), "precision": t.precision}
            for t in found_times if t.evidence is not None])


@dataclass(slots=True)
class ActorSummary:
    """One actor (or one unresolved name) with how often, and in how many documents, it is mentioned."""

    actor: str | None
    name: str
    kind: str
    country: str | None
    mentions: int
    documents: int
    sectors: dict[str, int] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return _plain({"actor": self.actor, "name": self.name, "kind": self.kind, "country": self.country,
                       "mentions": self.mentions, "documents": self.documents, "sectors": self.sectors,
                       "evidence": self.evidence})


def actor_summaries(conn: Connection, *, limit: int = 50, country: str | None = None, sector: str | None = None,
                    kind: str | None = None, query: str | None = None, unresolved: bool = False,
                    evidence: int = 3) -> list[ActorSummary]:
    """Actors by mention count. Unresolved mentions are grouped by their text when `unresolved` is set."""
    m = actor_mentions
    key = m.c.actor if not unresolved else func.coalesce(m.c.actor, func.lower(m.c.text))
    conditions = [] if unresolved else [m.c.actor.is_not(None)]
    if country:
        conditions.append(m.c.country == country.upper())
    if sector:
        conditions.append(or_(m.c.sector == sector.upper(), m.c.sector_hint == sector.upper()))
    if kind:
        conditions.append(m.c.kind == kind)
    if query:
        pattern = f"%{query.lower()}%"
        conditions.append(or_(func.lower(m.c.name).like(pattern), func.lower(m.c.text).like(pattern),
                              func.lower(m.c.actor).like(pattern)))
    where = and_(literal(True), *conditions)
    rows = conn.execute(
        select(key.label("key"), func.count().label("n"), func.count(m.c.document_id.distinct()).label("docs"),
               func.max(m.c.name).label("name"), func.max(m.c.kind).label("kind"),
               func.max(m.c.country).label("country"),
               func.max(m.c.text).label("text"))
        .where(where).group_by(key).order_by(func.count().desc(), key).limit(limit)
    ).all()
    out = []
    for row in rows:
        summary = ActorSummary(row.key if not unresolved or row.name else None, row.name or row.text, row.kind,
                               row.country, row.n, row.docs)
        match = (m.c.actor == row.key) if row.name or not unresolved else and_(
            m.c.actor.is_(None), func.lower(m.c.text) == row.key)
        for sec, n in conn.execute(select(m.c.sector, func.count()).where(match, where).group_by(m.c.sector)):
            summary.sectors[sec or "-"] = n
        summary.evidence = mention_evidence(conn, and_(match, where), evidence)
        out.append(summary)
    return out


def mention_evidence(conn: Connection, condition: Any, limit: int) -> list[dict[str, Any]]:
    """The first `limit` mentions matching `condition`, each with its sentence and document."""
    m = actor_mentions
    rows = conn.execute(
        select(m.c.document_id, m.c.sentence_idx, m.c.start_char, m.c.end_char, m.c.text, m.c.sector, m.c.role,
               sentences.c.text.label("sentence"), sentences.c.start_char.label("sentence_start"),
               documents.c.title, documents.c.published)
        .join(sentences, and_(sentences.c.document_id == m.c.document_id, sentences.c.idx == m.c.sentence_idx),
              isouter=True)
        .join(documents, documents.c.id == m.c.document_id)
        .where(condition).order_by(m.c.document_id, m.c.start_char).limit(limit)
    ).all()
    return [{"document_id": r.document_id, "sentence_index": r.sentence_idx, "start_char": r.start_char,
             "end_char": r.end_char, "text": r.text, "sector": r.sector, "role": r.role, "sentence": r.sentence,
             "sentence_start": r.sentence_start, "title": r.title, "published": utc(r.published)} for r in rows]


def document_facts(conn: Connection, document_id: int) -> dict[str, list]:
    """Every fact of one document, in text order, as model objects."""
    def ev(r: Any) -> Evidence:
        return Evidence(r.document_id, r.sentence_idx, r.start_char, r.end_char)

    a = [ActorMention(r.text, ev(r), r.actor, r.name, r.kind, r.country, r.sector, r.role, r.how, r.sector_hint)
         for r in conn.execute(select(actor_mentions).where(actor_mentions.c.document_id == document_id)
                               .order_by(actor_mentions.c.start_char, actor_mentions.c.id))]
    p = [Place(r.name, r.latitude, r.longitude, r.country, r.admin1, r.geonames_id, ev(r),
               text=r.text if r.text != r.name else None, feature=r.feature)
         for r in conn.execute(select(places).where(places.c.document_id == document_id)
                               .order_by(places.c.start_char, places.c.id))]
    t = [TimeExpression(r.text, utc(r.start), utc(r.end), r.precision, ev(r))
         for r in conn.execute(select(times).where(times.c.document_id == document_id)
                               .order_by(times.c.start_char, times.c.id))]
    return {"actors": a, "places": p, "times": t}


def fact_counts(conn: Connection) -> dict[str, int]:
    count = func.count()
    return {
        "actor_mentions": conn.execute(select(count).select_from(actor_mentions)).scalar_one(),
        "actors": conn.execute(select(func.count(actor_mentions.c.actor.distinct()))).scalar_one(),
        "places": conn.execute(select(count).select_from(places)).scalar_one(),
        "times": conn.execute(select(count).select_from(times)).scalar_one(),
    }
