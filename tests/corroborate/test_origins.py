"""Independent origins: a wire story and its republications count once."""

from __future__ import annotations

import pytest

from newsgraph import example_corpus
from newsgraph.corroborate import independent_origins, origin_of
from newsgraph.model import Document


def doc(id: int, original_id: int | None = None) -> Document:
    return Document(text="x", source=f"{id}.txt", source_kind="text", id=id, original_id=original_id)


def test_a_copy_has_the_origin_of_its_original():
    assert origin_of(doc(7, original_id=3)) == 3
    assert origin_of(doc(3)) == 3


def test_an_unstored_document_has_no_origin():
    with pytest.raises(ValueError):
        origin_of(Document(text="x", source="a", source_kind="text"))


def test_documents_are_grouped_by_origin():
    groups = independent_origins([doc(1), doc(2, 1), doc(3), doc(4, 1)])
    assert {origin: [d.id for d in docs] for origin, docs in groups.items()} == {1: [1, 2, 4], 3: [3]}


def test_the_example_corpus_has_fewer_origins_than_documents(sqlite_graph):
    sqlite_graph.ingest([example_corpus()])
    docs = sqlite_graph.documents(limit=1000)
    assert len(independent_origins(docs)) == sqlite_graph.stats()["origins"] < len(docs)
    clusters = [sqlite_graph.cluster(d.id) for d in docs if d.original_id is None]
    assert max(len(c) for c in clusters) >= 3
