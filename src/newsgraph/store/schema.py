"""The tables of the store, as SQLAlchemy Core objects shared by every query.

The schema itself is created and changed only by the Alembic migrations in `migrations/versions`;
these definitions must match the newest migration (a test checks that they do). Full-text search is
not described here: it is a dialect-specific index (SQLite FTS5 or a PostgreSQL tsvector column) made
by the migrations and queried in `search.py`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
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


def _evidence(text: bool = True) -> list[Column]:
    """The columns every fact table starts with (new Column objects each time: a column has one table).

    `text` is the words at the offsets; claims leave it out (their parts, not the whole span, are kept).
    """
    return [
        Column("id", Integer, primary_key=True),
        Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        Column("sentence_idx", Integer, nullable=False),
        Column("start_char", Integer, nullable=False),
        Column("end_char", Integer, nullable=False),
        *([Column("text", Text, nullable=False)] if text else []),
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

# --- events and claims (migration 0003) -------------------------------------------------------------
# An event row's evidence is its trigger ("signed"): `text` holds the trigger's words, the offsets point
# at them, `sentence_start`/`sentence_end` at the sentence it was read in. Its place and time are kept
# in columns (with their own offsets, in the same document) so that they can be filtered on; its
# quantities, read only with the event, are a JSON list. Sources and targets are rows of `event_actors`.

events = Table(
    "events",
    metadata,
    *_evidence(),
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    Column("event_type", String(32)),  # PLOVER type; NULL for an event outside PLOVER with a category
    Column("mode", String(40)),
    Column("cameo", String(8)),
    Column("cameo_root", String(4)),
    Column("category", String(40)),  # ACLED-style sub-event code
    Column("category_group", Text),  # its ACLED event type
    Column("modality", String(16), nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("depth", Integer),
    Column("place_name", Text),
    Column("place_text", Text),
    Column("place_geonames_id", Integer),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("place_country", String(8)),
    Column("place_admin1", Text),
    Column("place_feature", String(16)),
    Column("place_sentence_idx", Integer),
    Column("place_start", Integer),
    Column("place_end", Integer),
    Column("time_text", Text),
    Column("time_start", DateTime(timezone=True)),
    Column("time_end", DateTime(timezone=True)),
    Column("time_precision", String(16)),
    Column("time_sentence_idx", Integer),
    Column("time_start_char", Integer),
    Column("time_end_char", Integer),
    Column("quantities", Text),  # JSON list of {kind, text, value, qualifier, sentence_index, start_char, end_char}
    Index("ix_events_document_id", "document_id"),
    Index("ix_events_event_type", "event_type"),
    Index("ix_events_category", "category"),
    Index("ix_events_time_start", "time_start"),
    Index("ix_events_place_country", "place_country"),
)

# One row per source or target mention of an event, in the order the extractor gave them. The mention's
# offsets point into the event's document; `actor_role` is a person's role on the document's date.
event_actors = Table(
    "event_actors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(8), nullable=False),  # source, target
    Column("actor", String(120)),  # canonical id; NULL when unresolved
    Column("name", Text),
    Column("kind", String(16), nullable=False),
    Column("country", String(8)),
    Column("sector", String(8)),
    Column("sector_hint", String(8)),
    Column("actor_role", Text),
    Column("how", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("sentence_idx", Integer, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Index("ix_event_actors_event_id", "event_id"),
    Index("ix_event_actors_actor", "actor"),
    Index("ix_event_actors_country", "country"),
)

# A claim's offsets span the whole attribution (source, cue and content, possibly several sentences);
# each part has its own. The source's actor mention, when the actor layer resolved one, is kept in the
# columns actor .. mention_end (its words and offsets may be a part of the source's). `hedges` is a JSON
# list, NULL when the claim has none.
claims = Table(
    "claims",
    metadata,
    *_evidence(text=False),
    Column("source_text", Text),
    Column("source_sentence_idx", Integer),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("cue", Text, nullable=False),
    Column("cue_sentence_idx", Integer, nullable=False),
    Column("cue_start", Integer, nullable=False),
    Column("cue_end", Integer, nullable=False),
    Column("content", Text, nullable=False),
    Column("content_sentence_idx", Integer, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("actor", String(120)),
    Column("name", Text),
    Column("kind", String(16)),
    Column("country", String(8)),
    Column("sector", String(8)),
    Column("sector_hint", String(8)),
    Column("actor_role", Text),
    Column("how", String(16)),
    Column("mention_text", Text),
    Column("mention_sentence_idx", Integer),
    Column("mention_start", Integer),
    Column("mention_end", Integer),
    Column("source_type", String(16), nullable=False),
    Column("stance", String(16), nullable=False),
    Column("probability_low", Float),
    Column("probability_high", Float),
    Column("estimative", Text),
    Column("hedges", Text),
    Index("ix_claims_document_id", "document_id"),
    Index("ix_claims_actor", "actor"),
    Index("ix_claims_country", "country"),
)

# The events read inside a claim's content.
claim_events = Table(
    "claim_events",
    metadata,
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("claim_id", "event_id", name="pk_claim_events"),
    Index("ix_claim_events_event_id", "event_id"),
)
