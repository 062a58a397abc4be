"""Independent origins: documents grouped by the original of their copy cluster.

Ingest links every near-copy to the earliest document of its cluster (`Document.original_id`) and
records exact copies as further sources of one document, so the origin of a document is its original,
or itself when it has none.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsgraph.model import Document


def origin_of(document: Document) -> int:
    if document.id is None:
        raise ValueError("a document has an origin only once it is stored")
    return document.original_id if document.original_id is not None else document.id


def independent_origins(documents: Iterable[Document]) -> dict[int, list[Document]]:
    """The documents grouped by origin, in first-seen order: `len()` of the result is the count of
    independent origins among them."""
    groups: dict[int, list[Document]] = {}
    for document in documents:
        groups.setdefault(origin_of(document), []).append(document)
    return groups
