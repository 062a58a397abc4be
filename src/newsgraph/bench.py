"""`newsgraph bench`: how fast ingest runs, against bare spaCy on the same texts, and how big the store gets.

The texts are synthetic but news-shaped: each document is a random draw of sentences from the bundled
example corpus, with its numbers changed, so that documents are distinct (no copies to skip) and read
like the reports newsgraph is built for. Every figure comes from timing real work on this machine.
"""

from __future__ import annotations

import json
import random
import re
import resource
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from newsgraph.api import Newsgraph, example_corpus
from newsgraph.ingest.sources import Reader
from newsgraph.model import Document
from newsgraph.nlp.pipeline import load_pipeline
from newsgraph.settings import Settings, load_settings

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_NUMBER = re.compile(r"\b\d[\d,]*\b")


@dataclass(slots=True)
class BenchResult:
    documents: int
    words: int
    pipeline: str
    spacy_seconds: float
    spacy_words_per_second: float
    ingest_seconds: float
    ingest_docs_per_second: float
    ingest_words_per_second: float
    ratio_to_spacy: float
    load_seconds: float  # loading newsgraph's pipeline, registry and dictionaries, once per process
    store_bytes: int
    store_bytes_per_1000_docs: int
    peak_rss_mb: float

    def to_dict(self) -> dict:
        return asdict(self)


def synthetic_corpus(n: int, seed: int = 7, settings: Settings | None = None) -> list[str]:
    """`n` distinct news-like texts of 6 to 16 sentences drawn from the example corpus."""
    reader = Reader(settings or load_settings())
    pool: list[str] = []
    for item in reader.read([str(example_corpus())]):
        if isinstance(item, Document):
            for paragraph in item.text.split("\n"):
                pool.extend(s for s in _SENTENCE_END.split(paragraph) if len(s.split()) >= 5)
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        picked = rng.sample(pool, rng.randint(6, 16))
        text = " ".join(picked)
        texts.append(_NUMBER.sub(lambda _m: f"{rng.randint(2, 20000):,}", text))
    return texts


def run(n: int = 1000, *, pipeline: str | None = None, batch_size: int | None = None,
        workdir: Path | None = None) -> BenchResult:
    settings = load_settings()
    if pipeline:
        settings = settings.with_(pipelines={**settings.pipelines, "en": pipeline})
    if batch_size:
        settings = settings.with_(**{"nlp.batch_size": batch_size})
    texts = synthetic_corpus(n, settings=settings)
    words = sum(len(t.split()) for t in texts)

    nlp = load_pipeline(settings.pipelines["en"], extract=False)  # bare spaCy: no newsgraph extractors
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=settings.nlp.batch_size):
        pass
    spacy_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        corpus = Path(tmp) / "bench.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": i, "text": text, "outlet": f"Outlet {i % 17}",
                                      "published": f"2025-01-{1 + i % 28:02d}"}) + "\n")
        db = Path(tmp) / "bench.db"
        with Newsgraph(str(db), settings=settings) as graph:
            # both sides are timed on parsing and storing only: bare spaCy is loaded before its clock starts,
            # and so is newsgraph's pipeline (its one-off load is reported on its own)
            started = time.perf_counter()
            graph.pipelines.get("en")("Warm-up: the registry and dictionaries load on the first document.")
            load_seconds = time.perf_counter() - started
            started = time.perf_counter()
            report = graph.ingest([corpus])
            ingest_seconds = time.perf_counter() - started
            with graph.store.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store_bytes = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
    if report.failed:
        raise RuntimeError(f"benchmark ingest failed on {report.failed} documents: {report.failures[:3]}")
    return BenchResult(
        documents=n, words=words, pipeline=settings.pipelines["en"],
        spacy_seconds=round(spacy_seconds, 3), spacy_words_per_second=round(words / spacy_seconds),
        ingest_seconds=round(ingest_seconds, 3), ingest_docs_per_second=round(n / ingest_seconds, 1),
        ingest_words_per_second=round(words / ingest_seconds),
        ratio_to_spacy=round(spacy_seconds / ingest_seconds, 3), load_seconds=round(load_seconds, 2),
        store_bytes=store_bytes, store_bytes_per_1000_docs=round(store_bytes / n * 1000),
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    )
