"""Fixtures for the store tests: an opened `Store` on each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsgraph.store import Store


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    store = Store.open(db_url)
    yield store
    store.close()
