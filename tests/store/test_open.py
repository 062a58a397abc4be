"""Opening a store: a new SQLite file is created and migrated, an existing one is left alone, and every
way of pointing at a store that cannot work fails at once with a StoreError that says why."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from newsgraph.store import Store, StoreError, database
from newsgraph.store import store as store_module
from newsgraph.store.schema import sentences


def test_opening_a_new_path_creates_a_migrated_sqlite_file(tmp_path: Path):
    path = tmp_path / "news.db"
    assert not path.exists()
    store = Store.open(str(path))
    assert path.is_file()
    assert store.dialect == "sqlite"
    assert database.head_revision() is not None
    assert database.current_revision(store.engine) == database.head_revision()
    store.close()


def test_every_backend_is_migrated_to_the_head_revision(store: Store):
    assert database.current_revision(store.engine) == database.head_revision()


def test_opening_an_up_to_date_store_runs_no_migration(db_url: str, monkeypatch: pytest.MonkeyPatch):
    Store.open(db_url).close()

    def refuse(*_args):
        raise AssertionError("migrate() was called on an up-to-date store")

    monkeypatch.setattr(store_module, "migrate", refuse)
    again = Store.open(db_url)
    assert database.current_revision(again.engine) == database.head_revision()
    again.close()


def test_migrating_an_up_to_date_store_again_is_a_no_op(store: Store):
    database.migrate(store.engine)
    assert database.current_revision(store.engine) == database.head_revision()


def test_reopening_keeps_what_was_stored(db_url: str):
    store = Store.open(db_url)
    with store.transaction() as conn:
        conn.execute(text("INSERT INTO ingest_runs (started_at) VALUES (CURRENT_TIMESTAMP)"))
    store.close()
    again = Store.open(db_url)
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ingest_runs")).scalar_one() == 1
    again.close()


def test_sqlite_runs_in_wal_mode(tmp_path: Path):
    store = Store.open(str(tmp_path / "news.db"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
    store.close()


def test_sqlite_enforces_foreign_keys(tmp_path: Path):
    store = Store.open(str(tmp_path / "news.db"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    store.close()


def test_a_sentence_of_a_missing_document_is_refused(store: Store):
    with pytest.raises(IntegrityError), store.transaction() as conn:
        conn.execute(insert(sentences), {"document_id": 999, "idx": 0, "start_char": 0, "end_char": 4,
                                         "text": "Lost"})


def test_a_path_in_a_missing_folder_is_refused(tmp_path: Path):
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(tmp_path / "no-such-folder" / "news.db"))
    assert not (tmp_path / "no-such-folder").exists()


def test_a_folder_is_not_a_store(tmp_path: Path):
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open(str(tmp_path))


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path):
    path = tmp_path / "notes.db"
    path.write_text("Shopping list: bread, milk, a new notebook.\n" * 40)
    with pytest.raises(StoreError, match="not a database"):
        Store.open(str(path))


@pytest.mark.parametrize("target", [":memory:", "sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_store_is_refused(target: str):
    with pytest.raises(StoreError, match="in-memory"):
        Store.open(target)


def test_an_unsupported_url_scheme_is_refused():
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        Store.open("mysql://reporter@127.0.0.1/news")


def test_a_postgresql_driver_that_is_not_installed_is_refused():
    with pytest.raises(StoreError, match="no driver"):
        Store.open("postgresql+nosuchdriver://reporter@127.0.0.1/news")


def test_an_unreachable_postgresql_server_is_refused_quickly():
    started = time.monotonic()
    with pytest.raises(StoreError, match="cannot open the store") as raised:
        Store.open("postgresql://nobody@127.0.0.1:1/x")
    assert time.monotonic() - started < 5
    assert "127.0.0.1" in str(raised.value)


@pytest.mark.postgres
def test_a_postgresql_database_that_does_not_exist_is_refused(pg_server: str):
    missing = pg_server.rsplit("/", 1)[0] + "/newsgraph_no_such_database"
    with pytest.raises(StoreError, match="newsgraph_no_such_database"):
        Store.open(missing)


def test_the_password_is_not_repeated_in_the_error():
    with pytest.raises(StoreError) as raised:
        Store.open("postgresql://nobody:hunter2@127.0.0.1:1/x")
    assert "hunter2" not in str(raised.value)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections and then never says a word, like a firewalled server."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_a_server_that_never_answers_times_out(silent_server: int, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(database, "CONNECT_TIMEOUT", 1)
    started = time.monotonic()
    with pytest.raises(StoreError, match="timeout"):
        Store.open(f"postgresql://nobody@127.0.0.1:{silent_server}/x")
    assert time.monotonic() - started < 5


def test_a_connect_timeout_in_the_url_wins(silent_server: int, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(database, "CONNECT_TIMEOUT", 60)
    started = time.monotonic()
    with pytest.raises(StoreError, match="timeout"):
        Store.open(f"postgresql://nobody@127.0.0.1:{silent_server}/x?connect_timeout=1")
    assert time.monotonic() - started < 5


def test_a_store_made_by_a_newer_version_is_refused(db_url: str):
    store = Store.open(db_url)
    with store.transaction() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(StoreError, match="9999"):
        Store.open(db_url)


def test_several_processes_opening_a_new_file_at_once_all_succeed(tmp_path):
    # switching a new file to WAL and migrating it must wait for the other openers, not fail
    for trial in range(10):
        path = str(tmp_path / f"race-{trial}.db")
        errors: list[Exception] = []

        def open_store(path: str = path, errors: list[Exception] = errors) -> None:
            try:
                Store.open(path).close()
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_store) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert database.current_revision(database.create_store_engine(path)) == database.head_revision()
