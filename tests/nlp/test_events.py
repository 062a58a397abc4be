"""The events component: each construction it reads, on sentences written for these tests.

The predicate dictionary here is the small one in `fixtures/events/`, so that these tests pin down how
roles, places, times, modality and numbers are read, whatever the shipped dictionary says; the shipped
dictionary has its own tests, and the seed article's test runs it end to end.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from newsgraph.model import Event
from newsgraph.nlp.extract import Extractor
from newsgraph.nlp.lexicon import EventLexicon, LexiconError
from newsgraph.nlp.pipeline import load_pipeline

FIXTURES = Path(__file__).parent / "fixtures" / "events"
PUBLISHED = datetime(2024, 11, 1)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    nlp = load_pipeline("en_core_web_sm")
    nlp.get_pipe("newsgraph_events")._lexicon = EventLexicon.load(folder=FIXTURES)
    return Extractor(nlp)


def events(extractor: Extractor, text: str) -> list[Event]:
    return extractor.extract(text, PUBLISHED).events


def one(extractor: Extractor, text: str, event_type: str | None = None) -> Event:
    found = [e for e in events(extractor, text) if event_type is None or e.event_type == event_type]
    assert len(found) == 1, [(e.event_type, e.trigger) for e in found]
    return found[0]


def countries(mentions) -> list[str | None]:
    return sorted(m.country or "-" for m in mentions)


# --- who did what to whom ---------------------------------------------------------------------------------

def test_active_verb_subject_is_source_and_object_target(extractor):
    event = one(extractor, "Turkish police arrested twelve protesters in Ankara on Monday.")
    assert (event.event_type, event.mode, event.cameo_root) == ("COERCE", "arrest", "17")
    assert countries(event.sources) == ["TUR"]
    assert event.sources[0].sector == "COP"
    assert event.targets[0].text == "twelve protesters"
    assert event.trigger == "arrested"
    assert event.evidence.start_char == len("Turkish police ")


def test_passive_verb_by_phrase_is_source_subject_is_target(extractor):
    event = one(extractor, "Two Malian soldiers were killed by jihadist fighters near Gao last week.")
    assert event.event_type == "ASSAULT" and event.category == "ATTACK"
    assert countries(event.targets) == ["MLI"]
    assert [m.text for m in event.sources] == ["jihadist fighters"]


def test_coordinated_subjects_are_both_sources_of_a_reciprocal_event(extractor):
    event = one(extractor, "Egypt and Jordan signed a trade pact in Cairo in March 2023.")
    assert event.event_type == "AGREE" and event.cameo == "057"
    assert countries(event.sources) == ["EGY", "JOR"]
    assert countries(event.targets) == ["EGY", "JOR"]


def test_partner_of_a_signed_noun_is_the_target(extractor):
    event = one(extractor, "Brazil will sign a pact with Argentina next month.")
    assert countries(event.sources) == ["BRA"]
    assert countries(event.targets) == ["ARG"]


def test_a_country_read_as_a_place_is_a_party_when_it_is_the_object(extractor):
    event = one(extractor, "Chile attacked Peru.")
    assert countries(event.targets) == ["PER"]
    assert event.targets[0].how == "role"


def test_light_verb_lends_its_subject_to_the_event_noun(extractor):
    event = one(extractor, "Iran launched an attack on Israel.")
    assert event.event_type == "ASSAULT" and event.trigger == "attack"
    assert countries(event.sources) == ["IRN"]


def test_receiving_verb_makes_its_subject_the_target(extractor):
    event = one(extractor, "Venezuela received weapons from Russia.")
    assert event.event_type == "AID"
    assert countries(event.sources) == ["RUS"]
    assert countries(event.targets) == ["VEN"]


def test_nominal_event_takes_its_of_phrase_as_source_and_its_date(extractor):
    event = one(extractor, "The deployment of Cuban troops to Angola began in 1975.")
    assert event.event_type == "MOBILIZE"
    assert countries(event.sources) == ["CUB"]
    assert event.time is not None and event.time.precision == "year" and event.time.start.year == 1975


def test_participle_on_an_event_noun_does_not_make_a_second_event(extractor):
    found = events(extractor, "Relations between Egypt and Jordan deepened, culminating in a pact signed in May 2021.")
    assert [(e.event_type, e.trigger) for e in found] == [("AGREE", "pact")]
    pact = found[0]
    assert countries(pact.sources) == ["EGY", "JOR"]  # borrowed from the clause: lower confidence
    assert pact.confidence < 1.0
    assert (pact.time.text, pact.time.precision) == ("May 2021", "month")
    assert pact.time.start == datetime(2021, 5, 1)


def test_shared_subject_of_a_coordinated_or_complement_verb(extractor):
    found = events(extractor, "Kenyan troops attacked the camp and killed three fighters.")
    assert [e.trigger for e in found] == ["attacked", "killed"]
    assert all(countries(e.sources) == ["KEN"] for e in found)


def test_a_speakers_pronoun_in_what_it_says_is_the_speaker(extractor):
    # "it" could be Peru or Chile for the actor layer; as the subject of what Chile says, it is Chile
    text = "After talks with Peru, Chile said it would attack Bolivia."
    event = next(e for e in events(extractor, text) if e.event_type == "THREATEN")
    assert countries(event.sources) == ["CHL"]


def test_a_participle_on_an_issued_object_acts_for_the_issuer(extractor):
    event = one(extractor, "Egypt issued a statement calling for new elections in Jordan.", "DEMAND")
    assert countries(event.sources) == ["EGY"]


def test_a_group_without_a_country_takes_the_country_of_its_place(extractor):
    event = one(extractor, "Protesters in Ankara attacked a police station.")
    assert countries(event.sources) == ["TUR"] and event.sources[0].how == "located"


# --- where, when, how many ------------------------------------------------------------------------------

def test_place_and_date_of_the_event(extractor):
    event = one(extractor, "Turkish police arrested twelve protesters in Ankara on Monday.")
    assert event.place is not None and event.place.name == "Ankara" and event.place.country == "TUR"
    assert event.time.precision == "day" and event.time.start == datetime(2024, 10, 28)


@pytest.mark.parametrize(("text", "kind", "words", "value", "qualifier"), [
    ("About 3,000 Russian troops were deployed to Belarus.", "troops", "About 3,000", 3000, "about"),
    ("At least 600 civilians were killed in Gaza.", "killed", "At least 600", 600, "at least"),
    ("Thousands of soldiers were deployed along the border.", "troops", "Thousands", None, "vague"),
    ("A drone strike on Kyiv killed four people.", "killed", "four", 4, "exact"),
])
def test_quantities_keep_the_number_as_written(extractor, text, kind, words, value, qualifier):
    found = [q for e in events(extractor, text) for q in e.quantities]
    assert [(q.kind, q.text, q.value, q.qualifier) for q in found] == [(kind, words, value, qualifier)]
    assert text[found[0].evidence.start_char:found[0].evidence.end_char] == words


# --- negation and modality ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "modality", "negated"), [
    ("Chile attacked Peru.", "happened", False),
    ("Chile did not attack Peru.", "happened", True),
    ("Brazil will sign a pact with Argentina next month.", "planned", False),
    ("India threatened to attack Pakistan.", "threatened", False),
    ("The army denied attacking the village.", "denied", False),
    ("China could attack Taiwan.", "hypothetical", False),
    ("If Serbia attacks Kosovo, the alliance will respond.", "hypothetical", False),
    ("Armenian and Azerbaijani forces are fighting near Shusha.", "ongoing", False),
])
def test_modality_and_negation(extractor, text, modality, negated):
    event = next(e for e in events(extractor, text) if e.event_type in ("ASSAULT", "AGREE", "FIGHT", "THREATEN"))
    assert (event.modality, event.negated) == (modality, negated)


# --- PLOVER's coding of what actors say they will do ------------------------------------------------------

@pytest.mark.parametrize(("text", "event_type", "mode", "cameo_root"), [
    # an offered or announced cooperative act is an intent to cooperate
    ("Norway offered to provide aid to Sudan.", "AGREE", "aid", "03"),
    ("Japan will withdraw its troops from Iraq.", "AGREE", "retreat", "03"),
    # a refused or negated one is a rejection
    ("Kenya declined to withdraw its troops.", "REJECT", "retreat", "12"),
    ("Syria will not provide aid to the camps.", "REJECT", "aid", "12"),
    # an act announced under a condition, or with "would", is a threat
    ("Nigeria will withdraw its troops unless the rebels disarm.", "THREATEN", "retreat", "13"),
    ("India threatened to attack Pakistan.", "THREATEN", "assault", "13"),
    # what a speaker says another must do is a demand of it
    ("Russia said Sudan must withdraw its troops.", "DEMAND", "retreat", "10"),
    # a state's armed forces using force fight (PLOVER), they do not assault
    ("Russian troops attacked the village.", "FIGHT", None, "19"),
])
def test_intents_threats_refusals_and_demands_are_coded_as_plover_does(extractor, text, event_type, mode,
                                                                        cameo_root):
    event = next(e for e in events(extractor, text) if e.event_type is not None)
    assert (event.event_type, event.mode, event.cameo_root) == (event_type, mode, cameo_root)


def test_a_demand_is_made_by_the_speaker_of_the_one_who_must_act(extractor):
    event = one(extractor, "Russia said Sudan must withdraw its troops.", "DEMAND")
    assert countries(event.sources) == ["RUS"] and countries(event.targets) == ["SDN"]


def test_the_act_inside_a_condition_is_hypothetical_not_a_threat(extractor):
    event = one(extractor, "If Serbia attacks Kosovo, the alliance will respond.", "ASSAULT")
    assert event.modality == "hypothetical"


# --- events outside PLOVER, and what is not an event ------------------------------------------------------

def test_a_category_without_plover_type_is_kept(extractor):
    event = one(extractor, "Floods hit Pakistan.")
    assert event.event_type is None and event.category == "NATURAL_DISASTER"
    assert event.category_group == "Other news"


def test_a_noun_sense_needs_its_modifier(extractor):
    assert [e.category for e in events(extractor, "A drone strike hit the depot.")] == ["AIR_STRIKE"]
    assert events(extractor, "The strike by dock workers entered its third day.") == []


def test_a_verb_sense_needs_its_object(extractor):
    assert events(extractor, "The minister signed the visitors' book.") == []


# --- bad input ------------------------------------------------------------------------------------------

def test_headline_without_a_verb_and_text_in_another_language(extractor):
    assert events(extractor, "Markets, weather and sport") == []
    assert events(extractor, "Le gouvernement a annoncé des mesures nouvelles pour les agriculteurs.") == []


def test_unclosed_quote_and_flattened_table_do_not_crash(extractor):
    text = 'The colonel said "the troops will attack Peru at dawn\n\nCountry | Troops | Aid\nChile | 300 | 20\n'
    found = events(extractor, text)
    assert all(0 <= e.evidence.start_char < e.evidence.end_char <= len(text) for e in found)


def test_a_500_word_sentence_is_read_in_bounded_time_with_lower_confidence(extractor):
    filler = " ".join(["the committee reviewed the budget, the schedule and the staffing plan"] * 45)
    text = f"Chile attacked Peru while {filler} and nothing else happened."
    assert len(text.split()) > 500
    began = time.perf_counter()
    found = events(extractor, text)
    assert time.perf_counter() - began < 10
    attack = [e for e in found if e.event_type == "ASSAULT"]
    assert attack and attack[0].confidence < 1.0


# --- the dictionary files -------------------------------------------------------------------------------

def test_a_user_file_adds_a_sense(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text('[[verb]]\nlemma = "blockade"\nplover = "COERCE"\ncameo = "1721"\n', encoding="utf-8")
    lexicon = EventLexicon.load(extra=[extra], folder=FIXTURES)
    assert lexicon.verbs["blockade"][0].plover == "COERCE"


@pytest.mark.parametrize(("entry", "message"), [
    ('[[verb]]\nlemma = "x"\nplover = "PARTY"\n', "unknown PLOVER type"),
    ('[[verb]]\nlemma = "x"\nplover = "AID"\ncameo = "99"\n', "bad CAMEO code"),
    ('[[noun]]\nlemma = "x"\ncategory = "NOPE"\n', "unknown category"),
    ('[[noun]]\nlemma = "x"\n', "needs a plover type or a category"),
    ('[[verb]]\nlemma = "x"\nplover = "AID"\ncolour = "red"\n', "unknown key"),
    ('[[verb]\n', "not valid TOML"),
])
def test_a_broken_user_file_names_the_file_and_the_entry(tmp_path, entry, message):
    extra = tmp_path / "broken.toml"
    extra.write_text(entry, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as info:
        EventLexicon.load(extra=[extra], folder=FIXTURES)
    assert "broken.toml" in str(info.value)


def test_polecat_aliases_are_read_as_plover_types(tmp_path):
    extra = tmp_path / "polecat.toml"
    extra.write_text('[[verb]]\nlemma = "implore"\nplover = "REQUEST"\n', encoding="utf-8")
    assert EventLexicon.load(extra=[extra], folder=FIXTURES).verbs["implore"][0].plover == "DEMAND"


def test_what_the_components_keep_on_a_doc_holds_no_spacy_objects(extractor):
    """A Span or Token kept in its own Doc's user data is a cycle the garbage collector cannot free: each
    Doc would stay in memory for good. The components keep plain offsets and values only."""
    from spacy.tokens import Doc, Span, Token

    doc = extractor.nlp('Chile attacked Peru on Monday, officials said. "We will sign," Brazil said in May.')

    def spacy_objects(value, depth=0):
        if isinstance(value, Doc | Span | Token):
            return [value]
        if depth > 3:
            return []
        if isinstance(value, list | tuple | set):
            return [o for v in value for o in spacy_objects(v, depth + 1)]
        if hasattr(value, "__slots__"):
            return [o for name in value.__slots__ if hasattr(value, name)
                    for o in spacy_objects(getattr(value, name), depth + 1)]
        return []

    for name in ("ng_actors", "ng_places", "ng_times", "ng_events", "ng_claims"):
        kept = getattr(doc._, name)
        assert kept, name
        assert spacy_objects(kept) == [], name
