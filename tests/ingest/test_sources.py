"""What a user can name: files, folders (read recursively, by extension), and `-` for standard input."""

from __future__ import annotations

import io

from newsgraph.ingest.sources import is_url

STORY = "The night train to the coast was cancelled on Saturday because of a signal fault near Arden."
OTHER = "A new cycle path along the canal opened on Sunday, linking the old mill district to the centre."
PAGE = """<!DOCTYPE html><html><head><title>Canal path opens</title>
<meta property="og:site_name" content="Mill Town Echo"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Canal path opens</h1>
<p>A new cycle path along the canal opened on Sunday, linking the old mill district to the centre.</p>
<p>The council said about two thousand people used it on the first day.</p></article></body></html>"""


def test_a_folder_is_read_recursively(sqlite_graph, write):
    write("train.txt", STORY)
    folder = write("deep/er/path.html", PAGE).parents[2]
    report = sqlite_graph.ingest([folder])
    assert (report.new, report.failed) == (2, 0)
    assert {d.source_kind for d in sqlite_graph.documents()} == {"text", "html"}


def test_unsupported_files_in_a_folder_are_listed_as_skipped(sqlite_graph, write):
    folder = write("train.txt", STORY).parent
    write("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    write("notes.docx", b"PK\x03\x04")
    report = sqlite_graph.ingest([folder])
    assert report.new == 1
    assert report.skipped == 2
    assert sorted((s.source.rsplit("/", 1)[-1], s.reason) for s in report.skips) == [
        ("notes.docx", "not a supported file type (.docx)"),
        ("photo.png", "not a supported file type (.png)"),
    ]
    assert report.failed == 0


def test_hidden_files_and_folders_are_ignored(sqlite_graph, write):
    folder = write("train.txt", STORY).parent
    write(".draft.txt", OTHER)
    write(".cache/old.txt", "An old cached story about the harbour crane that should never be read.")
    report = sqlite_graph.ingest([folder])
    assert (report.read, report.new, report.skipped) == (1, 1, 0)
    [doc] = sqlite_graph.documents()
    assert doc.text == STORY


def test_extensions_are_matched_without_regard_to_case(sqlite_graph, write):
    folder = write("TRAIN.TXT", STORY).parent
    assert sqlite_graph.ingest([folder]).new == 1


def test_several_inputs_in_one_run(sqlite_graph, write):
    report = sqlite_graph.ingest([write("a/train.txt", STORY), write("b/path.txt", OTHER)])
    assert report.new == 2


def test_standard_input_plain_text(sqlite_graph):
    report = sqlite_graph.ingest(["-"], stdin=io.BytesIO(STORY.encode()))
    assert report.new == 1
    [doc] = sqlite_graph.documents()
    assert doc.text == STORY
    assert doc.source == "stdin"
    assert doc.source_kind == "stdin"


def test_standard_input_with_a_header_block(sqlite_graph):
    data = f"Title: Night train cancelled\nOutlet: Arden Times\n\n{STORY}\n".encode()
    sqlite_graph.ingest(["-"], stdin=io.BytesIO(data))
    [doc] = sqlite_graph.documents()
    assert (doc.title, doc.outlet, doc.text) == ("Night train cancelled", "Arden Times", STORY)


def test_standard_input_html_page(sqlite_graph):
    sqlite_graph.ingest(["-"], stdin=io.BytesIO(PAGE.encode()))
    [doc] = sqlite_graph.documents()
    assert doc.title == "Canal path opens"
    assert doc.outlet == "Mill Town Echo"
    assert "two thousand people" in doc.text
    assert "<p>" not in doc.text and "Home" not in doc.text
    assert doc.source_kind == "stdin"


def test_standard_input_over_the_size_cap_is_refused(sqlite_graph):
    sqlite_graph.settings = sqlite_graph.settings.with_(**{"ingest.max_document_bytes": 50})
    report = sqlite_graph.ingest(["-"], stdin=io.BytesIO(STORY.encode()))
    [failure] = report.failures
    assert failure.source == "stdin"
    assert failure.reason == "standard input is over the limit of 50 bytes"


def test_empty_standard_input_is_a_failure(sqlite_graph):
    [failure] = sqlite_graph.ingest(["-"], stdin=io.BytesIO(b"")).failures
    assert (failure.source, failure.reason) == ("stdin", "empty document")


def test_is_url():
    assert is_url("https://news.example/a")
    assert is_url("HTTP://news.example/a")
    assert not is_url("news.example/a")
    assert not is_url("ftp://news.example/a")
    assert not is_url("reports/http-notes.txt")
