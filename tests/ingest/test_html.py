"""HTML pages: the article text without navigation, footer or scripts; title, author, date and site
from the page's metadata; broken markup repaired rather than refused."""

from __future__ import annotations

from datetime import UTC, datetime

from newsgraph.ingest.html import fragment_text, looks_like_html
from newsgraph.model import DateSource

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Harbour talks stall over fishing quotas | The Coastal Ledger</title>
<meta name="author" content="Mara Lindqvist">
<meta property="og:site_name" content="The Coastal Ledger">
<meta property="article:published_time" content="2025-04-03T09:30:00Z">
<link rel="canonical" href="https://ledger.example/harbour-talks">
<script>var tracker = "TRACKER-IN-HEAD";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
<article>
<h1>Harbour talks stall over fishing quotas</h1>
<p>Negotiators from the two coastal states failed to agree on fishing quotas on Thursday after nine hours
of talks in the port city of Velmar.</p>
<p>A spokesperson for the fisheries ministry said the gap between the two positions had narrowed but
remained wide on the question of winter catches.</p>
<script>document.write("SCRIPT-IN-ARTICLE");</script>
<p>Both delegations are expected to return to the table next month, according to officials familiar with
the schedule.</p>
</article>
<footer><p>Copyright 2025 The Coastal Ledger. All rights reserved. Privacy policy.</p></footer>
</body></html>
"""


def test_html_page_keeps_the_article_text(sqlite_graph, write):
    report = sqlite_graph.ingest([write("talks.html", PAGE)])
    assert (report.new, report.failed) == (1, 0)
    [doc] = sqlite_graph.documents()
    assert "failed to agree on fishing quotas on Thursday" in doc.text
    assert "return to the table next month" in doc.text
    assert doc.source_kind == "html"


def test_html_page_drops_navigation_footer_and_scripts(sqlite_graph, write):
    sqlite_graph.ingest([write("talks.html", PAGE)])
    [doc] = sqlite_graph.documents()
    for boilerplate in ("Subscribe to our newsletter", "World news", "All rights reserved",
                        "TRACKER-IN-HEAD", "SCRIPT-IN-ARTICLE", "document.write"):
        assert boilerplate not in doc.text


def test_html_page_metadata_becomes_the_documents_metadata(sqlite_graph, write):
    sqlite_graph.ingest([write("talks.html", PAGE)])
    [doc] = sqlite_graph.documents()
    assert doc.title == "Harbour talks stall over fishing quotas"
    assert doc.author == "Mara Lindqvist"
    assert doc.outlet == "The Coastal Ledger"
    assert doc.url == "https://ledger.example/harbour-talks"
    assert doc.published.date() == datetime(2025, 4, 3, tzinfo=UTC).date()
    assert doc.date_source is DateSource.METADATA


def test_broken_markup_is_repaired_and_its_script_dropped(sqlite_graph, write):
    broken = ("<html><body><div><p>Rescue teams reached the flooded village of Orno on Monday after the river "
              "burst its banks overnight, officials said.<p>Nobody was reported missing, a regional spokesman "
              "told reporters at the scene.<script>alert('BROKEN-SCRIPT')</script><div><b>unclosed")
    report = sqlite_graph.ingest([write("flood.html", broken)])
    assert (report.new, report.failed) == (1, 0), report.failures
    [doc] = sqlite_graph.documents()
    assert "Rescue teams reached the flooded village of Orno" in doc.text
    assert "Nobody was reported missing" in doc.text
    assert "BROKEN-SCRIPT" not in doc.text
    assert "<p>" not in doc.text


def test_a_page_with_no_article_text_is_a_failure(sqlite_graph, write):
    path = write("empty.html", "<html><head><title>Coming soon</title></head><body><script>x()</script></body></html>")
    report = sqlite_graph.ingest([path])
    [failure] = report.failures
    assert failure.source == str(path.resolve())
    assert failure.reason == "no article text found in the HTML page"


def test_a_text_file_holding_a_page_is_read_as_html(sqlite_graph, write):
    sqlite_graph.ingest([write("saved-page.txt", PAGE)])
    [doc] = sqlite_graph.documents()
    assert doc.title == "Harbour talks stall over fishing quotas"
    assert "<p>" not in doc.text


def test_looks_like_html():
    assert looks_like_html("  <!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("<body><p>Short page.</p></body>")
    assert not looks_like_html("The mayor said <b> tags are not news.")


def test_fragment_text_keeps_one_paragraph_per_block_and_drops_scripts():
    fragment = "<p>Bridge reopened.</p><script>bad()</script><ul><li>Lane one</li><li>Lane two</li></ul>"
    assert fragment_text(fragment) == "Bridge reopened.\n\nLane one\n\nLane two"
    assert fragment_text("No markup here.") == "No markup here."


def test_each_block_of_the_page_is_a_paragraph_and_no_sentence_spans_two(sqlite_graph, write):
    page = ("<html><head><title>Ferry</title></head><body><article><p class='kicker'>Explainer</p>"
            "<h1>What the new ferry contract covers, and what it leaves out</h1>"
            "<p>The regional council published the full ferry contract on Thursday, a day after it was signed "
            "in Holm by the operator and the transport minister.</p></article></body></html>")
    sqlite_graph.ingest([write("ferry.html", page)])
    [doc] = sqlite_graph.documents()
    assert "Explainer\n\nWhat the new ferry contract covers" in doc.text
    texts = [s.text for s in sqlite_graph.sentences(doc.id)]
    assert texts[:2] == ["Explainer", "What the new ferry contract covers, and what it leaves out"]
    assert texts[2].startswith("The regional council published")
