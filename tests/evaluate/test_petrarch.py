"""PETRARCH-2 unit tests: reading the dictionaries and turning them into a registry file, reading the
records, and the scores, with dictionaries and sentences about invented places written for these tests."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from newsgraph.evaluate import DataError
from newsgraph.evaluate.events import predict
from newsgraph.evaluate.petrarch import (
    convert_dictionaries,
    load_records,
    parse_actors,
    parse_agents,
    parse_code,
    record_from_json,
    registry_file,
    score,
)
from newsgraph.nlp.registry import Registry

from .test_plover import FakeEventExtractor, event, mention

ACTORS = """<!-- TEST ACTORS -->
<!-- a block
#   of comments [XXX]
-->
VALORIA_  [VAL]  # a made-up country
+VALORIAN
OSTMARK [OSM]
OSTMARK_COAST_GUARD [OSMMIL]
TIMBUKTOO [TBK]
NORWAY [NWY]
# NOT_AN_ACTOR [ZZZ]
KESSA
+THE_WARDEN
\t[VAL < 991231]
\t[VALGOV 20000101 - 20091231]
\t[VALREB >20100101]
NOBODY_IN_PARTICULAR [---]
HARBOUR_LEAGUE [IGOBUS]
"""

AGENTS = """<!-- TEST AGENTS -->
!PERSON! = MAN, MEN
HARBOUR_MASTER {HARBOUR_MASTERS} [~GOVHBR] # a note
COAST!PERSON! [~MIL]
NET_MENDER [~XYZ]
ELDER [NGO~]
"""

V1 = "Valoria will restore ties with Ostmark."
V2 = "Kessa met Ostmark coast guard officers."
V3 = "The weather in Valoria stayed mild."
V4 = "Valoria will pay a tribute to Ostmark."
V5 = "Valoria might do something odd."

PETRARCH_RECORDS = [
    {"id": "T-1", "date": "20050101", "category": "DEMO", "evaluate": None, "sentence_attr": "true", "text": V1,
     "gold_events": [{"source": "VAL", "target": "OSM", "event": "064"}]},
    {"id": "T-2", "date": "20050101", "category": "DATE", "evaluate": None, "sentence_attr": "true", "text": V2,
     "gold_events": [{"source": "VALGOV", "target": "OSMMIL", "event": "040"},
                     {"source": "OSMMIL", "target": "VALGOV", "event": "1721"}]},
    {"id": "T-3", "date": "20050101", "category": "PARSING", "evaluate": None, "sentence_attr": "true", "text": V3,
     "gold_events": [{"source": None, "target": None, "event": None, "noevents": "True"}]},
    {"id": "T-4", "date": "20050101", "category": "SYNSET", "evaluate": None, "sentence_attr": "true", "text": V4,
     "gold_events": [{"source": "VAL", "target": "OSM", "event": "903"}]},
    {"id": "T-5", "date": "20050101", "category": "AGENTS", "evaluate": None, "sentence_attr": "false",
     "text": V5, "gold_events": [{"source": "VAL", "target": "OSM", "event": "010"}]},
    {"id": "T-6", "date": "20050101", "category": "ERROR", "evaluate": None, "sentence_attr": "true", "text": V1,
     "gold_events": [{"source": None, "target": None, "event": None, "error": "bad_input_parse"}]},
]

PETRARCH_EVENTS = {
    V1: [event("COOPERATE", "restore", 13, cameo="064", sources=[mention("Valoria", "VAL")],
               targets=[mention("Ostmark", "OSM")])],
    V2: [event("CONSULT", "met", 6, cameo="040", sources=[mention("Kessa", "VAL", "GOV")],
               targets=[mention("Ostmark coast guard officers", "OSM")])],
    V3: [event(None, "stayed", 25, cameo="010")],
}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "code", "start", "end"), [
    ("VAL", "VAL", None, None),
    (" pse", "PSE", None, None),
    ("ELR/GAL", "ELR", None, None),
    ("VAL < 991231", "VAL", None, date(1999, 12, 30)),
    ("VALGOV 20000101 - 20091231", "VALGOV", date(2000, 1, 1), date(2009, 12, 31)),
    ("VALREB >100101", "VALREB", date(2010, 1, 1), None),
])
def test_parse_code(text, code, start, end):
    parsed = parse_code(text)
    assert (parsed.code, parsed.start, parsed.end) == (code, start, end)


def test_parse_actors(tmp_path: Path):
    entries = {e.name: e for e in parse_actors(write(tmp_path / "a.txt", ACTORS))}
    assert set(entries) == {"Valoria", "Ostmark", "Ostmark Coast Guard", "Timbuktoo", "Norway", "Kessa",
                            "Nobody In Particular", "Harbour League"}
    assert entries["Valoria"].synonyms == ["Valorian"]
    assert [c.code for c in entries["Kessa"].codes] == ["VAL", "VALGOV", "VALREB"]
    assert entries["Kessa"].synonyms == ["The Warden"]


def test_parse_actors_names_a_bad_line(tmp_path: Path):
    with pytest.raises(DataError, match=r"a\.txt:1"):
        parse_actors(write(tmp_path / "a.txt", "+ORPHAN\n"))
    with pytest.raises(DataError, match=r"a\.txt:1"):
        parse_actors(write(tmp_path / "a.txt", "SOMEWHERE [VAL ~~ 12]\n"))


def test_parse_agents(tmp_path: Path):
    agents = parse_agents(write(tmp_path / "g.txt", AGENTS))
    assert agents[0] == (["harbour master", "harbour masters"], "~GOVHBR")
    assert agents[1] == (["coastman", "coastmen"], "~MIL")
    assert agents[3] == (["elder"], "NGO~")


def test_convert_dictionaries_makes_a_registry_file(tmp_path: Path):
    dictionary = convert_dictionaries(write(tmp_path / "a.txt", ACTORS), write(tmp_path / "g.txt", AGENTS))
    assert dictionary.aliases == {"NWY": "NOR"}  # a country newsgraph knows under its ISO code
    assert dictionary.normal("NWYGOV") == "NORGOV"
    assert dictionary.normal("VALCIV") == "VALCVL"
    assert any("net mender" in s for s in dictionary.skipped)
    with registry_file(dictionary) as path:
        registry = Registry.load(extra=[path])
    assert registry.country_of("Valoria").code == "VAL"
    assert registry.country_of("Valorian").code == "VAL"
    assert registry.countries["VAL"].adjectives == ("Valorian",)
    assert registry.country_of("Timbuktoo").code == "TBK"  # not a country newsgraph knows: a new one
    guard = next(o for o in registry.organisations.values() if o.name == "Ostmark Coast Guard")
    assert (guard.country, guard.sector) == ("OSM", "MIL")
    league = next(o for o in registry.organisations.values() if o.name == "Harbour League")
    assert (league.country, league.sector, league.kind) == ("IGO", "BUS", "igo")
    kessa = registry.person_named("Kessa")[0]
    assert kessa.role_on(date(2005, 6, 1)).sector == "GOV"
    assert kessa.role_on(date(2012, 6, 1)).sector == "REB"
    assert kessa.role_on(date(1990, 6, 1)).country == "VAL"
    assert registry.titles["harbour master"] == ("GOV", None)
    assert registry.titles["coastmen"] == ("MIL", None)
    assert registry.titles["elder"] == ("NGO", None)


def test_records():
    records = [record_from_json(r) for r in PETRARCH_RECORDS]
    assert records[0].date == datetime(2005, 1, 1)
    assert records[1].events[1].root == "17"
    assert records[2].expects_none and not records[2].events
    assert records[3].events[0].root is None  # the suite's own code
    assert records[4].skip and "sentence=false" in records[4].skip
    assert records[5].skip and "bad_input_parse" in records[5].skip and not records[5].expects_none


def test_load_records_names_the_file(tmp_path: Path):
    path = write(tmp_path / "r.jsonl", '{"id": "x"}\n')
    with pytest.raises(DataError, match=r"r\.jsonl:1"):
        load_records(path)


def test_score(tmp_path: Path):
    dictionary = convert_dictionaries(write(tmp_path / "a.txt", ACTORS), write(tmp_path / "g.txt", AGENTS))
    records = load_records(write(tmp_path / "r.jsonl", "".join(json.dumps(r) + "\n" for r in PETRARCH_RECORDS)))
    fake = FakeEventExtractor(PETRARCH_EVENTS)
    preds = predict(fake, [(r.text, r.date) for r in records], depths=False)
    assert fake.calls[0][1] == datetime(2005, 1, 1)
    result = score(records, preds, dictionary, max_errors=10)
    root = result.figure("CAMEO root accuracy (per gold event)")
    assert (root.correct, root.n) == (2, 3)  # 064 and 040 found, 1721 not; 903 and the skipped record not scored
    main = result.figure("main-event CAMEO root accuracy (per sentence)")
    assert (main.correct, main.n) == (2, 2)
    source = result.figure("source code match")
    assert (source.correct, source.n) == (2, 4)  # VAL, VALGOV; not OSMMIL, nor VAL in the sentence with no event
    target = result.figure("target code match")
    assert (target.correct, target.n) == (1, 4)  # OSM; OSMMIL given without a sector
    assert result.figure("target country match").correct == 2
    none = result.figure("no-event sentences left without events")
    assert (none.correct, none.n) == (0, 1)
    assert result.breakdown["per_root"]["17"] == {"n": 1, "correct": 0}
    assert any("903 x1" in note for note in result.notes)
    assert sum("1 record(s) not scored" in note for note in result.notes) == 2
    assert [e["id"] for e in result.errors] == ["T-2", "T-3"]
    # read as WEIS: 064 (grant) takes CAMEO 05, 06 or 08; 040 (approve) CAMEO 05, not 04; 1721 its own root
    weis = result.figure("root accuracy, codes read as WEIS (per gold event)")
    assert (weis.correct, weis.n) == (1, 3)
    weis_main = result.figure("main-event root accuracy, codes read as WEIS (per sentence)")
    assert (weis_main.correct, weis_main.n) == (1, 2)


def test_weis_reading():
    from newsgraph.evaluate.petrarch import GoldEvent, weis_crosswalk

    crosswalk = weis_crosswalk()
    assert set(crosswalk) == {f"{n:02d}" for n in range(1, 23)}
    assert GoldEvent("A", "B", "223").accepts("19", crosswalk)  # WEIS force: CAMEO assault, fight, mass violence
    assert not GoldEvent("A", "B", "223").accepts("04", crosswalk)
    assert GoldEvent("A", "B", "1721").accepts("17", crosswalk)
    assert not GoldEvent("A", "B", "1721").accepts(None, crosswalk)
