"""Plain-text reports: an optional `Key: value` header block, then the body; dates from the header,
else from a dateline, else the time of ingest; languages without a pipeline stored but not extracted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsgraph.ingest.text import split_header
from newsgraph.model import DateSource, DocumentStatus

BODY = ("Ferry crossings between the two islands resumed on Friday after a week of storms kept the boats "
        "in port.\n\nThe operator said extra sailings would run over the weekend to clear the backlog of "
        "passengers.\n")

WITH_HEADER = f"""Title: Ferry service resumes across the strait
Outlet: The Harbour Gazette
Author: Lena Okafor
Date: 2025-03-14
URL: https://gazette.example/ferry-resumes
Language: en

{BODY}"""


def test_header_block_becomes_the_documents_metadata(sqlite_graph, write):
    report = sqlite_graph.ingest([write("ferry.txt", WITH_HEADER)])
    assert (report.read, report.new, report.failed) == (1, 1, 0)
    [doc] = sqlite_graph.documents()
    assert doc.title == "Ferry service resumes across the strait"
    assert doc.outlet == "The Harbour Gazette"
    assert doc.author == "Lena Okafor"
    assert doc.url == "https://gazette.example/ferry-resumes"
    assert doc.language == "en"
    assert doc.published == datetime(2025, 3, 14, tzinfo=UTC)
    assert doc.date_source is DateSource.METADATA
    assert doc.source_kind == "text"


def test_a_header_date_with_an_offset_is_stored_in_utc(sqlite_graph, write):
    text = WITH_HEADER.replace("Date: 2025-03-14", "Date: 2025-03-14T09:15:00+02:00")
    sqlite_graph.ingest([write("ferry.txt", text)])
    [doc] = sqlite_graph.documents()
    assert doc.published == datetime(2025, 3, 14, 7, 15, tzinfo=UTC)
    assert doc.published.utcoffset() == timedelta(0)


def test_header_block_is_not_part_of_the_stored_text(sqlite_graph, write):
    sqlite_graph.ingest([write("ferry.txt", WITH_HEADER)])
    [doc] = sqlite_graph.documents()
    assert doc.text.startswith("Ferry crossings between the two islands")
    assert "Outlet:" not in doc.text
    assert "Lena Okafor" not in doc.text


def test_text_without_header_is_stored_whole_and_split_into_sentences(sqlite_graph, write):
    path = write("ferry.txt", BODY)
    sqlite_graph.ingest([path])
    [doc] = sqlite_graph.documents()
    assert doc.text == BODY.strip()
    assert doc.title is None and doc.outlet is None
    assert doc.source == str(path.resolve())
    assert doc.status is DocumentStatus.EXTRACTED
    sentences = sqlite_graph.sentences(doc.id)
    assert [s.text for s in sentences] == [
        "Ferry crossings between the two islands resumed on Friday after a week of storms kept the boats "
        "in port.",
        "The operator said extra sailings would run over the weekend to clear the backlog of passengers.",
    ]


def test_a_first_paragraph_with_a_colon_is_not_taken_for_a_header(sqlite_graph, write):
    text = "Update: the ferry operator has cancelled the evening sailing.\n\n" + BODY
    sqlite_graph.ingest([write("update.txt", text)])
    [doc] = sqlite_graph.documents()
    assert doc.text.startswith("Update: the ferry operator")
    assert doc.title is None


def test_dateline_dates_a_text_without_a_date_header(sqlite_graph, write):
    text = ("PORT ELLIS, March 3, 2025 (Coastal Wire) - Harbour pilots walked off the job on Monday in a "
            "dispute over night shifts, leaving a dozen cargo ships waiting at anchor outside the port.")
    sqlite_graph.ingest([write("strike.txt", text)])
    [doc] = sqlite_graph.documents()
    assert doc.date_source is DateSource.DATELINE
    assert doc.published == datetime(2025, 3, 3, tzinfo=UTC)


def test_a_dateline_without_a_year_takes_the_year_the_text_mentions_and_says_so(sqlite_graph, write):
    text = ("PORT ELLIS, Oct. 9 (Coastal Wire) - Harbour pilots ended their strike on Thursday, the first "
            "stoppage at the port since the long dispute of 2019.")
    report = sqlite_graph.ingest([write("strike.txt", text)])
    [doc] = sqlite_graph.documents()
    assert doc.date_source is DateSource.DATELINE
    assert doc.published == datetime(2019, 10, 9, tzinfo=UTC)
    assert any("dateline has no year; took 2019" in note for note in doc.notes)
    assert any("took 2019" in note for _source, note in report.notes)


def test_a_text_with_neither_header_date_nor_dateline_is_dated_at_ingest(sqlite_graph, write):
    before = datetime.now(UTC)
    sqlite_graph.ingest([write("ferry.txt", BODY)])
    [doc] = sqlite_graph.documents()
    assert doc.date_source is DateSource.INGEST
    assert before - timedelta(seconds=1) <= doc.published <= datetime.now(UTC)


def test_a_french_text_is_stored_but_not_extracted(sqlite_graph, write):
    text = ("Les négociateurs des deux pays se sont retrouvés mardi à Genève pour une nouvelle série de "
            "discussions sur les quotas de pêche, selon un porte-parole du ministère.")
    report = sqlite_graph.ingest([write("peche.txt", text)])
    assert (report.new, report.not_extracted) == (1, 1)
    [doc] = sqlite_graph.documents()
    assert doc.language == "fr"
    assert doc.status is DocumentStatus.NOT_EXTRACTED
    assert sqlite_graph.sentences(doc.id) == []
    assert any("no pipeline for language 'fr'" in note for note in doc.notes)


# --- split_header ----------------------------------------------------------------------------------


def test_split_header_returns_fields_by_lower_case_key_and_the_body():
    fields, body = split_header("Title: Dam inspected\nDATE: 2025-01-02\n\nEngineers found no cracks.")
    assert fields == {"title": "Dam inspected", "date": "2025-01-02"}
    assert body == "Engineers found no cracks."


def test_split_header_needs_every_line_of_the_block_to_be_a_known_key():
    text = "Title: Dam inspected\nWeather: cloudy\n\nEngineers found no cracks."
    assert split_header(text) == ({}, text)


def test_split_header_needs_a_blank_line_after_the_block():
    text = "Title: Dam inspected\nEngineers found no cracks."
    assert split_header(text) == ({}, text)


def test_split_header_keeps_colons_in_the_body():
    fields, body = split_header("Outlet: Valley Wire\n\nQuote: we will rebuild.\n\nMore follows.")
    assert fields == {"outlet": "Valley Wire"}
    assert body == "Quote: we will rebuild.\n\nMore follows."


def test_split_header_of_a_header_alone_gives_an_empty_body():
    assert split_header("Title: Dam inspected\nOutlet: Valley Wire") == (
        {"title": "Dam inspected", "outlet": "Valley Wire"}, "")


def test_a_language_named_in_words_is_detected_instead(sqlite_graph, write):
    path = write("named.txt", "Language: English\n\nThe harbour master said the new pier would open in May, "
                              "weeks ahead of the summer ferry timetable.\n")
    sqlite_graph.ingest([path])
    [doc] = sqlite_graph.documents()
    assert doc.language == "en"
    assert doc.status.value == "extracted"
