"""Plain-text reports, with an optional e-mail-style header block.

A text file may open with `Key: value` lines (Title, Outlet, Author, Date, URL, Language), ended by
a blank line; the body follows. The block is only taken as a header when every line of it is a known
key, so an ordinary first paragraph that happens to contain a colon is never swallowed.
"""

from __future__ import annotations

import re

from newsgraph.ingest.dates import parse_date
from newsgraph.ingest.errors import IngestError
from newsgraph.model import DateSource, Document

HEADER_KEYS = {"title", "outlet", "author", "date", "published", "url", "language", "source"}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z_-]{1,20}):[ \t]*(.*)$")


def split_header(text: str) -> tuple[dict[str, str], str]:
    head, _sep, body = text.partition("\n\n")  # no blank line: a header alone, or no header at all
    fields: dict[str, str] = {}
    for line in head.split("\n"):
        match = _HEADER_LINE.match(line)
        if not match or match.group(1).lower() not in HEADER_KEYS:
            return {}, text
        fields[match.group(1).lower()] = match.group(2).strip()
    return fields, body.lstrip("\n")


def read_text(text: str, source: str, source_kind: str = "text") -> Document:
    fields, body = split_header(text)
    if not body.strip():
        raise IngestError("empty document: no text after the header" if fields else "empty document")
    published = parse_date(fields.get("date") or fields.get("published"))
    return Document(
        text=body,
        source=source,
        source_kind=source_kind,
        title=fields.get("title") or None,
        author=fields.get("author") or None,
        outlet=fields.get("outlet") or fields.get("source") or None,
        url=fields.get("url") or None,
        published=published,
        date_source=DateSource.METADATA if published else DateSource.INGEST,
        language=fields.get("language") or None,
    )
