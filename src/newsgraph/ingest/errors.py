"""The one error type of ingest: an input that cannot be read, with a reason a user can act on."""

from __future__ import annotations


class IngestError(Exception):
    """Raised for one input (a file, a record, a URL, a feed entry); the batch goes on without it."""

    def __init__(self, reason: str, stage: str = "read"):
        super().__init__(reason)
        self.reason = reason
        self.stage = stage
