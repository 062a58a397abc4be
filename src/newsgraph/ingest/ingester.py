"""The ingest run: read inputs, complete each document, drop copies, parse, and store in batches.

For every document: the publication date falls back from metadata to the dateline to the ingest time;
the language is detected; an exact copy (same normalised text) is not stored again but its new source
is recorded; a near-copy is stored and linked to the earliest document of its cluster. Documents in a
language with a configured pipeline go through `nlp.pipe` in batches; the store commits every
`commit_every` documents, so a crash loses at most one uncommitted batch and never half a document.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from newsgraph.ingest.dates import dateline_date
from newsgraph.ingest.dedup import NearDuplicates, content_hash
from newsgraph.ingest.language import LanguageDetector
from newsgraph.ingest.sources import Reader, Skipped
from newsgraph.model import DateSource, Document, DocumentStatus, Failure
from newsgraph.nlp.pipeline import Pipelines, label
from newsgraph.settings import Settings
from newsgraph.store import Store

Progress = Callable[[str, str], None]  # (outcome, source)


@dataclass(slots=True)
class IngestReport:
    """What one run did. `read` counts documents (new, unchanged or copies) and failed inputs; `skipped`
    counts files of unsupported types met in folders, which are not in `read`."""

    read: int = 0
    new: int = 0
    unchanged: int = 0
    duplicates: int = 0  # exact copies of a stored document from another source
    near_duplicates: int = 0  # stored, and linked to the original of their cluster
    not_extracted: int = 0  # stored, but no pipeline for their language
    failed: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)
    skips: list[Skipped] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (source, note)

    @property
    def counts(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if isinstance(v, int)}

    def to_dict(self) -> dict[str, Any]:
        return {**self.counts, "seconds": round(self.seconds, 3),
                "failures": [f.to_dict() for f in self.failures],
                "skipped_inputs": [{"source": s.source, "reason": s.reason} for s in self.skips],
                "notes": [{"source": s, "note": n} for s, n in self.notes]}


@dataclass(slots=True)
class _Pending:
    document_id: int
    text: str
    language: str
    published: datetime | None = None


class Ingester:
    def __init__(self, store: Store, settings: Settings, pipelines: Pipelines | None = None):
        self.store = store
        self.settings = settings
        self.pipelines = pipelines or Pipelines(settings.pipelines, settings.nlp.registry, settings.nlp.events)
        self.languages = LanguageDetector(settings.default_language, settings.ingest.min_language_chars)
        self.near = NearDuplicates(settings.dedup.threshold, settings.dedup.num_perm,
                                   settings.dedup.shingle_words)

    def run(self, inputs: Iterable[str], *, follow: bool = False,
            fields: Mapping[str, tuple[str, ...]] | None = None, stdin: BinaryIO | None = None,
            progress: Progress | None = None) -> IngestReport:
        report = IngestReport()
        started, clock = datetime.now(UTC), time.perf_counter()
        notify = progress or (lambda _outcome, _source: None)
        reader = Reader(self.settings, follow=follow, fields=fields, known=self._known, stdin=stdin)
        pending: list[_Pending] = []
        # a write transaction from its first statement, so that a concurrent writer waits for it
        conn = self.store.engine.connect().execution_options(newsgraph_begin="IMMEDIATE")
        transaction = conn.begin()
        try:
            for item in reader.read(inputs):
                if isinstance(item, Skipped) and not item.known:
                    report.skipped += 1
                    report.skips.append(item)
                    notify("skipped", item.source)
                    continue
                report.read += 1
                if isinstance(item, Skipped):  # a feed entry stored before: not fetched or parsed again
                    report.unchanged += 1
                    notify("unchanged", item.source)
                    continue
                if isinstance(item, Failure):
                    self._fail(conn, report, item)
                    notify("failed", item.source)
                    continue
                outcome = self._add(conn, item, report, pending)
                notify(outcome, item.source)
                if len(pending) >= self.settings.ingest.commit_every:
                    self._flush(conn, pending, report)
                    transaction.commit()
                    transaction = conn.begin()
            self._flush(conn, pending, report)
            transaction.commit()
        except BaseException:
            transaction.rollback()
            raise
        finally:
            conn.close()
            reader.close()
        report.seconds = time.perf_counter() - clock
        self.store.record_run(started, report.counts)
        return report

    def _known(self, source: str) -> bool:
        with self.store.engine.connect() as conn:
            return self.store.source_known(conn, source)

    def _fail(self, conn: Connection, report: IngestReport, failure: Failure) -> None:
        report.failed += 1
        report.failures.append(failure)
        self.store.record_failure(conn, failure)

    def _complete(self, doc: Document) -> None:
        """Fill in what the reader could not know: date fallback, language, hash."""
        now = datetime.now(UTC)
        doc.ingested_at = now
        if doc.published is None:
            found = dateline_date(doc.text, now)
            if found:
                doc.published, note = found
                doc.date_source = DateSource.DATELINE
                if note:
                    doc.notes.append(note)
            else:
                doc.published, doc.date_source = now, DateSource.INGEST
        declared = (doc.language or "").lower().replace("_", "-").split("-")[0]
        if len(declared) in (2, 3) and declared.isalpha():  # an ISO 639 code; a name ("English") is not trusted
            doc.language = declared
        else:
            doc.language, doc.language_score = self.languages.detect(doc.text)
        doc.content_hash = content_hash(doc.text)

    def _add(self, conn: Connection, doc: Document, report: IngestReport, pending: list[_Pending]) -> str:
        self._complete(doc)
        if not doc.content_hash or doc.content_hash == content_hash(""):
            self._fail(conn, report, Failure(doc.source, "empty document: no words in the text", "read"))
            return "failed"
        try:
            with conn.begin_nested():
                outcome = self._store(conn, doc, pending)
                self.store.clear_failure(conn, doc.source)
        except SQLAlchemyError as exc:
            self._fail(conn, report, Failure(doc.source, f"cannot store: {exc.orig or exc}", "store"))
            return "failed"
        if outcome == "unchanged":
            report.unchanged += 1
            return outcome
        if outcome == "duplicate":
            report.duplicates += 1
            return outcome
        report.new += 1
        report.words += doc.word_count
        if doc.original_id is not None:
            report.near_duplicates += 1
        if doc.status is DocumentStatus.NOT_EXTRACTED:
            report.not_extracted += 1
        report.notes.extend((doc.source, note) for note in doc.notes)
        return "near_duplicate" if doc.original_id is not None else "new"

    def _store(self, conn: Connection, doc: Document, pending: list[_Pending]) -> str:
        existing = self.store.document_by_hash(conn, doc.content_hash)
        if existing is not None:
            if self.store.source_known(conn, doc.source, existing):
                return "unchanged"
            self.store.add_source(conn, existing, doc)
            return "duplicate"
        signature = self.near.signature(doc.text)
        match = self._best_match(conn, signature)
        new_root = False
        if match is not None:
            _matched, similarity, root, root_published = match
            doc.similarity = round(similarity, 4)
            earlier = (doc.date_source is not DateSource.INGEST and root_published is not None
                       and doc.published is not None and doc.published < root_published)
            if earlier:
                new_root = True
                doc.similarity = None
            else:
                doc.original_id = root
        if not self.pipelines.has(doc.language):
            doc.status = DocumentStatus.NOT_EXTRACTED
            doc.notes.append(f"no pipeline for language {doc.language!r}: stored, not extracted")
        doc.id = self.store.add_document(conn, doc)
        self.store.add_signature(conn, doc.id, signature.to_bytes(), signature.buckets)
        if new_root:
            self.store.move_cluster(conn, root, doc.id, round(similarity, 4))
        if doc.status is DocumentStatus.EXTRACTED:
            pending.append(_Pending(doc.id, doc.text, doc.language, doc.published))
        return "new"

    def _best_match(self, conn: Connection, signature) -> tuple[int, float, int, datetime | None] | None:
        candidates = self.store.bucket_matches(conn, signature.buckets)
        if not candidates:
            return None
        best: tuple[int, float, int | None] | None = None
        for doc_id, (stored, original_id, _published) in self.store.signatures_of(conn, candidates).items():
            similarity = self.near.similarity(signature, stored)
            if similarity >= self.settings.dedup.threshold and (best is None or similarity > best[1]):
                best = (doc_id, similarity, original_id)
        if best is None:
            return None
        doc_id, similarity, original_id = best
        root = original_id if original_id is not None else doc_id
        return doc_id, similarity, root, self.store.published_of(conn, root)

    def _flush(self, conn: Connection, pending: list[_Pending], report: IngestReport) -> None:
        """Parse the pending documents in batches, one language at a time, and store their sentences."""
        for language in sorted({p.language for p in pending}):
            batch = [p for p in pending if p.language == language]
            nlp = self.pipelines.get(language)
            name = label(nlp)
            try:
                with conn.begin_nested():
                    self._parse(conn, nlp, name, batch)
            except Exception:  # one document broke the batch: parse one at a time to find it
                for one in batch:
                    try:
                        with conn.begin_nested():
                            self._parse(conn, nlp, name, [one])
                    except Exception as exc:
                        reason = f"pipeline {name} failed: {type(exc).__name__}: {exc}"
                        self.store.finish_document(conn, one.document_id, DocumentStatus.FAILED, name, reason)
                        report.notes.append((str(one.document_id), reason))
        pending.clear()

    def _parse(self, conn: Connection, nlp, name: str, batch: list[_Pending]) -> None:
        from newsgraph.nlp.extract import Extractor  # spaCy components load with the first parse

        extractor = Extractor(nlp)
        found = extractor.stream(((p.document_id, p.text, p.published) for p in batch),
                                 self.settings.nlp.batch_size, self.settings.nlp.n_process)
        for facts in found:
            self.store.add_sentences(conn, facts.sentences)
            self.store.add_facts(conn, facts)
            self.store.finish_document(conn, facts.document_id, DocumentStatus.EXTRACTED, name)
