"""`newsgraph eval actors|places|ner|events|claims`: score the extractors on the gold sets and print the figures,
the counts they come from and the targets of the issue.

The gold folder is --data, else $NEWSGRAPH_EVAL_DATA, else ../shared/eval or ./eval under the current
directory; any folder with the same layout and file names is scored the same way. Exit codes: 0 done
(1 with --check when a figure misses its target); 2 the command line or the gold data is wrong; 4 the
spaCy pipeline cannot be loaded.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsgraph.cli.output import console, emit_json, errors, table
from newsgraph.evaluate import DataError, Report, find_data_dir, run_actors, run_ner, run_places
from newsgraph.evaluate.conll import MAPPING_TEXT
from newsgraph.evaluate.report import EvalSet, Figure
from newsgraph.nlp.pipeline import ALIASES, PipelineError
from newsgraph.settings import load_settings

EXIT_BELOW_TARGET, EXIT_USAGE, EXIT_PIPELINE = 1, 2, 4


# --- what predicts: looked up through these functions so that tests can put fakes in their place ------

def load_extractor(name: str, registry: list[str] | tuple[str, ...] = ()) -> Any:
    """newsgraph's extractor on the named spaCy pipeline, with extra actor registry files."""
    from newsgraph.nlp.extract import Extractor

    return Extractor.for_pipeline(name, registry=registry)


def load_bare_pipeline(name: str) -> Any:
    """The named spaCy pipeline with none of newsgraph's components (the NER baseline)."""
    import spacy

    package = name
    if importlib.util.find_spec(name) is None and name in ALIASES and importlib.util.find_spec(ALIASES[name]):
        package = ALIASES[name]
    try:
        return spacy.load(package)
    except OSError as exc:
        raise PipelineError(f"spaCy pipeline {name!r} is not installed; name an installed one with --pipeline") \
            from exc


def load_resolver() -> Callable[[str, Any], Any] | None:
    """The gazetteer's resolve(name, context) for the oracle geocoding, if the gazetteer exists."""
    try:
        from newsgraph.nlp.gazetteer import default_gazetteer
    except ImportError:
        return None
    gazetteer = default_gazetteer()
    return lambda name, context: gazetteer.resolve(name, context)


# --- the commands -----------------------------------------------------------------------------------

