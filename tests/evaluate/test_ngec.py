"""Actor tests: reading the gold records, which figures a case counts in, and the scores."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from newsgraph.evaluate import DataError
from newsgraph.evaluate.ngec import (
    ActorPrediction,
    case_from_record,
    judge,
    load_cases,
    parse_date,
    predict,
    score,
)

from .conftest import ACTOR_RECORDS, FakeExtractor


@pytest.mark.parametrize(("text", "expected"), [
    (None, None), ("", None), ("today", None), ("Today", None),
    ("2022-01-01", datetime(2022, 1, 1)), ("10 May 2015", datetime(2015, 5, 10)),
    ("1 January 2018", datetime(2018, 1, 1)),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_parse_date_refuses_what_it_cannot_read():
    with pytest.raises(ValueError):
        parse_date("the day after")


def test_gold_fields():
    cases = [case_from_record(r) for r in ACTOR_RECORDS]
    by_test = {c.test: c for c in cases}
    assert by_test["t_country"].country == "NOR"  # from tuple_0
    assert by_test["t_party"].sectors == ("PTY", "OPP")
    assert by_test["t_minister"].context == "Norway"
    assert by_test["t_minister"].sector2 == "MIL"
    assert by_test["t_police"].context is None  # "" is no context
    assert by_test["t_nobody"].unresolved
    assert by_test["t_crowd"].country == ""


def test_judge_counts_each_case_only_in_the_figures_it_has_gold_for():
    case = case_from_record({"test": "x", "actor_text": "a", "expect": {"country": "", "code_1": "MIL"}})
    assert judge(case, ActorPrediction(True, country=None, sector="MIL")) == {
        "country_empty": True, "sector": True, "sector_lenient": True}
    case = case_from_record({"test": "x", "actor_text": "a", "expect": {"country": "FRA", "code_1": "MIL",
                                                                         "code_2": "GOV"}})
    verdicts = judge(case, ActorPrediction(True, actor="FRA", country="FRA", sector="GOV", sector_hint="MIL"))
    assert verdicts == {"country": True, "sector": False, "sector_lenient": True, "sector2": False}


def test_unknown_sector_is_matched_by_no_sector():
    case = case_from_record({"test": "x", "actor_text": "he", "expect": {"country": "", "code_1": "UNK"}})
    assert judge(case, ActorPrediction(False))["sector"]
    assert not judge(case, ActorPrediction(True, sector="CVL"))["sector"]


def test_an_unresolved_case_is_right_when_neither_actor_nor_country_is_given():
    case = case_from_record({"test": "x", "actor_text": "Jo Doe", "expect": {"result__Is": None}})
    assert judge(case, ActorPrediction(False)) == {"unresolved": True}
    assert judge(case, ActorPrediction(True, actor=None, country=None, sector="CVL")) == {"unresolved": True}
    assert judge(case, ActorPrediction(True, actor="person:jo", country="GBR")) == {"unresolved": False}


def test_load_cases(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ACTOR_RECORDS) + "\n", encoding="utf-8")
    assert len(load_cases(path)) == len(ACTOR_RECORDS)
    assert len(load_cases(path, limit=2)) == 2
    path.write_text('{"test": "no phrase"}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"gold\.jsonl:1"):
        load_cases(path)


def test_predict_passes_date_and_context_and_survives_a_crash():
    extractor = FakeExtractor()
    cases = [case_from_record(r) for r in ACTOR_RECORDS]
    predictions = predict(extractor, cases)
    assert ("the defence minister", datetime(2020, 3, 3), "Norway") in extractor.calls
    assert ("Norwegian police", None, None) in extractor.calls
    assert predictions[4] == ActorPrediction(False)

    class Broken:
        def resolve_phrase(self, text, published=None, context=None):
            raise RuntimeError("boom")

    crashed = predict(Broken(), cases[:1])
    assert crashed[0].error == "RuntimeError: boom"
    result = score(cases[:1], crashed)
    assert any("raised on 1" in note for note in result.notes)


def test_score_figures_and_wrong_cases():
    cases = [case_from_record(r) for r in ACTOR_RECORDS]
    result = score(cases, predict(FakeExtractor(), cases), max_errors=10)
    country = result.figure("country accuracy")
    assert (country.correct, country.n, country.target, country.met) == (4, 4, 0.90, True)
    sector = result.figure("sector accuracy (code_1 = sector)")
    assert (sector.correct, sector.n, sector.met) == (3, 4, False)  # the party read as rebels
    assert result.figure("sector accuracy, lenient (code_1 = sector or hint)").correct == 4
    assert result.figure("second sector (code_2 = sector_hint)").value == 1.0
    assert result.figure("unknown phrases left unresolved").correct == 1
    assert [e["test"] for e in result.errors] == ["t_party"]
    assert result.errors[0]["wrong"] == ["sector"]
    assert score(cases, predict(FakeExtractor(), cases)).errors == []
