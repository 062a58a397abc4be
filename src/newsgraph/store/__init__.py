"""Storage: one SQLite file by default, or PostgreSQL for teams, with the same versioned schema."""

from newsgraph.store.database import StoreError
from newsgraph.store.store import Store

__all__ = ["Store", "StoreError"]
