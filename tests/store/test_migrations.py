"""The Alembic migrations and `schema.py` describe the same tables, on both backends, and can be undone.

The full-text index is not in `schema.py` (it is dialect-specific), so the comparison leaves out the
FTS5 table and its shadow tables on SQLite and the generated `tsv` column and its index on PostgreSQL.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, MetaData, Text, inspect, text

from newsgraph.store import Store, database
from newsgraph.store.schema import metadata

TABLES = {"documents", "document_sources", "sentences", "signatures", "lsh_buckets", "failures", "ingest_runs"}


def _not_full_text(obj, name, type_, _reflected, _compare_to) -> bool:
    if type_ == "table" and name and name.startswith("sentences_fts"):
        return False
    if type_ == "column" and name == "tsv" and obj.table.name == "sentences":
        return False
    return not (type_ == "index" and name == "ix_sentences_tsv")


def differences(engine: Engine, target: MetaData = metadata) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": _not_full_text, "compare_type": True})
        return compare_metadata(context, target)


def test_migrated_schema_matches_schema_py(store: Store):
    assert differences(store.engine) == []


def test_the_comparison_notices_a_column_missing_from_the_database(store: Store):
    changed = MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["documents"].append_column(Column("summary", Text))
    found = differences(store.engine, changed)
    assert [(d[0], d[2], d[3].name) for d in found] == [("add_column", "documents", "summary")]


def test_the_full_text_index_exists_on_each_backend(store: Store):
    inspector = inspect(store.engine)
    if store.dialect == "sqlite":
        assert "sentences_fts" in inspector.get_table_names()
    else:
        assert "tsv" in {c["name"] for c in inspector.get_columns("sentences")}
        assert "ix_sentences_tsv" in {i["name"] for i in inspector.get_indexes("sentences")}


def test_downgrade_to_base_drops_every_table(store: Store):
    database.downgrade(store.engine, "base")
    assert database.current_revision(store.engine) is None
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}


def test_upgrade_after_downgrade_gives_the_same_schema(store: Store):
    database.downgrade(store.engine, "base")
    database.migrate(store.engine)
    assert database.current_revision(store.engine) == database.head_revision()
    assert set(inspect(store.engine).get_table_names()) >= TABLES
    assert differences(store.engine) == []


def test_full_text_search_works_after_downgrade_and_upgrade(store: Store):
    database.downgrade(store.engine, "base")
    database.migrate(store.engine)
    with store.transaction() as conn:
        conn.execute(text(
            "INSERT INTO documents (content_hash, source, source_kind, date_source, status, word_count, text, "
            "ingested_at) VALUES ('h1', 'a.txt', 'text', 'ingest', 'extracted', 4, 'The ferry sailed late.', "
            "CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO sentences (document_id, idx, start_char, end_char, text) "
                          "SELECT id, 0, 0, 22, 'The ferry sailed late.' FROM documents"))
    assert [hit.sentence.text for hit in store.search("ferry")] == ["The ferry sailed late."]
