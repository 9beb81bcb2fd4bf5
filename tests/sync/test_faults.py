"""Faults on the link and on both ends: cuts at exact bytes and at random points, a client
killed mid-batch, a server restarted mid-sync, a replayed batch. After each, every record is
on both sides exactly once and the checksums agree."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
import requests

from desktop.ledger.storage import outbox
from sync import local
from sync.protocol import MAX_BATCH_BYTES, UploadState
from tests.sync.conftest import Desktop, ServerProcess, point_at, server_summary
from tests.sync.faultproxy import Cut, FaultProxy

RESEND_LIMIT = 64 * 1024


def _twin(desktops, tmp_path, households: int) -> tuple[Desktop, Desktop]:  # type: ignore[no-untyped-def]
    """Two copies of one laptop's ledger (same records), not yet enrolled."""
    a = desktops("a", households=households)
    a.ledger.close()
    shutil.copytree(a.folder.root, tmp_path / "a-copy")
    from desktop.ledger.storage import open_ledger

    a.ledger = open_ledger(a.folder.database)
    b = desktops("a-copy")
    return a, b


def _enrol(desktop: Desktop, server: ServerProcess) -> None:
    from desktop.cli import main as sotn

    assert (
        sotn(
            [
                "--data-dir",
                str(desktop.folder.root),
                "enrol",
                "--server",
                server.url,
                "--username",
                "xa-quang-uyen",
                "--password",
                "mat-khau-123",
            ]
        )
        == 0
    )


