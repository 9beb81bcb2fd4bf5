"""Restore that cannot hurt: checked before anything is replaced, the officer told what is lost,
the writer lock held from the safety copy to the replacement, and other programs told."""

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlmodel import select

from desktop.ledger.commune import set_up_commune
from desktop.ledger.errors import InputError, LedgerError, LedgerReplaced
from desktop.ledger.paths import DataFolder
from desktop.ledger.records import ChangeEntry, Village
from desktop.ledger.storage import open_ledger, save
from desktop.ledger.storage.backup import copy_database
from desktop.ledger.storage.restore import plan_restore, restore


def names(ledger_or_path):
    if isinstance(ledger_or_path, Path):
        with sqlite3.connect(ledger_or_path) as conn:
            return sorted(r[0] for r in conn.execute("SELECT name FROM village"))
    with ledger_or_path.session() as s:
        return sorted(v.name for v in s.exec(select(Village)).all())


def add(ledger, *villages):
    with ledger.session() as s:
        return [save(s, Village(commune_code=1576, name=n), officer="lan") for n in villages]


@pytest.fixture
def backup(ledger, folder, tmp_path):
    """A backup with one village, then two more villages and one renamed after it."""
    [kept] = add(ledger, "Xóm Nà Lẹng")
    path = copy_database(folder.database, tmp_path / "sao-luu.sqlite.gz")
    add(ledger, "Bản Khuổi Ky", "Thôn Pác Bó")
    with ledger.session() as s:
        village = s.get(Village, kept.id)
        village.note = "đổi tên sau sao lưu"
        save(s, village, officer="lan")
    return path


def test_an_older_backup_says_what_will_be_lost_then_restores_and_keeps_a_safety_copy(
    ledger, folder, backup
):
    with plan_restore(backup, folder) as plan:
        assert plan.loss.records == {"village": 3}
        assert "3 thôn/xóm" in plan.loss.describe()
        assert plan.commune == "Xã Quảng Uyên, Cao Bằng"
        done = restore(plan, officer="lan")
    assert done.safety_copy is not None and done.safety_copy.name.endswith(".sqlite.gz")
    fresh = open_ledger(folder.database)
    assert names(fresh) == ["Xóm Nà Lẹng"]
    with fresh.session() as s:  # the restore is in the change log
        [entry] = s.exec(select(ChangeEntry).where(ChangeEntry.entity == "ledger_restore")).all()
    assert entry.after["backup"] == "sao-luu.sqlite.gz"
    assert entry.after["safety_copy"] == done.safety_copy.name.removesuffix(".gz")
    assert entry.after["records_lost"] == {"village": 3}
    fresh.close()
    with plan_restore(done.safety_copy, folder) as undo:  # the safety copy restores the rest
        restore(undo, officer="lan")
    assert names(open_ledger(folder.database)) == ["Bản Khuổi Ky", "Thôn Pác Bó", "Xóm Nà Lẹng"]


def test_another_communes_backup_is_refused_and_nothing_changes(ledger, folder, tmp_path):
    add(ledger, "Xóm Nà Lẹng")
    other = DataFolder(tmp_path / "xa-khac")
    theirs = open_ledger(other.database)
    with theirs.session() as s:
        set_up_commune(s, 4, 1273)  # Phường Thục Phán, also in Cao Bằng
    theirs.close()
    refused = pytest.raises(InputError, match="không phải của Xã Quảng Uyên")
    with refused, plan_restore(other.database, folder):
        pass
    assert names(ledger) == ["Xóm Nà Lẹng"] and not list(folder.backups.glob("truoc-*"))


def test_a_backup_from_a_newer_version_is_refused_before_anything_is_replaced(
    ledger, folder, tmp_path
):
    newer = copy_database(folder.database, tmp_path / "moi.sqlite")
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_tuong_lai'")
    add(ledger, "Xóm Nà Lẹng")
    with pytest.raises(InputError, match="phiên bản mới hơn"), plan_restore(newer, folder):
        pass
    assert names(ledger) == ["Xóm Nà Lẹng"]


def test_a_damaged_backup_is_refused_by_the_integrity_check(ledger, folder, tmp_path):
    add(ledger, *(f"Thôn {n}" for n in range(300)))
    broken = copy_database(folder.database, tmp_path / "hong.sqlite")
    with sqlite3.connect(broken) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='village'").fetchone()
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(broken.read_bytes())
    data[(root[0] - 1) * page + 8 : (root[0] - 1) * page + 60] = b"\xff" * 52
    broken.write_bytes(bytes(data))
    refused = pytest.raises(LedgerError, match=r"hỏng|không phải bản sao lưu")
    with refused, plan_restore(broken, folder):
        pass
    assert len(names(ledger)) == 300
    assert not [p for p in folder.backups.iterdir() if p.name.startswith(".")]


