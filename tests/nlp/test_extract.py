"""The extractor as a whole: times resolved against the publication date, facts numbered by sentence,
long documents in chunks. Every sentence here is written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsgraph.nlp.extract import Extractor


@pytest.fixture(scope="module")
def extractor(pipelines) -> Extractor:
    return Extractor(pipelines.get("en"))


def test_durations_are_not_stored_as_times_but_dates_are(extractor):
    facts = extractor.extract("The 64-year-old minister, in office for 12 years, resigned on Friday.",
                              published=datetime(2025, 2, 5, tzinfo=UTC))
    assert [(t.text, t.precision) for t in facts.times] == [("Friday", "day")]
    assert facts.times[0].start.date().isoformat() == "2025-01-31"


def test_relative_dates_stay_unresolved_without_a_publication_date(extractor):
    facts = extractor.extract("The ceasefire began on Friday, and the treaty was signed in June 2024.")
    by_text = {t.text: t for t in facts.times}
    assert by_text["Friday"].precision == "unresolved" and by_text["Friday"].start is None
    assert by_text["June 2024"].precision == "month"


def test_a_long_document_is_cut_in_chunks_and_offsets_still_point_into_it(extractor):
    paragraph = "Estonian troops trained near Tartu on Monday. Officials in Riga watched.\n\n"
    text = paragraph * 1500  # about 110,000 characters: more than one chunk
    facts = extractor.extract(text, published=datetime(2025, 3, 5, tzinfo=UTC))
    assert len(facts.sentences) == 3000
    troops = [m for m in facts.actors if m.text == "Estonian troops"]
    assert len(troops) == 1500
    last = troops[-1].evidence
    assert text[last.start_char:last.end_char] == "Estonian troops"
    assert facts.sentences[last.sentence_index].start_char <= last.start_char
