"""The daily backup runs in the background once the ledger is open: the officer signs in and
works while it is made, and closing the window stops it without leaving anything behind."""

from __future__ import annotations

import gzip
import sqlite3
import threading

import pytest

from desktop.app import run
from desktop.ledger.storage import backup as backup_module

from .conftest import fill, sign_in


@pytest.fixture
def held(monkeypatch):
    """The compression (most of a backup's 17 s on 50,000 households) waits for `release`,
    or stops when its window is closed (as the real one does between chunks): a backup left
    running by an earlier test's window must not be held, or that window's thread pool would
    keep the UI thread waiting when it is deleted."""
    release = threading.Event()
    real = backup_module.compress_file

    def slow(raw, dest, cancelled=None):
        while not release.wait(0.05):
            if cancelled is not None and cancelled():
                raise backup_module.BackupCancelled
        return real(raw, dest, cancelled)

    monkeypatch.setattr(backup_module, "compress_file", slow)
    yield release
    release.set()


def test_the_officer_works_while_the_daily_backup_is_made(qtbot, folder, held):
    fill(folder)
    _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=15_000):  # while the backup is held
        sign_in(qtbot, window)
    assert not list(folder.backups.glob("hang-ngay-*"))
    assert window.screens["households"].count_label.text() == "2 hộ"
    with qtbot.waitSignal(window.backed_up, timeout=30_000):
        held.set()
    [daily] = folder.backups.glob("hang-ngay-*.sqlite.gz")
    raw = folder.backups / "check.sqlite"
    raw.write_bytes(gzip.decompress(daily.read_bytes()))
    with sqlite3.connect(raw) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM household").fetchone() == (2,)


def test_closing_the_window_stops_the_daily_backup_and_leaves_nothing(qtbot, folder, held):
    fill(folder)
    _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=15_000):
        sign_in(qtbot, window)
    operations = window.operations
    window.close()  # never waits for the backup
    held.set()
    assert operations.wait(30_000)
    assert [p.name for p in folder.backups.iterdir()] == []
