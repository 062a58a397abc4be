"""The store: reads and batched writes of documents, sentences, sources and failures.

One `Store` wraps one SQLAlchemy engine (SQLite or PostgreSQL, same schema). Writes happen inside
`store.transaction()`, so that ingest commits many documents at once and a crash leaves nothing half
written. Reads return `model` objects, never rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, tuple_, update
from sqlalchemy.exc import SQLAlchemyError

from newsgraph.model import DateSource, Document, DocumentStatus, Failure, SearchHit, Sentence
from newsgraph.store import events as event_store
from newsgraph.store import facts, search
from newsgraph.store.database import (
    StoreError,
    create_store_engine,
    current_revision,
    head_revision,
    migrate,
    utc,
)
from newsgraph.store.schema import (
    document_sources,
    documents,
    failures,
    ingest_runs,
    lsh_buckets,
    sentences,
    signatures,
)


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, target: str) -> Store:
        """Open (creating or upgrading as needed) the store at a file path or database URL."""
        engine = create_store_engine(target)
        try:
            if current_revision(engine) != head_revision():
                migrate(engine)
        except SQLAlchemyError as exc:
            where = target if engine.dialect.name == "sqlite" else engine.url.render_as_string()
            raise StoreError(f"cannot open the store {where!r}: {getattr(exc, 'orig', None) or exc}") from exc
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    # --- writes (inside a transaction) ---------------------------------------------------------------

    def add_document(self, conn: Connection, doc: Document) -> int:
        row = {
            "content_hash": doc.content_hash,
            "source": doc.source,
            "source_kind": doc.source_kind,
            "title": doc.title,
            "author": doc.author,
            "outlet": doc.outlet,
            "url": doc.url,
            "published": utc(doc.published),
            "date_source": doc.date_source.value,
            "language": doc.language,
            "language_score": doc.language_score,
            "encoding": doc.encoding,
            "status": doc.status.value,
            "original_id": doc.original_id,
            "similarity": doc.similarity,
            "word_count": doc.word_count,
            "text": doc.text,
            "notes": json.dumps(doc.notes) if doc.notes else None,
            "ingested_at": utc(doc.ingested_at) or datetime.now(UTC),
        }
        doc_id = conn.execute(insert(documents).returning(documents.c.id), row).scalar_one()
        self.add_source(conn, doc_id, doc)
        return doc_id

    def add_source(self, conn: Connection, document_id: int, doc: Document) -> None:
        conn.execute(insert(document_sources), {
            "document_id": document_id, "source": doc.source, "outlet": doc.outlet, "url": doc.url,
            "published": utc(doc.published), "seen_at": datetime.now(UTC),
        })

    def add_sentences(self, conn: Connection, rows: Sequence[Sentence]) -> None:
        if rows:
            conn.execute(insert(sentences), [
                {"document_id": s.document_id, "idx": s.index, "start_char": s.start_char,
                 "end_char": s.end_char, "text": s.text} for s in rows
            ])

    def finish_document(self, conn: Connection, document_id: int, status: DocumentStatus,
                        pipeline: str | None, note: str | None = None) -> None:
        values: dict[str, Any] = {"status": status.value, "pipeline": pipeline}
        if note:
            old = conn.execute(select(documents.c.notes).where(documents.c.id == document_id)).scalar_one()
            values["notes"] = json.dumps([*(json.loads(old) if old else []), note])
        conn.execute(update(documents).where(documents.c.id == document_id).values(**values))

    def add_signature(self, conn: Connection, document_id: int, signature: bytes,
                      buckets: Iterable[tuple[int, int]]) -> None:
        conn.execute(insert(signatures), {"document_id": document_id, "signature": signature})
        conn.execute(insert(lsh_buckets), [
            {"band": band, "bucket": bucket, "document_id": document_id} for band, bucket in buckets
        ])

    def link_copy(self, conn: Connection, document_id: int, original_id: int | None,
                  similarity: float | None) -> None:
        conn.execute(update(documents).where(documents.c.id == document_id).values(
            original_id=original_id, similarity=similarity))

    def move_cluster(self, conn: Connection, old_root: int, new_root: int, similarity: float | None = None) -> None:
        """Make `new_root` the original of every copy that pointed to `old_root`, and of `old_root` itself,
        which is now a copy with the given similarity to the new original."""
        conn.execute(update(documents).where(documents.c.original_id == old_root)
                     .values(original_id=new_root))
        conn.execute(update(documents).where(documents.c.id == old_root)
                     .values(original_id=new_root, similarity=similarity))

    def record_failure(self, conn: Connection, failure: Failure) -> None:
        conn.execute(delete(failures).where(failures.c.source == failure.source))
        conn.execute(insert(failures), {"source": failure.source, "stage": failure.stage,
                                        "reason": failure.reason, "failed_at": datetime.now(UTC)})

    def clear_failure(self, conn: Connection, source: str) -> None:
        conn.execute(delete(failures).where(failures.c.source == source))

    def record_run(self, started_at: datetime, counts: dict[str, int]) -> None:
        with self.transaction() as conn:
            conn.execute(insert(ingest_runs), {"started_at": started_at, "finished_at": datetime.now(UTC),
                                               "counts": json.dumps(counts)})

    # --- lookups used while ingesting -----------------------------------------------------------------

    def document_by_hash(self, conn: Connection, content_hash: str) -> int | None:
        return conn.execute(
            select(documents.c.id).where(documents.c.content_hash == content_hash)).scalar_one_or_none()

    def source_known(self, conn: Connection, source: str, document_id: int | None = None) -> bool:
        query = select(document_sources.c.id).where(document_sources.c.source == source)
        if document_id is not None:
            query = query.where(document_sources.c.document_id == document_id)
        return conn.execute(query.limit(1)).first() is not None

    def bucket_matches(self, conn: Connection, buckets: Sequence[tuple[int, int]]) -> set[int]:
        """Documents sharing at least one LSH band bucket with the given ones (one indexed query)."""
        if not buckets:
            return set()
        query = select(lsh_buckets.c.document_id).distinct().where(
            tuple_(lsh_buckets.c.band, lsh_buckets.c.bucket).in_(list(buckets)))
        return set(conn.execute(query).scalars())

    def signatures_of(self, conn: Connection, ids: Iterable[int]) -> dict[int, tuple[bytes, int | None,
                                                                                      datetime | None]]:
        """Signature, original and publication date of each candidate document."""
        rows = conn.execute(
            select(signatures.c.document_id, signatures.c.signature, documents.c.original_id,
                   documents.c.published)
            .join(documents, documents.c.id == signatures.c.document_id)
            .where(signatures.c.document_id.in_(list(ids))))
        return {r.document_id: (r.signature, r.original_id, utc(r.published)) for r in rows}

    def published_of(self, conn: Connection, document_id: int) -> datetime | None:
        return utc(conn.execute(select(documents.c.published).where(documents.c.id == document_id))
                   .scalar_one_or_none())

    # --- reads ---------------------------------------------------------------------------------------

    def document(self, document_id: int) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
        return _document(row) if row else None

    def documents(self, *, limit: int = 50, offset: int = 0, outlet: str | None = None,
                  language: str | None = None) -> list[Document]:
        query = select(documents).order_by(documents.c.published.desc().nulls_last(), documents.c.id)
        if outlet:
            query = query.where(documents.c.outlet == outlet)
        if language:
            query = query.where(documents.c.language == language)
        with self.engine.connect() as conn:
            return [_document(r) for r in conn.execute(query.limit(limit).offset(offset))]

    def iter_documents(self, batch: int = 500) -> Iterator[Document]:
        """Every document in id order, streamed from the database in batches (memory stays flat)."""
        with self.engine.connect().execution_options(stream_results=True, yield_per=batch) as conn:
            yield from (_document(r) for r in conn.execute(select(documents).order_by(documents.c.id)))

    def iter_sentences(self, batch: int = 2000) -> Iterator[Sentence]:
        """Every sentence in document and sentence order, streamed."""
        query = select(sentences).order_by(sentences.c.document_id, sentences.c.idx)
        with self.engine.connect().execution_options(stream_results=True, yield_per=batch) as conn:
            yield from (_sentence(r) for r in conn.execute(query))

    def cluster(self, document_id: int) -> list[Document]:
        """The document's copy cluster: its original and every near-copy of it, earliest first."""
        with self.engine.connect() as conn:
            root = conn.execute(select(func.coalesce(documents.c.original_id, documents.c.id))
                                .where(documents.c.id == document_id)).scalar_one_or_none()
            if root is None:
                return []
            rows = conn.execute(select(documents).where((documents.c.id == root) | (documents.c.original_id == root))
                                .order_by(documents.c.published, documents.c.id))
            return [_document(r) for r in rows]

    def sentences(self, document_id: int) -> list[Sentence]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(sentences).where(sentences.c.document_id == document_id)
                                .order_by(sentences.c.idx))
            return [_sentence(r) for r in rows]

    def sources_of(self, document_id: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(document_sources).where(document_sources.c.document_id == document_id)
                                .order_by(document_sources.c.id))
            return [{"source": r.source, "outlet": r.outlet, "url": r.url,
                     "published": utc(r.published)} for r in rows]

    def add_facts(self, conn: Connection, found: Any) -> None:
        """Store one document's extracted facts (a `newsgraph.nlp.extract.Facts`): actor mentions, places,
        times, events with their sources and targets, and claims linked to the events in their content."""
        facts.add_facts(conn, found.actors, found.places, found.times)
        event_store.add_events_and_claims(conn, found.events, found.claims)

    def actors(self, **filters: Any) -> list[facts.ActorSummary]:
        with self.engine.connect() as conn:
            return facts.actor_summaries(conn, **filters)

    def facts(self, document_id: int) -> dict[str, list]:
        """One document's actors, places, times, events and claims, in text order."""
        with self.engine.connect() as conn:
            return {**facts.document_facts(conn, document_id),
                    **event_store.document_events_and_claims(conn, document_id)}

    def events(self, **filters: Any) -> list[event_store.EventRecord]:
        """Events with their evidence; the filters are those of `newsgraph.store.events.find_events`."""
        with self.engine.connect() as conn:
            return event_store.find_events(conn, **filters)

    def claims(self, **filters: Any) -> list[event_store.ClaimRecord]:
        """Claims with their evidence; the filters are those of `newsgraph.store.events.find_claims`."""
        with self.engine.connect() as conn:
            return event_store.find_claims(conn, **filters)

    def failures(self) -> list[Failure]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(failures).order_by(failures.c.id))
            return [Failure(r.source, r.reason, r.stage) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        with self.engine.connect() as conn:
            return search.sentences(conn, query, limit)

    def stats(self) -> dict[str, Any]:
        """Counts a user checks after an ingest: documents, sentences, outlets, copies, languages."""
        with self.engine.connect() as conn:
            scalar = conn.execute
            n_docs = scalar(select(func.count()).select_from(documents)).scalar_one()
            n_copies = scalar(select(func.count()).select_from(documents)
                              .where(documents.c.original_id.is_not(None))).scalar_one()
            n_sources = scalar(select(func.count()).select_from(document_sources)).scalar_one()
            by = {}
            for name, column in (("by_language", documents.c.language), ("by_outlet", documents.c.outlet),
                                 ("by_status", documents.c.status), ("by_date_source", documents.c.date_source)):
                rows = scalar(select(column, func.count()).group_by(column).order_by(func.count().desc(), column))
                by[name] = {(key if key is not None else "unknown"): count for key, count in rows}
            first, last = scalar(select(func.min(documents.c.published), func.max(documents.c.published))).one()
            return {
                "documents": n_docs,
                "sentences": scalar(select(func.count()).select_from(sentences)).scalar_one(),
                "words": scalar(select(func.coalesce(func.sum(documents.c.word_count), 0))).scalar_one(),
                "outlets": len(by["by_outlet"]),
                "origins": n_docs - n_copies,
                "near_copies": n_copies,
                "exact_copies": n_sources - n_docs,
                "failures": scalar(select(func.count()).select_from(failures)).scalar_one(),
                **facts.fact_counts(conn),
                **event_store.counts(conn),
                "first_published": utc(first),
                "last_published": utc(last),
                **by,
            }


def _sentence(row: Any) -> Sentence:
    return Sentence(row.document_id, row.idx, row.start_char, row.end_char, row.text)


def _document(row: Any) -> Document:
    return Document(
        id=row.id, text=row.text, source=row.source, source_kind=row.source_kind, title=row.title,
        author=row.author, outlet=row.outlet, url=row.url, published=utc(row.published),
        date_source=DateSource(row.date_source), language=row.language, language_score=row.language_score,
        encoding=row.encoding, status=DocumentStatus(row.status), content_hash=row.content_hash,
        original_id=row.original_id, similarity=row.similarity, ingested_at=utc(row.ingested_at),
        notes=json.loads(row.notes) if row.notes else [],
    )


__all__ = ["Store", "StoreError", "utc"]
