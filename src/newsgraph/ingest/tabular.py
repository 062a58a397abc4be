"""JSON Lines and CSV corpora: one document per record, with a field mapping.

Records are streamed, never loaded whole, so a corpus of any size reads in constant memory. Which
column holds the text, title, outlet, date ... is looked up in the `[ingest.fields]` settings (first
present name wins) and can be overridden per run (`--field text=body`). A bad record is a failure of
that record alone, named by file and line.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from newsgraph.ingest.dates import parse_date
from newsgraph.ingest.decode import tidy
from newsgraph.ingest.errors import IngestError
from newsgraph.ingest.html import fragment_text, looks_like_html
from newsgraph.model import DateSource, Document, Failure

Record = Document | Failure


def _pick(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("title") or "") or None
    return str(value).strip() or None


def record_to_document(record: Mapping[str, Any], source: str, kind: str,
                       fields: Mapping[str, tuple[str, ...]], max_bytes: int) -> Document:
    if not isinstance(record, Mapping):
        raise IngestError("record is not an object", "parse")
    raw = _pick(record, fields.get("text", ("text",)))
    if not isinstance(raw, str) or not raw.strip():
        names = ", ".join(fields.get("text", ("text",)))
        raise IngestError(f"record has no text (looked for {names})", "parse")
    if len(raw) > max_bytes:
        raise IngestError(f"record text is {len(raw):,} characters, over the limit of {max_bytes:,}")
    text = fragment_text(raw) if looks_like_html(raw) or raw.lstrip().startswith("<p") else tidy(raw)
    published = parse_date(_pick(record, fields.get("published", ())))
    return Document(
        text=text,
        source=source,
        source_kind=kind,
        title=_as_text(_pick(record, fields.get("title", ()))),
        author=_as_text(_pick(record, fields.get("author", ()))),
        outlet=_as_text(_pick(record, fields.get("outlet", ()))),
        url=_as_text(_pick(record, fields.get("url", ()))),
        published=published,
        date_source=DateSource.METADATA if published else DateSource.INGEST,
        language=_as_text(_pick(record, fields.get("language", ()))),
    )


def _capped_lines(stream: TextIO, limit: int) -> Iterator[tuple[str, bool]]:
    """Lines of at most `limit` characters, each with whether it had to be cut (the rest is skipped)."""
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith("\n"):
            while (rest := stream.readline(limit)) and not rest.endswith("\n"):
                pass
            yield "", True
        else:
            yield line, False


def read_jsonl(stream: TextIO, name: str, fields: Mapping[str, tuple[str, ...]],
               max_bytes: int) -> Iterator[Record]:
    for number, (line, too_long) in enumerate(_capped_lines(stream, max_bytes), start=1):
        source = f"{name}:{number}"
        if too_long:
            yield Failure(source, f"record is over the limit of {max_bytes:,} characters")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield record_to_document(record, source, "jsonl", fields, max_bytes)
        except json.JSONDecodeError as exc:
            # some messages of the json module already end in "at" ("Invalid control character at")
            yield Failure(source, f"invalid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}", "parse")
        except IngestError as exc:
            yield Failure(source, exc.reason, exc.stage)


def read_csv(stream: io.TextIOBase, name: str, fields: Mapping[str, tuple[str, ...]],
             max_bytes: int) -> Iterator[Record]:
    csv.field_size_limit(max(max_bytes, 131072))
    sample = stream.read(65536)
    stream.seek(0)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(stream, dialect=dialect)
    try:
        _ = reader.fieldnames  # read the header row
        last = reader.line_num
        for record in reader:
            # a record is named by its first line (a quoted field may run over several)
            source, last = f"{name}:{last + 1}", reader.line_num
            try:
                yield record_to_document(record, source, "csv", fields, max_bytes)
            except IngestError as exc:
                yield Failure(source, exc.reason, exc.stage)
    except csv.Error as exc:
        yield Failure(f"{name}:{reader.line_num}", f"malformed CSV: {exc}", "parse")
