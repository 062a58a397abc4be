"""RSS and Atom feeds: each entry becomes a document with its title, link and date, and the feed's
title as its outlet. Broken feeds fail with a reason; feeds that declare XML entities are refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsgraph.ingest.errors import IngestError
from newsgraph.ingest.feeds import looks_like_feed, parse_feed
from newsgraph.model import DateSource

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Northern Courier</title><link>https://courier.example/</link>
<item>
  <title>Bridge reopens after repairs</title>
  <link>https://courier.example/bridge</link>
  <guid>https://courier.example/bridge</guid>
  <pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate>
  <description>&lt;p&gt;The old river bridge reopened to traffic on Tuesday after six months of repairs.&lt;/p&gt;
  &lt;p&gt;Buses will use it again from next week.&lt;/p&gt;</description>
</item>
<item>
  <title>Mayor opens new library</title>
  <link>https://courier.example/library</link>
  <pubDate>Wed, 05 Mar 2025 10:00:00 +0100</pubDate>
  <description>The mayor opened the new public library on Wednesday morning in front of a large crowd.</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Valley Wire</title><link href="https://wire.example/"/><id>urn:valley-wire</id>
<updated>2025-03-06T12:00:00Z</updated>
<entry>
  <title>Dam inspection finds cracks</title>
  <link href="https://wire.example/dam"/>
  <id>urn:valley-wire:dam</id>
  <updated>2025-03-06T12:00:00Z</updated>
  <published>2025-03-06T11:00:00Z</published>
  <author><name>Ivo Marsh</name></author>
  <content type="html">&lt;p&gt;Engineers found cracks in the eastern wall of the dam during a routine
  inspection.&lt;/p&gt;&lt;p&gt;Repairs will start next week.&lt;/p&gt;</content>
</entry>
</feed>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>Laughs</title><description>&lol9;</description></item>
</channel></rss>
"""

GOOD_STORY = "The town council approved a new bus route to the hospital at its meeting on Monday evening."


# --- feeds as files --------------------------------------------------------------------------------


def test_rss_items_become_documents(sqlite_graph, write):
    path = write("courier.xml", RSS)
    report = sqlite_graph.ingest([path])
    assert (report.read, report.new, report.failed) == (2, 2, 0)
    bridge = next(d for d in sqlite_graph.documents() if d.title == "Bridge reopens after repairs")
    assert bridge.text == ("The old river bridge reopened to traffic on Tuesday after six months of repairs."
                           "\n\nBuses will use it again from next week.")
    assert bridge.url == "https://courier.example/bridge"
    assert bridge.source == "https://courier.example/bridge"
    assert bridge.outlet == "Northern Courier"
    assert bridge.published == datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
    assert bridge.date_source is DateSource.METADATA
    assert bridge.source_kind == "feed"


def test_rss_dates_with_an_offset_are_stored_in_utc(sqlite_graph, write):
    sqlite_graph.ingest([write("courier.rss", RSS)])
    library = next(d for d in sqlite_graph.documents() if d.title == "Mayor opens new library")
    assert library.published == datetime(2025, 3, 5, 9, 0, tzinfo=UTC)


def test_atom_entries_become_documents(sqlite_graph, write):
    report = sqlite_graph.ingest([write("valley.atom", ATOM)])
    assert (report.new, report.failed) == (1, 0)
    [dam] = sqlite_graph.documents()
    assert dam.title == "Dam inspection finds cracks"
    assert dam.url == "https://wire.example/dam"
    assert dam.outlet == "Valley Wire"
    assert dam.author == "Ivo Marsh"
    assert dam.published == datetime(2025, 3, 6, 11, 0, tzinfo=UTC)
    assert dam.text.endswith("Repairs will start next week.")


def test_reading_a_feed_again_counts_its_entries_as_unchanged(sqlite_graph, write):
    path = write("courier.xml", RSS)
    sqlite_graph.ingest([path])
    again = sqlite_graph.ingest([path])
    assert (again.new, again.unchanged, again.failed) == (0, 2, 0)
    assert again.skips == []  # known entries are not reported as skipped inputs


def test_an_entry_without_a_link_is_named_after_the_feed_and_its_id(sqlite_graph, write):
    feed = RSS.replace("<link>https://courier.example/library</link>", "<guid>library-42</guid>")
    path = write("courier.xml", feed)
    sqlite_graph.ingest([path])
    library = next(d for d in sqlite_graph.documents() if d.title == "Mayor opens new library")
    assert library.source == f"{path.resolve()}#library-42"
    assert library.url is None


