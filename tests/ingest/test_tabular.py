"""JSON Lines and CSV corpora: one document per record, columns found by name (or by a mapping
given per run), and a bad record is a failure of that record alone, named by file and line."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from newsgraph.model import DateSource


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


DAM = {"id": "vw-1", "title": "Dam inspection finds cracks", "outlet": "Valley Wire", "author": "Ivo Marsh",
       "published": "2025-03-06T11:00:00Z", "url": "https://wire.example/dam",
       "text": "Engineers found cracks in the eastern wall of the Orlen dam during a routine inspection."}
MARKET = {"title": "Market hall reopens", "outlet": "Valley Wire", "published": "2025-03-07",
          "text": "The covered market hall reopened on Friday after a two-year renovation paid for by the town."}


def test_jsonl_records_become_documents_with_their_fields(sqlite_graph, write):
    path = write("wire.jsonl", jsonl(DAM, MARKET))
    report = sqlite_graph.ingest([path])
    assert (report.read, report.new, report.failed) == (2, 2, 0)
    dam = next(d for d in sqlite_graph.documents() if d.title == "Dam inspection finds cracks")
    assert dam.text == DAM["text"]
    assert dam.outlet == "Valley Wire"
    assert dam.author == "Ivo Marsh"
    assert dam.url == "https://wire.example/dam"
    assert dam.published == datetime(2025, 3, 6, 11, 0, tzinfo=UTC)
    assert dam.date_source is DateSource.METADATA
    assert dam.source == f"{path.resolve()}:1"
    assert dam.source_kind == "jsonl"


def test_jsonl_field_mapping_names_other_columns(sqlite_graph, write):
    record = {"text": "Teaser only.", "when": "2025-05-20",
              "body": "The regional council voted on Tuesday to build a second bridge over the Orlen river."}
    sqlite_graph.ingest([write("mapped.jsonl", jsonl(record))],
                        fields={"text": ("body",), "published": ("when",)})
    [doc] = sqlite_graph.documents()
    assert doc.text == record["body"]
    assert doc.published == datetime(2025, 5, 20, tzinfo=UTC)
    assert doc.date_source is DateSource.METADATA


def test_jsonl_without_the_mapping_uses_the_default_names(sqlite_graph, write):
    record = {"text": "The regional council voted on Tuesday to build a second bridge over the Orlen river.",
              "when": "2025-05-20"}
    sqlite_graph.ingest([write("unmapped.jsonl", jsonl(record))])
    [doc] = sqlite_graph.documents()
    assert doc.date_source is DateSource.INGEST  # "when" is not one of the default date names


def test_jsonl_html_text_is_reduced_to_its_paragraphs(sqlite_graph, write):
    record = {"text": "<p>The tram line to the airport opened on Monday.</p><p>Tickets cost two euros.</p>"}
    sqlite_graph.ingest([write("html.jsonl", jsonl(record))])
    [doc] = sqlite_graph.documents()
    assert doc.text == "The tram line to the airport opened on Monday.\n\nTickets cost two euros."


def test_jsonl_bad_lines_are_failures_named_by_line_and_the_rest_is_read(sqlite_graph, write):
    lines = [json.dumps(DAM), '{"title": "Cut off", "text": "The storm', json.dumps({"title": "No body here"}),
             "", json.dumps(MARKET)]
    path = write("mixed.jsonl", "\n".join(lines) + "\n")
    report = sqlite_graph.ingest([path])
    assert (report.new, report.failed) == (2, 2)
    by_source = {f.source: f for f in report.failures}
    assert set(by_source) == {f"{path.resolve()}:2", f"{path.resolve()}:3"}
    assert by_source[f"{path.resolve()}:2"].reason == (
        "invalid JSON: Invalid control character at column 40")
    assert by_source[f"{path.resolve()}:3"].reason.startswith("record has no text (looked for text, body")
    assert {d.source for d in sqlite_graph.documents()} == {f"{path.resolve()}:1", f"{path.resolve()}:5"}


def test_jsonl_record_that_is_not_an_object_is_a_failure(sqlite_graph, write):
    path = write("list.jsonl", '["not", "an", "object"]\n')
    [failure] = sqlite_graph.ingest([path]).failures
    assert failure.source == f"{path.resolve()}:1"
    assert failure.reason == "record is not an object"


def test_jsonl_record_over_the_size_cap_is_a_failure(sqlite_graph, write):
    sqlite_graph.settings = sqlite_graph.settings.with_(**{"ingest.max_document_bytes": 200})
    long = {"text": "The harbour board met again. " * 20}
    path = write("long.jsonl", jsonl(MARKET, long))
    report = sqlite_graph.ingest([path])
    assert report.new == 1
    [failure] = report.failures
    assert failure.source == f"{path.resolve()}:2"
    assert "over the limit of 200" in failure.reason


CSV = """title,outlet,published,text
Port strike ends,Harbour Post,2025-02-10,"Dock workers returned to work on Monday, ending a four-day strike.

