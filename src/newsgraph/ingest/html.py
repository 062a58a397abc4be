"""HTML pages: the article body without boilerplate, with title, author, date and site, by trafilatura.

lxml, under trafilatura, parses HTML without resolving external entities or fetching anything;
scripts, styles and broken markup are dropped or repaired by the parser.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError

from newsgraph.ingest.dates import parse_date
from newsgraph.ingest.decode import tidy
from newsgraph.ingest.errors import IngestError
from newsgraph.model import DateSource, Document

_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def read_html(markup: str, source: str, source_kind: str = "html", url: str | None = None) -> Document:
    try:
        result = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                                             include_tables=True, date_extraction_params=_DATE_PARAMS)
    except (ValueError, ParserError, RecursionError) as exc:
        raise IngestError(f"unparseable HTML: {exc}", "parse") from exc
    # trafilatura puts each block (paragraph, heading, list item) on its own line; a blank line between
    # blocks makes them paragraphs, as in plain-text reports, so no sentence runs across two blocks
    lines = tidy(result.text or "").split("\n") if result is not None else []
    text = "\n\n".join(line.strip() for line in lines if line.strip())
    if not text:
        raise IngestError("no article text found in the HTML page", "parse")
    published = parse_date(result.date)
    canonical = result.url or url
    return Document(
        text=text,
        source=source,
        source_kind=source_kind,
        title=result.title or None,
        author=result.author or None,
        outlet=_site_name(result.sitename, canonical),
        url=canonical,
        published=published,
        date_source=DateSource.METADATA if published else DateSource.INGEST,
        language=result.language or None,
    )


def _site_name(sitename: str | None, url: str | None) -> str | None:
    """The page's own name for its site; trafilatura's fallback to the URL's host is not one."""
    if not sitename:
        return None
    netloc = urlsplit(url).netloc.lower() if url else ""
    return None if netloc and sitename.lower() in netloc else sitename


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one paragraph per block element."""
    if "<" not in markup:
        return tidy(markup)
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return tidy(markup)
    for bad in root.xpath("//script|//style|//iframe|//noscript"):
        bad.drop_tree()
    blocks = [" ".join(el.text_content().split()) for el in root.xpath("//p|//li|//h1|//h2|//h3")]
    blocks = [b for b in blocks if b]
    return tidy("\n\n".join(blocks) if blocks else " ".join(root.text_content().split()))