@pytest.mark.slow
def test_200_random_cuts_resend_little_and_end_as_a_clean_run(
    sqlite_server: ServerProcess,
    desktops,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    clean_server = ServerProcess(
        sqlite_server.database_url.replace("server.sqlite", "clean.sqlite"), tmp_path / "clean"
    )
    clean_server.data_dir.mkdir()
    clean_server.start()
    try:
        clean_server.create_user("xa-quang-uyen", "commune", 4, 1576)
        cut, clean = _twin(desktops, tmp_path, households=150)
        _enrol(cut, sqlite_server)
        _enrol(clean, clean_server)
        # Second laptops of the commune, set up but not yet synced: they pull everything.
        cut_2, clean_2 = desktops("b", households=0), desktops("b-copy", households=0)
        for d, s in ((cut_2, sqlite_server), (clean_2, clean_server)):
            _set_up(d)
            _enrol(d, s)
        with FaultProxy(clean_server.port) as plain:
            point_at(clean, plain.url)
            point_at(clean_2, plain.url)
            assert clean.sync().converged and clean_2.sync().converged
        with FaultProxy(sqlite_server.port, seed=11, probability=0.9, random_cuts=100) as up:
            point_at(cut, up.url)
            _sync_through_cuts(cut, up)
        with FaultProxy(sqlite_server.port, seed=12, probability=0.9, random_cuts=100) as down:
            point_at(cut_2, down.url)
            _sync_through_cuts(cut_2, down)
        cuts = up.cuts + down.cuts
        assert cuts == 200
        assert cut.summary() == cut_2.summary() == server_summary(sqlite_server)
        assert server_summary(sqlite_server) == server_summary(clean_server)
        assert cut.summary()["household"]["count"] == 150
        clean_bytes = plain.bytes_up + plain.bytes_down
        extra = up.bytes_up + up.bytes_down + down.bytes_up + down.bytes_down - clean_bytes
        assert extra / cuts <= RESEND_LIMIT, (extra, cuts)
        with cut.ledger.read() as session:
            assert outbox.pending_count(session) == 0
    finally:
        clean_server.stop()


def _set_up(desktop: Desktop) -> None:
    from desktop.ledger.commune import set_up_commune

    with desktop.ledger.session() as session:
        set_up_commune(session, 4, 1576)


def _sync_through_cuts(desktop: Desktop, proxy: FaultProxy) -> None:
    """`sotn sync` gives up after its retries and the next run resumes: run until one sync
    succeeds after all the proxy's cuts are spent."""
    for _ in range(400):
        try:
            if (
                desktop.sync(retries=10, backoff=0.002).converged
                and proxy.cuts >= proxy.random_cuts
            ):
                return
        except Exception as exc:
            assert "lần" in str(exc), exc
    raise AssertionError("never finished")


def test_cuts_at_exact_bytes_in_both_directions(sqlite_server, desktops) -> None:  # type: ignore[no-untyped-def]
    # Enough for an upload past the last cut (batches go packed by column, ~330 B a household).
    a = desktops("a", sqlite_server, households=200)
    plan = [
        Cut("up", 0),
        Cut("up", 1),
        Cut("up", 300),
        Cut("up", 9000),
        Cut("down", 0),
        Cut("down", 17),
        Cut("down", 200),
        Cut("up", 20000),
        Cut("down", 150),
    ]
    planned = len(plan)
    with FaultProxy(sqlite_server.port, plan=plan) as proxy:
        point_at(a, proxy.url)
        report = a.sync(retries=12)
    assert report.converged
    assert proxy.cuts == planned
    assert a.summary() == server_summary(sqlite_server)
    log = sqlite_server.log.read_text()
    assert "cut at" in log  # the server kept the bytes that arrived before the cut


def test_client_killed_mid_batch_resumes_and_applies_once(sqlite_server, desktops) -> None:  # type: ignore[no-untyped-def]
    a = desktops("a", sqlite_server, households=80)
    with a.ledger.read() as session:  # held in the middle of the first batch's bytes
        state = local.sync_state(session)
        assert state is not None
        built = local.build_batch(session, state.device_id, state.cursor)
        assert built is not None
        hold = len(built[1]) // 2
    victim: list[subprocess.Popen[bytes]] = []

    def kill_client() -> None:
        victim[0].send_signal(signal.SIGKILL)
        victim[0].wait()

    with FaultProxy(sqlite_server.port, hold_after_up=hold, on_hold=kill_client) as proxy:
        point_at(a, proxy.url)
        a.ledger.close()
        env = {**os.environ, "SOTN_OFFICER": "test"}
        victim.append(
            subprocess.Popen(
                [sys.executable, "-m", "desktop.cli", "--data-dir", str(a.folder.root), "sync"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        victim[0].wait(120)
        assert victim[0].returncode == -signal.SIGKILL
        from desktop.ledger.storage import open_ledger

        a.ledger = open_ledger(a.folder.database)
        with a.ledger.read() as session:
            state = local.sync_state(session)
            assert state is not None and state.in_flight_first is not None
        proxy.release()
        report = a.sync()
    assert report.converged
    assert a.summary() == server_summary(sqlite_server)
    log = sqlite_server.log.read_text()
    assert "cut at" in log and "offset=0&" in log
    resumed = [
        line
        for line in log.splitlines()
        if "PUT /sync/uploads/" in line and "offset=0&" not in line
    ]
    assert resumed, "the interrupted upload was sent again from the start"


def test_server_restarted_mid_sync(sqlite_server, desktops) -> None:  # type: ignore[no-untyped-def]
    a = desktops("a", sqlite_server, households=300)

    def restart() -> None:
        sqlite_server.kill()
        sqlite_server.start()

    with FaultProxy(sqlite_server.port, hold_after_up=30_000, on_hold=restart) as proxy:
        point_at(a, proxy.url)
        import threading

        # The proxy releases the held connection once the server is back.
        timer = threading.Timer(0.5, lambda: proxy.release() if sqlite_server.process else None)
        proxy.on_hold = lambda: (restart(), timer.start())
        report = a.sync(retries=10)
    assert report.converged
    assert a.summary() == server_summary(sqlite_server)


def test_replayed_batch_is_applied_once(sqlite_server, desktops) -> None:  # type: ignore[no-untyped-def]
    a = desktops("a", sqlite_server, households=10)
    with a.ledger.session() as session:
        state = local.sync_state(session)
        assert state is not None
        batch, blob = local.build_batch(session, state.device_id, 0)  # type: ignore[misc]
        token = state.token
    url = f"{sqlite_server.url}/sync/uploads/{batch['batch_id']}"
    headers = {"Authorization": f"Bearer {token}"}
    params = {"offset": 0, "total": len(blob)}
    first = UploadState.model_validate(
        requests.put(url, data=blob, params=params, headers=headers, timeout=30).json()
    )
    before = server_summary(sqlite_server)
    again = UploadState.model_validate(
        requests.put(url, data=blob, params=params, headers=headers, timeout=30).json()
    )
    assert first.result is not None and again.result == first.result
    assert first.result.accepted == len(batch["changes"])
    assert server_summary(sqlite_server) == before
    # The same changes under other batch boundaries (a restored ledger re-batching) are
    # recognised by their sequence numbers and change nothing.
    with a.ledger.session() as session:
        from sync.protocol import batch_id, compress

        part = dict(batch, changes=batch["changes"][1:], first_seq=batch["changes"][1]["seq"])
        part["batch_id"] = batch_id(
            part["device_id"], part["epoch"], part["first_seq"], part["last_seq"]
        )
    blob2 = compress(part)
    replay = UploadState.model_validate(
        requests.put(
            f"{sqlite_server.url}/sync/uploads/{part['batch_id']}",
            data=blob2,
            params={"offset": 0, "total": len(blob2)},
            headers=headers,
            timeout=30,
        ).json()
    )
    assert replay.result is not None
    assert replay.result.accepted == 0 and replay.result.unchanged == len(part["changes"])
    assert server_summary(sqlite_server) == before
    assert len(blob) <= MAX_BATCH_BYTES


def test_pipelined_batch_is_applied_after_the_one_it_names(sqlite_server, desktops) -> None:  # type: ignore[no-untyped-def]
    """The second batch arrives whole before the first: it waits for it. Applied first, its
    higher seqs would make the server skip the first batch's changes as replays: lost edits."""
    import threading

    a = desktops("a", sqlite_server, households=10)
    with a.ledger.session() as session:
        state = local.sync_state(session)
        assert state is not None
        entries = outbox.pending(session, limit=10_000)
        half = len(entries) // 2
        first, blob1 = local._pack(entries[:half], state.device_id, 0)
        second, blob2 = local._pack(entries[half:], state.device_id, 0)
        token = state.token
    headers = {"Authorization": f"Bearer {token}"}

    def put(batch: dict, blob: bytes, **extra: str) -> UploadState:  # type: ignore[type-arg]
        params: dict[str, str | int] = {"offset": 0, "total": len(blob), **extra}
        url = f"{sqlite_server.url}/sync/uploads/{batch['batch_id']}"
        reply = requests.put(url, data=blob, params=params, headers=headers, timeout=60)
        assert reply.status_code == 200, reply.text
        return UploadState.model_validate(reply.json())

    answers: dict[str, UploadState] = {}
    waiting = threading.Thread(
        target=lambda: answers.update(second=put(second, blob2, after=first["batch_id"]))
    )
    waiting.start()
    url2 = f"{sqlite_server.url}/sync/uploads/{second['batch_id']}"
    for _ in range(600):  # all its bytes are on the server, and it is not applied: it waits
        got = UploadState.model_validate(requests.get(url2, headers=headers, timeout=30).json())
        if got.received == len(blob2):
            break
        time.sleep(0.02)  # polling the server's own answer; nothing to wait on instead
    assert got.result is None and waiting.is_alive()
    one = put(first, blob1)
    waiting.join(60)
    two = answers["second"]
    assert one.result is not None and one.result.accepted == len(first["changes"])
    assert two.result is not None and two.result.accepted == len(second["changes"])
    assert two.result.unchanged == 0