The union said the new shift pattern was fair."
Ferries back on time,Harbour Post,2025-02-11,"Ferries ran on time on Tuesday, the operator said."
"""


def test_csv_rows_become_documents_with_a_multi_line_quoted_text(sqlite_graph, write):
    path = write("harbour.csv", CSV)
    report = sqlite_graph.ingest([path])
    assert (report.new, report.failed) == (2, 0)
    strike = next(d for d in sqlite_graph.documents() if d.title == "Port strike ends")
    assert strike.text == ("Dock workers returned to work on Monday, ending a four-day strike.\n\n"
                           "The union said the new shift pattern was fair.")
    assert strike.outlet == "Harbour Post"
    assert strike.published == datetime(2025, 2, 10, tzinfo=UTC)
    assert strike.source_kind == "csv"


def test_csv_records_are_named_by_the_line_they_start_on(sqlite_graph, write):
    path = write("harbour.csv", CSV)
    sqlite_graph.ingest([path])
    sources = {d.title: d.source for d in sqlite_graph.documents()}
    assert sources == {"Port strike ends": f"{path.resolve()}:2", "Ferries back on time": f"{path.resolve()}:5"}


def test_csv_with_semicolons_is_sniffed(sqlite_graph, write):
    path = write("semi.csv", "headline;body\nTunnel opens;The new road tunnel under the pass opened on Sunday.\n")
    sqlite_graph.ingest([path])
    [doc] = sqlite_graph.documents()
    assert doc.title == "Tunnel opens"
    assert doc.text == "The new road tunnel under the pass opened on Sunday."


def test_csv_row_without_text_is_a_failure_of_that_row(sqlite_graph, write):
    path = write("gaps.csv", "title,text\nEmpty row,\nFull row,The library will open on Sundays from May.\n")
    report = sqlite_graph.ingest([path])
    assert report.new == 1
    [failure] = report.failures
    assert failure.source == f"{path.resolve()}:2"
    assert failure.reason.startswith("record has no text")


def test_a_jsonl_corpus_in_a_legacy_encoding_is_decoded_and_says_so(sqlite_graph, write):
    record = {"text": "The café in Genève reopened on Monday, the owners said in a short statement.",
              "published": "2025-04-01"}
    path = write("legacy.jsonl", (json.dumps(record, ensure_ascii=False) + "\n").encode("cp1252"))
    report = sqlite_graph.ingest([path])
    assert (report.new, report.failed) == (1, 0)
    [doc] = sqlite_graph.documents()
    assert "café in Genève" in doc.text
    assert any("cp1252" in note or "1252" in note for note in doc.notes)


def test_a_jsonl_record_over_the_size_cap_fails_alone_without_being_read_whole(sqlite_graph, write):
    sqlite_graph.settings = sqlite_graph.settings.with_(**{"ingest.max_document_bytes": 2000})
    huge = {"text": "word " * 5000}
    path = write("mixed.jsonl", jsonl(DAM, huge, MARKET))
    report = sqlite_graph.ingest([path])
    assert (report.new, report.failed) == (2, 1)
    [failure] = report.failures
    assert failure.source == f"{path.resolve()}:2"
    assert "over the limit" in failure.reason
