"""Fixtures for the ingest tests: the HTTP test server on 127.0.0.1 (not "localhost"), so that the
address check sees a loopback IP address."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return "127.0.0.1", 0
