"""`newsgraph` commands. Each is a few lines over the Python API.

Exit codes: 0 done; 1 done, but some inputs failed (each is listed with its reason); 2 the command
line is wrong; 3 the store cannot be opened; 4 the spaCy pipeline cannot be loaded.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsgraph import __version__
from newsgraph.api import Newsgraph, example_corpus
from newsgraph.cli.evaluate import evaluate
from newsgraph.cli.output import console, day, emit_json, errors, table
from newsgraph.export import FORMATS, TABLES
from newsgraph.ingest.ingester import IngestReport
from newsgraph.nlp.pipeline import PipelineError
from newsgraph.settings import load_settings
from newsgraph.store import StoreError

EXIT_FAILED_INPUTS, EXIT_STORE, EXIT_PIPELINE = 1, 3, 4


def store_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db, --config and --pipeline on every command that opens a store."""

    @click.option("--db", envvar="NEWSGRAPH_DB", help="SQLite file or postgresql:// URL [default: newsgraph.db]")
    @click.option("--config", "config", type=click.Path(exists=True, dir_okay=False),
                  help="A TOML file of settings (see settings.toml in the package).")
    @click.option("--pipeline", envvar="NEWSGRAPH_PIPELINE",
                  help="spaCy pipeline for English, e.g. en_core_web_md.")
    @functools.wraps(command)
    def wrapper(db: str | None, config: str | None, pipeline: str | None, **kwargs: Any) -> Any:
        try:
            settings = load_settings(config)
        except (ValueError, OSError) as exc:
            raise click.UsageError(f"bad settings file {config}: {exc}") from exc
        if pipeline:
            settings = settings.with_(pipelines={**settings.pipelines, "en": pipeline})
        try:
            graph = Newsgraph(db, settings=settings)
        except StoreError as exc:
            errors.print(f"[red]error:[/] {exc}")
            sys.exit(EXIT_STORE)
        try:
            return command(graph, **kwargs)
        except PipelineError as exc:
            errors.print(f"[red]error:[/] {exc}")
            sys.exit(EXIT_PIPELINE)
        finally:
            graph.close()

    return wrapper


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
def cli() -> None:
    """newsgraph: news reports in, a source-graded picture of who did what to whom out.

    Start with `newsgraph demo`, or `newsgraph ingest PATH|URL|FEED|- --db news.db`.
    """


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--follow", is_flag=True, help="For feeds: fetch each entry's page, not just the feed's text.")
@click.option("--allow-private", is_flag=True,
              help="Allow URLs on private, loopback and link-local addresses (refused by default).")
