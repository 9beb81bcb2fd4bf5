"""Opening, migrating, backing up and restoring the ledger file."""

import sqlite3
from datetime import date

import pytest
from alembic.script import ScriptDirectory
from sqlmodel import select

from desktop.ledger.records import Village
from desktop.ledger.storage import LedgerError, open_data_folder, open_ledger, save
from desktop.ledger.storage.backup import (
    check_backup,
    copy_database,
    daily_backup,
    restore_database,
)
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


def test_backup_while_open_then_restore_brings_the_data_back(ledger, folder, tmp_path):
    with ledger.session() as s:
        save(s, Village(commune_code=1576, name="Xóm Nà Lẹng"), officer="lan")
    copy = copy_database(folder.database, tmp_path / "sao-luu.sqlite")  # ledger still open
    assert check_backup(copy) is None
    with ledger.session() as s:
        save(s, Village(commune_code=1576, name="Bản Khuổi Ky"), officer="lan")
    restore_database(copy, folder.database)
    with ledger.session() as s:
        assert [v.name for v in s.exec(select(Village)).all()] == ["Xóm Nà Lẹng"]


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "anh.sqlite"
    junk.write_bytes(b"\x89PNG" + b"0" * 100)
    assert "không phải bản sao lưu" in check_backup(junk)
    empty = tmp_path / "rong.sqlite"
    sqlite3.connect(empty).close()
    assert "không phải bản sao lưu" in check_backup(empty)
    assert "Không tìm thấy" in check_backup(tmp_path / "khong-co.sqlite")


def test_daily_backups_are_made_once_a_day_and_rotated(ledger, folder):
    for day in range(1, 20):
        daily_backup(folder.database, folder.backups, keep=14, today=date(2026, 11, day))
    assert daily_backup(folder.database, folder.backups, keep=14, today=date(2026, 11, 19)) is None
    kept = sorted(p.name for p in folder.backups.glob("hang-ngay-*.sqlite"))
    assert len(kept) == 14 and kept[0] == "hang-ngay-2026-11-06.sqlite"


def test_opening_the_data_folder_makes_todays_backup(folder):
    open_data_folder(folder).close()
    assert len(list(folder.backups.glob("hang-ngay-*.sqlite"))) == 1


def test_the_migrations_build_exactly_the_schema_the_records_declare(folder):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    ledger = open_ledger(folder.database)
    with ledger.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    ledger.close()
    assert (
        differences == []
    )  # a record changed without a migration: `alembic revision --autogenerate`


def test_the_data_folder_is_private_to_the_officers_account(tmp_path):
    open_ledger(tmp_path / "moi" / "ledger.sqlite").close()
    assert (tmp_path / "moi").stat().st_mode & 0o077 == 0
