"""Full-text search over sentences, on SQLite FTS5 and on PostgreSQL tsvector: words are stemmed, every
word of the query must be in the sentence, the best match comes first, and whatever a user types is
taken as words to find, never as query syntax."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete

from newsgraph.store import Store
from newsgraph.store.schema import documents, sentences
from tests.store.helpers import add

TREATY = ("The two governments signed a defence treaty in the spring.",
          "Parliament will vote on the treaty next month.",
          "The harbour reopened after the storm.")


def texts(hits) -> list[str]:
    return [hit.sentence.text for hit in hits]


def test_search_finds_a_word_with_its_document(store: Store):
    doc_id = add(store, *TREATY, title="Pact signed", outlet="Harbor Daily",
                 published=datetime(2024, 6, 19, 9, 30, tzinfo=UTC))
    hits = store.search("harbour")
    assert texts(hits) == ["The harbour reopened after the storm."]
    hit = hits[0]
    assert (hit.sentence.document_id, hit.sentence.index) == (doc_id, 2)
    assert (hit.title, hit.outlet, hit.published) == ("Pact signed", "Harbor Daily",
                                                      datetime(2024, 6, 19, 9, 30, tzinfo=UTC))


def test_search_is_case_insensitive(store: Store):
    add(store, *TREATY)
    assert texts(store.search("HARBOUR")) == ["The harbour reopened after the storm."]


def test_a_plural_finds_the_singular(store: Store):
    add(store, *TREATY)
    assert sorted(texts(store.search("treaties"))) == sorted(TREATY[:2])


def test_an_inflected_verb_finds_other_forms(store: Store):
    add(store, "The committee voted against the bill.", "Members will vote again in May.",
        "The bill's fate is unclear.")
    assert sorted(texts(store.search("voting"))) == ["Members will vote again in May.",
                                                     "The committee voted against the bill."]


def test_every_word_of_the_query_must_be_in_the_sentence(store: Store):
    add(store, *TREATY)
    assert texts(store.search("treaty parliament")) == ["Parliament will vote on the treaty next month."]
    assert store.search("treaty volcano") == []


def test_a_sentence_with_both_words_ranks_first(store: Store):
    add(store, "Fishermen protested the new quota rules outside the ministry today.",
        "Fishermen and farmers both protested outside the ministry on Monday.",
        "A quota on fishing was set by the ministry for the coming season.")
    assert texts(store.search("fishermen quota"))[0] == (
        "Fishermen protested the new quota rules outside the ministry today.")
    assert len(store.search("ministry")) == 3


def test_a_sentence_that_repeats_the_word_ranks_first(store: Store):
    add(store, "The embargo was discussed at length by the envoys.",
        "The embargo on grain, and the embargo on fuel, were discussed.",
        "Envoys discussed the weather, and then an embargo.")
    assert texts(store.search("embargo"))[0] == "The embargo on grain, and the embargo on fuel, were discussed."


def test_the_limit_caps_the_hits(store: Store):
    add(store, *(f"Report {n} mentions the drought." for n in range(8)))
    assert len(store.search("drought")) == 8
    assert len(store.search("drought", limit=3)) == 3


def test_search_spans_documents(store: Store):
    first = add(store, "Flooding closed the northern road.", outlet="Harbor Daily")
    second = add(store, "The flooding reached the valley by night.", outlet="Lowland Post")
    assert {hit.sentence.document_id for hit in store.search("flooding")} == {first, second}


def test_an_unknown_word_finds_nothing(store: Store):
    add(store, *TREATY)
    assert store.search("zeppelin") == []


def test_an_empty_store_finds_nothing(store: Store):
    assert store.search("treaty") == []


HOSTILE = [
    "",
    "   ",
    "?!.,;:-",
    "*",
    '"',
    '"treaty',
    "treaty\"",
    "'treaty'",
    "NEAR(treaty vote)",
    "NEAR(",
    "treaty*",
    "treaty AND OR NOT vote",
    "AND OR",
    "^treaty",
    "text:treaty",
    "(treaty",
    "treaty) OR (",
    "a & b | !c <-> d",
    "'; DROP TABLE sentences; --",
    '"; DROP TABLE sentences; --',
    "1=1 OR treaty",
    "%_%",
    "\\",
    "\x00",
    "treaty\x00vote",
    "тreaty 条約 معاهدة",
    "x" * 5000,
]


def test_hostile_queries_never_raise(store: Store):
    add(store, *TREATY)
    for query in HOSTILE:
        assert isinstance(store.search(query), list), query
    assert store.stats()["sentences"] == 3  # and nothing was dropped


def test_query_syntax_is_taken_as_words(store: Store):
    add(store, *TREATY)
    assert texts(store.search('"vote*" (treaty)')) == ["Parliament will vote on the treaty next month."]
    assert texts(store.search("treaty -vote")) == ["Parliament will vote on the treaty next month."]
    assert texts(store.search('NEAR("treaty" vote)')) == []  # "near" is a word the sentence lacks


def test_punctuation_only_finds_nothing(store: Store):
    add(store, *TREATY)
    assert store.search("?!.,;") == []
    assert store.search("") == []


def test_deleted_sentences_leave_the_index(store: Store):
    doc_id = add(store, *TREATY)
    other = add(store, "A second treaty was drafted in secret.")
    with store.transaction() as conn:
        conn.execute(delete(sentences).where(sentences.c.document_id == doc_id))
    assert texts(store.search("treaty")) == ["A second treaty was drafted in secret."]
    assert {hit.sentence.document_id for hit in store.search("treaty")} == {other}


def test_a_deleted_document_leaves_the_index(store: Store):
    doc_id = add(store, *TREATY)
    with store.transaction() as conn:
        conn.execute(delete(documents).where(documents.c.id == doc_id))
    assert store.search("treaty") == []
    assert store.search("harbour") == []


def test_new_sentences_are_found_after_others_were_deleted(store: Store):
    doc_id = add(store, *TREATY)
    with store.transaction() as conn:
        conn.execute(delete(documents).where(documents.c.id == doc_id))
    add(store, "The harbour was dredged over the winter.")  # may reuse a deleted sentence's id
    assert texts(store.search("harbour")) == ["The harbour was dredged over the winter."]
    assert store.search("treaty") == []


def test_the_sqlite_index_stays_in_step_with_the_sentences(tmp_path):
    store = Store.open(str(tmp_path / "news.db"))
    doc_id = add(store, *TREATY)
    add(store, "A second treaty was drafted in secret.")
    with store.transaction() as conn:
        conn.execute(delete(documents).where(documents.c.id == doc_id))
    add(store, "The harbour was dredged over the winter.")
    with store.engine.connect() as conn:
        # the index itself, not joined to `sentences`: a deleted sentence left in it would still match
        indexed = conn.exec_driver_sql("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'treaty'")
        assert len(indexed.all()) == 1
    store.close()



def test_common_words_in_a_query_are_not_required(store):
    add(store, "The parliament voted on the treaty.")
    hits = store.search("treaty and the vote")
    assert [h.sentence.text for h in hits] == ["The parliament voted on the treaty."]
