"""Sync through a shaped loopback link (tests/benchmarks/shaper.py), against a real server:
- first sync of a 5,000-household commune at 384 kbit/s, 200 ms: within 1.5× the time its
  compressed payload needs at that bandwidth;
- 20 edited households at 64 kbit/s, 600 ms: at most 3 round trips;
- bytes on the wire per household (the PouchDB peer: 7.18 MB up for 5,000, 1,436 B each);
- the server taking communes pushing at once (SOTN_BENCH_COMMUNES, default 10 × 2,000
  households, all at once), rows per second. Server on SQLite here (PostgreSQL in production).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests
from sqlmodel import select

from desktop.ledger.commune import set_up_commune
from desktop.ledger.demo import make_demo
from desktop.ledger.paths import DataFolder
from desktop.ledger.records import Household, SyncState
from desktop.ledger.storage import open_ledger, save

from .shaper import Shaper

PASSWORD = "mat-khau-123"
CAO_BANG = 4


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    def __init__(self, work: Path, *, database_url: str | None = None, workers: int = 1) -> None:
        self.data = work / "server"
        self.data.mkdir(parents=True, exist_ok=True)
        self.db = database_url or f"sqlite:///{self.data / 'server.sqlite'}"
        self.port = _port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (self.data / "stderr.txt").open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync.server.main",
                "--data-dir",
                str(self.data),
                "--database-url",
                self.db,
                "serve",
                "--port",
                str(self.port),
                *(["--workers", str(workers)] if workers > 1 else []),
            ],
            stdout=self.log,
            stderr=self.log,
        )
        for _ in range(600):
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def user(self, name: str, commune: int, province: int = CAO_BANG) -> None:
        from sync.server.accounts import create_user
        from sync.server.database import open_database

        engine = open_database(self.db)
        with engine.begin() as conn:
            create_user(conn, name, PASSWORD, "commune", province, commune)
        engine.dispose()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)
        self.log.close()


def _shared_households(work: Path, n: int) -> Path | None:
    """The households the PouchDB peer pushes, as an Excel list (shared/bench), if present."""
    here = Path(__file__).resolve()
    for root in (here.parents[3] / "shared", Path("/work/shared"), here.parents[2] / "shared"):
        script = root / "bench" / "make_households.py"
        if script.exists():
            (work / "hh").mkdir(exist_ok=True)
            copy = work / "hh" / script.name
            copy.write_bytes(script.read_bytes())  # it writes beside itself
            subprocess.run(
                [sys.executable, str(copy), "-n", str(n), "--xlsx"], check=True, capture_output=True
            )
            return work / "hh" / f"households_{n}.xlsx"
    return None


def _laptop(
    work: Path,
    name: str,
    commune: int,
    households: int,
    server: _Server,
    excel: Path | None = None,
) -> DataFolder:
    from desktop.cli import main as sotn

    folder = DataFolder(work / name)
    ledger = open_ledger(folder.database)
    with ledger.session() as session:
        set_up_commune(session, CAO_BANG, commune)
    ledger.close()
    if excel is not None:
        assert sotn(["--data-dir", str(folder.root), "import", str(excel), "--year", "2025"]) == 0
    else:
        ledger = open_ledger(folder.database)
        make_demo(ledger, households=households, seed=commune, officer="demo")
        ledger.close()
    server.user(name, commune)
    assert (
        sotn(
            [
                "--data-dir",
                str(folder.root),
                "enrol",
                "--server",
                server.url,
                "--username",
                name,
                "--password",
                PASSWORD,
            ]
        )
        == 0
    )
    return folder


def _point(folder: DataFolder, url: str) -> None:
    ledger = open_ledger(folder.database)
    with ledger.session() as session:
        state = session.get(SyncState, 1)
        assert state is not None
        state.server_url = url
        session.add(state)
    ledger.close()


def _sync(folder: DataFolder) -> tuple[float, int, Any]:
    """Seconds, compressed payload bytes (batches up, pages down), report."""
    from sync.client import SyncClient

    ledger = open_ledger(folder.database)
    client = SyncClient(ledger, folder, attachments=False)
    payload = 0
    upload, call = client.transport.upload, client.transport.call

    counted: set[str] = set()

    def counted_upload(upload_id: str, blob: bytes, params: dict[str, Any], **kw: Any) -> Any:
        nonlocal payload
        if upload_id not in counted:  # a batch completed again after a 425 is not sent again
            counted.add(upload_id)
            payload += len(blob)
        return upload(upload_id, blob, params, **kw)

    def counted_call(method: str, path: str, **kwargs: Any) -> Any:
        nonlocal payload
        response = call(method, path, **kwargs)
        if path == "/sync/pull":
            payload += len(response.content)
        return response

    client.transport.upload = counted_upload  # type: ignore[method-assign]
    client.transport.call = counted_call  # type: ignore[method-assign]
    spent = {"push": 0.0, "pull": 0.0, "verify": 0.0}

    def timed(stage: str, step: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            begun = time.perf_counter()
            try:
                return step(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - begun

        return run

    # A repair inside verify pushes and pulls again: counted under verify and push/pull both.
    for stage in spent:
        setattr(client, f"_{stage}", timed(stage, getattr(client, f"_{stage}")))
    start = time.perf_counter()
    report = client.sync()
    seconds = time.perf_counter() - start
    ledger.close()
    rest = seconds - sum(spent.values())
    print(
        "  timeline: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in spent.items())
        + f", rest {rest:.1f} s"
    )
    return seconds, payload, report


def _communes(n: int) -> list[int]:
    from vietnam_provinces import Ward

    return [w.code.value for w in Ward.iter_by_province(CAO_BANG)][:n]


def run(work: Path) -> list[dict[str, Any]]:
    figures: list[dict[str, Any]] = []
    server = _Server(work)
    try:
        households = int(os.environ.get("SOTN_BENCH_HOUSEHOLDS", "5000"))
        commune = _communes(1)[0]
        excel = _shared_households(work, households)
        print(f"  households: {'shared/bench/make_households.py' if excel else 'demo'}")
        folder = _laptop(work, "xa-3g", commune, households, server, excel)
        ledger = open_ledger(folder.database)
        with ledger.read() as session:  # the import refuses some generated rows
            households = len(session.exec(select(Household.id)).all())
        ledger.close()
        with Shaper(server.port, kbit=384, rtt_ms=200) as link:
            _point(folder, link.url)
            seconds, payload, report = _sync(folder)
            wire = link.up.bytes + link.down.bytes
        assert report.converged
        payload_seconds = payload * 8 / 384_000
        print(
            f"  first sync: {seconds:.1f} s, payload {payload / 1e6:.2f} MB "
            f"({payload_seconds:.1f} s at 384 kbit/s), wire {wire / 1e6:.2f} MB, "
            f"{report.requests} requests, {link.connections} connections"
        )
        figures.append(
            {
                "name": f"đồng bộ lần đầu {households} hộ, 3G: thời gian/tải nén",
                "value": seconds / payload_seconds,
                "target": 1.5,
                "unit": "×",
            }
        )
        figures.append(
            {
                "name": "byte trên đường truyền mỗi hộ (PouchDB: 1436)",
                "value": wire / households,
                "target": 1436 / 10,
                "unit": "B",
            }
        )
        figures.append(
            {
                "name": "đồng bộ lần đầu 3G: thời gian (PouchDB 198.5 s ÷ 10)",
                "value": seconds,
                "target": 19.85,
                "unit": "s",
            }
        )
        ledger = open_ledger(folder.database)
        with ledger.session() as session:
            for i, h in enumerate(session.exec(select(Household).limit(20))):
                h.head_name = f"{h.head_name} {i}"
                save(session, h, officer="bench")
        ledger.close()
        with Shaper(server.port, kbit=64, rtt_ms=600) as link:
            _point(folder, link.url)
            seconds, payload, report = _sync(folder)
            wire = link.up.bytes + link.down.bytes
        # Each request on the open connection is one round trip, and opening it one more.
        trips = report.requests + link.connections
        waiting = (seconds - wire * 8 / 64_000) / 0.6
        print(
            f"  20 edits on 2G: {seconds:.2f} s ({waiting:.1f} RTT of waiting, server work "
            f"included), {wire} B, {report.requests} requests, {link.connections} connections"
        )
        figures.append(
            {
                "name": "20 hộ sửa, 2G (64 kbit/s, 600 ms): số lượt khứ hồi",
                "value": trips,
                "target": 3,
                "unit": "RT",
            }
        )
        figures.append(_concurrent(work, server))
    finally:
        server.stop()
    return figures


def _concurrent(work: Path, server: _Server) -> dict[str, Any]:
    communes = int(os.environ.get("SOTN_BENCH_COMMUNES", "10"))
    size = int(os.environ.get("SOTN_BENCH_COMMUNE_HOUSEHOLDS", "2000"))
    folders = [_laptop(work, f"xa-{c}", c, size, server) for c in _communes(communes + 1)[1:]]
    rows = 0
    for folder in folders:
        ledger = open_ledger(folder.database)
        from desktop.ledger.storage import outbox

        with ledger.read() as session:
            rows += outbox.pending_count(session)
        ledger.close()
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "desktop.cli",
                "--data-dir",
                str(f.root),
                "sync",
                "--no-attachments",
            ],
            stdout=subprocess.DEVNULL,
        )
        for f in folders
    ]
    codes = [p.wait() for p in procs]
    seconds = time.perf_counter() - start
    assert codes == [0] * len(codes), codes
    print(f"  {communes} communes × {size} households at once: {rows} rows in {seconds:.1f} s")
    return {
        "name": f"máy chủ: {communes} xã đẩy cùng lúc, giây cho mỗi 1000 dòng",
        "value": seconds / rows * 1000,
        "target": 1.0,
        "unit": "s",
    }
