"""Ingest commits every `ingest.commit_every` documents: a crash loses at most the batch in progress, never
half a document, and running the ingest again completes the corpus without storing anything twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph import Newsgraph
from newsgraph.model import DocumentStatus
from newsgraph.nlp.pipeline import Pipelines
from newsgraph.store import Store

REPORTS = {
    "01-bridge.txt": "The old river bridge reopened on Monday after a year of repairs. Traffic was light.",
    "02-mill.txt": "The paper mill in Stanbury will close in the autumn. About two hundred people work there.",
    "03-ferry.txt": "A new ferry joined the island route this week. It carries twice as many cars.",
    "04-school.txt": "Parents protested outside the town hall over the school merger. The council will vote in May.",
    "05-drought.txt": "Farmers in the valley asked for help as the drought entered its third month. Wells ran dry.",
}


class Crash(BaseException):
    """What the process sees when it is stopped mid-run: not an error the ingester may catch and go on."""


@pytest.fixture
def corpus(write) -> Path:
    for name, text in REPORTS.items():
        folder = write(name, text).parent
    return folder


def small_batches(graph: Newsgraph) -> Newsgraph:
    graph.settings = graph.settings.with_(**{"ingest.commit_every": 2})
    return graph


def fail_on_call(monkeypatch: pytest.MonkeyPatch, number: int, error: BaseException) -> None:
    """Make Store.add_sentences raise `error` on its `number`-th call (and work on every other)."""
    original, calls = Store.add_sentences, []

    def add_sentences(self, conn, rows):
        calls.append(rows)
        if len(calls) == number:
            raise error
        return original(self, conn, rows)

    monkeypatch.setattr(Store, "add_sentences", add_sentences)


def assert_whole(graph: Newsgraph) -> None:
    """Every extracted document has its sentences; no source or sentence is stored twice."""
    docs = graph.documents(limit=100)
    for doc in docs:
        if doc.status is DocumentStatus.EXTRACTED:
            assert graph.sentences(doc.id), f"{doc.source} is marked extracted but has no sentences"
    assert len({d.source for d in docs}) == len(docs)
    assert graph.stats()["sentences"] == sum(len(graph.sentences(d.id)) for d in docs)


def test_small_batches_store_every_document(graph: Newsgraph, corpus: Path):
    report = small_batches(graph).ingest([corpus])
    assert (report.new, report.failed) == (5, 0)
    docs = graph.documents(limit=100)
    assert sorted(Path(d.source).name for d in docs) == sorted(REPORTS)
    assert all(d.status is DocumentStatus.EXTRACTED for d in docs)
    assert graph.stats()["sentences"] == 10
    assert_whole(graph)


def test_a_crash_keeps_only_the_committed_batches(graph: Newsgraph, corpus: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    fail_on_call(monkeypatch, 3, Crash("stopped"))
    with pytest.raises(Crash):
        small_batches(graph).ingest([corpus])
    stored = graph.documents(limit=100)
    assert sorted(Path(d.source).name for d in stored) == ["01-bridge.txt", "02-mill.txt"]
    assert_whole(graph)


def test_ingesting_again_after_a_crash_completes_the_corpus(graph: Newsgraph, corpus: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    fail_on_call(monkeypatch, 3, Crash("stopped"))
    with pytest.raises(Crash):
        small_batches(graph).ingest([corpus])
    monkeypatch.undo()
    report = graph.ingest([corpus])
    assert (report.new, report.unchanged, report.failed) == (3, 2, 0)
    docs = graph.documents(limit=100)
    assert sorted(Path(d.source).name for d in docs) == sorted(REPORTS)
    assert all(d.status is DocumentStatus.EXTRACTED for d in docs)
    assert graph.stats()["sentences"] == 10
    assert_whole(graph)


def test_an_error_storing_one_batch_is_retried_one_document_at_a_time(graph: Newsgraph, corpus: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    fail_on_call(monkeypatch, 3, RuntimeError("disk hiccup"))
    report = small_batches(graph).ingest([corpus])
    assert (report.new, report.failed) == (5, 0)
    assert all(d.status is DocumentStatus.EXTRACTED for d in graph.documents(limit=100))
    assert graph.stats()["sentences"] == 10
    assert_whole(graph)


def test_an_error_late_in_a_batch_does_not_fail_the_documents_before_it(graph: Newsgraph, corpus: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    fail_on_call(monkeypatch, 4, RuntimeError("disk hiccup"))  # the second document of the second batch
    small_batches(graph).ingest([corpus])
    not_extracted = [(Path(d.source).name, d.notes) for d in graph.documents(limit=100)
                     if d.status is not DocumentStatus.EXTRACTED]
    assert not_extracted == []
    assert_whole(graph)


@pytest.mark.postgres
def test_two_instances_share_one_postgresql_database(pg_url: str, pipelines: Pipelines, corpus: Path):
    with Newsgraph(pg_url) as first:
        first._pipelines = pipelines
        assert first.ingest([corpus]).new == 5
        stored = sorted(d.id for d in first.documents())
    with Newsgraph(pg_url) as second:
        second._pipelines = pipelines
        assert sorted(d.id for d in second.documents()) == stored
        report = second.ingest([corpus])
        assert (report.new, report.unchanged, report.failed) == (0, 5, 0)
        assert sorted(d.id for d in second.documents()) == stored
        assert second.stats()["sentences"] == 10