def test_an_entry_without_text_is_a_failure(sqlite_graph, write):
    feed = RSS.replace("<description>The mayor opened the new public library on Wednesday morning in front of "
                       "a large crowd.</description>", "")
    report = sqlite_graph.ingest([write("courier.xml", feed)])
    assert report.new == 1
    [failure] = report.failures
    assert failure == failure.__class__("https://courier.example/library", "feed entry has no text", "parse")


def test_a_feed_cut_off_mid_entry_keeps_what_it_can_and_says_so(sqlite_graph, write):
    path = write("cut.xml", RSS[:RSS.index("</item>") + len("</item>")] + "\n<item><title>Half")
    report = sqlite_graph.ingest([path])
    assert report.new == 1
    [doc] = sqlite_graph.documents()
    assert doc.title == "Bridge reopens after repairs"
    assert any(note.startswith("malformed feed") for note in doc.notes)
    [failure] = report.failures  # the half entry has a title but no text
    assert failure.reason == "feed entry has no text"


def test_a_truncated_feed_is_a_failure_and_the_batch_goes_on(sqlite_graph, write):
    bad = write("broken.xml", RSS[:RSS.index("<item>")])  # cut off before its first entry
    write("council.txt", GOOD_STORY)
    report = sqlite_graph.ingest([bad.parent])
    assert report.new == 1
    [failure] = report.failures
    assert failure.source == str(bad.resolve())
    assert failure.reason.startswith("malformed feed:")
    assert failure.stage == "parse"
    assert [d.text for d in sqlite_graph.documents()] == [GOOD_STORY]


def test_a_feed_declaring_entities_is_refused_and_the_batch_goes_on(sqlite_graph, write):
    bad = write("lolz.xml", BILLION_LAUGHS)
    write("council.txt", GOOD_STORY)
    report = sqlite_graph.ingest([bad.parent])
    assert report.new == 1
    [failure] = report.failures
    assert failure.source == str(bad.resolve())
    assert "declares XML entities" in failure.reason
    assert "refused" in failure.reason


def test_a_feed_with_an_unknown_encoding_does_not_stop_the_batch(sqlite_graph, write):
    bad = write("odd.xml", RSS.replace('encoding="UTF-8"', 'encoding="x-no-such-charset"'))
    write("council.txt", GOOD_STORY)
    report = sqlite_graph.ingest([bad.parent])
    assert report.failed == 0
    assert report.new == 3


# --- parse_feed ------------------------------------------------------------------------------------


def test_parse_feed_reads_rss():
    feed = parse_feed(RSS.encode())
    assert (feed.title, feed.link, feed.warning) == ("Northern Courier", "https://courier.example/", None)
    assert [e.key for e in feed.entries] == ["https://courier.example/bridge", "https://courier.example/library"]
    assert feed.entries[1].text.startswith("The mayor opened the new public library on Wednesday")


def test_parse_feed_reads_atom():
    [entry] = parse_feed(ATOM.encode()).entries
    assert entry.key == "urn:valley-wire:dam"
    assert entry.author == "Ivo Marsh"
    assert entry.published == datetime(2025, 3, 6, 11, 0, tzinfo=UTC)


def test_parse_feed_refuses_the_billion_laughs():
    with pytest.raises(IngestError, match="declares XML entities"):
        parse_feed(BILLION_LAUGHS.encode())


def test_parse_feed_refuses_an_external_entity():
    feed = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
            "<rss version='2.0'><channel><title>&xxe;</title></channel></rss>")
    with pytest.raises(IngestError, match="declares XML entities"):
        parse_feed(feed.encode())


def test_parse_feed_refuses_entities_even_when_the_xml_breaks_before_them():
    # an ill-formed comment stops the strict check before the DTD; the declarations are still refused
    feed = BILLION_LAUGHS.replace("<!DOCTYPE", "<!-- a -- b --><!DOCTYPE", 1)
    with pytest.raises(IngestError, match="declares XML entities"):
        parse_feed(feed.encode())


def test_parse_feed_says_why_a_feed_without_entries_is_broken():
    with pytest.raises(IngestError, match="malformed feed"):
        parse_feed(b"<?xml version='1.0'?><rss version='2.0'><channel><title>Cut")


def test_looks_like_feed():
    assert looks_like_feed(RSS.encode())
    assert looks_like_feed(ATOM.encode())
    assert looks_like_feed(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">')
    assert not looks_like_feed(b"<!DOCTYPE html><html><body><p>Not a feed</p></body></html>")
