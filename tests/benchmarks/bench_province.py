"""A province's first sync at the server: many communes × 2,000 households, several pushing at
once, through the push protocol (enrol, resumable batch uploads), on SQLite and PostgreSQL.
Run only when named (`DEFAULT = False`): the full size takes long on a small machine.

    cd tests && ../.venv/bin/python -m benchmarks province
    SOTN_BENCH_PROVINCE_COMMUNES=150 SOTN_BENCH_PROVINCE_HOUSEHOLDS=2000 \\
    SOTN_BENCH_PROVINCE_AT_ONCE=10 SOTN_BENCH_PROVINCE_DB=sqlite,postgresql \\
        ../.venv/bin/python -m benchmarks province                    # the issue's full size

Building 150 desktop ledgers would take longer than the sync itself, so one commune is built
with the demo's bulk path (a real ledger: households, members, six years of classifications,
registrations; its outbox read and packed into batches exactly as `sotn sync` sends them), and
each commune of the province pushes those batches with its own ids (the 64-bit id prefix
replaced by a fresh one per commune: ids stay unique, parents and children still match) and
its own commune code, from its own enrolled device. The server receives 150 different communes'
real batches; what it does with them is all real.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

from desktop.ledger.commune import set_up_commune
from desktop.ledger.demo import make_demo
from desktop.ledger.places import official_commune
from desktop.ledger.records import base
from desktop.ledger.settings import defaults_for
from desktop.ledger.storage import open_ledger, outbox
from sync import local
from sync.client import Transport, enrol
from sync.packing import unpack
from sync.protocol import batch_id, compress, decompress

from .bench_sync import PASSWORD, _Server

DEFAULT = False  # `make bench` skips it; name it to run it
THANH_HOA = 38  # 166 communes after the 2025 merger: a province with 150 to sync


def _province_communes(n: int) -> list[int]:
    from vietnam_provinces import Ward

    codes = [w.code.value for w in Ward.iter_by_province(THANH_HOA)]
    if n > len(codes):
        raise ValueError(f"Thanh Hóa has {len(codes)} communes, not {n}")
    return codes[:n]


def _template(work: Path, households: int, commune: int) -> tuple[list[dict[str, Any]], str]:
    """One commune's first-sync batches (the wire form, unpacked from zstd) and its id prefix."""
    ledger = open_ledger(work / "template.sqlite")
    with ledger.session() as session:
        set_up_commune(session, THANH_HOA, commune)
    prefix = base._id_prefix  # every id this process makes starts with it
    make_demo(ledger, households=households, seed=7, officer="Cán bộ xã")
    batches = []
    with ledger.session() as session:
        while (built := local.build_batch(session, "0" * 32, 0)) is not None:
            batches.append(decompress(built[1]))
            outbox.acknowledge(session, built[0]["last_seq"])
    ledger.close()
    return batches, prefix


@cache
def _authority(commune: int) -> str:
    return str(defaults_for(official_commune(THANH_HOA, commune))["commendation.authority"])


def _rewrite(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return new + value[len(new) :] if value.startswith(old) else value
    if isinstance(value, list):
        return [_rewrite(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite(v, old, new) for k, v in value.items()}
    return value


def _for_commune(
    template: dict[str, Any], prefix: str, commune: int, device: str, epoch: str, new: str
) -> tuple[str, bytes]:
    groups = []
    for group in template["packed"]:
        g = dict(group, i=_rewrite(group["i"], prefix, new), A=_rewrite(group["A"], prefix, new))
        for column, value in (("commune_code", commune), ("authority", _authority(commune))):
            if g["k"] and column in g["k"]:  # a certificate's number is unique per authority
                at = g["k"].index(column)
                g["A"][at] = [value] * len(g["A"][at])
        groups.append(g)
    first, last = template["first_seq"], template["last_seq"]
    name = batch_id(device, epoch, first, last)
    wire = dict(template, batch_id=name, device_id=device, epoch=epoch, packed=groups)
    return name, compress(wire)


def _push_commune(
    url: str, commune: int, template: list[dict[str, Any]], prefix: str
) -> tuple[int, int, int]:
    """Enrol a device for the commune and push its first sync; (rows, conflicts, rejected)."""
    device = enrol(url, f"xa-{commune}", PASSWORD, "bench")
    transport = Transport(url, device.token)
    epoch, new = secrets.token_hex(16), secrets.token_hex(8)
    rows = conflicts = rejected = 0
    for batch in template:
        name, blob = _for_commune(batch, prefix, commune, device.device_id, epoch, new)
        result = transport.upload(name, blob, {}).result
        assert result is not None, name
        rows += result.accepted
        conflicts += len(result.conflicts)
        rejected += len(result.rejected)
    transport.http.close()
    return rows, conflicts, rejected


def _run_one(
    work: Path,
    kind: str,
    communes: list[int],
    at_once: int,
    template: list[dict[str, Any]],
    prefix: str,
) -> dict[str, Any]:
    cluster = None
    database_url = None
    if kind == "postgresql":
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from tests.sync.postgres import PostgresCluster

        cluster = PostgresCluster()
        cluster.start()
        database_url = cluster.new_database()
    # Several server processes share PostgreSQL; SQLite has one writer, so one process.
    server = _Server(work / kind, database_url=database_url, workers=2 if cluster else 1)
    try:
        for code in communes:
            server.user(f"xa-{code}", code, province=THANH_HOA)
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=at_once) as pool:
            results = list(
                pool.map(lambda c: _push_commune(server.url, c, template, prefix), communes)
            )
        seconds = time.perf_counter() - start
    finally:
        server.stop()
        if cluster is not None:
            cluster.stop()
    rows = sum(r[0] for r in results)
    conflicts = sum(r[1] for r in results)
    rejected = sum(r[2] for r in results)
    return {"rows": rows, "seconds": seconds, "conflicts": conflicts, "rejected": rejected}


def run(work: Path) -> list[dict[str, Any]]:
    count = int(os.environ.get("SOTN_BENCH_PROVINCE_COMMUNES", "20"))
    households = int(os.environ.get("SOTN_BENCH_PROVINCE_HOUSEHOLDS", "2000"))
    at_once = int(os.environ.get("SOTN_BENCH_PROVINCE_AT_ONCE", "10"))
    kinds = os.environ.get("SOTN_BENCH_PROVINCE_DB", "sqlite,postgresql").split(",")
    communes = _province_communes(count)
    template, prefix = _template(work, households, communes[0])
    entries = sum(len(unpack(b["packed"])) for b in template)
    print(
        f"  one commune: {households} households, {entries} records in {len(template)} batches; "
        f"{count} communes, {at_once} at once; uptime: {os.popen('uptime').read().strip()}"
    )
    figures = []
    for kind in kinds:
        got = _run_one(work, kind, communes, at_once, template, prefix)
        assert got["rows"] == entries * count, (got, entries * count)
        assert got["conflicts"] == 0 and got["rejected"] == 0, got
        rate = got["rows"] / got["seconds"]
        print(
            f"  {kind}: {got['rows']} rows from {count} communes in {got['seconds']:.1f} s = "
            f"{rate:,.0f} rows/s, no errors; uptime: {os.popen('uptime').read().strip()}"
        )
        figures.append(
            {
                "name": f"máy chủ ({kind}): {count} xã × {households} hộ, {at_once} xã cùng lúc: "
                "giây mỗi 1000 dòng",
                "value": got["seconds"] / got["rows"] * 1000,
                "target": 1.0,
                "unit": "s",
            }
        )
    return figures
