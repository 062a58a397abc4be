"""Shared fixtures: a store on each backend (SQLite file, and PostgreSQL when a server answers), one
spaCy pipeline loaded once for the whole session, and a helper to write small fixture files."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from newsgraph import Newsgraph, load_settings
from newsgraph.nlp.pipeline import Pipelines

PG_URL = os.environ.get("NEWSGRAPH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_admin_engine():
    return create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1),
                         isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The URL of the PostgreSQL test server, or a skip that says why there is none."""
    try:
        with _pg_admin_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        pytest.skip(f"no PostgreSQL server answers at {PG_URL} ({exc.orig}); set NEWSGRAPH_TEST_PG")
    return PG_URL


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    name = f"newsgraph_test_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = pg_server.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes this runs twice: on an SQLite file and on a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def pipelines() -> Pipelines:
    """The default English pipeline, loaded once for every test."""
    return Pipelines(load_settings().pipelines)


@pytest.fixture
def graph(db_url: str, pipelines: Pipelines) -> Iterator[Newsgraph]:
    with Newsgraph(db_url) as graph:
        graph._pipelines = pipelines
        yield graph


@pytest.fixture
def sqlite_graph(tmp_path: Path, pipelines: Pipelines) -> Iterator[Newsgraph]:
    """For tests of input handling, where the backend makes no difference."""
    with Newsgraph(str(tmp_path / "news.db")) as graph:
        graph._pipelines = pipelines
        yield graph


@pytest.fixture
def write(tmp_path: Path):
    """write("name.txt", "text" or b"bytes") -> the path of a new file under a fresh folder."""
    folder = tmp_path / "inputs"
    folder.mkdir(exist_ok=True)

    def _write(name: str, content: str | bytes) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
