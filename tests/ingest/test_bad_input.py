"""Bad input: every unreadable input becomes a Failure that names it and says why, and the rest of
the batch is still ingested."""

from __future__ import annotations

import pathlib
import random
import time

import pytest

GOOD = "The coastal railway reopened on Monday after engineers repaired a landslide near the village of Ardmoor."


@pytest.fixture
def good(write):
    """A readable report next to the bad one; returns the folder holding both."""
    return write("good.txt", GOOD).parent


def only_failure(report):
    [failure] = report.failures
    return failure


def assert_good_one_stored(graph, report):
    assert report.new == 1
    assert [d.text for d in graph.documents()] == [GOOD]


def test_a_missing_file_is_a_failure(sqlite_graph, good):
    missing = good / "no-such-report.txt"
    report = sqlite_graph.ingest([missing, good / "good.txt"])
    failure = only_failure(report)
    assert (failure.source, failure.reason, failure.stage) == (str(missing), "no such file or folder", "read")
    assert_good_one_stored(sqlite_graph, report)


def test_an_empty_file_is_a_failure(sqlite_graph, write, good):
    bad = write("empty.txt", "")
    report = sqlite_graph.ingest([good])
    failure = only_failure(report)
    assert (failure.source, failure.reason) == (str(bad.resolve()), "empty document")
    assert_good_one_stored(sqlite_graph, report)


def test_a_whitespace_only_file_is_a_failure(sqlite_graph, write, good):
    bad = write("blank.txt", " \n\t\r\n   \n")
    report = sqlite_graph.ingest([good])
    failure = only_failure(report)
    assert (failure.source, failure.reason) == (str(bad.resolve()), "empty document")
    assert_good_one_stored(sqlite_graph, report)


def test_a_header_without_a_body_is_a_failure(sqlite_graph, write, good):
    write("header-only.txt", "Title: Railway reopens\nOutlet: Ardmoor Herald\n\n")
    report = sqlite_graph.ingest([good])
    assert only_failure(report).reason == "empty document: no text after the header"
    assert_good_one_stored(sqlite_graph, report)


def test_a_text_without_words_is_a_failure(sqlite_graph, write, good):
    write("dashes.txt", "-- ... --- !!! ***")
    report = sqlite_graph.ingest([good])
    assert only_failure(report).reason == "empty document: no words in the text"
    assert_good_one_stored(sqlite_graph, report)


def test_a_file_over_the_size_cap_is_refused(sqlite_graph, write, good):
    sqlite_graph.settings = sqlite_graph.settings.with_(**{"ingest.max_document_bytes": 200})
    bad = write("long.txt", GOOD + " More follows." * 20)
    report = sqlite_graph.ingest([good])
    failure = only_failure(report)
    assert failure.source == str(bad.resolve())
    assert failure.reason == (f"file is {bad.stat().st_size:,} bytes, over the limit of 200 "
                              "(raise [ingest] max_document_bytes to accept it)")
    assert_good_one_stored(sqlite_graph, report)


@pytest.mark.slow
def test_a_50_mb_file_is_refused_quickly_without_being_read(sqlite_graph, write, good, monkeypatch):
    big = good / "huge.txt"
    with big.open("wb") as out:
        chunk = (GOOD + "\n").encode() * 10_000
        while out.tell() < 50_000_000:
            out.write(chunk)
    read = []
    real_read_bytes = pathlib.Path.read_bytes
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: read.append(self.name) or real_read_bytes(self))

    started = time.perf_counter()
    report = sqlite_graph.ingest([good])
    assert time.perf_counter() - started < 10

    failure = only_failure(report)
    assert failure.source == str(big.resolve())
    assert "over the limit of 10,000,000" in failure.reason
    assert read == ["good.txt"]
    assert_good_one_stored(sqlite_graph, report)