def eval_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every eval command takes; the wrapped command gets the data folder and the pipeline
    name resolved, and returns a Report that is printed, written and checked here."""

    @click.option("--data", "data", type=click.Path(file_okay=False),
                  help="Gold data folder [default: $NEWSGRAPH_EVAL_DATA, else ../shared/eval or ./eval].")
    @click.option("--pipeline", help="spaCy pipeline [default: the configured English one].")
    @click.option("--limit", type=click.IntRange(min=1), help="Score only the first N records (quick runs).")
    @click.option("--errors", "max_errors", type=click.IntRange(min=0), default=0,
                  help="Show the first N wrong cases.")
    @click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
                  help="Also write the JSON report to this file.")
    @click.option("--check", is_flag=True, help="Exit with code 1 when a figure misses its target.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
    @functools.wraps(command)
    def wrapper(data: str | None, pipeline: str | None, limit: int | None, max_errors: int, output: str | None,
                check: bool, as_json: bool, **kwargs: Any) -> None:
        try:
            folder = find_data_dir(data)
        except DataError as exc:
            errors.print(f"[red]error:[/] {exc}")
            sys.exit(EXIT_USAGE)
        name = pipeline or load_settings().pipelines.get("en", "en_core_web_sm")
        try:
            report: Report = command(folder=folder, pipeline=name, limit=limit, max_errors=max_errors,
                                     quiet=as_json, **kwargs)
        except DataError as exc:
            errors.print(f"[red]error:[/] {exc}")
            sys.exit(EXIT_USAGE)
        except PipelineError as exc:
            errors.print(f"[red]error:[/] {exc}")
            sys.exit(EXIT_PIPELINE)
        if output:
            Path(output).write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", "utf-8")
        if as_json:
            emit_json(report.to_dict())
        else:
            show(report)
            if output:
                errors.print(f"wrote the report to {output}")
        if check and not report.targets_met:
            sys.exit(EXIT_BELOW_TARGET)

    return wrapper


@click.group(name="eval")
def evaluate() -> None:
    """Score the extractors on gold sets: actors (NGEC), ner (CoNLL-2003), places (GeoWebNews, Mordecai3),
    events (PLOVER, CASE 2021, PETRARCH-2), claims (PolNeAR)."""


@evaluate.command()
@eval_options
def actors(folder: Path, pipeline: str, limit: int | None, max_errors: int, quiet: bool) -> Report:
    """Actor phrases to country and PLOVER sector (ngec_actor_tests/ngec_actor_gold.jsonl)."""
    extractor = load_extractor(pipeline)
    with _progress(quiet) as progress:
        return run_actors(folder, extractor, pipeline=pipeline, limit=limit, max_errors=max_errors,
                          progress=progress)


@evaluate.command()
@click.option("--no-baseline", is_flag=True, help="Skip the bare spaCy pipeline.")
@eval_options
def ner(folder: Path, pipeline: str, limit: int | None, max_errors: int, quiet: bool, no_baseline: bool) -> Report:
    """Named entities against CoNLL-2003 (conll2003/eng.testa), newsgraph and bare spaCy side by side."""
    nlp = load_extractor(pipeline).nlp
    bare = None if no_baseline else load_bare_pipeline(pipeline)
    with _progress(quiet) as progress:
        return run_ner(folder, nlp, bare, pipeline=pipeline, limit=limit, max_errors=max_errors, progress=progress)


@evaluate.command()
@click.option("--no-oracle", is_flag=True, help="Skip the oracle geocoding of the gold toponyms.")
@eval_options
def places(folder: Path, pipeline: str, limit: int | None, max_errors: int, quiet: bool, no_oracle: bool) -> Report:
    """Toponyms and geocoding (geoparsing_gritta/GWN.xml, mordecai3_tests/...expectations.jsonl)."""
    extractor = load_extractor(pipeline)
    resolve = None if no_oracle else load_resolver()
    with _progress(quiet) as progress:
        return run_places(folder, extractor, pipeline=pipeline, limit=limit, max_errors=max_errors,
                          resolve=resolve, progress=progress)


@evaluate.command()
@eval_options
def events(folder: Path, pipeline: str, limit: int | None, max_errors: int, quiet: bool) -> Report:
    """Event types, CAMEO roots and actors (plover_gsr, case2021_task2, petrarch2 with its dictionaries)."""
    from newsgraph.evaluate.events import run_events

    extractor = load_extractor(pipeline)
    with _progress(quiet) as progress:
        return run_events(folder, extractor, pipeline=pipeline, limit=limit, max_errors=max_errors,
                          progress=progress, make_extractor=lambda files: load_extractor(pipeline, files))


@evaluate.command()
@eval_options
def claims(folder: Path, pipeline: str, limit: int | None, max_errors: int, quiet: bool) -> Report:
    """Attribution: source, cue and content spans against PolNeAR (polnear/dev)."""
    from newsgraph.evaluate.polnear import run_claims

    nlp = load_extractor(pipeline).nlp
    with _progress(quiet) as progress:
        return run_claims(folder, nlp, pipeline=pipeline, limit=limit, max_errors=max_errors, progress=progress)


# --- showing a report -------------------------------------------------------------------------------

@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str, int | None], Callable[[], None]]]:
    if quiet or not errors.is_terminal:
        yield lambda label, total: (lambda: None)
        return
    columns = (SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(bar_width=None),
               MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=errors, transient=True) as bar:

        def start(label: str, total: int | None) -> Callable[[], None]:
            task = bar.add_task(label, total=total)
            return lambda: bar.update(task, advance=1)

        yield start


def _value(fig: Figure) -> str:
    if fig.value is None:
        return "-"
    if fig.unit == "km":
        return f"{fig.value:,.0f} km"
    return f"{fig.value:.3f}"


def _target(fig: Figure) -> str:
    if fig.target is None:
        return ""
    sign = "≤" if fig.lower_is_better else "≥"
    mark = {True: "[green]met[/]", False: "[red]missed[/]", None: ""}[fig.met]
    return f"{sign} {fig.target:.2f} {mark}".strip()


def _count(fig: Figure) -> str:
    return f"{fig.correct}/{fig.n}" if fig.correct is not None else str(fig.n)


def show_set(result: EvalSet, pipeline: str) -> None:
    systems = any(f.system for f in result.figures)
    columns = ["figure", *(["system"] if systems else []), "value", "n", "target", "detail"]
    rows = [[f.name, *([f.system or ""] if systems else []), _value(f), _count(f), _target(f), f.detail or ""]
            for f in result.figures]
    table(f"{result.name}: {result.records} records, pipeline {pipeline}", columns, rows, markup=True)
    types = result.breakdown.get("gold_types")
    if types:
        literal = set(result.breakdown.get("literal_types", ()))
        table("Gold toponyms by type: how many a predicted place overlaps", ["type", "literal", "gold", "overlapped"],
              [[kind, "yes" if kind in literal else "", row["gold"], f"{row['overlapped_by_prediction']} "
                f"({row['share']:.0%})"] for kind, row in types.items()])
    if result.name.startswith("CoNLL"):
        console.print(f"[dim]labels: {MAPPING_TEXT}[/]")
    for note in result.notes:
        if not note.startswith("label mapping"):
            console.print(f"[dim]{note}[/]")
    if result.errors:
        console.print(f"[bold]First {len(result.errors)} wrong case(s):[/]")
        for case in result.errors:
            console.print(json.dumps(case, ensure_ascii=False, default=str))


def show(report: Report) -> None:
    for result in report.sets:
        show_set(result, report.pipeline)
        console.print()
    met = "all targets met" if report.targets_met else "[red]some targets missed[/]"
    console.print(f"{report.task}: {report.seconds:.1f} s, data {report.data}; {met}")
