"""PLOVER GSR scoring, the main-event rules shared by the event sets, and `run_events` end to end, with
records written for these tests and a fake extractor that returns events chosen per text."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from newsgraph.evaluate import DataError
from newsgraph.evaluate.events import Prediction, main_event, predict, run_events, trigger_depths
from newsgraph.evaluate.plover import country_codes, judge, load_records, record_from_json, score
from newsgraph.model import ActorMention, Event, Evidence


def mention(text: str, country: str | None, sector: str | None = None) -> ActorMention:
    return ActorMention(text, Evidence(0, 0, 0, len(text)), country, text, "country", country, sector)


def event(kind: str | None, trigger: str, start: int, *, sources=(), targets=(), mode=None, cameo=None,
          category=None, confidence=1.0) -> Event:
    return Event(kind, trigger, Evidence(0, 0, start, start + len(trigger)), mode=mode, cameo=cameo,
                 cameo_root=cameo[:2] if cameo else None, category=category, sources=list(sources),
                 targets=list(targets), confidence=confidence)


@dataclass
class FakeFacts:
    events: list[Event] = field(default_factory=list)


class FakeEventExtractor:
    """Returns the events listed for a text (none for others); raises for texts listed in `crash`."""

    def __init__(self, events: dict[str, list[Event]], crash: set[str] | None = None):
        self.events = events
        self.crash = crash or set()
        self.calls: list[tuple[str, datetime | None]] = []

    def extract(self, text: str, published: datetime | None = None) -> FakeFacts:
        self.calls.append((text, published))
        if text in self.crash:
            raise RuntimeError("parser fell over")
        return FakeFacts(list(self.events.get(text, [])))


S1 = "Valorian ministers agreed to open the border with Ostmark."
S2 = "Ostmark police arrested protesters in the capital."
S3 = "The council talked."

RECORDS = [
    {"id": "r1", "text": S1, "event": "AGREE", "mode": "",
     "source": [{"actorText": "Valorian ministers", "code": "AUT", "sector": "GOV"}],
     "target": [{"actorText": "Ostmark", "code": "JAP"}]},
    {"id": "r2", "text": S2, "event": "COERCE", "mode": "arrest",
     "source": [{"actorText": "Ostmark police", "code": "IGO", "sector": "COPxyz"}], "target": ""},
    {"id": "r3", "text": S3, "event": "CONSULT", "mode": None, "source": [{"actorText": "council", "code": "NGO"}],
     "target": None},
]

EVENTS = {
    S1: [event(None, "open", 29, sources=[mention("Valorian", "AUT")]),
         event("AGREE", "agreed", 19, sources=[mention("Valorian", "AUT", "GOV")],
               targets=[mention("Ostmark", "JPN")], confidence=0.9)],
    S2: [event("COERCE", "arrested", 15, sources=[mention("Ostmark police", "UNO", "COP")], mode="detain")],
}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_main_event_rules():
    a = event("AGREE", "agreed", 20, confidence=0.5)
    b = event(None, "open", 5, confidence=1.0)
    c = event("REJECT", "refused", 40, confidence=0.9)
    assert main_event([]) is None
    assert main_event([a, b, c]) is c  # typed first, then confidence
    assert main_event([a, b, c], rule="first") is b
    assert main_event([a, b, c], rule="confidence") is b
    assert main_event([a, b, c], rule="root", depths=[1, 0, None]) is b
    assert main_event([a, b, c], rule="root", depths=[None, None, None]) is c  # no depth: as typed
    with pytest.raises(ValueError):
        main_event([a], rule="loudest")


def test_trigger_depths_count_head_steps_to_the_root():
    import spacy
    from spacy.tokens import Doc

    words = ["Ostmark", "agreed", "to", "open", "it", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 3, 1, 3, 1],
              deps=["nsubj", "ROOT", "aux", "xcomp", "dobj", "punct"])
    agreed = event("AGREE", "agreed", doc[1].idx)
    opened = event(None, "open", doc[3].idx)
    nowhere = event(None, "x", 500)
    assert trigger_depths(doc, [agreed, opened, nowhere]) == [0, 1, None]


def test_predict_keeps_a_crash_as_the_records_error():
    fake = FakeEventExtractor(EVENTS, crash={S3})
    out = predict(fake, [(S1, None), (S3, None)], depths=False)
    assert len(out[0].events) == 2 and out[0].error is None
    assert out[1].events == [] and "parser fell over" in out[1].error


def test_gold_fields():
    r1, r2, r3 = (record_from_json(r) for r in RECORDS)
    assert r1.mode is None and r2.mode == "arrest" and r3.mode is None
    assert r1.sources[0].code == "AUT" and r1.targets[0].code == "JAP"
    assert r2.targets == () and r3.targets == ()


def test_country_code_normalisation():
    codes = country_codes()
    assert codes.accepted("JAP") == {"JPN"}
    assert codes.accepted("ITL") == {"ITA"}
    assert {"UNO", "EUR", "IGO"} <= codes.accepted("IGO")
    assert codes.accepted("NGO") is None
    assert codes.accepted("FRA") == {"FRA"}


def test_judge():
    r1, r2, r3 = (record_from_json(r) for r in RECORDS)
    p1 = Prediction(EVENTS[S1], [None, None])
    assert judge(r1, p1.main(), p1.events) == {"type": True, "any_type": True, "source": True, "target": True,
                                                "sector": True}
    p2 = Prediction(EVENTS[S2], [None])
    assert judge(r2, p2.main(), p2.events) == {"type": True, "any_type": True, "source": True, "mode": False,
                                                "sector": True}
    assert judge(r3, None, []) == {"type": False, "any_type": False}  # NGO: no country to score


def test_score(tmp_path: Path):
    records = load_records(write_jsonl(tmp_path / "p.jsonl", RECORDS))
    preds = predict(FakeEventExtractor(EVENTS), [(r.text, None) for r in records], depths=False)
    result = score(records, preds, path="p.jsonl", max_errors=5)
    assert result.figure("event type accuracy").correct == 2 and result.figure("event type accuracy").n == 3
    assert result.figure("event type accuracy").target == 0.70
    assert (result.figure("source country accuracy").correct, result.figure("source country accuracy").n) == (2, 2)
    assert result.figure("target country accuracy").n == 1
    assert (result.figure("mode accuracy").correct, result.figure("mode accuracy").n) == (0, 1)
    assert result.breakdown["confusion"]["CONSULT"] == {"(none)": 1}
    assert result.breakdown["per_type"]["AGREE"] == {"correct": 1, "n": 1}
    assert any("NGO x1" in note for note in result.notes)
    assert [e["id"] for e in result.errors] == ["r2", "r3"]
    assert result.figure("event type accuracy (main event by rule 'first')").correct == 2


def test_load_records_names_the_file_and_line(tmp_path: Path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(RECORDS[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"p\.jsonl:2"):
        load_records(path)
    assert len(load_records(write_jsonl(path, RECORDS), limit=2)) == 2


def write_event_gold(folder: Path) -> Path:
    from newsgraph.evaluate import FILES

    from .test_case2021 import TSV
    from .test_petrarch import ACTORS, AGENTS, PETRARCH_RECORDS

    write_jsonl(folder / FILES["plover"], RECORDS)
    write_jsonl(folder / FILES["petrarch"], PETRARCH_RECORDS)
    for key, text in (("case2021", TSV), ("petrarch_actors", ACTORS), ("petrarch_agents", AGENTS)):
        path = folder / FILES[key]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_run_events_end_to_end(tmp_path: Path):
    from newsgraph.nlp.registry import Registry

    from .test_case2021 import SNIPPET_EVENTS
    from .test_petrarch import PETRARCH_EVENTS

    folder = write_event_gold(tmp_path / "gold")
    fake = FakeEventExtractor({**EVENTS, **SNIPPET_EVENTS})
    loaded: list[list[str]] = []

    def make(files: list[str]) -> FakeEventExtractor:
        Registry.load(extra=files)  # the converted dictionary is a valid registry file
        loaded.append(files)
        return FakeEventExtractor(PETRARCH_EVENTS)

    report = run_events(folder, fake, pipeline="fake", max_errors=1, make_extractor=make)
    assert report.task == "events"
    assert [s.name for s in report.sets] == ["PLOVER GSR", "CASE 2021 task 2", "PETRARCH-2 unit tests"]
    assert all(s.figures for s in report.sets)
    assert len(loaded) == 1
    assert not Path(loaded[0][0]).exists()  # the temporary registry file is removed
    skipped = run_events(folder, fake, pipeline="fake").sets[2]
    assert not skipped.figures and "not measured" in skipped.notes[0]


def test_run_events_names_a_missing_file(tmp_path: Path):
    folder = write_event_gold(tmp_path / "gold")
    (folder / "case2021_task2" / "test_set_final_release_with_labels.tsv").unlink()
    with pytest.raises(DataError, match=r"test_set_final_release_with_labels\.tsv"):
        run_events(folder, FakeEventExtractor({}), pipeline="fake")
