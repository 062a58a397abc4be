"""The Python API end to end, on both backends: the example corpus in, counts and copies out."""

from __future__ import annotations

from newsgraph import Newsgraph, example_corpus


def test_example_corpus_ingests_without_failures(graph: Newsgraph):
    report = graph.ingest([example_corpus()])
    assert report.failed == 0, report.failures
    assert report.new >= 30
    stats = graph.stats()
    assert stats["documents"] == report.new
    assert stats["sentences"] > 5 * stats["documents"]
    assert stats["outlets"] >= 8
    assert stats["by_language"] == {"en": stats["documents"]}


def test_second_ingest_adds_nothing(graph: Newsgraph):
    first = graph.ingest([example_corpus()])
    before = graph.stats()
    second = graph.ingest([example_corpus()])
    assert second.new == 0
    assert second.read == first.read
    assert second.unchanged == first.new + first.duplicates
    assert second.failed == 0
    assert graph.stats() == before


def test_syndicated_copies_are_linked_to_one_original(graph: Newsgraph):
    graph.ingest([example_corpus()])
    docs = graph.documents(limit=1000)
    copies = [d for d in docs if d.original_id is not None]
    assert len(copies) >= 4  # the corpus holds two wire stories republished by several outlets
    by_id = {d.id: d for d in docs}
    for copy in copies:
        original = by_id[copy.original_id]
        assert original.original_id is None  # copies point at the root of their cluster
        assert original.outlet != copy.outlet
        assert copy.similarity >= 0.7
        assert original.published <= copy.published
    assert graph.stats()["origins"] == len(docs) - len(copies)


def test_every_sentence_points_into_its_document(graph: Newsgraph):
    graph.ingest([example_corpus()])
    for doc in graph.documents(limit=1000):
        sentences = graph.sentences(doc.id)
        assert sentences, doc.source
        assert [s.index for s in sentences] == list(range(len(sentences)))
        for sentence in sentences:
            assert doc.text[sentence.start_char:sentence.end_char] == sentence.text


def test_search_finds_sentences_with_their_offsets(graph: Newsgraph):
    graph.ingest([example_corpus()])
    hits = graph.search("ratified treaty")
    assert hits
    for hit in hits:
        assert "ratif" in hit.sentence.text.lower()
        doc = graph.document(hit.sentence.document_id)
        assert doc.text[hit.sentence.start_char:hit.sentence.end_char] == hit.sentence.text
    assert graph.search('"; DROP TABLE sentences; --') == []


def test_two_ingests_into_one_sqlite_file_at_once_both_complete(tmp_path, pipelines):
    from concurrent.futures import ThreadPoolExecutor

    folders = []
    for name in ("north", "south"):
        folder = tmp_path / name
        folder.mkdir()
        for i in range(6):
            (folder / f"{i}.txt").write_text(
                f"Report {i} from the {name} desk. The {name}ern delegation arrived in town number {i * 7}. "
                f"Talks on item {i} of the {name} agenda lasted {i + 2} hours.", encoding="utf-8")
        folders.append(folder)
    db = str(tmp_path / "shared.db")

    def ingest(folder):
        with Newsgraph(db, **{"ingest.commit_every": 2}) as graph:
            graph._pipelines = pipelines
            return graph.ingest([folder])

    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(ingest, folders))
    assert [(r.new, r.failed) for r in reports] == [(6, 0), (6, 0)]
    with Newsgraph(db) as graph:
        assert graph.stats()["documents"] == 12


def test_events_and_claims_are_listed_with_filters_and_evidence(graph: Newsgraph):
    from datetime import date

    from tests.store.test_events_claims import write_reports

    write_reports(graph.store)  # two reports with events and claims built by hand: no NLP involved
    assert [r.event.trigger for r in graph.events(source="PRK", since=date(2024, 10, 1))] == ["deployed", "sent"]
    assert [r.event.trigger for r in graph.events(country="UKR")] == ["shelled"]
    [hedged] = graph.claims(hedged=True)
    assert hedged.claim.estimative == "highly likely" and hedged.sentences[0].text.startswith("Seoul's")
    assert [r.claim.stance for r in graph.claims(actor="RUS", until=date(2024, 11, 6))] == [
        "asserts", "denies", "asserts"]
    facts = graph.facts(hedged.claim.evidence.document_id)
    assert facts["claims"][0].events[0] is facts["events"][0]