def test_a_png_renamed_txt_is_refused_as_binary(sqlite_graph, write, good):
    bad = write("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    report = sqlite_graph.ingest([good])
    failure = only_failure(report)
    assert (failure.source, failure.reason, failure.stage) == (
        str(bad.resolve()), "binary data (a PNG image), not text", "decode")
    assert_good_one_stored(sqlite_graph, report)


def test_random_bytes_with_nuls_are_refused_as_binary(sqlite_graph, write, good):
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00"
    write("noise.txt", noise)
    report = sqlite_graph.ingest([good])
    assert only_failure(report).reason == "binary data (NUL bytes), not text"
    assert_good_one_stored(sqlite_graph, report)


def test_mostly_garbage_bytes_are_refused(sqlite_graph, write, good):
    rng = random.Random(3)
    garbage = bytes(rng.randrange(0x80, 0x100) for _ in range(2000))
    write("garbage.txt", b"Breaking: " + garbage)
    report = sqlite_graph.ingest([good])
    failure = only_failure(report)
    assert failure.reason.startswith("not decodable as text:")
    assert failure.stage == "decode"
    assert_good_one_stored(sqlite_graph, report)


def test_html_with_scripts_and_unclosed_tags_is_still_read(sqlite_graph, write, good):
    write("flood.html", "<html><body><script>var x = 'SCRIPT-TEXT';</script><div><p>Rescue teams reached the "
                        "flooded village of Orno on Monday, officials said.<p>Nobody was missing.<div><b>unclosed")
    report = sqlite_graph.ingest([good])
    assert (report.new, report.failed) == (2, 0)
    [flood] = [d for d in sqlite_graph.documents() if d.text != GOOD]
    assert "Rescue teams reached the flooded village of Orno" in flood.text
    assert "SCRIPT-TEXT" not in flood.text


def test_a_jsonl_file_with_bad_lines_keeps_its_good_records(sqlite_graph, write, good):
    lines = ['{"text": "The ferry to Holm ran on time all week, the operator said."}', "{not json",
             '{"title": "Nothing else"}', '{"text": "Snow closed the mountain pass on Friday night."}']
    bad = write("wire.jsonl", "\n".join(lines))
    report = sqlite_graph.ingest([good])
    assert (report.new, report.failed) == (3, 2)
    assert [f.source for f in report.failures] == [f"{bad.resolve()}:2", f"{bad.resolve()}:3"]
    assert report.failures[0].reason.startswith("invalid JSON")
    assert report.failures[1].reason.startswith("record has no text")


def test_a_malformed_feed_is_a_failure(sqlite_graph, write, good):
    bad = write("feed.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>Ardmoor Herald</title>")
    report = sqlite_graph.ingest([good])
    failure = only_failure(report)
    assert failure.source == str(bad.resolve())
    assert failure.reason.startswith("malformed feed")
    assert_good_one_stored(sqlite_graph, report)


def test_a_feed_with_entity_declarations_is_refused(sqlite_graph, write, good):
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 12))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "boom">{entities}]>'
            "<rss version='2.0'><channel><title>&e11;</title><item><description>&e11;</description></item>"
            "</channel></rss>")
    write("bomb.xml", bomb)
    started = time.perf_counter()
    report = sqlite_graph.ingest([good])
    assert time.perf_counter() - started < 10
    assert "declares XML entities" in only_failure(report).reason
    assert_good_one_stored(sqlite_graph, report)


def test_failures_are_kept_in_the_store_until_the_input_is_fixed(sqlite_graph, write, good):
    bad = write("later.txt", "")
    sqlite_graph.ingest([good])
    assert [(f.source, f.reason) for f in sqlite_graph.failures()] == [(str(bad.resolve()), "empty document")]
    bad.write_text("The harbour crane was repaired on Tuesday and loading resumed at noon.")
    report = sqlite_graph.ingest([good])
    assert (report.new, report.unchanged, report.failed) == (1, 1, 0)
    assert sqlite_graph.failures() == []
