"""Helpers for the store tests: documents and sentences as the ingester would hand them to the store."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from newsgraph.model import Document, Sentence
from newsgraph.store import Store


def make_document(text: str, **fields: Any) -> Document:
    """A document as the ingester would hand it to the store, with a content hash of its text."""
    fields.setdefault("source", f"inputs/{hashlib.md5(text.encode()).hexdigest()[:8]}.txt")
    fields.setdefault("source_kind", "text")
    fields.setdefault("published", datetime(2024, 6, 19, 9, 30, tzinfo=UTC))
    fields.setdefault("language", "en")
    return Document(text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), **fields)


def sentences_of(document_id: int, *texts: str) -> list[Sentence]:
    """Sentences laid end to end, one space apart, as they would be found in the document's text."""
    found, start = [], 0
    for index, text in enumerate(texts):
        found.append(Sentence(document_id, index, start, start + len(text), text))
        start += len(text) + 1
    return found


def add(store: Store, *texts: str, **fields: Any) -> int:
    """Store one document whose sentences are `texts`, in its own transaction; returns its id."""
    with store.transaction() as conn:
        doc_id = store.add_document(conn, make_document(" ".join(texts), **fields))
        store.add_sentences(conn, sentences_of(doc_id, *texts))
    return doc_id
