"""Opening a store: an SQLite file (WAL) or a PostgreSQL URL, brought to the newest schema on open."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError


def utc(value: datetime | None) -> datetime | None:
    """Datetimes are stored in UTC; naive ones read back from SQLite are UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Seconds to wait for a PostgreSQL server to answer before giving up (libpq waits forever by default);
# a `?connect_timeout=N` in the URL takes precedence.
CONNECT_TIMEOUT = 10
# The PostgreSQL advisory lock that serialises migrations of one database (any fixed number will do).
MIGRATION_LOCK = 7_300_517


class StoreError(Exception):
    """The store cannot be opened, migrated or written; the message says which and why."""


def database_url(target: str) -> str:
    """Turn what a user typed (a file path or a URL) into an SQLAlchemy URL."""
    if target.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + target.split("://", 1)[1]
    if "://" in target:
        return target
    if target == ":memory:":
        raise StoreError("an in-memory store would vanish at once; give a file path")
    return f"sqlite:///{Path(target).expanduser()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLAlchemy's recipe: let it, not pysqlite, issue BEGIN, so that SAVEPOINTs work
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        # switching a new file to WAL needs it alone; SQLite reports a concurrent opener as locked at once,
        # without waiting on busy_timeout, so wait here
        deadline = time.monotonic() + 30
        while True:
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn) -> None:
    """BEGIN, or BEGIN IMMEDIATE for connections that will write (execution option newsgraph_begin)."""
    mode = conn.get_execution_options().get("newsgraph_begin", "")
    conn.exec_driver_sql(f"BEGIN {mode}".strip())


def create_store_engine(target: str) -> Engine:
    url = database_url(target)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"{target!r} is neither a file path nor a database URL") from exc
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise StoreError("an in-memory store would vanish at once; give a file path")
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            raise StoreError(f"cannot create the store {parsed.database}: folder {folder} does not exist")
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use a file path or postgresql://")
    connect_args = {} if "connect_timeout" in parsed.query else {"connect_timeout": CONNECT_TIMEOUT}
    try:
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except (ImportError, ArgumentError) as exc:
        raise StoreError(f"cannot open {parsed.render_as_string()}: no driver for it ({exc})") from exc


def _alembic_config() -> Config:
    config = Config()
    location = resources.files("newsgraph.store").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (the newest by default); a no-op when it is already there."""
    _run(command.upgrade, engine, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Take the schema back to `revision`; "base" drops every table the migrations made."""
    _run(command.downgrade, engine, revision)


def _run(step, engine: Engine, revision: str) -> None:
    config = _alembic_config()
    where = engine.url.render_as_string()
    try:
        # Two processes opening a new store at once: the second waits for the first's migration (an
        # immediate transaction on SQLite, an advisory lock on PostgreSQL), then finds nothing to do.
        with engine.connect().execution_options(newsgraph_begin="IMMEDIATE") as connection, connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            config.attributes["connection"] = connection
            step(config, revision)
    except CommandError as exc:
        raise StoreError(f"cannot migrate the store at {where} to {revision!r}: {exc} "
                         "(was it made by a newer version of newsgraph?)") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the store at {where}: {getattr(exc, 'orig', None) or exc}") from exc
