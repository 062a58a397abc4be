"""Tiny gold files in the layout of the eval folder (written for these tests), and a fake extractor that
knows a handful of names, so that the evaluation runs end to end without loading a spaCy model."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from newsgraph.model import ActorMention, Evidence, Place

ACTOR_RECORDS = [
    {"test": "t_country", "method": "search_nat", "actor_text": "Kingdom of Norway", "context": None, "date": None,
     "expect": {"tuple_0": "NOR", "tuple_1": ""}},
    {"test": "t_police", "method": "agent_to_code", "actor_text": "Norwegian police", "context": "", "date": "today",
     "expect": {"country": "NOR", "code_1": "COP"}},
    {"test": "t_minister", "method": "agent_to_code", "actor_text": "the defence minister", "context": "Norway",
     "date": "3 March 2020", "expect": {"country": "NOR", "code_1": "GOV", "code_2": "MIL"}},
    {"test": "t_party", "method": "agent_to_code", "actor_text": "the Harbour Party", "context": "",
     "date": "2021-06-01", "expect": {"country": "NOR", "code_1__In": ["PTY", "OPP"]}},
    {"test": "t_nobody", "method": "agent_to_code", "actor_text": "Ola Nordmann", "context": None, "date": None,
     "expect": {"result__Is": None}},
    {"test": "t_crowd", "method": "short_text_to_agent", "actor_text": "a crowd of people", "context": None,
     "date": None, "expect": {"country": "", "code_1": "CVL"}},
]

CONLL = """-DOCSTART- -X- O O

Marit NNP I-NP I-PER
Olsen NNP I-NP I-PER
visited VBD I-VP O
Bergen NNP I-NP I-LOC
. . O O

-DOCSTART- -X- O O

Fjordbank NNP I-NP I-ORG
hired VBD I-VP O
Norwegian JJ I-NP I-MISC
staff NN I-NP O
in IN I-PP O
Oslo NNP I-NP I-LOC
. . O O
"""

ARTICLE_1 = "Trains from Bergen to Oslo were late. Oslo said sorry to Norwegian travellers."
ARTICLE_2 = "Fishing boats returned to Tromso on Monday."


def _toponym(text: str, name: str, kind: str, nth: int = 0, gid: str = "", lat: str = "", lon: str = "") -> str:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    coords = (f"<geonamesID>{gid}</geonamesID><latitude>{lat}</latitude><longitude>{lon}</longitude>"
              if lat else "")
    return (f"<toponym><extractedName>{name}</extractedName><normalisedName /><type>{kind}</type>"
            f"<modifierType /><nonLocational>No</nonLocational><start>{start}</start>"
            f"<end>{start + len(name)}</end>{coords}</toponym>")


GWN = f"""<?xml version="1.0" ?>
<articles>
  <article file="0"><title>Late trains</title><link>http://example.org/1</link><text>{ARTICLE_1}</text>
    <toponyms>
      {_toponym(ARTICLE_1, "Bergen", "Literal", gid="3161732", lat="60.39", lon="5.32")}
      {_toponym(ARTICLE_1, "Oslo", "Literal", gid="3143244", lat="59.91", lon="10.75")}
      {_toponym(ARTICLE_1, "Oslo", "Metonymic", nth=1, gid="3143244", lat="59.91", lon="10.75")}
      {_toponym(ARTICLE_1, "Norwegian", "Demonym")}
    </toponyms>
  </article>
  <article file="1"><title>Boats</title><link>http://example.org/2</link><text>{ARTICLE_2}</text>
    <toponyms>
      {_toponym(ARTICLE_2, "Tromso", "Literal", gid="3133880", lat="69.65", lon="18.96")}
    </toponyms>
  </article>
