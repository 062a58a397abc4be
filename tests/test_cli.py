"""The command line, driven by click's CliRunner against a temporary SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli.main import cli


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)

    def _run(*args: str, input: bytes | str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return _run


REPORT = """Title: Talks resume in Vienna
Outlet: The Example Courier
Date: 2025-03-02

Negotiators from both delegations met in Vienna on Sunday and agreed to meet again next week.
A spokesperson said the atmosphere was constructive.
"""


def test_help_lists_every_command(run):
    result = run("--help")
    assert result.exit_code == 0
    for command in ("ingest", "stats", "documents", "show", "search", "demo", "bench"):
        assert command in result.output


def test_ingest_then_stats_as_json(run, write):
    path = write("talks.txt", REPORT)
    result = run("ingest", str(path), "--db", "news.db", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["read"], report["new"], report["failed"]) == (1, 1, 0)
    stats = json.loads(run("stats", "--db", "news.db", "--json").output)
    assert stats["documents"] == 1
    assert stats["sentences"] == 2
    assert stats["by_outlet"] == {"The Example Courier": 1}


def test_failed_input_gives_exit_code_1_and_names_the_input(run, write):
    good = write("talks.txt", REPORT)
    result = run("ingest", str(good), "missing-file.txt", "--db", "news.db")
    assert result.exit_code == 1
    assert "missing-file.txt" in result.output
    assert "no such file" in result.output
    assert json.loads(run("stats", "--db", "news.db", "--json").output)["documents"] == 1


def test_ingest_from_standard_input(run):
    result = run("ingest", "-", "--db", "news.db", "--json", input=REPORT.encode())
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["new"] == 1
    docs = json.loads(run("documents", "--db", "news.db", "--json").output)
    assert docs[0]["source"] == "stdin"
    assert docs[0]["title"] == "Talks resume in Vienna"


def test_show_gives_sentences_with_offsets(run, write):
    run("ingest", str(write("talks.txt", REPORT)), "--db", "news.db")
    shown = json.loads(run("show", "1", "--db", "news.db", "--json").output)
    assert shown["outlet"] == "The Example Courier"
    assert shown["sources"][0]["source"].endswith("talks.txt")
    for sentence in shown["sentences"]:
        assert shown["text"][sentence["start_char"]:sentence["end_char"]] == sentence["text"]
    missing = run("show", "99", "--db", "news.db")
    assert missing.exit_code == 1
    assert "no document 99" in missing.output


def test_search_prints_matching_sentences(run, write):
    run("ingest", str(write("talks.txt", REPORT)), "--db", "news.db")
    hits = json.loads(run("search", "negotiators Vienna", "--db", "news.db", "--json").output)
    assert len(hits) == 1
    assert hits[0]["text"].startswith("Negotiators")
    assert hits[0]["outlet"] == "The Example Courier"


def test_field_mapping_for_jsonl(run, write):
    line = json.dumps({"body": "Rescuers reached the flooded village by boat on Tuesday.", "when": "2025-05-06"})
    path = write("corpus.jsonl", line + "\n")
    result = run("ingest", str(path), "--db", "news.db", "--field", "text=body", "--field", "published=when",
                 "--json")
    assert json.loads(result.output)["new"] == 1
    docs = json.loads(run("documents", "--db", "news.db", "--json").output)
    assert docs[0]["published"].startswith("2025-05-06")
    assert docs[0]["date_source"] == "metadata"


def test_bad_field_mapping_is_a_usage_error(run, write):
    result = run("ingest", str(write("talks.txt", REPORT)), "--field", "text", "--db", "news.db")
    assert result.exit_code == 2
    assert "NAME=COLUMN" in result.output


def test_store_that_cannot_be_opened_gives_exit_code_3(run, write):
    result = run("stats", "--db", "no-such-folder/news.db")
    assert result.exit_code == 3


def test_unknown_pipeline_gives_exit_code_4(run, write):
    result = run("ingest", str(write("talks.txt", REPORT)), "--db", "news.db", "--pipeline", "en_core_web_nope")
    assert result.exit_code == 4


def test_urls_on_loopback_are_refused_by_default(run):
    result = run("ingest", "http://127.0.0.1:9/report.html", "--db", "news.db", "--json")
    assert result.exit_code == 1
    failure = json.loads(result.output)["failures"][0]
    assert "non-public address" in failure["reason"]


@pytest.mark.slow
def test_demo_ingests_the_example_corpus_twice_with_the_same_counts(run):
    first = run("demo", "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert data["ingest"]["failed"] == 0
    assert data["stats"]["documents"] >= 30
    assert data["stats"]["near_copies"] >= 4
    assert data["search"], "the demo's search should find the treaty"
    second = json.loads(run("demo", "--json").output)
    assert second["ingest"]["new"] == 0
    assert second["stats"] == data["stats"]


@pytest.mark.slow
def test_bench_reports_figures(run):
    result = run("bench", "--docs", "20", "--pipeline", "blank:en", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["documents"] == 20
    assert figures["ingest_docs_per_second"] > 0
    assert figures["store_bytes_per_1000_docs"] > 0


def test_actors_lists_actors_with_counts_and_evidence(run, write):
    path = write("talks.txt", "Title: Talks\nDate: 2025-03-02\n\nPeruvian troops and Bolivian police met at the "
                              "border. Peru said the meeting was calm. Peruvian officials agreed.\n")
    assert run("ingest", "-q", str(path)).exit_code == 0
    result = run("actors", "--json", "--evidence", "2")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    peru = next(r for r in rows if r["actor"] == "PER")
    assert peru["mentions"] == 3 and set(peru["sectors"]) == {"MIL", "GOV", "-"}
    assert len(peru["evidence"]) == 2 and "Peruvian troops" in peru["evidence"][0]["sentence"]
    table = run("actors", "--sector", "COP")
    assert table.exit_code == 0 and "BOL" in table.output and "PER" not in table.output


def test_a_registry_file_of_the_users_adds_a_person_through_the_config(run, write, tmp_path):
    people = tmp_path / "my-people.toml"
    people.write_text(
        '[[person]]\nid = "ines-varga"\nname = "Ines Varga"\naliases = ["Varga"]\n'
        'roles = [{title = "Mayor of Zagreb", country = "HRV", sector = "GOV", start = "2021-06-01", end = ""}]\n',
        encoding="utf-8")
    config = tmp_path / "newsgraph.toml"
    config.write_text(f'[nlp]\nregistry = ["{people}"]\n', encoding="utf-8")
    path = write("mayor.txt", "Title: City\nDate: 2025-01-10\n\nInes Varga opened the new bridge on Friday.\n")
    assert run("ingest", "-q", "--config", str(config), str(path)).exit_code == 0
    rows = json.loads(run("actors", "--json", "--config", str(config)).output)
    varga = next(r for r in rows if r["actor"] == "person:ines-varga")
    assert varga["country"] == "HRV"
    assert varga["sectors"] == {"GOV": 1} and varga["evidence"][0]["role"] == "Mayor of Zagreb"


def test_an_event_dictionary_of_the_users_adds_a_sense_through_the_config(run, write, tmp_path):
    verbs = tmp_path / "my-verbs.toml"
    verbs.write_text('[[verb]]\nlemma = "frisk"\nplover = "COERCE"\ncameo = "172"\nmode = "restrict"\n',
                     encoding="utf-8")
    config = tmp_path / "newsgraph.toml"
    config.write_text(f'[nlp]\nevents = ["{verbs}"]\n', encoding="utf-8")
    path = write("frisk.txt", "Title: Square\nDate: 2025-03-02\n\nGreek police frisked the protesters in Athens.\n")
    assert run("ingest", "-q", "--config", str(config), str(path)).exit_code == 0
    rows = json.loads(run("events", "--json", "--config", str(config)).output)
    frisked = [r for r in rows if r["trigger"] == "frisked"]
    assert frisked and frisked[0]["event_type"] == "COERCE" and frisked[0]["mode"] == "restrict"
    assert frisked[0]["sources"][0]["country"] == "GRC"
