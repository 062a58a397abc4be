"""URLs, fetched from a local test server: pages and feeds are stored with their URL; HTTP errors,
redirect loops, oversized or endless bodies and silent servers are failures with a reason; private
addresses are refused unless allowed."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from werkzeug import Request, Response

from newsgraph.ingest.errors import IngestError
from newsgraph.ingest.fetch import check_address
from newsgraph.model import DateSource

pytestmark = pytest.mark.network

PAGE = """<!DOCTYPE html><html><head><title>Night ferry returns</title>
<meta name="author" content="Tove Berg"></head><body>
<nav><a href="/">Front page</a> <a href="/sport">Sport</a></nav>
<article><h1>Night ferry returns</h1>
<p>The night ferry between Holm and the mainland returned to service on Friday after a month in dry dock.</p>
<p>The operator said the crossing would run every evening except Sundays until the end of the summer.</p>
</article><footer>Contact us | Advertise</footer></body></html>"""


def story_page(title: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>" \
           f"<p>{body}</p></article></body></html>"


@pytest.fixture
def graph_local(sqlite_graph):
    """A graph that may fetch from the test server on 127.0.0.1 (`fetch.allow_private`)."""
    sqlite_graph.settings = sqlite_graph.settings.with_(**{"fetch.allow_private": True})
    return sqlite_graph


def limits(graph, **changes) -> None:
    graph.settings = graph.settings.with_(**changes)


def test_a_page_is_fetched_and_stored_with_its_url(graph_local, httpserver):
    httpserver.expect_request("/ferry").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/ferry")
    report = graph_local.ingest([url])
    assert (report.new, report.failed) == (1, 0), report.failures
    [doc] = graph_local.documents()
    assert (doc.source, doc.url, doc.source_kind) == (url, url, "url")
    assert doc.title == "Night ferry returns"
    assert doc.author == "Tove Berg"
    assert "returned to service on Friday" in doc.text
    assert "Advertise" not in doc.text


def test_requests_name_newsgraph_as_the_user_agent(graph_local, httpserver):
    httpserver.expect_request("/ferry").respond_with_data(PAGE, content_type="text/html")
    graph_local.ingest([httpserver.url_for("/ferry")])
    [(request, _response)] = httpserver.log
    assert request.headers["User-Agent"] == graph_local.settings.fetch.user_agent


def test_the_charset_the_server_declares_is_used(graph_local, httpserver):
    text = "Café owners in Genève said the “new” rules were fair, the city council reported on Monday."
    httpserver.expect_request("/note").respond_with_data(text.encode("cp1252"),
                                                         content_type="text/plain; charset=windows-1252")
    graph_local.ingest([httpserver.url_for("/note")])
    [doc] = graph_local.documents()
    assert doc.text == text
    assert doc.notes == ["decoded as windows-1252 (declared)"]


def test_a_redirect_is_followed_and_the_final_url_kept(graph_local, httpserver):
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/ferry"})
    httpserver.expect_request("/ferry").respond_with_data(PAGE, content_type="text/html")
    graph_local.ingest([httpserver.url_for("/old")])
    [doc] = graph_local.documents()
    assert doc.source == httpserver.url_for("/old")
    assert doc.url == httpserver.url_for("/ferry")


@pytest.mark.parametrize("status, reason", [(404, "HTTP 404 NOT FOUND"), (500, "HTTP 500 INTERNAL SERVER ERROR"),
                                            (403, "HTTP 403 FORBIDDEN")])
def test_an_http_error_is_a_failure(graph_local, httpserver, status, reason):
    httpserver.expect_request("/gone").respond_with_data("nothing here", status=status)
    url = httpserver.url_for("/gone")
    report = graph_local.ingest([url])
    [failure] = report.failures
    assert (failure.source, failure.reason, failure.stage) == (url, reason, "fetch")
    assert graph_local.failures() == [failure]


def test_a_failed_url_does_not_stop_the_batch(graph_local, httpserver):
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    httpserver.expect_request("/ferry").respond_with_data(PAGE, content_type="text/html")
    report = graph_local.ingest([httpserver.url_for("/gone"), httpserver.url_for("/ferry")])
    assert (report.read, report.new, report.failed) == (2, 1, 1)


def test_a_redirect_loop_is_a_failure(graph_local, httpserver):
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    [failure] = graph_local.ingest([httpserver.url_for("/a")]).failures
    assert failure.reason == f"redirect loop back to {httpserver.url_for('/a')}"
    assert len(httpserver.log) == 2


def test_too_many_redirects_is_a_failure(graph_local, httpserver):
    for hop in range(10):
        httpserver.expect_request(f"/hop{hop}").respond_with_data(
            "", status=307, headers={"Location": f"/hop{hop + 1}"})
    [failure] = graph_local.ingest([httpserver.url_for("/hop0")]).failures
    assert failure.reason == "more than 5 redirects"
    assert len(httpserver.log) == 6


def test_a_body_over_the_size_cap_is_refused_by_its_length(graph_local, httpserver):
    limits(graph_local, **{"ingest.max_document_bytes": 1000})
    httpserver.expect_request("/big").respond_with_data("word " * 1000, content_type="text/plain")
    [failure] = graph_local.ingest([httpserver.url_for("/big")]).failures
    assert failure.reason == "response is 5,000 bytes, over the limit of 1,000"


def test_an_endless_body_is_cut_off_at_the_size_cap(graph_local, httpserver):
    limits(graph_local, **{"ingest.max_document_bytes": 1000})

    def endless(_request: Request) -> Response:
        def body():
            while True:
                yield b"more words " * 20
        return Response(body(), content_type="text/plain")  # no Content-Length: sent chunked

    httpserver.expect_request("/endless").respond_with_handler(endless)
    [failure] = graph_local.ingest([httpserver.url_for("/endless")]).failures
    assert failure.reason == "response body exceeds the limit of 1,000 bytes"


@pytest.fixture
def release():
    """An event a stalling handler waits on; set when the test ends, so the server is free again."""
    event = threading.Event()
    yield event
    event.set()


def test_a_server_that_never_answers_times_out(graph_local, httpserver, release):
    limits(graph_local, **{"fetch.read_timeout": 0.5, "fetch.total_timeout": 1.0})

    def silent(_request: Request) -> Response:
        release.wait(2)
        return Response("too late", content_type="text/plain")

    httpserver.expect_request("/silent").respond_with_handler(silent)
    started = time.perf_counter()
    [failure] = graph_local.ingest([httpserver.url_for("/silent")]).failures
    assert time.perf_counter() - started < 1.9
    assert failure.reason == "timed out (ReadTimeout)"
    assert failure.stage == "fetch"


def test_a_server_that_trickles_is_cut_off_at_the_total_timeout(graph_local, httpserver, release):
    limits(graph_local, **{"fetch.read_timeout": 0.5, "fetch.total_timeout": 1.0})

    def trickle(_request: Request) -> Response:
        def body():
            while not release.is_set():
                yield b"slow words "
                release.wait(0.2)
        return Response(body(), content_type="text/plain")

    httpserver.expect_request("/trickle").respond_with_handler(trickle)
    started = time.perf_counter()
    [failure] = graph_local.ingest([httpserver.url_for("/trickle")]).failures
    assert time.perf_counter() - started < 3
    assert failure.reason == "response took longer than 1 s"


# --- feeds over HTTP -------------------------------------------------------------------------------


def serve_feed(httpserver) -> list[str]:
    """A feed of two entries whose pages are on the same server; returns the pages' URLs."""
    urls = [httpserver.url_for("/news/ferry"), httpserver.url_for("/news/crane")]
    items = "".join(
        f"<item><title>{title}</title><link>{url}</link><pubDate>{date}</pubDate>"
        f"<description>{teaser}</description></item>"
        for title, url, date, teaser in [
            ("Night ferry returns", urls[0], "Fri, 06 Jun 2025 18:00:00 GMT", "The night ferry is back."),
            ("Harbour crane repaired", urls[1], "Sat, 07 Jun 2025 09:00:00 GMT", "Loading resumes at Holm.")])
    feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>Holm Islander</title>{items}</channel></rss>"
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    httpserver.expect_request("/news/ferry").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/news/crane").respond_with_data(
        story_page("Harbour crane repaired", "The harbour crane at Holm was repaired on Saturday morning and "
                                             "container loading resumed by noon, the port authority said."),
        content_type="text/html")
    return urls