@click.option("--field", "fields", multiple=True, metavar="NAME=COLUMN",
              help="JSONL/CSV field mapping, e.g. --field text=body --field published=date.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@json_option
@store_options
def ingest(graph: Newsgraph, inputs: tuple[str, ...], follow: bool, allow_private: bool,
           fields: tuple[str, ...], quiet: bool, as_json: bool) -> None:
    """Read files, folders, URLs, RSS/Atom feeds or `-` (standard input) into the store.

    Exact copies are skipped, near-copies linked to their original; running it again adds only what is
    new. Failed inputs are listed with their reasons and the exit code is 1.
    """
    mapping: dict[str, tuple[str, ...]] = {}
    for spec in fields:
        name, sep, column = spec.partition("=")
        if not sep or not name or not column:
            raise click.BadParameter(f"{spec!r} is not NAME=COLUMN", param_hint="--field")
        mapping[name.strip()] = (*mapping.get(name.strip(), ()), column.strip())
    if allow_private:
        graph.settings = graph.settings.with_(**{"fetch.allow_private": True})
    report = _run_ingest(graph, list(inputs), follow=follow, fields=mapping, quiet=quiet or as_json)
    if as_json:
        emit_json(report.to_dict())
    else:
        _print_report(report)
    if report.failed:
        sys.exit(EXIT_FAILED_INPUTS)


def _run_ingest(graph: Newsgraph, inputs: list[str], *, quiet: bool, **kwargs: Any) -> IngestReport:
    if quiet or not errors.is_terminal:
        return graph.ingest(inputs, **kwargs)
    columns = (SpinnerColumn(), TextColumn("[bold]ingesting"), BarColumn(bar_width=None),
               MofNCompleteColumn(), TextColumn("{task.fields[last]}"), TimeElapsedColumn())
    with Progress(*columns, console=errors, transient=True) as bar:
        task = bar.add_task("ingest", total=None, last="")

        def advance(outcome: str, source: str) -> None:
            bar.update(task, advance=1, last=f"{outcome}: {Path(source).name[:40]}")

        return graph.ingest(inputs, progress=advance, **kwargs)


def _print_report(report: IngestReport) -> None:
    rate = report.read / report.seconds if report.seconds else 0.0
    console.print(
        f"[bold]Ingest:[/] read {report.read}, new {report.new} (near-copies {report.near_duplicates}, "
        f"not extracted {report.not_extracted}), unchanged {report.unchanged}, exact duplicates "
        f"{report.duplicates}, failed {report.failed}, skipped {report.skipped}; "
        f"{report.seconds:.1f} s, {rate:.1f} docs/s")
    if report.failures:
        table("Failed", ["input", "stage", "reason"], [[f.source, f.stage, f.reason] for f in report.failures])
    if report.skips:
        table("Skipped", ["input", "reason"], [[s.source, s.reason] for s in report.skips[:20]])
        if len(report.skips) > 20:
            console.print(f"... and {len(report.skips) - 20} more skipped")
    if report.notes:
        table("Notes", ["input", "note"], [[Path(s).name, n] for s, n in report.notes[:20]])


@cli.command()
@json_option
@store_options
def stats(graph: Newsgraph, as_json: bool) -> None:
    """Counts: documents, sentences, outlets, origins and copies, languages, failures."""
    numbers = graph.stats()
    if as_json:
        emit_json(numbers)
        return
    _print_stats(numbers)


def _print_stats(numbers: dict[str, Any]) -> None:
    span = f"{day(numbers['first_published'])} .. {day(numbers['last_published'])}"
    table("Store", ["", "count"], [
        ["documents", numbers["documents"]], ["independent origins", numbers["origins"]],
        ["near-copies (linked)", numbers["near_copies"]], ["exact copies (skipped)", numbers["exact_copies"]],
        ["sentences", numbers["sentences"]], ["words", numbers["words"]], ["outlets", numbers["outlets"]],
        ["failed inputs", numbers["failures"]], ["published", span]])
    table(None, ["language", "documents"], numbers["by_language"].items())
    table(None, ["outlet", "documents"], numbers["by_outlet"].items())
    table(None, ["date from", "documents"], numbers["by_date_source"].items())


@cli.command()
@click.option("--limit", default=50, show_default=True)
@click.option("--outlet", help="Only this outlet's documents.")
@click.option("--language", help="Only documents in this language (ISO 639-1 code).")
@json_option
@store_options
def documents(graph: Newsgraph, limit: int, outlet: str | None, language: str | None, as_json: bool) -> None:
    """List stored documents, newest first, with their outlet, date and original (for near-copies)."""
    docs = graph.documents(limit=limit, outlet=outlet, language=language)
    if as_json:
        emit_json([{k: v for k, v in d.to_dict().items() if k != "text"} for d in docs])
        return
    table("Documents", ["id", "published", "from", "outlet", "title", "lang", "copy of"],
          [[d.id, day(d.published), d.date_source.value, d.outlet, d.title, d.language,
            d.original_id] for d in docs])


@cli.command()
@click.option("--limit", default=50, show_default=True)
@click.option("--country", help="Only mentions with this country (ISO 3166 alpha-3, or UNO/EUR/IGO).")
@click.option("--sector", help="Only mentions with this sector (PLOVER agent code: GOV, MIL, REB, ...).")
@click.option("--kind", type=click.Choice(["country", "organisation", "person", "group", "unknown"]),
              help="Only actors of this kind.")
@click.option("--query", "-q", "query", help="Only actors whose name or text contains this.")
@click.option("--unresolved", is_flag=True, help="Also list names no registry entry resolves, by their text.")
@click.option("--evidence", default=1, show_default=True, help="Evidence sentences shown per actor.")
@json_option
@store_options
def actors(graph: Newsgraph, limit: int, country: str | None, sector: str | None, kind: str | None,
           query: str | None, unresolved: bool, evidence: int, as_json: bool) -> None:
    """List actors by mention count, with their sectors and the sentences that mention them."""
    found = graph.actors(limit=limit, country=country, sector=sector, kind=kind, query=query,
                         unresolved=unresolved, evidence=evidence)
    if as_json:
        emit_json([a.to_dict() for a in found])
        return
    _print_actors(found)


def _print_actors(found: list, title: str = "Actors") -> None:
    rows = []
    for a in found:
        sectors = ", ".join(f"{k} {v}" for k, v in sorted(a.sectors.items(), key=lambda kv: -kv[1]))
        where = "\n".join(_evidence_line(e) for e in a.evidence)
        rows.append([a.actor or "(unresolved)", a.name, a.country, a.mentions, a.documents, sectors, where])
    table(title, ["actor", "name", "country", "mentions", "docs", "sectors", "evidence"], rows)


def _evidence_line(e: dict, width: int = 34) -> str:
    """doc 3 #2: ...the words around [the mention]..., with the mention marked."""
    sentence, start = e.get("sentence") or "", e.get("sentence_start") or 0
    a, b = e["start_char"] - start, e["end_char"] - start
    left = sentence[max(0, a - width):a]
    right = sentence[b:b + width]
    return (f"doc {e['document_id']} #{e['sentence_index']}: {'…' if a > width else ''}{left}"
            f"[{sentence[a:b]}]{right}{'…' if b + width < len(sentence) else ''}")


@cli.command()
@click.argument("document_id", type=int)
@json_option
@store_options
def show(graph: Newsgraph, document_id: int, as_json: bool) -> None:
    """One document: its metadata, its sources and its numbered sentences with character offsets."""
    doc = graph.document(document_id)
    if doc is None:
        raise click.ClickException(f"no document {document_id}")
    sentences = graph.sentences(document_id)
    if as_json:
        emit_json({**doc.to_dict(), "sources": graph.sources(document_id),
                   "cluster": [d.id for d in graph.cluster(document_id)],
                   "sentences": [s.to_dict() for s in sentences]})
        return
    console.print(f"[bold]{doc.title or '(untitled)'}[/]  {doc.outlet or ''}  {day(doc.published)} "
                  f"({doc.date_source.value})  {doc.url or ''}")
    cluster = graph.cluster(document_id)
    if len(cluster) > 1:
        table("One origin, reported by", ["id", "outlet", "published", "similarity", ""],
              [[d.id, d.outlet, day(d.published), d.similarity, "original" if d.original_id is None else "copy"]
               for d in cluster])
    table(None, ["#", "chars", "sentence"], [[s.index, f"{s.start_char}-{s.end_char}", s.text] for s in sentences])


@cli.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@json_option
@store_options
def search(graph: Newsgraph, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over sentences; each hit names its document and character offsets."""
    hits = graph.search(query, limit)
    if as_json:
        emit_json([h.to_dict() for h in hits])
        return
    table(f"Sentences matching {query!r}", ["doc", "#", "outlet", "published", "sentence"],
          [[h.sentence.document_id, h.sentence.index, h.outlet, day(h.published), h.sentence.text] for h in hits])


@cli.command()
@click.argument("table", type=click.Choice(sorted(TABLES)))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="A file; default: stdout.")
@store_options
def export(graph: Newsgraph, table: str, fmt: str, output: str | None) -> None:
    """Write a table (documents or sentences) as JSON Lines or CSV, streamed in constant memory."""
    if output is None:
        graph.export(table, fmt, sys.stdout)
        return
    with open(output, "w", encoding="utf-8", newline="") as out:
        count = graph.export(table, fmt, out)
    errors.print(f"wrote {count} {table} to {output}")


@cli.command()
@click.option("--db", default="newsgraph-demo.db", show_default=True, help="Where to build the demo store.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def demo(db: str, as_json: bool) -> None:
    """Ingest the bundled example corpus into an SQLite file and show what was found."""
    try:
        graph = Newsgraph(db)
    except StoreError as exc:
        errors.print(f"[red]error:[/] {exc}")
        sys.exit(EXIT_STORE)
    with graph:
        try:
            report = _run_ingest(graph, [str(example_corpus())], quiet=as_json)
        except PipelineError as exc:
            errors.print(f"[red]error:[/] {exc}")
            sys.exit(EXIT_PIPELINE)
        numbers = graph.stats()
        hits = graph.search("treaty signed Pyongyang", 5)
        if as_json:
            emit_json({"db": db, "ingest": report.to_dict(), "stats": numbers, "search": hits,
                       "actors": [a.to_dict() for a in graph.actors(limit=10, evidence=1)]})
            return
        _print_report(report)
        _print_stats(numbers)
        table("Search: treaty signed Pyongyang", ["doc", "outlet", "sentence"],
              [[h.sentence.document_id, h.outlet, h.sentence.text] for h in hits])
        _print_actors(graph.actors(limit=10, evidence=1), "Actors most mentioned")
        console.print(f"\nThe store is [bold]{db}[/]. Try: newsgraph documents --db {db}")


@cli.command()
@click.option("--docs", "n", default=1000, show_default=True, help="How many synthetic documents.")
@click.option("--pipeline", help="spaCy pipeline to measure (default: the configured one); blank:en for none.")
@click.option("--batch-size", type=int, help="nlp.pipe batch size.")
@json_option
def bench(n: int, pipeline: str | None, batch_size: int | None, as_json: bool) -> None:
    """Measure ingest speed against bare spaCy on the same texts, store size and peak memory."""
    from newsgraph import bench as benchmark

    try:
        result = benchmark.run(n, pipeline=pipeline, batch_size=batch_size)
    except PipelineError as exc:
        errors.print(f"[red]error:[/] {exc}")
        sys.exit(EXIT_PIPELINE)
    if as_json:
        emit_json(result.to_dict())
        return
    table(f"Benchmark: {result.documents} documents, {result.words} words, {result.pipeline}", ["", "figure"], [
        ["bare spaCy nlp.pipe", f"{result.spacy_words_per_second:,} words/s ({result.spacy_seconds} s)"],
        ["newsgraph ingest", f"{result.ingest_docs_per_second} docs/s, {result.ingest_words_per_second:,} words/s "
                             f"({result.ingest_seconds} s)"],
        ["ingest / bare spaCy", f"{result.ratio_to_spacy:.2f}"],
        ["store size", f"{result.store_bytes_per_1000_docs / 1e6:.2f} MB per 1,000 documents"],
        ["peak memory (RSS)", f"{result.peak_rss_mb} MB"],
    ])


cli.add_command(evaluate)
