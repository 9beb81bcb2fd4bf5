"""Uploads that never complete (a laptop that disappeared mid-batch) are removed by the server
after its limit; the laptop that comes back starts that batch again and it lands once."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from desktop.ledger.storage import outbox
from sync.client import SyncError
from sync.server.accounts import now
from sync.server.database import open_database
from sync.server.tables import uploads
from sync.server.uploads import clean_abandoned
from tests.sync.conftest import (
    CAO_BANG,
    QUANG_UYEN,
    Desktop,
    ServerProcess,
    first_batch_middle,
    point_at,
)
from tests.sync.faultproxy import FaultProxy

LIMIT = timedelta(hours=48)


def _pieces(server: ServerProcess) -> tuple[int, int]:
    """(uploads, bytes) the server holds of unfinished uploads."""
    engine = open_database(server.database_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                select(func.count(func.distinct(uploads.c.id)), func.sum(uploads.c.length))
            ).one()
            return int(row[0]), int(row[1] or 0)
    finally:
        engine.dispose()


def _disappear_mid_batch(desktop: Desktop, server: ServerProcess) -> None:
    """The laptop's link drops inside its first batch and it does not come back."""

    def stored_some() -> None:
        # The link stalls mid-batch; once the server has stored a piece of it, the link dies.
        deadline = time.monotonic() + 30
        while _pieces(server)[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)  # the server works in another process: nothing to wait on
        proxy.release()

    with FaultProxy(
        server.port, hold_after_up=first_batch_middle(desktop), on_hold=stored_some
    ) as proxy:
        point_at(desktop, proxy.url)
        with pytest.raises(SyncError):
            desktop.sync(retries=0)
    point_at(desktop, server.url)
    count, size = _pieces(server)
    assert count == 1 and size > 0  # what arrived is kept, for a resume


def _commune(server: ServerProcess, desktops, households: int = 60) -> Desktop:  # type: ignore[no-untyped-def]
    server.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    return desktops("a", server, households=households)  # type: ignore[no-any-return]


def _lands_once(desktop: Desktop, server: ServerProcess, households: int = 60) -> None:
    report = desktop.sync()
    assert report.converged
    assert desktop.summary()["household"]["count"] == households
    with desktop.ledger.read() as session:
        assert outbox.pending_count(session) == 0
    assert _pieces(server) == (0, 0)


def test_an_abandoned_upload_is_removed_after_the_limit(server: ServerProcess, desktops) -> None:  # type: ignore[no-untyped-def]
    desktop = _commune(server, desktops)
    _disappear_mid_batch(desktop, server)
    engine = open_database(server.database_url)
    try:
        with engine.begin() as conn:  # a clock of our own: a day later, then two days later
            assert clean_abandoned(conn, LIMIT, at=now() + timedelta(hours=24)) == 0
        assert _pieces(server)[0] == 1
        with engine.begin() as conn:
            assert clean_abandoned(conn, LIMIT, at=now() + LIMIT + timedelta(minutes=1)) == 1
    finally:
        engine.dispose()
    assert _pieces(server) == (0, 0)
    # The laptop comes back: the server has nothing of that batch, so it is sent again whole.
    _lands_once(desktop, server)


def test_the_admin_command_removes_only_old_uploads(sqlite_server: ServerProcess, desktops) -> None:  # type: ignore[no-untyped-def]
    desktop = desktops("a", sqlite_server, households=60)
    _disappear_mid_batch(desktop, sqlite_server)

    def clean() -> str:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "sync.server.main",
                "--database-url",
                sqlite_server.database_url,
                "--data-dir",
                str(sqlite_server.data_dir),
                "clean-uploads",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    assert clean().startswith("Đã xoá 0 gói")
    assert _pieces(sqlite_server)[0] == 1
    engine = open_database(sqlite_server.database_url)
    try:  # three days pass
        with engine.begin() as conn:
            conn.execute(update(uploads).values(received_at=now() - timedelta(days=3)))
    finally:
        engine.dispose()
    assert clean() == "Đã xoá 1 gói gửi dở bị bỏ quá 48 giờ."
    _lands_once(desktop, sqlite_server)


def test_the_running_server_cleans_by_itself(tmp_path: Path, desktops) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "server-data"
    data_dir.mkdir()
    # A short setting: under four seconds.
    server = ServerProcess(
        f"sqlite:///{tmp_path / 'server.sqlite'}",
        data_dir,
        serve_options=["--abandoned-upload-hours", "0.001"],
    )
    server.start()
    try:
        desktop = _commune(server, desktops)
        _disappear_mid_batch(desktop, server)
        deadline = time.monotonic() + 30
        while _pieces(server)[0] and time.monotonic() < deadline:
            time.sleep(0.1)  # the server's own timer, in another process: nothing to wait on
        assert _pieces(server) == (0, 0)
        assert "abandoned uploads" in server.log.read_text()
        _lands_once(desktop, server)
    finally:
        server.stop()


def test_a_bad_limit_is_refused_in_vietnamese(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sync.server.main",
            "--data-dir",
            str(tmp_path),
            "clean-uploads",
            "--older-than-hours",
            "0",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "phải lớn hơn 0 giờ" in done.stderr