def test_files_that_are_not_backups_are_refused(folder, tmp_path):
    junk = tmp_path / "anh.sqlite"
    junk.write_bytes(b"\x89PNG" + b"0" * 100)
    empty = tmp_path / "rong.sqlite"
    sqlite3.connect(empty).execute("CREATE TABLE t(x)")
    for path, message in (
        (junk, "không phải bản sao lưu"),
        (empty, "không phải bản sao lưu"),
        (tmp_path / "khong-co.sqlite", "Không tìm thấy"),
    ):
        with pytest.raises(InputError, match=message), plan_restore(path, folder):
            pass


def test_a_program_with_the_ledger_open_is_told_of_a_restore(ledger, folder, backup):
    with plan_restore(backup, folder) as plan:
        restore(plan, officer="lan")
    with pytest.raises(LedgerReplaced, match="vừa được phục hồi"):
        add(ledger, "Bản Mới")  # planned on what it saw before: refused
    ledger.adopt_restore()
    add(ledger, "Bản Mới")
    assert names(ledger) == ["Bản Mới", "Xóm Nà Lẹng"]


def test_a_change_made_after_the_officer_saw_the_loss_stops_the_restore(ledger, folder, backup):
    with plan_restore(backup, folder) as plan:
        add(ledger, "Bản Vừa Thêm")
        with pytest.raises(LedgerError, match="vừa có thay đổi mới"):
            restore(plan, officer="lan")
    assert "Bản Vừa Thêm" in names(ledger)
    assert not list(folder.backups.glob("truoc-phuc-hoi-*"))


WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
conn.executemany(
    "INSERT INTO village (id, commune_code, revision, modified_at, deleted, name, kind)"
    " VALUES (?, 1576, 1, '2026-11-23 10:00:00', 0, ?, 'thon')",
    [(f"ghi{n:029d}", f"Nhập {n}") for n in range(1000)],
)
print("holding", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("committed", flush=True)
"""


def test_work_committed_during_a_restore_is_in_the_safety_copy_never_lost(ledger, folder, backup):
    """A writer holds the lock when the restore begins: the restore waits for it, and its safety
    copy (taken with the lock held) has every row the writer committed."""
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder.database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout.readline().strip() == "holding"
        with plan_restore(backup, folder) as plan:
            plan.live_mark = None  # the loss was confirmed before the writer began
            outcome = {}
            thread = threading.Thread(
                target=lambda: outcome.update(done=restore(plan, officer="t"))
            )
            thread.start()
            time.sleep(0.5)  # the restore is waiting for the writer's lock, not past it
            assert thread.is_alive()
            writer.stdin.write("\n")
            writer.stdin.flush()
            assert writer.stdout.readline().strip() == "committed"
            thread.join(60)
    safety = outcome["done"].safety_copy
    from desktop.ledger.storage.backup import working_copy

    plain = working_copy(safety, folder.backups).path
    assert sum(n.startswith("Nhập ") for n in names(plain)) == 1000
    assert names(folder.database) == ["Xóm Nà Lẹng"]


def test_a_restore_waits_for_no_one_forever(ledger, folder, backup, monkeypatch):
    from desktop.ledger.storage import restore as restore_module

    monkeypatch.setattr(restore_module, "WAIT_FOR_WRITER_S", 1.0)
    holder = sqlite3.connect(folder.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with plan_restore(backup, folder) as plan, pytest.raises(LedgerError, match="đang bận"):
            restore(plan, officer="t")
    finally:
        holder.execute("ROLLBACK")
    assert len(names(ledger)) == 3


def test_a_bulk_write_after_a_restore_is_refused_on_every_path(ledger, folder, backup):
    from sqlmodel import Session

    from desktop.ledger.storage.bulk import insert_rows, new_row

    with plan_restore(backup, folder) as plan:
        restore(plan, officer="lan")
    rows = [(Village, new_row(Village, commune_code=1576, name="Bản Nhập Sau"))]
    # Through the unit of work, through any session on the writer engine, and through a
    # reading session (which must never write at all): none lands on the restored data.
    with pytest.raises(LedgerReplaced), ledger.session() as s:
        insert_rows(s, rows, officer="lan")
    with pytest.raises(LedgerReplaced), Session(ledger.writer) as s:
        insert_rows(s, rows, officer="lan")
        s.commit()
    with pytest.raises(LedgerReplaced), ledger.read() as s:
        insert_rows(s, rows, officer="lan")
        s.commit()
    assert names(folder.database) == ["Xóm Nà Lẹng"]
    ledger.adopt_restore()  # even then, a reading session never writes
    with pytest.raises(RuntimeError, match=r"Ledger\.session"), ledger.read() as s:
        insert_rows(s, rows, officer="lan")
        s.commit()
    assert names(folder.database) == ["Xóm Nà Lẹng"]
