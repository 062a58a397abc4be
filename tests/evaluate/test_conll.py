"""CoNLL-2003: IOB1 decoding, reading the file format, and span scoring per type."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.evaluate import DataError
from newsgraph.evaluate.conll import ConllSentence, count, iob1_spans, load_sentences, map_label, read_conll, score

from .conftest import CONLL, FakeExtractor


def test_iob1_i_starts_an_entity_unless_the_previous_tag_has_the_same_type():
    assert iob1_spans(["I-PER", "I-PER", "O", "I-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    # a type change without B- starts a new entity
    assert iob1_spans(["I-ORG", "I-LOC", "I-LOC"]) == [(0, 1, "ORG"), (1, 3, "LOC")]


def test_iob1_b_separates_adjacent_entities_of_the_same_type():
    assert iob1_spans(["I-LOC", "B-LOC", "I-LOC", "O"]) == [(0, 1, "LOC"), (1, 3, "LOC")]
    assert iob1_spans(["O", "B-MISC"]) == [(1, 2, "MISC")]


def test_iob2_input_decodes_the_same_way():
    assert iob1_spans(["B-PER", "I-PER", "B-PER", "O"]) == [(0, 2, "PER"), (2, 3, "PER")]
    assert iob1_spans(["O", "O"]) == []


def test_read_conll_splits_sentences_and_documents():
    sentences = list(read_conll(CONLL.splitlines(keepends=True)))
    assert [s.words for s in sentences] == [("Marit", "Olsen", "visited", "Bergen", "."),
                                            ("Fjordbank", "hired", "Norwegian", "staff", "in", "Oslo", ".")]
    assert [s.document for s in sentences] == [1, 2]
    first = sentences[0]
    assert first.text == "Marit Olsen visited Bergen ."
    assert [(first.text[s:e], k) for s, e, k in first.entities()] == [("Marit Olsen", "PER"), ("Bergen", "LOC")]


def test_load_sentences_limit_and_bad_line(tmp_path: Path):
    path = tmp_path / "eng.testa"
    path.write_text(CONLL, encoding="utf-8")
    assert len(load_sentences(path)) == 2
    assert len(load_sentences(path, limit=1)) == 1
    path.write_text("word NNP I-NP I-PER\nlonely\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2"):
        load_sentences(path)


def test_label_mapping():
    assert map_label("PERSON") == "PER"
    assert map_label("GPE") == map_label("FAC") == map_label("LOC") == "LOC"
    assert map_label("NORP") == map_label("EVENT") == map_label("LAW") == "MISC"
    assert map_label("DATE") is None
    assert map_label("CARDINAL") is None


def test_count_needs_exact_span_and_type():
    gold = [[(0, 5, "PER"), (10, 15, "LOC")]]
    predicted = [[(0, 5, "PER"), (10, 14, "LOC"), (20, 25, "ORG")]]
    counts = count(gold, predicted)
    assert (counts["PER"].tp, counts["PER"].predicted, counts["PER"].gold) == (1, 1, 1)
    assert (counts["LOC"].tp, counts["LOC"].predicted, counts["LOC"].gold) == (0, 1, 1)
    assert (counts["ORG"].tp, counts["ORG"].predicted, counts["ORG"].gold) == (0, 1, 0)


def test_score_with_a_blank_pipeline_and_rules():
    sentences = list(read_conll(CONLL.splitlines()))
    from newsgraph.evaluate.conll import predict

    predicted = predict(FakeExtractor().nlp, sentences)
    result = score(sentences, {"newsgraph": predicted, "bare spaCy": [[] for _ in sentences]}, max_errors=5)
    core = result.figure("PER+LOC+ORG micro F1", "newsgraph")
    assert (core.correct, core.n, core.target) == (3, 4, 0.80)
    assert core.value == pytest.approx(0.75)  # Fjordbank read as a person: one miss, one false person
    assert result.figure("MISC F1", "newsgraph").value == 1.0
    assert result.figure("PER+LOC+ORG micro F1", "bare spaCy").value == 0.0
    assert result.figure("PER+LOC+ORG micro F1", "bare spaCy").target is None
    assert result.errors == [{"sentence": "Fjordbank hired Norwegian staff in Oslo .",
                              "missed": ["Fjordbank (ORG)"], "extra": ["Fjordbank (PER)"]}]
    assert result.breakdown["label_mapping"]["GPE"] == "LOC"


def test_sentence_offsets_follow_single_spaces():
    sentence = ConllSentence(("A", "bb", "c"), ("O", "O", "O"), 0)
    assert sentence.offsets() == [(0, 1), (2, 4), (5, 6)]
