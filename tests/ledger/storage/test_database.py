"""Opening, migrating, backing up and restoring the ledger file."""

import sqlite3

import pytest
from alembic.script import ScriptDirectory

from desktop.ledger.records import Village
from desktop.ledger.storage import LedgerError, open_ledger, save
from desktop.ledger.storage.backup import copy_database
from desktop.ledger.storage.database import _alembic_config, schema_revision


def test_a_new_ledger_is_migrated_to_the_newest_schema_with_wal_and_foreign_keys(folder):
    ledger = open_ledger(folder.database)
    with ledger.engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        fks = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    assert (mode, fks) == ("wal", 1)
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert schema_revision(ledger) == head
    ledger.close()


def test_a_ledger_from_a_newer_version_is_refused_untouched(folder):
    open_ledger(folder.database).close()
    with sqlite3.connect(folder.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(LedgerError, match="phiên bản mới hơn"):
        open_ledger(folder.database)
    with sqlite3.connect(folder.database) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)


def test_a_corrupt_file_gets_a_plain_message(folder):
    folder.root.mkdir(parents=True)
    folder.database.write_bytes(b"khong phai sqlite " * 200)
    with pytest.raises(LedgerError, match="bị hỏng"):
        open_ledger(folder.database)


def test_a_backup_taken_while_the_ledger_is_open_holds_what_was_committed(ledger, folder, tmp_path):
    with ledger.session() as s:
        save(s, Village(commune_code=1576, name="Xóm Nà Lẹng"), officer="lan")
    copy = copy_database(folder.database, tmp_path / "sao-luu.sqlite")  # ledger still open
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT name FROM village").fetchall() == [("Xóm Nà Lẹng",)]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_the_migrations_build_exactly_the_schema_the_records_declare(folder):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    from desktop.ledger.household_list import SEARCH_TABLES

    def ours(name, type_, _parent):  # the search index lives beside the records, by triggers
        return not (type_ == "table" and name.startswith(SEARCH_TABLES))

    ledger = open_ledger(folder.database)
    with ledger.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": ours})
        differences = compare_metadata(context, SQLModel.metadata)
    ledger.close()
    assert (
        differences == []
    )  # a record changed without a migration: `alembic revision --autogenerate`


def test_the_data_folder_is_private_to_the_officers_account(tmp_path):
    open_ledger(tmp_path / "moi" / "ledger.sqlite").close()
    assert (tmp_path / "moi").stat().st_mode & 0o077 == 0


def _cache_kib(session) -> int:
    return -int(session.connection().exec_driver_sql("PRAGMA cache_size").scalar())


def test_readers_keep_a_small_page_cache_and_only_a_bulk_insert_gets_the_large_one(ledger):
    # Every pooled connection keeps its cache: 64 MB each was most of the app's memory.
    from desktop.ledger.records import Village
    from desktop.ledger.storage.bulk import insert_rows, new_row
    from desktop.ledger.storage.database import BULK_CACHE_KIB, CACHE_KIB

    with ledger.read() as session:
        assert _cache_kib(session) == CACHE_KIB <= 8_192
    village = new_row(Village, commune_code=1576, name="Nà Mè")
    with ledger.session() as session:
        insert_rows(session, [(Village, village)], officer="mai")
        assert _cache_kib(session) == BULK_CACHE_KIB
    # The same connection, back from the pool, has the small cache again.
    with ledger.read() as session:
        assert _cache_kib(session) == CACHE_KIB
        assert session.get(Village, village["id"]).name == "Nà Mè"