def requested(httpserver) -> list[str]:
    return [request.path for request, _response in httpserver.log]


def test_a_feed_over_http_stores_its_entries(graph_local, httpserver):
    serve_feed(httpserver)
    report = graph_local.ingest([httpserver.url_for("/feed.xml")])
    assert report.new == 2
    assert {d.text for d in graph_local.documents()} == {"The night ferry is back.", "Loading resumes at Holm."}
    assert {d.outlet for d in graph_local.documents()} == {"Holm Islander"}
    assert requested(httpserver) == ["/feed.xml"]  # the entries' pages are not fetched without follow


def test_follow_fetches_each_entrys_page(graph_local, httpserver):
    ferry, crane = serve_feed(httpserver)
    report = graph_local.ingest([httpserver.url_for("/feed.xml")], follow=True)
    assert (report.new, report.failed) == (2, 0), report.failures
    assert requested(httpserver) == ["/feed.xml", "/news/ferry", "/news/crane"]
    docs = {d.source: d for d in graph_local.documents()}
    assert set(docs) == {ferry, crane}
    assert "returned to service on Friday" in docs[ferry].text
    assert "container loading resumed by noon" in docs[crane].text
    assert docs[crane].date_source is DateSource.METADATA
    assert docs[crane].published.isoformat() == "2025-06-07T09:00:00+00:00"
    assert {d.outlet for d in docs.values()} == {"Holm Islander"}  # pages naming no site take the feed's name


