"""From what a user names (files, folders, URLs, feeds, `-` for standard input) to a stream of documents.

`Reader.read()` yields, for every input, `Document`s ready for the store, `Failure`s that say which
input failed and why, and `Skipped` notes (files of unsupported types met in a folder, sources already
ingested). It never raises for a bad input, so one bad document never stops a batch.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from newsgraph.ingest.decode import decode, open_text, tidy
from newsgraph.ingest.errors import IngestError
from newsgraph.ingest.feeds import looks_like_feed, parse_feed
from newsgraph.ingest.fetch import Fetcher
from newsgraph.ingest.html import looks_like_html, read_html
from newsgraph.ingest.tabular import read_csv, read_jsonl
from newsgraph.ingest.text import read_text
from newsgraph.model import DateSource, Document, Failure
from newsgraph.settings import Settings

KIND_BY_EXTENSION = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml")


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input passed over: a file type newsgraph does not read, or a feed entry already stored."""

    source: str
    reason: str
    known: bool = False


Item = Document | Failure | Skipped


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


class Reader:
    def __init__(self, settings: Settings, *, follow: bool = False,
                 fields: Mapping[str, tuple[str, ...]] | None = None,
                 known: Callable[[str], bool] = lambda _source: False,
                 stdin: BinaryIO | None = None, fetcher: Fetcher | None = None):
        self.settings = settings
        self.follow = follow
        self.fields = {**settings.ingest.fields, **(fields or {})}
        self.known = known
        self.stdin = stdin
        self.max_bytes = settings.ingest.max_document_bytes
        self._fetcher = fetcher

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings.fetch, self.max_bytes)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def read(self, inputs: Iterable[str]) -> Iterator[Item]:
        for value in inputs:
            if value == "-":
                yield from self._guarded("stdin", self._stdin)
            elif is_url(value):
                yield from self._guarded(value, lambda url=value: self._url(url))
            else:
                yield from self._path(Path(value).expanduser())

    # --- inputs ------------------------------------------------------------------------------------

    def _guarded(self, source: str, produce: Callable[[], Iterable[Item]]) -> Iterator[Item]:
        """Run one input's reader; whatever goes wrong becomes a Failure of that input."""
        try:
            yield from produce()
        except IngestError as exc:
            yield Failure(source, exc.reason, exc.stage)
        except Exception as exc:  # a reader bug or an exotic input must not stop the batch
            yield Failure(source, f"unexpected {type(exc).__name__}: {exc}", "read")

    def _stdin(self) -> Iterator[Item]:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        data = stream.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise IngestError(f"standard input is over the limit of {self.max_bytes:,} bytes")
        yield from self._bytes(data, "stdin", "stdin", kind=None)

    def _path(self, path: Path) -> Iterator[Item]:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file()
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            for file in files:
                if file.suffix.lower() in self.settings.ingest.extensions:
                    yield from self._guarded(str(file.resolve()), lambda f=file: self._file(f))
                else:
                    yield Skipped(str(file), f"not a supported file type ({file.suffix or 'no extension'})")
        elif path.exists():
            yield from self._guarded(str(path.resolve()), lambda: self._file(path))
        else:
            yield Failure(str(path), "no such file or folder", "read")

    def _file(self, path: Path) -> Iterator[Item]:
        source = str(path.resolve())
        kind = KIND_BY_EXTENSION.get(path.suffix.lower())
        if kind in ("jsonl", "csv"):
            stream, notes = open_text(path)
            with stream:
                records = (read_jsonl if kind == "jsonl" else read_csv)(stream, source, self.fields,
                                                                         self.max_bytes)
                for record in records:
                    if isinstance(record, Document):
                        record.notes.extend(notes)
                    yield record
            return
        size = path.stat().st_size
        if size > self.max_bytes:
            raise IngestError(f"file is {size:,} bytes, over the limit of {self.max_bytes:,} "
                              "(raise [ingest] max_document_bytes to accept it)")
        yield from self._bytes(path.read_bytes(), source, "file", kind)

    def _url(self, url: str, outlet: str | None = None) -> Iterator[Item]:
        """A fetched page, feed or corpus; a page that names no site gets `outlet`, else its host."""
        fetched = self.fetcher.get(url)
        kind = None
        if fetched.content_type in FEED_TYPES or looks_like_feed(fetched.content):
            kind = "feed"
        elif fetched.content_type in ("text/html", "application/xhtml+xml"):
            kind = "html"
        elif fetched.content_type in ("application/jsonl", "application/x-ndjson"):
            kind = "jsonl"
        for item in self._bytes(fetched.content, url, "url", kind, charset=fetched.charset, url=fetched.url):
            if isinstance(item, Document) and not item.outlet:
                item.outlet = outlet or urlsplit(fetched.url).hostname
            yield item

    # --- content -----------------------------------------------------------------------------------

    def _bytes(self, data: bytes, source: str, origin: str, kind: str | None, *,
               charset: str | None = None, url: str | None = None) -> Iterator[Item]:
        if not data.strip():
            raise IngestError("empty document")
        if kind == "feed" or (kind is None and looks_like_feed(data)):
            yield from self._feed(data, source)
            return
        decoded = decode(data, charset)
        text = decoded.text
        if kind == "jsonl":
            yield from read_jsonl(io.StringIO(text), source, self.fields, self.max_bytes)
            return
        if kind == "html" or (kind in (None, "text") and looks_like_html(text)):
            doc = read_html(text, source, "html" if origin == "file" else origin, url=url)
        else:
            doc = read_text(tidy(text), source, "text" if origin == "file" else origin)
            doc.url = doc.url or url
        doc.encoding = decoded.encoding
        doc.notes.extend(decoded.notes)
        yield doc

    def _feed(self, data: bytes, source: str) -> Iterator[Item]:
        feed = parse_feed(data)
        outlet = feed.title
        for entry in feed.entries:
            # a link that is not an absolute URL (an RSS guid taken for a permalink) names nothing alone
            link = entry.link if entry.link and is_url(entry.link) else None
            entry_source = link or f"{source}#{entry.key}"
            if self.known(entry_source):
                yield Skipped(entry_source, "already ingested", known=True)
                continue
            notes = [feed.warning] if feed.warning else []
            if self.follow and link:
                try:
                    for item in self._url(link, outlet):
                        if isinstance(item, Document):
                            item.title = item.title or entry.title
                            if entry.published and item.date_source is not DateSource.METADATA:
                                item.published, item.date_source = entry.published, DateSource.METADATA
                        yield item
                    continue
                except IngestError as exc:
                    notes.append(f"could not follow {link} ({exc.reason}); kept the feed's text")
            if not entry.text:
                yield Failure(entry_source, "feed entry has no text", "parse")
                continue
            yield Document(
                text=entry.text, source=entry_source, source_kind="feed", title=entry.title,
                author=entry.author, outlet=outlet, url=link, published=entry.published,
                date_source=DateSource.METADATA if entry.published else DateSource.INGEST, notes=notes)
