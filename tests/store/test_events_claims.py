"""Events and claims in the store, on both backends: written with the document's other facts, read back
whole (a claim's events are the document's event objects), and listed with filters and their evidence.

The facts are built by hand, as the extractor would hand them over, so that these tests need no NLP.
Two reports:

  report 1 (published 2024-11-06): North Korea sends troops to Kursk in October (an event with a place,
  a time and a quantity); Ukraine's intelligence agency says Russian forces shelled Sumy on Tuesday (a
  claim with an event in it); the Kremlin denies North Korean soldiers were killed (a denied event with no
  time of its own, in a claim with stance "denies").

  report 2 (published 2024-10-18): Seoul's defence chief says, hedging, the troops will "highly likely" be
  deployed (a planned event, an unresolved source); analysts say over two sentences that the figure
  ignores the Russian reserves (an expert claim naming an actor in its content, with no event).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import inspect

from newsgraph import Newsgraph
from newsgraph.model import ActorMention, Claim, Event, Evidence, Place, Quantity, TimeExpression
from newsgraph.nlp.extract import Facts
from newsgraph.store import Store, database
from tests.store.helpers import add, sentences_of

REPORT_1 = (
    "North Korea sent about 3,000 troops to Kursk in October.",
    "Ukraine's intelligence agency said Russian forces shelled Sumy on Tuesday.",
    "The Kremlin denied that any North Korean soldiers were killed.",
)
REPORT_2 = (
    "Seoul's defence chief said the troops would highly likely be deployed to the front line, possibly soon.",
    'Analysts said: "The figure is too high.',
    'It ignores the Russian reserves."',
)


class Written:
    """One stored document, with helpers that find words in its text and give their evidence."""

    def __init__(self, store: Store, sentences: tuple[str, ...], **fields):
        self.id = add(store, *sentences, **fields)
        self.text = " ".join(sentences)
        self.sentences = sentences_of(self.id, *sentences)

    def at(self, words: str, after: str = "") -> Evidence:
        """The first `words` in the text (the first after the words `after`, if given)."""
        start = self.text.index(words, self.text.index(after) + len(after) if after else 0)
        sentence = max(s.index for s in self.sentences if s.start_char <= start)
        return Evidence(self.id, sentence, start, start + len(words))

    def sentence_of(self, words: str) -> Evidence:
        return self.sentences[self.at(words).sentence_index].evidence

    def span(self, first: str, last: str) -> Evidence:
        start, end = self.at(first), self.at(last)
        return Evidence(self.id, start.sentence_index, start.start_char, end.end_char)

    def mention(self, words: str, actor: str | None, name: str | None, kind: str, country: str | None = None,
                sector: str | None = None, how: str = "name") -> ActorMention:
        return ActorMention(words, self.at(words), actor, name, kind, country, sector, how=how)


def day(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def write_reports(store: Store) -> dict:
    """Both reports stored with their events and claims; returns what was written, by name."""
    one = Written(store, REPORT_1, published=day("2024-11-06T09:30"), outlet="Kyiv Ledger")
    two = Written(store, REPORT_2, published=day("2024-10-18T08:00"), outlet="Seoul Standard")
    sent = Event(
        "MOBILIZE", "sent", one.at("sent"), one.sentence_of("sent"), mode="troops", cameo="150", cameo_root="15",
        sources=[one.mention("North Korea", "PRK", "North Korea", "country", "PRK", "GOV")],
        place=Place("Kursk", 51.73, 36.19, "RUS", "Kursk Oblast", 538560, one.at("Kursk"), feature="city"),
        time=TimeExpression("in October", day("2024-10-01"), day("2024-10-31"), "month", one.at("in October")),
        quantities=[Quantity("troops", "about 3,000 troops", 3000, "about", one.at("about 3,000 troops"))])
    shelled = Event(
        "ASSAULT", "shelled", one.at("shelled"), one.sentence_of("shelled"), mode="aerial",
        category="SHELLING_ARTILLERY_MISSILE_ATTACK", category_group="Explosions/Remote violence",
        sources=[one.mention("Russian forces", "RUS", "Russia", "country", "RUS", "MIL", how="composed")],
        targets=[one.mention("Sumy", None, "Sumy", "place", "UKR", "CVL", how="place")],
        place=Place("Sumy", 50.91, 34.8, "UKR", "Sumy Oblast", 692194, one.at("Sumy")),
        time=TimeExpression("on Tuesday", day("2024-11-05"), day("2024-11-05"), "day", one.at("on Tuesday")),
        confidence=0.8)
    killed = Event(
        "ASSAULT", "killed", one.at("killed"), one.sentence_of("killed"),
        targets=[one.mention("North Korean soldiers", "PRK", "North Korea", "country", "PRK", "MIL", "composed")],
        modality="denied")
    deployed = Event(
        "MOBILIZE", "deployed", two.at("deployed"), two.sentence_of("deployed"),
        sources=[two.mention("the troops", "PRK", "North Korea", "country", "PRK", "MIL", how="coref")],
        modality="planned", confidence=0.6)
    agency = Claim(
        "Ukraine's intelligence agency", "said", "Russian forces shelled Sumy on Tuesday",
        one.span("Ukraine's intelligence agency", "on Tuesday"), one.at("said"),
        one.at("Russian forces shelled Sumy on Tuesday"), one.at("Ukraine's intelligence agency"),
        source=one.mention("Ukraine's intelligence agency", "UKR", "Ukraine", "country", "UKR", "SPY", "composed"),
        source_type="official", events=[shelled])
    kremlin = Claim(
        "The Kremlin", "denied", "that any North Korean soldiers were killed",
        one.span("The Kremlin", "were killed"), one.at("denied"), one.at("that any North Korean soldiers were killed"),
        one.at("The Kremlin"), source=one.mention("The Kremlin", "RUS", "Russia", "country", "RUS", "GOV", "metonym"),
        source_type="official", stance="denies", events=[killed])
    chief = Claim(
        "Seoul's defence chief", "said", "the troops would highly likely be deployed to the front line, possibly soon",
        two.span("Seoul's defence chief", "possibly soon"), two.at("said"),
        two.at("the troops would highly likely be deployed to the front line, possibly soon"),
        two.at("Seoul's defence chief"), source=None, source_type="official", probability=(0.8, 0.95),
        estimative="highly likely", hedges=["possibly"], events=[deployed])
    analysts = Claim(
        "Analysts", "said", "The figure is too high. It ignores the Russian reserves.",
        two.span("Analysts", "reserves."), two.at("said", after="Analysts"), two.span("The figure", "reserves."),
        two.at("Analysts"), source=two.mention("Analysts", "group:analysts", "analysts", "group"), source_type="expert")
    with store.transaction() as conn:
        store.add_facts(conn, Facts(one.id, events=[sent, shelled, killed], claims=[agency, kremlin]))
        store.add_facts(conn, Facts(two.id, actors=[two.mention("Russian", "RUS", "Russia", "country", "RUS")],
                                    events=[deployed], claims=[chief, analysts]))
    return {"one": one, "two": two, "sent": sent, "shelled": shelled, "killed": killed, "deployed": deployed,
            "agency": agency, "kremlin": kremlin, "chief": chief, "analysts": analysts}


@pytest.fixture
def reports(store: Store) -> dict:
    return write_reports(store)


def triggers(found) -> list[str]:
    return [r.event.trigger for r in found]


def cues(found) -> list[str]:
    return [f"{r.claim.source_text}: {r.claim.cue}" for r in found]


# --- writing and reading back whole --------------------------------------------------------------------


def test_events_and_claims_read_back_equal_to_what_was_written(store: Store, reports):
    facts = store.facts(reports["one"].id)
    assert facts["events"] == [reports["sent"], reports["shelled"], reports["killed"]]
    assert facts["claims"] == [reports["agency"], reports["kremlin"]]
    later = store.facts(reports["two"].id)
    assert later["events"] == [reports["deployed"]]
    assert later["claims"] == [reports["chief"], reports["analysts"]]
    assert later["claims"][0].source is None and later["claims"][0].hedged


def test_a_claims_events_are_the_documents_event_objects(store: Store, reports):
    facts = store.facts(reports["one"].id)
    [shelled] = facts["claims"][0].events
    assert shelled is facts["events"][1]


def test_every_offset_points_at_the_words_it_stands_for(store: Store, reports):
    for written in (reports["one"], reports["two"]):
        facts = store.facts(written.id)
        text = written.text
        for event in facts["events"]:
            assert text[event.evidence.start_char:event.evidence.end_char] == event.trigger
            for m in (*event.sources, *event.targets):
                assert text[m.evidence.start_char:m.evidence.end_char] == m.text
            for q in event.quantities:
                assert text[q.evidence.start_char:q.evidence.end_char] == q.text
        for claim in facts["claims"]:
            assert text[claim.cue_evidence.start_char:claim.cue_evidence.end_char] == claim.cue
            assert text[claim.content_evidence.start_char:claim.content_evidence.end_char] == claim.content


def test_stats_count_events_and_claims(store: Store, reports):
    numbers = store.stats()
    assert (numbers["events"], numbers["claims"]) == (4, 4)


def test_an_event_of_a_claim_missing_from_the_events_list_is_stored_all_the_same(store: Store):
    doc = Written(store, ("Officials said the talks collapsed.",))
    collapsed = Event("REJECT", "collapsed", doc.at("collapsed"))
    claim = Claim("Officials", "said", "the talks collapsed", doc.at("Officials said the talks collapsed"),
                  doc.at("said"), doc.at("the talks collapsed"), events=[collapsed])
    with store.transaction() as conn:
        store.add_facts(conn, Facts(doc.id, claims=[claim]))
    facts = store.facts(doc.id)
    assert facts["events"] == [collapsed]
    assert facts["claims"][0].events[0] is facts["events"][0]


def test_a_document_without_events_or_claims_stores_none(store: Store):
    doc = Written(store, ("Nothing happened.",))
    with store.transaction() as conn:
        store.add_facts(conn, Facts(doc.id))
    assert store.facts(doc.id)["events"] == [] and store.facts(doc.id)["claims"] == []
    assert store.events() == [] and store.claims() == []


# --- listing events ----------------------------------------------------------------------------------


def test_events_are_listed_latest_first_with_their_document_and_sentence(store: Store, reports):
    found = store.events()
    assert triggers(found) == ["killed", "shelled", "deployed", "sent"]
    killed = found[0]
    assert killed.outlet == "Kyiv Ledger" and killed.published == day("2024-11-06T09:30")
    [sentence] = killed.sentences
    assert sentence.text == REPORT_1[2]
    start = killed.event.evidence.start_char - sentence.start_char
    assert sentence.text[start:start + len("killed")] == "killed"


def test_actor_source_and_target_match_id_country_name_or_words_ignoring_case(store: Store, reports):
    assert triggers(store.events(actor="PRK")) == ["killed", "deployed", "sent"]
    assert triggers(store.events(source="prk")) == ["deployed", "sent"]  # the troops, North Korea
    assert triggers(store.events(target="PRK")) == ["killed"]  # North Korean soldiers
    assert triggers(store.events(actor="russian FORCES")) == ["shelled"]  # the words as written
    assert triggers(store.events(actor="Sumy")) == ["shelled"]  # an unresolved target, by its name
    assert store.events(source="Sumy") == []  # Sumy is a target, not a source
    assert store.events(actor="Korea") == []  # a part of a name is not the name


def test_country_matches_an_actor_of_that_country_or_the_place(store: Store, reports):
    assert triggers(store.events(country="rus")) == ["shelled", "sent"]  # Russian forces; Kursk
    assert triggers(store.events(country="UKR")) == ["shelled"]


def test_type_category_document_query_and_limit(store: Store, reports):
    assert triggers(store.events(event_type="assault")) == ["killed", "shelled"]
    assert triggers(store.events(category="shelling_artillery_missile_attack")) == ["shelled"]
    assert triggers(store.events(document_id=reports["two"].id)) == ["deployed"]
    assert triggers(store.events(query="kursk")) == ["sent"]  # words of the sentence
    assert triggers(store.events(query="SHELL")) == ["shelled"]
    assert store.events(query="%") == []  # LIKE's wildcards are taken literally
    assert triggers(store.events(limit=2)) == ["killed", "shelled"]


def test_dates_use_the_events_own_time_else_the_publication_date(store: Store, reports):
    # "in October" (Oct 1-31) ends before November; "killed" has no time: its report's date, Nov 6, counts
    assert triggers(store.events(since=date(2024, 11, 1))) == ["killed", "shelled"]
    assert triggers(store.events(since=date(2024, 11, 6), until=date(2024, 11, 6))) == ["killed"]
    # a date `until` includes its whole day: report 2 was published at 08:00 on Oct 18
    assert triggers(store.events(until=date(2024, 10, 18))) == ["deployed", "sent"]
    assert triggers(store.events(until=datetime(2024, 10, 18, 7, tzinfo=UTC))) == ["sent"]
    assert triggers(store.events(since=date(2024, 10, 20), until=date(2024, 10, 25))) == ["sent"]  # inside October


# --- listing claims ----------------------------------------------------------------------------------


def test_claims_are_listed_latest_document_first_in_text_order(store: Store, reports):
    found = store.claims()
    assert cues(found) == ["Ukraine's intelligence agency: said", "The Kremlin: denied",
                           "Seoul's defence chief: said", "Analysts: said"]
    assert found[0].claim.events == [reports["shelled"]] and found[0].event_ids
    assert store.events(document_id=reports["one"].id)[1].id == found[0].event_ids[0]


def test_a_claim_over_two_sentences_comes_with_both(store: Store, reports):
    [analysts] = store.claims(source_type="expert")
    assert [s.text for s in analysts.sentences] == list(REPORT_2[1:])
    assert analysts.claim.source.actor == "group:analysts"


def test_source_matches_the_resolved_actor_or_words_of_the_source(store: Store, reports):
    assert cues(store.claims(source="UKR")) == ["Ukraine's intelligence agency: said"]
    assert cues(store.claims(source="russia")) == ["The Kremlin: denied"]  # the canonical name
    assert cues(store.claims(source="defence chief")) == ["Seoul's defence chief: said"]  # unresolved, by its words
    assert store.claims(source="NATO") == []


def test_actor_matches_the_source_the_content_events_or_a_mention_in_the_content(store: Store, reports):
    # the Kremlin is the source; Russian forces shelled (an event); "the Russian reserves" (a mention)
    assert cues(store.claims(actor="RUS")) == ["Ukraine's intelligence agency: said", "The Kremlin: denied",
                                               "Analysts: said"]
    # North Korean soldiers (target of "killed"), the troops (source of "deployed")
    assert cues(store.claims(actor="prk")) == ["The Kremlin: denied", "Seoul's defence chief: said"]


def test_type_stance_query_hedged_and_limit(store: Store, reports):
    assert cues(store.claims(source_type="Expert")) == ["Analysts: said"]
    assert cues(store.claims(stance="denies")) == ["The Kremlin: denied"]
    assert cues(store.claims(query="front line")) == ["Seoul's defence chief: said"]
    [hedged] = store.claims(hedged=True)
    assert hedged.claim.hedges == ["possibly"] and hedged.claim.probability == (0.8, 0.95)
    assert len(store.claims(hedged=False)) == 3
    assert len(store.claims(limit=1)) == 1


def test_claim_dates_are_the_publication_dates(store: Store, reports):
    assert [r.published.date() for r in store.claims(since=date(2024, 11, 1))] == [date(2024, 11, 6)] * 2
    assert cues(store.claims(until=date(2024, 10, 18))) == ["Seoul's defence chief: said", "Analysts: said"]


def test_records_turn_into_json_ready_dicts_with_their_evidence(store: Store, reports):
    [event] = store.events(category="SHELLING_ARTILLERY_MISSILE_ATTACK")
    data = event.to_dict()
    assert data["id"] == event.id and data["trigger"] == "shelled" and data["published"] == "2024-11-06T09:30:00+00:00"
    assert data["evidence"]["document_id"] == reports["one"].id and data["sentences"][0]["text"] == REPORT_1[1]
    assert data["sources"][0]["actor"] == "RUS" and data["time"]["start"].startswith("2024-11-05")
    claim = store.claims(hedged=True)[0].to_dict()
    assert claim["hedged"] is True and claim["events"][0]["trigger"] == "deployed" and claim["event_ids"]


# --- through the ingester ---------------------------------------------------------------------------


def test_ingest_stores_the_extractors_events_and_claims_once(graph: Newsgraph, write, monkeypatch):
    """Whatever events and claims the extractor finds are stored with the document, and reading the same
    file again stores nothing twice (here the extractor is made to find exactly one event and one claim)."""
    from newsgraph.nlp.extract import Extractor

    parse = Extractor.add

    def add_with_a_claim(self, facts, doc, published, offset=0):
        parse(self, facts, doc, published, offset)
        text = doc.text
        at = text.index("met")
        met = Event("CONSULT", "met", Evidence(facts.document_id, 0, offset + at, offset + at + 3))
        cue = text.index("said")
        facts.events[:] = [met]
        facts.claims[:] = [Claim(
            "Chile", "said", "they met", Evidence(facts.document_id, 1, offset + cue - 6, offset + len(text)),
            Evidence(facts.document_id, 1, offset + cue, offset + cue + 4),
            Evidence(facts.document_id, 1, offset + cue + 5, offset + len(text)), events=[met])]

    monkeypatch.setattr(Extractor, "add", add_with_a_claim)
    path = write("talks.txt", "Title: Talks\nDate: 2025-03-02\n\nChilean officials met Argentine diplomats. "
                              "Chile said they met")
    graph.ingest([path])
    [doc] = graph.documents()
    facts = graph.facts(doc.id)
    assert [e.trigger for e in facts["events"]] == ["met"]
    assert facts["claims"][0].events == facts["events"] and facts["claims"][0].content == "they met"
    before = graph.stats()
    assert graph.ingest([path]).unchanged == 1
    assert graph.stats() == before and (before["events"], before["claims"]) == (1, 1)


# --- the migration -------------------------------------------------------------------------------------


def test_downgrading_one_revision_drops_only_the_event_and_claim_tables(store: Store, reports):
    database.downgrade(store.engine, "0002")
    tables = set(inspect(store.engine).get_table_names())
    assert not tables & {"events", "event_actors", "claims", "claim_events"}
    assert {"documents", "actor_mentions", "places", "times"} <= tables
    database.migrate(store.engine)
    assert store.events() == [] and len(store.documents()) == 2