def test_following_a_feed_again_does_not_refetch_known_entries(graph_local, httpserver):
    serve_feed(httpserver)
    graph_local.ingest([httpserver.url_for("/feed.xml")], follow=True)
    httpserver.clear_log()
    again = graph_local.ingest([httpserver.url_for("/feed.xml")], follow=True)
    assert (again.new, again.unchanged, again.failed) == (0, 2, 0)
    assert requested(httpserver) == ["/feed.xml"]


def test_an_entry_whose_page_fails_keeps_the_feeds_text(graph_local, httpserver):
    httpserver.expect_request("/news/crane").respond_with_data("", status=404)  # registered first, so it wins
    serve_feed(httpserver)
    report = graph_local.ingest([httpserver.url_for("/feed.xml")], follow=True)
    assert (report.new, report.failed) == (2, 0)
    crane = next(d for d in graph_local.documents() if d.source.endswith("/news/crane"))
    assert crane.text == "Loading resumes at Holm."
    assert crane.notes == [f"could not follow {crane.source} (HTTP 404 NOT FOUND); kept the feed's text"]


def test_jsonl_over_http_is_read_record_by_record(graph_local, httpserver):
    lines = '{"text": "The lighthouse on Skerry Point was relit on Sunday."}\n{"title": "no text"}\n'
    httpserver.expect_request("/wire").respond_with_data(lines, content_type="application/x-ndjson")
    url = httpserver.url_for("/wire")
    report = graph_local.ingest([url])
    assert report.new == 1
    assert [d.source for d in graph_local.documents()] == [f"{url}:1"]
    assert [f.source for f in report.failures] == [f"{url}:2"]


# --- private addresses -----------------------------------------------------------------------------


def test_a_loopback_url_is_refused_unless_allowed(sqlite_graph, httpserver):
    httpserver.expect_request("/ferry").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/ferry")
    report = sqlite_graph.ingest([url])
    [failure] = report.failures
    assert failure.source == url
    assert "non-public address 127.0.0.1" in failure.reason
    assert "--allow-private" in failure.reason
    assert httpserver.log == []  # nothing was requested


def test_a_redirect_to_a_private_address_is_refused(graph_local, httpserver, monkeypatch):
    # the first hop is allowed; then the check runs as if private addresses were not
    checks = []

    def check(url: str, allow_private: bool) -> None:
        checks.append(url)
        check_address(url, allow_private=len(checks) == 1)

    monkeypatch.setattr("newsgraph.ingest.fetch.check_address", check)
    httpserver.expect_request("/out").respond_with_data("", status=302, headers={"Location": "http://10.1.2.3/"})
    [failure] = graph_local.ingest([httpserver.url_for("/out")]).failures
    assert "non-public address 10.1.2.3" in failure.reason
    assert checks == [httpserver.url_for("/out"), "http://10.1.2.3/"]


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://10.0.0.8/", "http://192.168.1.1/",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://0.0.0.0/"])
def test_check_address_refuses_private_loopback_and_link_local_hosts(url):
    with pytest.raises(IngestError, match="non-public address"):
        check_address(url, allow_private=False)
    check_address(url, allow_private=True)


def test_check_address_accepts_a_public_address():
    check_address("http://93.184.215.14/news", allow_private=False)


@pytest.mark.parametrize("url, reason", [("ftp://news.example/a", "unsupported URL scheme 'ftp'"),
                                         ("file:///etc/hostname", "unsupported URL scheme 'file'"),
                                         ("http:///path-only", "URL has no host")])
def test_check_address_refuses_other_schemes_and_missing_hosts(url, reason):
    with pytest.raises(IngestError, match=reason):
        check_address(url, allow_private=True)


def test_a_host_that_turns_private_between_check_and_connect_is_refused(sqlite_graph, httpserver, monkeypatch):
    # DNS rebinding: the first answer is public, the one used for the connection is loopback
    httpserver.expect_request("/news").respond_with_data(PAGE, content_type="text/html")
    answers = iter(["93.184.215.14", "127.0.0.1"])

    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.1"), port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    url = f"http://rebind.example:{httpserver.port}/news"
    [failure] = sqlite_graph.ingest([url]).failures
    assert "non-public address 127.0.0.1" in failure.reason
    assert httpserver.log == []
