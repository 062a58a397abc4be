"""The tables of the store, as SQLAlchemy Core objects shared by every query.

The schema itself is created and changed only by the Alembic migrations in `migrations/versions`;
these definitions must match the newest migration (a test checks that they do). Full-text search is
not described here: it is a dialect-specific index (SQLite FTS5 or a PostgreSQL tsvector column) made
by the migrations and queried in `search.py`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("source_kind", String(16), nullable=False),
    Column("title", Text),
    Column("author", Text),
    Column("outlet", Text),
    Column("url", Text),
    Column("published", DateTime(timezone=True)),
    Column("date_source", String(16), nullable=False),
    Column("language", String(16)),
    Column("language_score", Float),
    Column("encoding", String(32)),
    Column("status", String(24), nullable=False),
    Column("original_id", Integer, ForeignKey("documents.id")),
    Column("similarity", Float),
    Column("word_count", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("notes", Text),
    Column("pipeline", String(120)),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_documents_outlet", "outlet"),
    Index("ix_documents_published", "published"),
    Index("ix_documents_original_id", "original_id"),
)

# Every place a document's content was read from: its first source and each exact copy seen since.
# Re-reading a known source is how ingest stays idempotent without re-reading the corpus.
document_sources = Table(
    "document_sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text, nullable=False),
    Column("outlet", Text),
    Column("url", Text),
    Column("published", DateTime(timezone=True)),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source", "document_id", name="uq_document_sources_source_document"),
    Index("ix_document_sources_source", "source"),
    Index("ix_document_sources_document_id", "document_id"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    UniqueConstraint("document_id", "idx", name="uq_sentences_document_idx"),
)

# MinHash signatures and their LSH band buckets: near-copies are found with one indexed lookup per
# band, so adding a document never re-reads the corpus.
signatures = Table(
    "signatures",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

lsh_buckets = Table(
    "lsh_buckets",
    metadata,
    Column("band", SmallInteger, nullable=False),
    Column("bucket", BigInteger, nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Index("ix_lsh_buckets_band_bucket", "band", "bucket"),
    Index("ix_lsh_buckets_document_id", "document_id"),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", Text, nullable=False, unique=True),
    Column("stage", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("counts", Text),
)

# --- facts extracted from each document (migration 0002) -------------------------------------------
# Each row keeps its evidence: document, sentence index and character offsets into the document text.


def _evidence() -> list[Column]:
    """The columns every fact table starts with (new Column objects each time: a column has one table)."""
    return [
        Column("id", Integer, primary_key=True),
        Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        Column("sentence_idx", Integer, nullable=False),
        Column("start_char", Integer, nullable=False),
        Column("end_char", Integer, nullable=False),
        Column("text", Text, nullable=False),
    ]


actor_mentions = Table(
    "actor_mentions",
    metadata,
    *_evidence(),
    Column("actor", String(120)),  # canonical id; NULL when unresolved
    Column("name", Text),
    Column("kind", String(16), nullable=False),
    Column("country", String(8)),
    Column("sector", String(8)),
    Column("sector_hint", String(8)),
    Column("role", Text),
    Column("how", String(16), nullable=False),
    Index("ix_actor_mentions_document_id", "document_id"),
    Index("ix_actor_mentions_actor", "actor"),
    Index("ix_actor_mentions_country_sector", "country", "sector"),
)

places = Table(
    "places",
    metadata,
    *_evidence(),
    Column("name", Text, nullable=False),
    Column("geonames_id", Integer),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("country", String(8)),
    Column("admin1", Text),
    Column("feature", String(16)),
    Index("ix_places_document_id", "document_id"),
    Index("ix_places_geonames_id", "geonames_id"),
    Index("ix_places_country", "country"),
)

times = Table(
    "times",
    metadata,
    *_evidence(),
    Column("start", DateTime(timezone=True)),
    Column("end", DateTime(timezone=True)),
    Column("precision", String(16), nullable=False),
    Index("ix_times_document_id", "document_id"),
    Index("ix_times_start", "start"),
)
