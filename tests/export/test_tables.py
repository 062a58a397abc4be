"""Exports: documents and sentences as JSON Lines or CSV, read back by the standard library."""

from __future__ import annotations

import csv
import io
import json

import pytest

REPORT = """Title: Bridge reopens after repairs
Outlet: Valley Wire
Date: 2025-03-02

The old bridge over the Orlen reopened on Sunday. Engineers said the repairs took eight months.
"""


@pytest.fixture
def stored(graph, write):
    graph.ingest([write("bridge.txt", REPORT)])
    return graph


def test_documents_as_json_lines(stored):
    out = io.StringIO()
    assert stored.export("documents", "jsonl", out) == 1
    [row] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert row["title"] == "Bridge reopens after repairs"
    assert row["published"].startswith("2025-03-02")
    assert row["text"].startswith("The old bridge")


def test_sentences_as_csv_keep_their_offsets(stored):
    out = io.StringIO()
    assert stored.export("sentences", "csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    [doc] = stored.documents()
    for row in rows:
        assert doc.text[int(row["start_char"]):int(row["end_char"])] == row["text"]
    assert [row["index"] for row in rows] == ["0", "1"]


def test_an_unknown_format_is_refused(stored):
    with pytest.raises(ValueError, match="unknown format"):
        stored.export("documents", "xlsx", io.StringIO())
