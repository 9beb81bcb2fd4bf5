"""`sotn sync` retries a cut connection itself; when it gives up it exits 1 with one
Vietnamese line, and the next run resumes where the last one stopped."""

from __future__ import annotations

import time

import pytest

from desktop.cli import main as sotn
from desktop.ledger.storage import outbox
from tests.sync.conftest import ServerProcess, first_batch_middle, point_at, server_summary
from tests.sync.faultproxy import Cut, FaultProxy
from tests.sync.test_abandoned_uploads import _pieces


def test_sync_gives_up_in_one_line_and_the_next_run_resumes(
    sqlite_server: ServerProcess,
    desktops,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    a = desktops("a", sqlite_server, households=60)
    command = ["--data-dir", str(a.folder.root), "sync", "--retries", "1"]
    capsys.readouterr()

    # The link stalls inside the first batch and drops once the server has stored part of
    # it; after that every new connection drops at once.
    def stored_some() -> None:
        deadline = time.monotonic() + 30
        while _pieces(sqlite_server)[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)  # the server works in another process: nothing to wait on
        proxy.release()

    with FaultProxy(
        sqlite_server.port,
        hold_after_up=first_batch_middle(a),
        on_hold=stored_some,
        plan=[Cut("up", 10**9)] + [Cut("up", 0)] * 40,
    ) as proxy:
        point_at(a, proxy.url)
        assert sotn(command) == 1
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 1, out.err
    assert "lần sau" in lines[0] or "lần đồng bộ sau" in lines[0]
    assert "Traceback" not in out.err
    point_at(a, sqlite_server.url)
    assert sotn(command) == 0
    printed = capsys.readouterr().out
    assert "Dữ liệu hai bên khớp nhau." in printed
    with a.ledger.read() as session:
        assert outbox.pending_count(session) == 0
    assert a.summary() == server_summary(sqlite_server)
    log = sqlite_server.log.read_text()
    resumed = [
        line
        for line in log.splitlines()
        if "PUT /sync/uploads/" in line and "offset=0&" not in line
    ]
    assert resumed, "the second run went on from where the first stopped"
