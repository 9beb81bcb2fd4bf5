"""Side by side, in one run: the PouchDB peer (shared/bench/pouch/peer.sh) and our first sync of
the same households, each through shared/bench/linkshaper.py at the same shaping.

    cd tests && ../.venv/bin/python -m benchmarks sync_vs_pouch

Environment: SOTN_BENCH_PEER_HOUSEHOLDS (5000), SOTN_BENCH_KBIT (384), SOTN_BENCH_RTT_MS (200),
SOTN_BENCH_SHARED (the folder holding bench/, default /work/shared). Our side loads the peer's
own households_N.json (members and classification included, see pouch_households.py).
Targets: our first sync at least 10× faster than the peer's first push; on the 3G link within
1.5× the time its compressed payload needs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlmodel import select

from desktop.ledger.commune import set_up_commune
from desktop.ledger.paths import DataFolder
from desktop.ledger.records import Household
from desktop.ledger.storage import open_ledger, save

from . import pouch_households
from .bench_sync import CAO_BANG, PASSWORD, _communes, _point, _port, _Server, _sync


def shared_bench() -> Path:
    here = Path(__file__).resolve()
    given = os.environ.get("SOTN_BENCH_SHARED")
    candidates = [Path(given)] if given else []
    candidates += [here.parents[3] / "shared", Path("/work/shared")]
    for root in candidates:
        if (root / "bench" / "pouch" / "peer.sh").exists():
            return root / "bench"
    raise FileNotFoundError("shared/bench (the PouchDB peer) not found; set SOTN_BENCH_SHARED")


class LinkShaper:
    """shared/bench/linkshaper.py in its own process: the peer's shaper, for our sync too."""

    def __init__(self, bench: Path, target: int, kbit: int, rtt_ms: int, stats: Path) -> None:
        self.port = _port()
        self.stats = stats
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(bench / "linkshaper.py"),
                "--listen",
                str(self.port),
                "--target",
                str(target),
                "--kbit",
                str(kbit),
                "--rtt-ms",
                str(rtt_ms),
                "--stats",
                str(stats),
            ]
        )
        time.sleep(0.5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> dict[str, int]:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        return dict(json.loads(self.stats.read_text()))


def _peer(bench: Path, n: int, kbit: int, rtt: int) -> dict[str, Any]:
    out = subprocess.run(
        ["bash", str(bench / "pouch" / "peer.sh"), str(n), str(kbit), str(rtt)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _ours(work: Path, bench: Path, n: int, kbit: int, rtt: int) -> dict[str, Any]:
    from desktop.cli import main as sotn

    households = bench / f"households_{n}.json"  # written by peer.sh: the peer's own data
    if not households.exists():
        make = [sys.executable, str(bench / "make_households.py"), "-n", str(n)]
        subprocess.run(make, check=True)
    server = _Server(work / "ours")
    try:
        commune = _communes(1)[0]
        folder = DataFolder(work / "ours" / "xa")
        ledger = open_ledger(folder.database)
        with ledger.session() as session:
            set_up_commune(session, CAO_BANG, commune)
        loaded, refused = pouch_households.load(ledger, households)
        ledger.close()
        server.user("xa", commune)
        enrol = ["--data-dir", str(folder.root), "enrol", "--server", server.url]
        assert sotn([*enrol, "--username", "xa", "--password", PASSWORD]) == 0
        link = LinkShaper(bench, server.port, kbit, rtt, work / "ours" / "link-1.json")
        try:
            _point(folder, link.url)
            seconds, payload, report = _sync(folder)
        finally:
            wire = link.stop()
        assert report.converged and report.rejected == 0, report
        ledger = open_ledger(folder.database)
        with ledger.session() as session:  # as the peer does: 20 households get a phone
            for h in session.exec(select(Household).order_by(Household.code).limit(20)):
                h.phone = "0912345678"
                save(session, h, officer="bench")
        ledger.close()
        link = LinkShaper(bench, server.port, kbit, rtt, work / "ours" / "link-2.json")
        try:
            _point(folder, link.url)
            again, _, again_report = _sync(folder)
        finally:
            again_wire = link.stop()
        assert again_report.converged and again_report.pushed == 20, again_report
    finally:
        server.stop()
    return {
        "households": loaded,
        "refused": sum(refused.values()),
        "records": report.pushed,
        "first_sync_s": seconds,
        "payload_bytes": payload,
        "requests": report.requests,
        **wire,
        "incremental_s": again,
        "incremental_requests": again_report.requests,
        "incremental_connections": again_wire["connections"],
    }


def run(work: Path) -> list[dict[str, Any]]:
    n = int(os.environ.get("SOTN_BENCH_PEER_HOUSEHOLDS", "5000"))
    kbit = int(os.environ.get("SOTN_BENCH_KBIT", "384"))
    rtt = int(os.environ.get("SOTN_BENCH_RTT_MS", "200"))
    bench = shared_bench()
    print(f"  uptime: {os.popen('uptime').read().strip()}")
    peer = _peer(bench, n, kbit, rtt)
    print(
        f"  PouchDB: first push {peer['first_push_s']:.1f} s, {peer['first_push_requests']} "
        f"requests, {peer['up_bytes'] / 1e6:.2f} MB up, {peer['down_bytes'] / 1e6:.2f} MB down, "
        f"{peer['connections']} connections; 20 edits {peer['incremental_push_s']:.2f} s, "
        f"{peer['incremental_push_requests']} requests"
    )
    ours = _ours(work, bench, n, kbit, rtt)
    print(f"  uptime: {os.popen('uptime').read().strip()}")
    wire = ours["up_bytes"] + ours["down_bytes"]
    payload_s = ours["payload_bytes"] * 8 / (kbit * 1000)
    print(
        f"  Sổ Thoát Nghèo: {ours['households']} households ({ours['refused']} records refused), "
        f"{ours['records']} records; first sync {ours['first_sync_s']:.1f} s, "
        f"{ours['requests']} requests, {ours['connections']} connections, "
        f"{ours['up_bytes'] / 1e6:.3f} MB up, {ours['down_bytes'] / 1e6:.3f} MB down, "
        f"{wire / ours['households']:.0f} B/household on the wire; compressed payload "
        f"{ours['payload_bytes'] / 1e6:.3f} MB = {payload_s:.1f} s at {kbit} kbit/s; "
        f"20 edits {ours['incremental_s']:.2f} s, {ours['incremental_requests']} requests"
    )
    print(f"  PouchDB ÷ ours: {peer['first_push_s'] / ours['first_sync_s']:.1f}×")
    return [
        {
            "name": f"đồng bộ lần đầu {n} hộ, {kbit} kbit/s: giây (PouchDB ÷ 10)",
            "value": ours["first_sync_s"],
            "target": round(peer["first_push_s"] / 10, 2),
            "unit": "s",
        },
        {
            "name": f"đồng bộ lần đầu {n} hộ, {kbit} kbit/s: thời gian/tải nén",
            "value": ours["first_sync_s"] / payload_s,
            "target": 1.5,
            "unit": "×",
        },
        {
            "name": "byte trên đường truyền mỗi hộ (PouchDB ÷ 10)",
            "value": wire / ours["households"],
            "target": round((peer["up_bytes"] + peer["down_bytes"]) / n / 10),
            "unit": "B",
        },
    ]
