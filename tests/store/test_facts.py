"""Extracted facts in the store: written with the document during ingest, read back with evidence,
and actors listed by mention count on both backends."""

from __future__ import annotations

REPORT = """Title: Border talks
Outlet: The Example Courier
Date: 2025-03-02

Chilean officials met Argentine diplomats in Santiago on Monday. Chile said the talks went well.

Argentina's foreign ministry called the meeting useful, and Chilean police guarded the venue.
"""


def test_ingest_stores_actors_places_and_times_with_evidence(graph, write):
    graph.ingest([write("talks.txt", REPORT)])
    [doc] = graph.documents()
    facts = graph.facts(doc.id)
    for fact in (*facts["actors"], *facts["places"], *facts["times"]):
        ev = fact.evidence
        assert ev.document_id == doc.id
        words = doc.text[ev.start_char:ev.end_char]
        assert words == (fact.text or fact.name)
    assert {m.country for m in facts["actors"] if m.actor} >= {"CHL", "ARG"}
    assert any(p.country == "CHL" and p.latitude for p in facts["places"])  # Santiago, the place
    [monday] = [t for t in facts["times"] if t.text == "Monday" or t.text == "on Monday"]
    assert monday.precision == "day" and monday.start.date().isoformat() < "2025-03-02"


def test_actors_are_listed_by_mention_count_with_their_sectors_and_sentences(graph, write):
    graph.ingest([write("talks.txt", REPORT)])
    found = graph.actors()
    chile = next(a for a in found if a.actor == "CHL")
    assert chile.mentions >= 3 and chile.documents == 1
    assert chile.sectors.get("GOV") and chile.sectors.get("COP")
    assert found[0].mentions >= found[-1].mentions
    [first] = chile.evidence[:1]
    assert first["sentence"] and first["text"] in first["sentence"]


def test_actor_filters(graph, write):
    graph.ingest([write("talks.txt", REPORT)])
    assert {a.actor for a in graph.actors(country="ARG")} == {"ARG"}
    police = graph.actors(sector="COP")
    assert police and all(a.sectors.get("COP") for a in police)
    assert graph.actors(query="zzz-no-such-actor") == []


def test_reingesting_does_not_duplicate_facts(graph, write):
    path = write("talks.txt", REPORT)
    graph.ingest([path])
    before = graph.stats()
    graph.ingest([path])
    after = graph.stats()
    assert after["actor_mentions"] == before["actor_mentions"] > 0
    assert after["places"] == before["places"] and after["times"] == before["times"]
