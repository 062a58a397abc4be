"""`newsgraph` commands. Each is a few lines over the Python API.

Exit codes: 0 done; 1 done, but some inputs failed (each is listed with its reason); 2 the command
line is wrong; 3 the store cannot be opened; 4 the spaCy pipeline cannot be loaded.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import datetime
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


DATE = click.DateTime(formats=["%Y-%m-%d"])


@cli.command()
@click.option("--actor", help="Only events with this source or target: an actor id (PRK, NATO, person:...), a "
                              "country code, a name or the words as written; case is ignored.")
@click.option("--source", help="Only events with this source (matched as --actor).")
@click.option("--target", help="Only events with this target (matched as --actor).")
@click.option("--country", help="Only events with a source or target of this country (ISO 3166 alpha-3) "
                                "or taking place in it.")
@click.option("--type", "event_type", metavar="PLOVER", help="Only events of this PLOVER type (ASSAULT, CONSULT, ...).")
@click.option("--category", metavar="CODE",
              help="Only events of this ACLED-style category (ARMED_CLASH, AIR_STRIKE, PEACE_PROTEST, ...).")
@click.option("--since", type=DATE, metavar="DATE",
              help="Only events on or after this day (YYYY-MM-DD), by the event's own time, or by its report's "
                   "publication date when the text gives the event no time.")
@click.option("--until", type=DATE, metavar="DATE", help="Only events on or before this day (same rule as --since).")
@click.option("--document", "document_id", type=int, help="Only the events of this document.")
@click.option("--query", "-q", "query", help="Only events whose trigger or sentence contains these words.")
@click.option("--limit", default=50, show_default=True)
@click.option("--evidence", is_flag=True, help="Show each event's sentence, with the trigger in [brackets].")
@json_option
@store_options
def events(graph: Newsgraph, actor: str | None, source: str | None, target: str | None, country: str | None,
           event_type: str | None, category: str | None, since: datetime | None, until: datetime | None,
           document_id: int | None, query: str | None, limit: int, evidence: bool, as_json: bool) -> None:
    """List events, latest first: who did what to whom, where and when, and how sure the text is."""
    found = graph.events(actor=actor, source=source, target=target, country=country, event_type=event_type,
                         category=category, since=since.date() if since else None,
                         until=until.date() if until else None, document_id=document_id, query=query, limit=limit)
    if as_json:
        emit_json([r.to_dict() for r in found])
        return
    _print_events(found, evidence)


def _print_events(found: list, evidence: bool = False, title: str = "Events") -> None:
    rows = []
    for r in found:
        e = r.event
        kind = " / ".join(x for x in (e.event_type or "-", e.mode) if x) + (f"\n{e.category}" if e.category else "")
        who = ", ".join(_who(m) for m in e.sources) or "?"
        if e.targets:
            who += " → " + ", ".join(_who(m) for m in e.targets)
        place = "" if e.place is None else f"{e.place.name} ({e.place.country})" if e.place.country else e.place.name
        status = ", ".join([e.modality, *(["negated"] if e.negated else []),
                            *([f"confidence {e.confidence:.2f}"] if e.confidence < 1 else [])])
        row = [r.id, _event_when(r), kind, who, place, "\n".join(f"{q.kind}: {q.text}" for q in e.quantities), status]
        if evidence:
            row.append(_marked(r.sentences, [(e.evidence.start_char, e.evidence.end_char, "[", "]")]))
        rows.append(row)
    table(title, ["id", "when", "type", "who → whom", "where", "numbers", "status", *(["evidence"] if evidence
                                                                                        else [])], rows)


@cli.command()
@click.option("--source", help="Only claims by this source: an actor id, a country code, a name, or words of the "
                               "source as written (\"intelligence\"); case is ignored.")
@click.option("--source-type", metavar="TYPE",
              help="Only claims by this kind of source: official, military, media, expert, unnamed, person, "
                   "organisation, outlet (the report's own assertion).")
@click.option("--stance", type=click.Choice(["asserts", "denies", "doubts", "questions"], case_sensitive=False),
              help="Only claims with this stance.")
@click.option("--actor", help="Only claims whose source is this actor, or whose content names it or has an event "
                              "it takes part in (matched as --source, but whole).")
@click.option("--query", "-q", "query", help="Only claims whose content contains these words.")
@click.option("--hedged/--not-hedged", default=None,
              help="Only claims with hedging words (\"reportedly\", \"possibly\"), or only claims without.")
@click.option("--since", type=DATE, metavar="DATE", help="Only claims reported on or after this day (YYYY-MM-DD).")
@click.option("--until", type=DATE, metavar="DATE", help="Only claims reported on or before this day.")
@click.option("--document", "document_id", type=int, help="Only the claims of this document.")
@click.option("--limit", default=50, show_default=True)
@click.option("--evidence", is_flag=True,
              help="Show each claim's sentences, with the source and cue in [brackets] and the content in «».")
@json_option
@store_options
def claims(graph: Newsgraph, source: str | None, source_type: str | None, stance: str | None, actor: str | None,
           query: str | None, hedged: bool | None, since: datetime | None, until: datetime | None,
           document_id: int | None, limit: int, evidence: bool, as_json: bool) -> None:
    """List claims, latest report first: who asserts what, with what stance, probability and hedging."""
    found = graph.claims(source=source, source_type=source_type, stance=stance, actor=actor, query=query,
                         hedged=hedged, since=since.date() if since else None, until=until.date() if until else None,
                         document_id=document_id, limit=limit)
    if as_json:
        emit_json([r.to_dict() for r in found])
        return
    _print_claims(found, evidence)


def _print_claims(found: list, evidence: bool = False, title: str = "Claims") -> None:
    rows = []
    for r in found:
        c = r.claim
        who = c.source_text or ("(the report itself)" if c.source_type == "outlet" else "(no source named)")
        if c.source is not None and c.source.actor:
            who += f" = {c.source.actor}"
        likely = ""
        if c.probability is not None:
            likely = f"{c.estimative or ''} {c.probability[0]:.2f}-{c.probability[1]:.2f}".strip()
        elif c.estimative:
            likely = c.estimative
        content = c.content if len(c.content) <= 100 else c.content[:99].rstrip() + "…"
        row = [r.id, day(r.published), f"{who}\n({c.source_type})", c.cue, c.stance, likely, ", ".join(c.hedges),
               content]
        if evidence:
            marks = [(c.cue_evidence.start_char, c.cue_evidence.end_char, "[", "]"),
                     (c.content_evidence.start_char, c.content_evidence.end_char, "«", "»")]
            if c.source_evidence is not None:
                marks.append((c.source_evidence.start_char, c.source_evidence.end_char, "[", "]"))
            row.append(_marked(r.sentences, marks))
        rows.append(row)
    table(title, ["id", "reported", "source (type)", "cue", "stance", "probability", "hedges", "content",
                  *(["evidence"] if evidence else [])], rows)


def _who(m: Any) -> str:
    """An actor mention as "name (country sector)"."""
    codes = " ".join(x for x in (m.country, m.sector) if x)
    return f"{m.name or m.text} ({codes})" if codes else (m.name or m.text)


def _event_when(r: Any) -> str:
    """The event's own date (a day, month, year or range), else its report's day, marked as such."""
    t = r.event.time
    if t is None or (t.start is None and t.end is None):
        return f"{day(r.published)} (report)" if r.published else ""
    if t.start is not None and t.precision == "month":
        return t.start.strftime("%Y-%m")
    if t.start is not None and t.precision == "year":
        return str(t.start.year)
    first, last = day(t.start), day(t.end)
    return first if first == last or not last else f"{first}..{last}"


def _marked(sentences: list, marks: list[tuple[int, int, str, str]]) -> str:
    """doc 3 #2: the sentences, with each (start, end) span of the document wrapped in its two marks."""
    if not sentences:
        return ""
    inserts: dict[int, list[tuple[int, int, str]]] = {}
    for a, b, left, right in marks:
        for at, is_open, mark in ((a, 1, left), (b, 0, right)):
            # the sentence the position falls in (an end belongs to the sentence it closes)
            i = max((i for i, s in enumerate(sentences) if s.start_char + (1 - is_open) <= at), default=0)
            s = sentences[i]
            inserts.setdefault(i, []).append((min(max(at, s.start_char), s.end_char) - s.start_char, is_open, mark))
    pieces = []
    for i, s in enumerate(sentences):
        text = s.text
        for at, _is_open, mark in sorted(inserts.get(i, []), reverse=True):  # an end before a start at one place
            text = text[:at] + mark + text[at:]
        pieces.append(text)
    where = f"#{sentences[0].index}" + (f"-{sentences[-1].index}" if len(sentences) > 1 else "")
    return f"doc {sentences[0].document_id} {where}: " + " ".join(pieces)


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
                       "actors": [a.to_dict() for a in graph.actors(limit=10, evidence=1)],
                       "events": [r.to_dict() for r in graph.events(actor="PRK", limit=8)],
                       "claims": [r.to_dict() for r in graph.claims(actor="PRK", source_type="official", limit=8)]})
            return
        _print_report(report)
        _print_stats(numbers)
        table("Search: treaty signed Pyongyang", ["doc", "outlet", "sentence"],
              [[h.sentence.document_id, h.outlet, h.sentence.text] for h in hits])
        _print_actors(graph.actors(limit=10, evidence=1), "Actors most mentioned")
        _print_events(graph.events(actor="PRK", limit=8), title="Latest events with North Korea (PRK) as a party")
        _print_claims(graph.claims(actor="PRK", source_type="official", limit=8),
                      title="Latest claims by officials about North Korea")
        console.print(f"\nThe store is [bold]{db}[/]. Try: newsgraph events --db {db} --actor PRK --evidence, "
                      f"newsgraph claims --db {db} --stance denies")


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
        ["loading newsgraph", f"{result.load_seconds} s once per process (not in the ingest time)"],
        ["store size", f"{result.store_bytes_per_1000_docs / 1e6:.2f} MB per 1,000 documents"],
        ["peak memory (RSS)", f"{result.peak_rss_mb} MB"],
    ])


cli.add_command(evaluate)
