"""The data model hands out plain, JSON-ready values, and every sentence carries its evidence."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from newsgraph.model import DateSource, Document, Evidence, Grade, Sentence


def test_document_to_dict_is_json_ready():
    doc = Document(text="Two sentences here. And here.", source="a.txt", source_kind="text",
                   published=datetime(2024, 6, 19, tzinfo=UTC), date_source=DateSource.DATELINE,
                   notes=["decoded as cp1252"])
    data = json.loads(json.dumps(doc.to_dict()))
    assert data["published"] == "2024-06-19T00:00:00+00:00"
    assert data["date_source"] == "dateline"
    assert data["status"] == "extracted"
    assert data["notes"] == ["decoded as cp1252"]
    assert doc.word_count == 5


def test_a_sentence_is_its_own_evidence():
    sentence = Sentence(document_id=3, index=2, start_char=40, end_char=75, text="x" * 35)
    assert sentence.evidence == Evidence(3, 2, 40, 75)


def test_a_grade_prints_as_the_admiralty_code():
    assert str(Grade("B", 2, ("two independent origins",))) == "B2"
