"""Exports: the store as files for pandas, R, spreadsheets and other tools, streamed in constant memory.

Today: documents and sentences as JSON Lines or CSV. Events, claims and graphs follow their stages.
"""

from newsgraph.export.tables import FORMATS, TABLES, export

__all__ = ["FORMATS", "TABLES", "export"]
