"""Daily backups: compressed, thinned, private; a failed copy leaves nothing behind and a full
disk never stops the officer from opening the ledger."""

import gzip
import os
import sqlite3
import stat
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from desktop.ledger.errors import DiskFull, FileProblem, InputError, NoWriteAccess
from desktop.ledger.paths import DataFolder
from desktop.ledger.records import Village
from desktop.ledger.storage import open_data_folder, open_ledger, save
from desktop.ledger.storage.backup import (
    backup_file,
    copy_database,
    daily_backup,
    prune,
    to_keep,
    working_copy,
)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_opening_the_data_folder_makes_todays_backup_compressed_and_private(folder):
    open_data_folder(folder).close()
    [made] = folder.backups.glob("hang-ngay-*")
    assert made.name == f"hang-ngay-{date.today().isoformat()}.sqlite.gz"
    assert mode(made) == 0o600 and mode(folder.backups) == 0o700
    with gzip.open(made) as packed:
        assert packed.read(16) == b"SQLite format 3\x00"
    plain = working_copy(made, folder.backups).path
    with sqlite3.connect(plain) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert made.stat().st_size < plain.stat().st_size / 3
    plain.unlink()


def test_daily_backups_are_made_once_a_day(ledger, folder):
    assert daily_backup(folder.database, folder.backups, today=date(2026, 11, 2)) is not None
    assert daily_backup(folder.database, folder.backups, today=date(2026, 11, 2)) is None


def test_thinning_keeps_7_days_4_weeks_6_months():
    days = [datetime(2026, 11, 23) - timedelta(days=n) for n in range(400)]
    kept = sorted(to_keep(days), reverse=True)
    assert kept[:7] == days[:7]  # the last seven days
    # 23/11/2026 is a Monday; Sundays end ISO weeks: the newest of each of the 4 latest weeks
    weeks = {datetime(2026, 11, d) for d in (23, 22, 15, 8)}
    assert weeks <= set(kept) and datetime(2026, 11, 1) not in kept
    months = {(k.year, k.month) for k in kept}
    assert months == {(2026, m) for m in range(6, 12)}
    assert len(kept) == len(set(kept)) and len(kept) <= 7 + 4 + 6


def test_old_daily_backups_are_thinned_also_the_uncompressed_ones(ledger, folder):
    folder.backups.mkdir(parents=True, exist_ok=True)
    start = date(2026, 1, 1)
    for n in range(200):  # made by an earlier version: plain .sqlite
        (folder.backups / f"hang-ngay-{(start + timedelta(days=n)).isoformat()}.sqlite").touch()
    daily_backup(folder.database, folder.backups, today=start + timedelta(days=200))
    kept = sorted(folder.backups.glob("hang-ngay-*"))
    assert 7 <= len(kept) <= 17
    assert kept[-1].name == f"hang-ngay-{(start + timedelta(days=200)).isoformat()}.sqlite.gz"


def test_safety_copies_made_in_the_same_second_never_overwrite_each_other(ledger, folder):
    first = backup_file(folder.database, folder.backups, "truoc-phuc-hoi-20261123-101500")
    second = backup_file(folder.database, folder.backups, "truoc-phuc-hoi-20261123-101500")
    assert first != second and first.exists() and second.exists()


def test_safety_copies_are_pruned_like_backups(ledger, folder):
    folder.backups.mkdir(exist_ok=True)
    for n in range(40):
        at = datetime(2026, 1, 1, 9) + timedelta(days=3 * n)
        (folder.backups / f"truoc-phuc-hoi-{at:%Y%m%d-%H%M%S}.sqlite.gz").touch()
    cut_short = folder.backups / ".hang-ngay-2026-01-02.sqlite.gz.sqlite.tmp"
    cut_short.write_bytes(b"x")
    os.utime(cut_short, (0, 0))
    in_progress = folder.backups / ".hang-ngay-2026-01-03.sqlite.gz.sqlite.tmp"
    in_progress.write_bytes(b"x")
    prune(folder.backups)
    assert not cut_short.exists() and in_progress.exists()
    left = sorted(folder.backups.glob("truoc-phuc-hoi-*"))
    assert 5 <= len(left) <= 5 + 7 + 4 + 6
    assert left[-1].name == "truoc-phuc-hoi-20260428-090000.sqlite.gz"


def test_a_copy_onto_a_folder_fails_in_vietnamese_and_leaves_nothing(ledger, folder, tmp_path):
    target = tmp_path / "usb"
    target.mkdir()
    with pytest.raises(FileProblem, match="là một thư mục"):
        copy_database(folder.database, target)
    assert leftovers(tmp_path) == []


def test_a_copy_onto_the_ledger_itself_is_refused(ledger, folder):
    with pytest.raises(InputError, match="chính là sổ dữ liệu"):
        copy_database(folder.database, folder.database)
    with ledger.session() as s:  # still the ledger it was
        assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def big_ledger(folder: DataFolder, villages: int = 3000):
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        for n in range(villages):
            save(s, Village(commune_code=1576, name=f"Thôn {n} " + "x" * 80), officer="t")
    return ledger


