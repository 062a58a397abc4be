"""The Python API: everything the CLI (and later the REST API) does, as one object.

    from newsgraph import Newsgraph
    graph = Newsgraph("news.db")
    report = graph.ingest(["reports/", "https://example.org/feed.xml"])
    graph.stats(); graph.search("defense pact")

Each CLI command is a few lines over these methods, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from newsgraph.export import export as export_table
from newsgraph.ingest.ingester import Ingester, IngestReport, Progress
from newsgraph.model import Document, Failure, SearchHit, Sentence
from newsgraph.nlp.pipeline import Pipelines
from newsgraph.settings import Settings, load_settings
from newsgraph.store import Store
from newsgraph.store.events import ClaimRecord, EventRecord
from newsgraph.store.facts import ActorSummary


def example_corpus() -> Path:
    """The bundled example corpus: short reports of fictional outlets, in every supported format."""
    return Path(str(resources.files("newsgraph").joinpath("data", "corpus")))


class Newsgraph:
    def __init__(self, db: str | None = None, *, settings: Settings | None = None, **overrides: Any):
        self.settings = (settings or load_settings()).with_(**overrides)
        if db is not None:
            self.settings = self.settings.with_(db=db)
        self.store = Store.open(self.settings.db)
        self._pipelines: Pipelines | None = None

    @property
    def pipelines(self) -> Pipelines:
        if self._pipelines is None:
            self._pipelines = Pipelines(self.settings.pipelines, self.settings.nlp.registry, self.settings.nlp.events)
        return self._pipelines

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Newsgraph:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def ingest(self, inputs: Iterable[str | Path], *, follow: bool = False,
               fields: Mapping[str, tuple[str, ...]] | None = None, stdin: BinaryIO | None = None,
               progress: Progress | None = None) -> IngestReport:
        """Read files, folders, URLs, feeds or `-` (standard input) into the store; never raises for a
        bad input, which is reported in the returned `IngestReport` instead."""
        ingester = Ingester(self.store, self.settings, self.pipelines)
        return ingester.run([str(i) for i in inputs], follow=follow, fields=fields, stdin=stdin,
                            progress=progress)

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def documents(self, *, limit: int = 50, offset: int = 0, outlet: str | None = None,
                  language: str | None = None) -> list[Document]:
        return self.store.documents(limit=limit, offset=offset, outlet=outlet, language=language)

    def document(self, document_id: int) -> Document | None:
        return self.store.document(document_id)

    def sentences(self, document_id: int) -> list[Sentence]:
        return self.store.sentences(document_id)

    def sources(self, document_id: int) -> list[dict[str, Any]]:
        """Every place this document's text was read from (its first source and its exact copies)."""
        return self.store.sources_of(document_id)

    def cluster(self, document_id: int) -> list[Document]:
        """The document's copy cluster: its original and the near-copies linked to it, earliest first."""
        return self.store.cluster(document_id)

    def export(self, table: str, fmt: str, out: TextIO) -> int:
        """Stream a table ("documents" or "sentences") to `out` as "jsonl" or "csv"; returns the row count."""
        return export_table(self.store, table, fmt, out)

    def actors(self, *, limit: int = 50, country: str | None = None, sector: str | None = None,
               kind: str | None = None, query: str | None = None, unresolved: bool = False,
               evidence: int = 3) -> list[ActorSummary]:
        """Actors by mention count, each with up to `evidence` mentions and the sentences that hold them."""
        return self.store.actors(limit=limit, country=country, sector=sector, kind=kind, query=query,
                                 unresolved=unresolved, evidence=evidence)

    def facts(self, document_id: int) -> dict[str, list]:
        """The actor mentions, places, times, events and claims extracted from one document, in text order
        (keys "actors", "places", "times", "events", "claims"; a claim's events are objects of "events")."""
        return self.store.facts(document_id)

    def events(self, *, actor: str | None = None, source: str | None = None, target: str | None = None,
               country: str | None = None, event_type: str | None = None, category: str | None = None,
               since: date | None = None, until: date | None = None, document_id: int | None = None,
               query: str | None = None, limit: int = 50) -> list[EventRecord]:
        """Events, latest first, each with its document and the sentence it was read in.

        `actor`, `source` and `target` match a source or target mention (any, the sources, the targets) by
        actor id, country code, name or words, ignoring case; `country` also matches the event's place.
        `since`/`until` (dates or datetimes, `until` inclusive) test the event's own time, or its document's
        publication date when the text gives the event no time.
        """
        return self.store.events(actor=actor, source=source, target=target, country=country,
                                 event_type=event_type, category=category, since=since, until=until,
                                 document_id=document_id, query=query, limit=limit)

    def claims(self, *, source: str | None = None, source_type: str | None = None, stance: str | None = None,
               actor: str | None = None, query: str | None = None, since: date | None = None,
               until: date | None = None, hedged: bool | None = None, document_id: int | None = None,
               limit: int = 50) -> list[ClaimRecord]:
        """Claims, latest document first, each with its events and the sentences it spans.

        `source` matches the source by actor id, country code, name or words (or a part of its words);
        `actor` matches the source, an actor of an event in the content, or an actor named in the content;
        `query` is words in the content; `since`/`until` are on the publication date; `hedged` True keeps
        hedged claims, False unhedged ones.
        """
        return self.store.claims(source=source, source_type=source_type, stance=stance, actor=actor,
                                 query=query, since=since, until=until, hedged=hedged, document_id=document_id,
                                 limit=limit)

    def failures(self) -> list[Failure]:
        return self.store.failures()

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        return self.store.search(query, limit)
