"""Writes and reads through `Store`, the same on SQLite and PostgreSQL: documents and their sentences,
transactions, failures, the near-copy index, copy clusters and the counts `stats()` reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from newsgraph.model import DateSource, DocumentStatus, Failure
from newsgraph.store import Store
from newsgraph.store.schema import documents
from tests.store.helpers import add, make_document, sentences_of

FERRY = ("The night ferry to Marlow Island was cancelled on Tuesday.",
         "Harbour officials blamed a broken gangway.")


def test_a_document_reads_back_as_it_was_written(store: Store):
    doc = make_document(
        " ".join(FERRY), source="inputs/ferry.html", source_kind="html", title="Ferry cancelled",
        author="A. Reporter", outlet="Harbor Daily", url="https://harbor.example/ferry",
        date_source=DateSource.METADATA, language_score=0.98, encoding="utf-8",
        status=DocumentStatus.NOT_EXTRACTED)
    with store.transaction() as conn:
        doc_id = store.add_document(conn, doc)
    stored = store.document(doc_id)
    assert stored.id == doc_id
    assert (stored.text, stored.source, stored.source_kind, stored.title, stored.author, stored.outlet,
            stored.url) == (doc.text, "inputs/ferry.html", "html", "Ferry cancelled", "A. Reporter",
                            "Harbor Daily", "https://harbor.example/ferry")
    assert stored.date_source is DateSource.METADATA
    assert stored.status is DocumentStatus.NOT_EXTRACTED
    assert (stored.language, stored.language_score, stored.encoding) == ("en", 0.98, "utf-8")
    assert stored.content_hash == doc.content_hash
    assert stored.word_count == 16


def test_an_unknown_document_id_reads_as_none(store: Store):
    assert store.document(12345) is None
    assert store.sentences(12345) == []


def test_sentences_read_back_in_order_with_their_offsets(store: Store):
    with store.transaction() as conn:
        doc_id = store.add_document(conn, make_document(" ".join(FERRY)))
        store.add_sentences(conn, list(reversed(sentences_of(doc_id, *FERRY))))
    doc, found = store.document(doc_id), store.sentences(doc_id)
    assert [s.text for s in found] == list(FERRY)
    assert [s.index for s in found] == [0, 1]
    for sentence in found:
        assert doc.text[sentence.start_char:sentence.end_char] == sentence.text


def test_adding_no_sentences_is_allowed(store: Store):
    with store.transaction() as conn:
        doc_id = store.add_document(conn, make_document("A short note."))
        store.add_sentences(conn, [])
    assert store.sentences(doc_id) == []


def test_datetimes_come_back_timezone_aware_in_utc(store: Store):
    seoul = timezone(timedelta(hours=9))
    doc_id = add(store, "Talks resumed in the capital.", published=datetime(2024, 6, 19, 18, 0, tzinfo=seoul),
                 ingested_at=datetime(2024, 6, 20, 8, 15, tzinfo=UTC))
    stored = store.document(doc_id)
    assert stored.published == datetime(2024, 6, 19, 9, 0, tzinfo=UTC)
    assert stored.published.utcoffset() == timedelta(0)
    assert stored.ingested_at == datetime(2024, 6, 20, 8, 15, tzinfo=UTC)
    assert stored.ingested_at.utcoffset() == timedelta(0)
    assert store.sources_of(doc_id)[0]["published"] == datetime(2024, 6, 19, 9, 0, tzinfo=UTC)


def test_a_document_without_an_ingest_time_gets_now(store: Store):
    before = datetime.now(UTC)
    doc_id = add(store, "The bridge reopened at noon.")
    assert before - timedelta(seconds=5) <= store.document(doc_id).ingested_at <= datetime.now(UTC)


def test_an_undated_document_stays_undated(store: Store):
    doc_id = add(store, "A rumour spread about the mayor.", published=None)
    assert store.document(doc_id).published is None


def test_notes_round_trip(store: Store):
    doc_id = add(store, "Prices rose again.", notes=["decoded as cp1252", "dateline year guessed"])
    assert store.document(doc_id).notes == ["decoded as cp1252", "dateline year guessed"]


def test_a_document_without_notes_reads_back_an_empty_list(store: Store):
    assert store.document(add(store, "Prices fell.")).notes == []


def test_finishing_a_document_sets_its_status_and_appends_a_note(store: Store):
    doc_id = add(store, "The mill closed.", notes=["decoded as cp1252"])
    with store.transaction() as conn:
        store.finish_document(conn, doc_id, DocumentStatus.FAILED, "en_core_web_sm", "pipeline failed: boom")
    stored = store.document(doc_id)
    assert stored.status is DocumentStatus.FAILED
    assert stored.notes == ["decoded as cp1252", "pipeline failed: boom"]


def test_a_transaction_that_raises_leaves_nothing_behind(store: Store):
    with pytest.raises(RuntimeError, match="power cut"), store.transaction() as conn:
        doc_id = store.add_document(conn, make_document(" ".join(FERRY)))
        store.add_sentences(conn, sentences_of(doc_id, *FERRY))
        raise RuntimeError("power cut")
    assert store.document(doc_id) is None
    assert store.sentences(doc_id) == []
    assert store.documents() == []
    assert store.stats()["sentences"] == 0
    assert store.search("ferry") == []


def test_a_second_document_with_the_same_content_hash_is_refused(store: Store):
    add(store, "The council met in private.")
    with pytest.raises(IntegrityError), store.transaction() as conn:
        store.add_document(conn, make_document("The council met in private.", source="elsewhere.txt"))
    assert len(store.documents()) == 1


def test_a_document_remembers_each_source_it_was_read_from(store: Store):
    doc = make_document("The council met in private.", source="a.txt", outlet="Harbor Daily")
    with store.transaction() as conn:
        doc_id = store.add_document(conn, doc)
        copy = make_document(doc.text, source="b.txt", outlet="Lowland Post", url="https://lowland.example/1")
        store.add_source(conn, doc_id, copy)
        assert store.source_known(conn, "a.txt")
        assert store.source_known(conn, "b.txt", doc_id)
        assert not store.source_known(conn, "b.txt", doc_id + 1)
        assert not store.source_known(conn, "c.txt")
        assert store.document_by_hash(conn, doc.content_hash) == doc_id
        assert store.document_by_hash(conn, "0" * 64) is None
    assert [(s["source"], s["outlet"], s["url"]) for s in store.sources_of(doc_id)] == [
        ("a.txt", "Harbor Daily", None), ("b.txt", "Lowland Post", "https://lowland.example/1")]


def test_documents_are_listed_newest_first_and_undated_last(store: Store):
    old = add(store, "Old news.", published=datetime(2023, 1, 5, tzinfo=UTC))
    undated = add(store, "Undated news.", published=None)
    new = add(store, "New news.", published=datetime(2024, 3, 1, tzinfo=UTC))
    assert [d.id for d in store.documents()] == [new, old, undated]
    assert [d.id for d in store.documents(limit=1, offset=1)] == [old]


def test_documents_can_be_filtered_by_outlet_and_language(store: Store):
    harbor = add(store, "Fishing quotas were cut.", outlet="Harbor Daily")
    add(store, "Les quotas de pêche ont été réduits.", outlet="Harbor Daily", language="fr")
    add(store, "Quotas were cut, fishermen say.", outlet="Lowland Post")
    assert [d.id for d in store.documents(outlet="Harbor Daily", language="en")] == [harbor]
    assert len(store.documents(outlet="Harbor Daily")) == 2
    assert len(store.documents(language="en")) == 2


# --- failures ----------------------------------------------------------------------------------------

def test_recording_a_failure_twice_keeps_one_row_with_the_latest_reason(store: Store):
    with store.transaction() as conn:
        store.record_failure(conn, Failure("feeds/harbor.xml", "connection refused", "fetch"))
    with store.transaction() as conn:
        store.record_failure(conn, Failure("feeds/harbor.xml", "not a feed: got an HTML page", "parse"))
    assert store.failures() == [Failure("feeds/harbor.xml", "not a feed: got an HTML page", "parse")]
    assert store.stats()["failures"] == 1


def test_clearing_a_failure_removes_only_that_source(store: Store):
    with store.transaction() as conn:
        store.record_failure(conn, Failure("a.txt", "empty document: no words in the text"))
        store.record_failure(conn, Failure("b.txt", "cannot decode"))
        store.clear_failure(conn, "a.txt")
        store.clear_failure(conn, "never-failed.txt")
    assert store.failures() == [Failure("b.txt", "cannot decode")]


# --- the near-copy index -----------------------------------------------------------------------------

def _with_signature(store: Store, text: str, signature: bytes, buckets: list[tuple[int, int]], **fields) -> int:
    with store.transaction() as conn:
        doc_id = store.add_document(conn, make_document(text, **fields))
        store.add_signature(conn, doc_id, signature, buckets)
    return doc_id


def test_bucket_matches_finds_documents_sharing_a_band_bucket(store: Store):
    low, high = -(2**63), 2**63 - 1  # buckets are signed 64-bit integers
    a = _with_signature(store, "Storm closes port.", b"\x01" * 8, [(0, low), (1, 22)])
    b = _with_signature(store, "Storm shuts the port.", b"\x02" * 8, [(0, low), (1, 33)])
    c = _with_signature(store, "Election called early.", b"\x03" * 8, [(0, high), (1, 44)])
    with store.engine.connect() as conn:
        assert store.bucket_matches(conn, [(0, low)]) == {a, b}
        assert store.bucket_matches(conn, [(1, 33), (0, high)]) == {b, c}
        assert store.bucket_matches(conn, [(0, low), (1, 22)]) == {a, b}
        assert store.bucket_matches(conn, [(1, low)]) == set()  # same bucket, other band
        assert store.bucket_matches(conn, []) == set()


def test_signatures_of_gives_signature_original_and_date(store: Store):
    a = _with_signature(store, "Storm closes port.", b"\x01\x02\x03\x04", [(0, 1)],
                        published=datetime(2024, 5, 1, 6, 0, tzinfo=UTC))
    b = _with_signature(store, "Storm shuts the port.", b"\x05\x06\x07\x08", [(0, 1)], published=None)
    _with_signature(store, "Election called early.", b"\x09" * 4, [(0, 2)])
    with store.transaction() as conn:
        store.link_copy(conn, b, a, 0.81)
    with store.engine.connect() as conn:
        found = store.signatures_of(conn, [a, b])
        assert store.signatures_of(conn, []) == {}
        assert store.published_of(conn, a) == datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
    assert found == {a: (b"\x01\x02\x03\x04", None, datetime(2024, 5, 1, 6, 0, tzinfo=UTC)),
                     b: (b"\x05\x06\x07\x08", a, None)}
    assert store.document(b).similarity == 0.81


def test_move_cluster_repoints_every_copy_and_the_old_root(store: Store):
    old_root = add(store, "Wire: storm closes port.")
    copies = [add(store, f"Wire: storm closes port, copy {n}.") for n in (1, 2)]
    other_root, other_copy = add(store, "Unrelated story."), add(store, "Unrelated story, copy.")
    new_root = add(store, "Wire: storm closes port, earliest.")
    with store.transaction() as conn:
        for copy in copies:
            store.link_copy(conn, copy, old_root, 0.9)
        store.link_copy(conn, other_copy, other_root, 0.9)
        store.move_cluster(conn, old_root, new_root)
    assert [store.document(i).original_id for i in (*copies, old_root)] == [new_root] * 3
    assert store.document(new_root).original_id is None
    assert store.document(other_copy).original_id == other_root


# --- stats -------------------------------------------------------------------------------------------

def test_stats_of_an_empty_store(store: Store):
    stats = store.stats()
    assert (stats["documents"], stats["sentences"], stats["words"], stats["origins"], stats["near_copies"],
            stats["exact_copies"], stats["failures"]) == (0, 0, 0, 0, 0, 0, 0)
    assert stats["first_published"] is None and stats["last_published"] is None
    assert stats["by_language"] == {} and stats["by_outlet"] == {}


def test_stats_counts_documents_copies_and_languages(store: Store):
    original = add(store, "The port closed at dawn.", "Ships waited offshore.", outlet="Harbor Daily",
                   published=datetime(2024, 5, 1, 6, 0, tzinfo=UTC))
    copy = add(store, "The port closed at dawn, officials said.", outlet="Lowland Post",
               published=datetime(2024, 5, 1, 9, 0, tzinfo=UTC))
    add(store, "Le port a fermé à l'aube.", outlet="Gazette du Nord", language="fr",
        published=datetime(2024, 5, 2, 7, 30, tzinfo=UTC))
    add(store, "An anonymous leaflet appeared.", outlet=None, language=None, published=None)
    with store.transaction() as conn:
        store.link_copy(conn, copy, original, 0.75)
        store.add_source(conn, original, make_document("The port closed at dawn.", source="mirror/port.txt"))
    stats = store.stats()
    assert stats["documents"] == 4
    assert stats["sentences"] == 5
    assert stats["words"] == 8 + 7 + 6 + 4
    assert (stats["origins"], stats["near_copies"], stats["exact_copies"]) == (3, 1, 1)
    assert stats["by_language"] == {"en": 2, "fr": 1, "unknown": 1}
    assert stats["by_outlet"] == {"Harbor Daily": 1, "Lowland Post": 1, "Gazette du Nord": 1, "unknown": 1}
    assert stats["by_status"] == {"extracted": 4}
    assert stats["first_published"] == datetime(2024, 5, 1, 6, 0, tzinfo=UTC)
    assert stats["last_published"] == datetime(2024, 5, 2, 7, 30, tzinfo=UTC)


def test_deleting_a_document_deletes_its_sentences_and_sources(store: Store):
    doc_id = add(store, *FERRY)
    with store.transaction() as conn:
        conn.execute(delete(documents).where(documents.c.id == doc_id))
    assert store.sentences(doc_id) == []
    assert store.sources_of(doc_id) == []
    assert store.stats()["sentences"] == 0
