"""Loading pipelines by name, cutting long texts, and sentences that point back into the text."""

from __future__ import annotations

import pytest

from newsgraph.nlp.pipeline import PipelineError, chunks, label, load_pipeline, sentences


@pytest.fixture(scope="module")
def blank():
    return load_pipeline("blank:en")


def test_default_pipeline_is_the_small_english_one(pipelines):
    nlp = pipelines.get("en")
    assert label(nlp).startswith("en_core_web_sm")
    assert "parser" in nlp.pipe_names and "ner" in nlp.pipe_names
    assert nlp.pipe_names.index("newsgraph_paragraphs") < nlp.pipe_names.index("parser")


def test_upstream_name_finds_the_republished_package():
    assert label(load_pipeline("en_core_web_sm")).startswith("en_core_web_sm")


def test_a_pipeline_that_is_not_installed_says_how_to_install_it():
    with pytest.raises(PipelineError, match=r"en_core_web_xl.*not installed.*pip install en-core-web-xl"):
        load_pipeline("en_core_web_xl")


def test_blank_pipeline_still_splits_sentences(blank):
    [(doc_id, found)] = list(sentences(blank, [(7, "The talks ended. Both sides left Geneva.")]))
    assert doc_id == 7
    assert [s.text for s in found] == ["The talks ended.", "Both sides left Geneva."]


def test_a_blank_line_ends_a_headline_without_a_full_stop(pipelines):
    text = "Ceasefire holds in the north\n\nThe guns fell silent on Monday, officials said."
    [(_, found)] = list(sentences(pipelines.get("en"), [(1, text)]))
    assert found[0].text == "Ceasefire holds in the north"
    assert found[1].text.startswith("The guns fell silent")


def test_sentence_offsets_point_into_the_text(pipelines):
    texts = [(1, "  Leading spaces.  Then a second sentence.\n\nA third one here."),
             (2, "Another document entirely. It has two sentences.")]
    for doc_id, found in sentences(pipelines.get("en"), texts):
        text = dict(texts)[doc_id]
        assert [s.index for s in found] == list(range(len(found)))
        for sentence in found:
            assert text[sentence.start_char:sentence.end_char] == sentence.text
            assert sentence.text == sentence.text.strip() and sentence.text


def test_chunks_cut_at_paragraph_breaks_and_cover_the_whole_text():
    text = "\n\n".join(f"Paragraph {i} has a few words in it." for i in range(500))
    pieces = chunks(text, size=1000)
    assert all(len(piece) <= 1000 for _, piece in pieces)
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])


def test_chunks_cut_text_without_any_break():
    text = "x" * 2500
    pieces = chunks(text, size=1000)
    assert [len(p) for _, p in pieces] == [1000, 1000, 500]


def test_a_long_document_is_parsed_in_chunks_with_offsets_kept(blank):
    text = " ".join(f"Sentence number {i} is here." for i in range(30_000))  # about 850,000 characters
    [(_, found)] = list(sentences(blank, [(1, text)]))
    assert len(found) == 30_000
    assert found[-1].text == "Sentence number 29999 is here."
    assert text[found[-1].start_char:found[-1].end_char] == found[-1].text
