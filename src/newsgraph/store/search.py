"""Full-text search over sentences: SQLite FTS5 or PostgreSQL tsvector, one function for both.

The user's query is treated as words to find, not as query syntax, so that quotes, colons or
operators typed by a user never raise a syntax error from the database.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS
from sqlalchemy import Connection, DateTime, text

from newsgraph.model import SearchHit, Sentence
from newsgraph.store.database import utc

_WORD = re.compile(r"\w+", re.UNICODE)

_SQLITE = text("""
    SELECT s.id, s.document_id, s.idx, s.start_char, s.end_char, s.text,
           d.title, d.outlet, d.published
    FROM sentences_fts f
    JOIN sentences s ON s.id = f.rowid
    JOIN documents d ON d.id = s.document_id
    WHERE sentences_fts MATCH :query
    ORDER BY f.rank
    LIMIT :limit
""").columns(published=DateTime(timezone=True))

_POSTGRES = text("""
    SELECT s.id, s.document_id, s.idx, s.start_char, s.end_char, s.text,
           d.title, d.outlet, d.published
    FROM sentences s
    JOIN documents d ON d.id = s.document_id
    WHERE s.tsv @@ plainto_tsquery('english', :query)
    ORDER BY ts_rank(s.tsv, plainto_tsquery('english', :query)) DESC, s.id
    LIMIT :limit
""").columns(published=DateTime(timezone=True))


def sentences(conn: Connection, query: str, limit: int = 20) -> list[SearchHit]:
    words = _WORD.findall(query)
    if not words:
        return []
    if conn.dialect.name == "sqlite":
        # like PostgreSQL's english configuration, FTS5 should not require "and", "the", "of" ...
        content = [w for w in words if w.lower() not in STOP_WORDS] or words
        statement, value = _SQLITE, " ".join(f'"{w}"' for w in content)
    else:
        statement, value = _POSTGRES, " ".join(words)
    rows = conn.execute(statement, {"query": value, "limit": limit})
    return [
        SearchHit(Sentence(r.document_id, r.idx, r.start_char, r.end_char, r.text), r.title, r.outlet,
                  utc(r.published))
        for r in rows
    ]

