"""Ingest: files, folders, URLs, feeds and standard input into documents, with copies detected."""

from newsgraph.ingest.errors import IngestError
from newsgraph.ingest.ingester import Ingester, IngestReport

__all__ = ["IngestError", "IngestReport", "Ingester"]
