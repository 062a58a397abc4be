"""`newsgraph events` and `newsgraph claims`, driven by click's CliRunner against an SQLite file filled by
hand with the two reports of tests/store/test_events_claims.py (no NLP involved).

Report 1 (2024-11-06): North Korea sent about 3,000 troops to Kursk in October; Ukraine's intelligence
agency said Russian forces shelled Sumy on Tuesday; the Kremlin denied any North Korean soldiers were killed.
Report 2 (2024-10-18): Seoul's defence chief said the troops would highly likely be deployed, possibly soon;
analysts said, over two sentences, that the figure ignores the Russian reserves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import output
from newsgraph.cli.main import cli
from newsgraph.store import Store
from tests.store.test_events_claims import REPORT_1, write_reports


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run a command against news.db, which holds the two reports; tables are printed 300 columns wide."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(output.console, "width", 300)
    store = Store.open(str(tmp_path / "news.db"))
    write_reports(store)
    store.close()

    def _run(*args: str):
        return CliRunner().invoke(cli, [*args, "--db", "news.db"], catch_exceptions=False)

    return _run


def as_json(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# --- events ------------------------------------------------------------------------------------------


def test_events_json_has_every_field_and_the_evidence(run):
    found = as_json(run("events", "--json"))
    assert [e["trigger"] for e in found] == ["killed", "shelled", "deployed", "sent"]
    sent = found[-1]
    assert sent["event_type"] == "MOBILIZE" and sent["cameo"] == "150" and sent["modality"] == "happened"
    assert sent["sources"][0]["actor"] == "PRK" and sent["place"]["name"] == "Kursk"
    assert sent["time"]["precision"] == "month" and sent["quantities"][0]["value"] == 3000
    assert sent["outlet"] == "Kyiv Ledger" and sent["published"].startswith("2024-11-06")
    [sentence] = sent["sentences"]
    assert sentence["text"] == REPORT_1[0] and sentence["index"] == sent["evidence"]["sentence_index"] == 0
    offset = sent["evidence"]["start_char"] - sentence["start_char"]
    assert sentence["text"][offset:offset + 4] == "sent"


@pytest.mark.parametrize("args,expected", [
    (["--actor", "PRK"], ["killed", "deployed", "sent"]),
    (["--source", "prk"], ["deployed", "sent"]),
    (["--target", "North Korea"], ["killed"]),
    (["--country", "RUS"], ["shelled", "sent"]),  # Russian forces; Kursk
    (["--type", "assault"], ["killed", "shelled"]),
    (["--category", "SHELLING_ARTILLERY_MISSILE_ATTACK"], ["shelled"]),
    (["--since", "2024-11-06"], ["killed"]),  # no time of its own: its report's date
    (["--until", "2024-10-18"], ["deployed", "sent"]),
    (["--query", "Kursk"], ["sent"]),
    (["--document", "2"], ["deployed"]),
    (["--limit", "1"], ["killed"]),
    (["--actor", "nobody"], []),
])
def test_events_filters(run, args, expected):
    assert [e["trigger"] for e in as_json(run("events", "--json", *args))] == expected


def test_events_table_shows_who_did_what_to_whom_where_and_when(run):
    result = run("events")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Russia (RUS MIL) → Sumy (UKR CVL)" in out
    assert "Kursk (RUS)" in out and "troops: about 3,000 troops" in out
    assert "2024-10" in out and "2024-11-05" in out and "2024-11-06 (report)" in out
    assert "denied" in out and "planned, confidence 0.60" in out
    assert "evidence" not in out


def test_events_evidence_marks_the_trigger_in_its_sentence(run):
    out = run("events", "--evidence", "--type", "ASSAULT").output
    assert "doc 1 #1: Ukraine's intelligence agency said Russian forces [shelled] Sumy on Tuesday." in out
    assert "doc 1 #2: The Kremlin denied that any North Korean soldiers were [killed]." in out


# --- claims ------------------------------------------------------------------------------------------


def test_claims_json_has_every_field_its_events_and_the_evidence(run):
    found = as_json(run("claims", "--json"))
    assert [c["source_text"] for c in found] == ["Ukraine's intelligence agency", "The Kremlin",
                                                 "Seoul's defence chief", "Analysts"]
    chief = found[2]
    assert chief["source"] is None and chief["source_type"] == "official" and chief["stance"] == "asserts"
    assert chief["probability"] == [0.8, 0.95] and chief["estimative"] == "highly likely"
    assert chief["hedges"] == ["possibly"] and chief["hedged"] is True
    assert [e["trigger"] for e in chief["events"]] == ["deployed"] and len(chief["event_ids"]) == 1
    assert chief["cue_evidence"]["start_char"] < chief["content_evidence"]["start_char"]
    assert [s["index"] for s in found[3]["sentences"]] == [1, 2]  # the analysts' claim spans two sentences


@pytest.mark.parametrize("args,expected", [
    (["--source", "UKR"], ["Ukraine's intelligence agency"]),
    (["--source", "defence chief"], ["Seoul's defence chief"]),  # words of an unresolved source
    (["--source-type", "expert"], ["Analysts"]),
    (["--stance", "denies"], ["The Kremlin"]),
    (["--actor", "RUS"], ["Ukraine's intelligence agency", "The Kremlin", "Analysts"]),
    (["--query", "front line"], ["Seoul's defence chief"]),
    (["--hedged"], ["Seoul's defence chief"]),
    (["--not-hedged"], ["Ukraine's intelligence agency", "The Kremlin", "Analysts"]),
    (["--since", "2024-11-01"], ["Ukraine's intelligence agency", "The Kremlin"]),
    (["--until", "2024-10-31"], ["Seoul's defence chief", "Analysts"]),
    (["--document", "1", "--limit", "1"], ["Ukraine's intelligence agency"]),
])
def test_claims_filters(run, args, expected):
    assert [c["source_text"] for c in as_json(run("claims", "--json", *args))] == expected


def test_claims_table_shows_source_cue_stance_probability_and_hedges(run):
    result = run("claims")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "(official)" in out and "(expert)" in out and "The Kremlin = RUS" in out
    assert "denies" in out and "highly likely 0.80-0.95" in out and "possibly" in out
    assert "the troops would highly likely be deployed to the front line, possibly soon" in out


def test_claims_evidence_marks_source_cue_and_content_across_sentences(run):
    out = run("claims", "--evidence").output
    assert "doc 1 #2: [The Kremlin] [denied] «that any North Korean soldiers were killed»." in out
    assert 'doc 2 #1-2: [Analysts] [said]: "«The figure is too high. It ignores the Russian reserves.»"' in out


# --- mistakes and empty stores -----------------------------------------------------------------------


def test_a_bad_date_or_stance_is_a_usage_error(run):
    assert run("events", "--since", "last week").exit_code == 2
    assert run("claims", "--stance", "maybe").exit_code == 2


def test_an_empty_store_lists_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    for command in ("events", "claims"):
        result = CliRunner().invoke(cli, [command, "--db", "empty.db", "--json"])
        assert result.exit_code == 0 and json.loads(result.output) == []
        assert CliRunner().invoke(cli, [command, "--db", "empty.db"]).exit_code == 0


def test_help_lists_the_commands(run):
    out = CliRunner().invoke(cli, ["--help"]).output
    assert "events" in out and "claims" in out
