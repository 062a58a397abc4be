"""Documents and sentences written as JSON Lines or CSV, one row at a time."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from newsgraph.store import Store

DOCUMENT_COLUMNS = ("id", "title", "outlet", "author", "url", "published", "date_source", "language", "status",
                    "original_id", "similarity", "source", "source_kind", "content_hash", "text")
SENTENCE_COLUMNS = ("document_id", "index", "start_char", "end_char", "text")


def _documents(store: Store) -> Iterator[dict[str, Any]]:
    for doc in store.iter_documents():
        row = doc.to_dict()
        yield {column: row[column] for column in DOCUMENT_COLUMNS}


def _sentences(store: Store) -> Iterator[dict[str, Any]]:
    for sentence in store.iter_sentences():
        yield sentence.to_dict()


TABLES: dict[str, tuple[tuple[str, ...], Callable[[Store], Iterator[dict[str, Any]]]]] = {
    "documents": (DOCUMENT_COLUMNS, _documents),
    "sentences": (SENTENCE_COLUMNS, _sentences),
}
FORMATS = ("jsonl", "csv")


def export(store: Store, table: str, fmt: str, out: TextIO) -> int:
    """Write one table to `out`; returns the number of rows written."""
    columns, rows = TABLES[table]
    if fmt == "jsonl":
        def write(row: dict[str, Any]) -> None:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        write = writer.writerow
    else:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    count = 0
    for row in rows(store):
        write(row)
        count += 1
    return count
