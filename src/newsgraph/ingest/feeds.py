"""RSS and Atom feeds, parsed by feedparser after a defusedxml check that refuses entity declarations.

feedparser is lenient with broken feeds, which is what a user wants, but it should never be asked to
expand entities: a feed that declares any (the "billion laughs" or an external entity) is refused
before feedparser sees it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from newsgraph.ingest.errors import IngestError
from newsgraph.ingest.html import fragment_text

_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str  # the entry's id, else its link, else its position
    title: str | None
    link: str | None
    author: str | None
    published: datetime | None
    text: str


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    link: str | None
    entries: list[FeedEntry]
    warning: str | None


def looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return any(marker in head for marker in _FEED_MARKERS)


def _refuse_entities(data: bytes) -> None:
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise IngestError(f"feed declares XML entities ({type(exc).__name__}); refused", "parse") from exc
    except (ParseError, ValueError, LookupError):
        # not well-formed (or an unknown encoding): feedparser's lenient parser copes, or says why
        # below; but the check above may have stopped before the DTD, so look for declarations here
        if b"<!ENTITY" in data.replace(b"\x00", b"").upper():
            raise IngestError("feed declares XML entities (<!ENTITY in a malformed feed); refused",
                              "parse") from None


def _when(entry: dict) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def parse_feed(data: bytes) -> Feed:
    _refuse_entities(data)
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    warning = None
    if parsed.get("bozo"):
        warning = f"malformed feed: {parsed.get('bozo_exception')}"
        if not parsed.entries:
            raise IngestError(warning, "parse")
    entries = []
    for position, entry in enumerate(parsed.entries, start=1):
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        entries.append(FeedEntry(
            key=entry.get("id") or entry.get("link") or str(position),
            title=entry.get("title") or None,
            link=entry.get("link") or None,
            author=entry.get("author") or None,
            published=_when(entry),
            text=fragment_text(body or ""),
        ))
    feed = parsed.get("feed", {})
    return Feed(feed.get("title") or None, feed.get("link") or None, entries, warning)