</articles>
"""

MORDECAI_RECORDS = [
    {"test": "m_two", "skipped": None, "text": "Ferries run between Bergen and Oslo.", "event_category": None,
     "assertions": [
         {"expr": "out['geolocated_ents'][0]['geonameid']", "op": "Eq", "expected": "3161732", "comment": None},
         {"expr": "out['geolocated_ents'][1]['country_code3']", "op": "Eq", "expected": "NOR", "comment": None},
         {"expr": "out['geolocated_ents'][1]['feature_code']", "op": "Eq", "expected": "PPLC", "comment": None},
         {"expr": "len(out['geolocated_ents'])", "op": "Eq", "expected": 2, "comment": None}]},
    {"test": "m_none", "skipped": None, "text": "Nobody went anywhere.", "event_category": None,
     "assertions": [{"expr": "out['geolocated_ents']", "op": "Eq", "expected": [], "comment": None}]},
    {"test": "m_event", "skipped": None, "text": "Boats sank near Tromso.", "event_category": "accident",
     "assertions": [{"expr": "out['event_location_raw']", "op": "Eq", "expected": "Tromso", "comment": None},
                    {"expr": "out['geolocated_ents'][0]['geonameid']", "op": "Eq", "expected": "999",
                     "comment": "a wrong id on purpose"}]},
    {"test": "m_skip", "skipped": "upstream skip", "text": "Bergen.", "event_category": None,
     "assertions": [{"expr": "out['geolocated_ents'][0]['geonameid']", "op": "Eq", "expected": "1",
                     "comment": None}]},
]


def write_gold(folder: Path, skip: str | None = None) -> Path:
    """The four gold files in `folder` (all but `skip`, a key of newsgraph.evaluate.FILES)."""
    from newsgraph.evaluate import FILES

    contents = {
        "actors": "".join(json.dumps(r) + "\n" for r in ACTOR_RECORDS),
        "ner": CONLL,
        "geowebnews": GWN,
        "mordecai": "".join(json.dumps(r) + "\n" for r in MORDECAI_RECORDS),
    }
    for key, text in contents.items():
        if key == skip:
            continue
        path = folder / FILES[key]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return write_gold(tmp_path / "gold")


# --- a fake extractor ------------------------------------------------------------------------------

PLACES = {  # name -> (geonames id, lat, lon, country, feature)
    "Bergen": (3161732, 60.39, 5.32, "NOR", "city"),
    "Oslo": (3143244, 59.91, 10.75, "NOR", "city"),
    "Tromso": (3133880, 69.65, 18.96, "NOR", "city"),
}
PHRASES = {  # phrase -> (actor, country, sector, hint)
    "Kingdom of Norway": ("NOR", "NOR", None, None),
    "Norwegian police": ("NOR", "NOR", "COP", None),
    "the defence minister": (None, None, "GOV", "MIL"),
    "the Harbour Party": ("party:harbour", "NOR", "REB", "PTY"),
    "a crowd of people": ("group:crowd", None, "CVL", None),
}


@dataclass
class FakeFacts:
    places: list[Place] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)


class FakeExtractor:
    """Finds every occurrence of a few names; resolves a few phrases; `nlp` is a blank pipeline with rules."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, datetime | None, str | None]] = []
        self._nlp = None

    @property
    def nlp(self):
        if self._nlp is None:
            import spacy

            nlp = spacy.blank("en")
            ruler = nlp.add_pipe("entity_ruler")
            ruler.add_patterns([
                {"label": "PERSON", "pattern": [{"TEXT": "Marit"}, {"TEXT": "Olsen"}]},
                {"label": "GPE", "pattern": "Bergen"}, {"label": "GPE", "pattern": "Oslo"},
                {"label": "NORP", "pattern": "Norwegian"}, {"label": "PERSON", "pattern": "Fjordbank"},
                {"label": "DATE", "pattern": "Monday"}])
            self._nlp = nlp
        return self._nlp

    def extract(self, text: str, published: datetime | None = None) -> FakeFacts:
        facts = FakeFacts()
        for name, (gid, lat, lon, country, feature) in PLACES.items():
            start = text.find(name)
            while start >= 0:
                facts.places.append(Place(name, lat, lon, country, None, gid,
                                          Evidence(0, 0, start, start + len(name)), feature=feature))
                start = text.find(name, start + 1)
        facts.places.sort(key=lambda p: p.evidence.start_char)
        return facts

    def resolve_phrase(self, text: str, published: datetime | None = None,
                       context: str | None = None) -> ActorMention | None:
        self.calls.append((text, published, context))
        if text not in PHRASES:
            return None
        actor, country, sector, hint = PHRASES[text]
        if country is None and context == "Norway":
            country = "NOR"
        return ActorMention(text, Evidence(0, 0, 0, len(text)), actor, text, "group", country, sector,
                            sector_hint=hint)
