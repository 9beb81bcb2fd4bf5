"""What a pull reads: each record changed after a cursor, once, in its newest state, in the
order of the commune's sequence; and the per-type count and checksum that prove convergence."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, func, select

from desktop.ledger.records import SYNCED_RECORDS
from sync.protocol import record_digest, summarize
from sync.server.tables import RECORD_TABLES, record_seq
from sync.server.values import to_wire

# Uncompressed bytes per page: record JSON compresses about 5:1, so a page stays near 32 KiB
# on the wire, which a cut costs at most once.
PAGE_BYTES = 160 * 1024
_SCAN = 2000


def pull_page(
    conn: Connection, commune_code: int, cursor: int, device_id: str | None
) -> dict[str, Any]:
    """The next page after `cursor`; records whose last change came from the caller itself
    are skipped (it has them), but the cursor still moves past them."""
    rows = conn.execute(
        select(
            record_seq.c.entity,
            record_seq.c.record_id,
            record_seq.c.seq,
            record_seq.c.origin_device,
        )
        .where(record_seq.c.commune_code == commune_code, record_seq.c.seq > cursor)
        .order_by(record_seq.c.seq)
        .limit(_SCAN)
    ).all()
    wanted = [r for r in rows if device_id is None or r.origin_device != device_id]
    by_entity: dict[str, list[str]] = {}
    for r in wanted:
        by_entity.setdefault(r.entity, []).append(r.record_id)
    values: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, ids in by_entity.items():
        table = RECORD_TABLES[entity]
        for i in range(0, len(ids), 500):
            for rec in conn.execute(select(table).where(table.c.id.in_(ids[i : i + 500]))):
                values[(entity, rec.id)] = to_wire(dict(rec._mapping))
    records: list[dict[str, Any]] = []
    size = 0
    new_cursor = cursor
    full = False
    for r in rows:
        if full:
            break
        new_cursor = int(r.seq)
        v = values.get((r.entity, r.record_id))
        if v is None:
            continue
        records.append({"e": r.entity, "s": int(r.seq), "v": v})
        size += len(orjson.dumps(v))
        full = size >= PAGE_BYTES
    more = bool(
        conn.execute(
            select(func.count())
            .select_from(record_seq)
            .where(record_seq.c.commune_code == commune_code, record_seq.c.seq > new_cursor)
        ).scalar()
    )
    page: dict[str, Any] = {"records": records, "cursor": new_cursor, "more": more}
    if not more:
        page["summary"] = summaries(conn, commune_code)
    return page


def summaries(conn: Connection, commune_code: int) -> dict[str, dict[str, Any]]:
    """Count and checksum of every record type of the commune, tombstones included."""
    out: dict[str, dict[str, Any]] = {}
    for model in SYNCED_RECORDS:
        table = RECORD_TABLES[model.__tablename__]
        result = conn.execute(select(table).where(table.c.commune_code == commune_code))
        count, checksum = summarize(record_digest(r._mapping) for r in result)
        out[model.__tablename__] = {"count": count, "checksum": checksum}
    return out


def records_page(
    conn: Connection, commune_code: int, entity: str, after_id: str, limit: int
) -> dict[str, Any]:
    """Every record of one type in id order, for a repair pull after a checksum mismatch."""
    table = RECORD_TABLES[entity]
    rows = conn.execute(
        select(table)
        .where(table.c.commune_code == commune_code, table.c.id > after_id)
        .order_by(table.c.id)
        .limit(limit)
    ).all()
    records = [{"e": entity, "s": 0, "v": to_wire(dict(r._mapping))} for r in rows]
    last = rows[-1].id if rows else after_id
    return {"records": records, "after_id": last, "more": len(rows) == limit}


def max_seq(conn: Connection, commune_code: int) -> int:
    value = conn.execute(
        select(func.max(record_seq.c.seq)).where(record_seq.c.commune_code == commune_code)
    ).scalar()
    return int(value or 0)
