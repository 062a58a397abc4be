"""Opening a store: an SQLite file (WAL) or a PostgreSQL URL, brought to the newest schema on open."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError


def utc(value: datetime | None) -> datetime | None:
    """Datetimes are stored in UTC; naive ones read back from SQLite are UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_store_engine(target: str) -> Engine:
    url = database_url(target)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"{target!r} is neither a file path nor a database URL") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            folder = Path(parsed.database).parent
            if not folder.is_dir():
                raise StoreError(f"cannot create the store {parsed.database}: folder {folder} does not exist")
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use a file path or postgresql://")
    return create_engine(url, pool_pre_ping=True)


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
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the store at {engine.url.render_as_string()}: {exc.orig or exc}") from exc