def test_a_copy_that_fills_the_disk_removes_its_temporary_file(folder, tmp_path, mounts):
    big_ledger(folder).close()
    usb = mounts.small_disk(tmp_path / "usb", "1m")
    with pytest.raises(DiskFull, match="đã đầy") as failed:
        copy_database(folder.database, usb / "sao-luu.sqlite")
    assert "bị hỏng" not in str(failed.value)
    assert list(usb.iterdir()) == []


def test_a_full_disk_never_stops_the_officer_from_opening_the_ledger(folder, mounts):
    big_ledger(folder).close()
    mounts.small_disk(folder.backups, "256k")
    ledger = open_data_folder(folder)  # the daily backup fails
    with ledger.session() as s:
        assert len(s.exec(select(Village)).all()) == 3000
    ledger.close()
    assert len(ledger.notices) == 1 and "đã đầy" in ledger.notices[0]
    assert "backups" in ledger.notices[0] and "xoá bớt" in ledger.notices[0]
    assert leftovers(folder.backups) == [] and not list(folder.backups.glob("hang-ngay-*"))


def test_a_backup_that_sqlite_itself_cannot_write_is_a_notice_not_a_lockout(
    folder, mounts, monkeypatch
):
    """The failure the officer met: sqlite3.OperationalError (not OSError) from the copy."""
    from desktop.ledger.storage import backup

    big_ledger(folder).close()
    mounts.small_disk(folder.backups, "8m")
    mounts.fill(folder.backups, leave=900_000)  # less room than the ledger needs
    monkeypatch.setattr(backup, "free_space_for_copy", lambda *_: None)  # start it anyway
    ledger = open_data_folder(folder)
    ledger.close()
    assert "đã đầy" in ledger.notices[0]
    assert leftovers(folder.backups) == [] and not list(folder.backups.glob("hang-ngay-*"))


def test_a_read_only_data_folder_is_said_to_be_read_only_not_damaged(folder, mounts):
    big_ledger(folder, 10).close()
    mounts.read_only(folder.root)
    with pytest.raises(NoWriteAccess) as refused:
        open_data_folder(folder)
    assert "bị hỏng" not in str(refused.value) and "chỉ cho phép đọc" in str(refused.value)


def test_an_existing_data_folder_is_made_private_on_open(folder):
    ledger = big_ledger(folder, 1)
    ledger.close()
    folder.backups.mkdir()
    old = folder.backups / "hang-ngay-2026-01-01.sqlite"
    old.write_bytes(b"")
    photo = folder.attachments / "ab" / "ab12"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"anh")
    for path in (folder.attachments, photo.parent, photo):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    for path, loose in ((folder.root, 0o755), (folder.backups, 0o755), (old, 0o644)):
        os.chmod(path, loose)
    os.chmod(folder.database, 0o644)
    open_data_folder(folder).close()
    assert mode(folder.root) == 0o700 and mode(folder.backups) == 0o700
    assert mode(folder.database) == 0o600 and mode(old) == 0o600
    assert mode(photo.parent) == 0o700 and mode(photo) == 0o600
    for made in folder.backups.iterdir():
        assert mode(made) == 0o600


def test_a_read_only_ledger_file_opens_for_reading_and_a_write_says_read_only(folder, mounts):
    from desktop.ledger.errors import explain

    big_ledger(folder, 10).close()
    mounts.read_only(folder.database)
    ledger = open_data_folder(folder)
    with ledger.session() as s:
        assert len(s.exec(select(Village)).all()) == 10
    with pytest.raises(Exception) as refused, ledger.session() as s:
        save(s, Village(commune_code=1576, name="Bản Mới"), officer="t")
    ledger.close()
    known = explain(refused.value, folder.database)
    assert isinstance(known, NoWriteAccess) and "bị hỏng" not in str(known)


def test_a_backup_made_while_the_app_writes_is_one_consistent_moment(ledger, folder, tmp_path):
    """The app writes while the daily backup runs in the background: every copy is intact and
    holds whole transactions (each village with its log entry), and no write was refused."""
    import gzip
    import sqlite3
    import threading

    from desktop.ledger.records import Village
    from desktop.ledger.storage import save
    from desktop.ledger.storage.backup import copy_database

    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def officer_at_work() -> None:
        n = 0
        try:
            while not stop.is_set():
                with ledger.session() as s:  # two records in one transaction
                    for _ in range(2):
                        n += 1
                        save(s, Village(commune_code=1576, name=f"Thôn {n}"), officer="lan")
                written.append(n)
        except BaseException as exc:
            failures.append(exc)

    writer = threading.Thread(target=officer_at_work)
    writer.start()
    try:
        copies = []
        for i in range(6):
            dest = tmp_path / f"sao-luu-{i}.sqlite{'.gz' if i % 2 else ''}"
            copies.append(copy_database(folder.database, dest))
    finally:
        stop.set()
        writer.join()
    assert not failures and len(written) > 1
    seen = []
    for copy in copies:
        raw = copy
        if copy.suffix == ".gz":
            raw = copy.with_suffix(".plain")
            raw.write_bytes(gzip.decompress(copy.read_bytes()))
        with sqlite3.connect(raw) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            villages = conn.execute("SELECT count(*) FROM village").fetchone()[0]
            logged = conn.execute(
                "SELECT count(*) FROM change_log WHERE entity = 'village'"
            ).fetchone()[0]
        assert villages == logged and villages % 2 == 0
        seen.append(villages)
    assert seen == sorted(seen) and seen[-1] > 0
