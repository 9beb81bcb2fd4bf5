"""What a pull reads: each record changed after a cursor, once, in its newest state, in the
order of the commune's sequence; and the per-type count and checksum that prove convergence."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, bindparam, func, select, update

from desktop.ledger.records import SYNCED_RECORDS
from sync.protocol import record_digest, summarize
from sync.server.tables import RECORD_TABLES, communes, record_seq
from sync.server.values import to_wire
from sync.wire import ORDER, parents_of

log = logging.getLogger(__name__)
# Uncompressed bytes per page: record JSON compresses about 5:1, so a page stays near 32 KiB
# on the wire, which a cut costs at most once.
PAGE_BYTES = 160 * 1024
_SCAN = 2000
_SCAN_MAX = 100_000


def pull_page(
    conn: Connection, commune_code: int, cursor: int, device_id: str | None, epoch: str | None
) -> dict[str, Any]:
    """The next page after `cursor`. Records whose last change came from the caller itself,
    in its current epoch, are skipped (it has them), but the cursor still moves past them; a
    laptop restored from a backup is in a new epoch and gets its own lost changes back."""
    records: list[dict[str, Any]] = []
    size = 0
    new_cursor = cursor
    full = False
    scanned = 0
    # Scan on past the caller's own records (a first sync's whole push comes back skipped):
    # one request instead of one per _SCAN rows, up to _SCAN_MAX rows.
    while not full and scanned < _SCAN_MAX:
        rows = _feed_rows(conn, commune_code, new_cursor)
        scanned += len(rows)
        records, size, new_cursor, full = _fill(
            conn, rows, device_id, epoch, records, size, new_cursor
        )
        if len(rows) < _SCAN:
            break
    more = (
        conn.execute(
            select(record_seq.c.seq)
            .where(record_seq.c.commune_code == commune_code, record_seq.c.seq > new_cursor)
            .limit(1)
        ).first()
        is not None
    )
    records += _parents_sent_later(conn, records, new_cursor)
    # Parents first, so the desktop can insert children (its foreign keys are enforced).
    records.sort(key=lambda rec: (ORDER[rec["e"]], rec["s"]))
    page: dict[str, Any] = {"records": records, "cursor": new_cursor, "more": more}
    if not more:
        page["summary"] = summaries(conn, commune_code)
    return page


def _feed_rows(conn: Connection, commune_code: int, cursor: int) -> list[Any]:
    return list(
        conn.execute(
            select(
                record_seq.c.entity,
                record_seq.c.record_id,
                record_seq.c.seq,
                record_seq.c.origin_device,
                record_seq.c.origin_epoch,
            )
            .where(record_seq.c.commune_code == commune_code, record_seq.c.seq > cursor)
            .order_by(record_seq.c.seq)
            .limit(_SCAN)
        ).all()
    )


def _fill(
    conn: Connection,
    rows: list[Any],
    device_id: str | None,
    epoch: str | None,
    records: list[dict[str, Any]],
    size: int,
    cursor: int,
) -> tuple[list[dict[str, Any]], int, int, bool]:
    """Add the scanned rows' records to the page until it is full: (records, size, cursor,
    full)."""
    wanted = [r for r in rows if not (r.origin_device == device_id and r.origin_epoch == epoch)]
    by_entity: dict[str, list[str]] = {}
    for r in wanted:
        by_entity.setdefault(r.entity, []).append(r.record_id)
    values: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, ids in by_entity.items():
        table = RECORD_TABLES[entity]
        for i in range(0, len(ids), 500):
            for rec in conn.execute(select(table).where(table.c.id.in_(ids[i : i + 500]))):
                values[(entity, rec.id)] = to_wire(dict(rec._mapping))
    full = False
    for r in rows:
        if full:
            break
        cursor = int(r.seq)
        v = values.get((r.entity, r.record_id))
        if v is None:
            continue
        records.append({"e": r.entity, "s": int(r.seq), "v": v})
        size += len(orjson.dumps(v))
        full = size >= PAGE_BYTES
    return records, size, cursor, full


def _parents_sent_later(
    conn: Connection, records: list[dict[str, Any]], cursor: int
) -> list[dict[str, Any]]:
    """Parents of this page's records that the feed would only send on a later page (they
    changed since): sent now as well, so no page holds a child without its parent."""
    have = {(rec["e"], rec["v"]["id"]) for rec in records}
    extra: list[dict[str, Any]] = []
    frontier = records
    while frontier:
        wanted: dict[str, set[str]] = {}
        for rec in frontier:
            for column, parent in parents_of(rec["e"]):
                parent_id = rec["v"].get(column)
                if parent_id and (parent, parent_id) not in have:
                    wanted.setdefault(parent, set()).add(parent_id)
        frontier = []
        for parent, ids in wanted.items():
            later = conn.execute(
                select(record_seq.c.record_id, record_seq.c.seq).where(
                    record_seq.c.entity == parent,
                    record_seq.c.record_id.in_(sorted(ids)),
                    record_seq.c.seq > cursor,
                )
            ).all()
            if not later:
                continue
            seqs = {r.record_id: int(r.seq) for r in later}
            table = RECORD_TABLES[parent]
            for row in conn.execute(select(table).where(table.c.id.in_(sorted(seqs)))):
                rec = {"e": parent, "s": seqs[row.id], "v": to_wire(dict(row._mapping))}
                have.add((parent, row.id))
                extra.append(rec)
                frontier.append(rec)
    return extra


def summaries(conn: Connection, commune_code: int) -> dict[str, dict[str, Any]]:
    """Count and checksum of every record type of the commune, tombstones included.

    The sums of the digests kept beside each record's sequence number (written with the
    record by `sync.server.write`): one query instead of reading and digesting the whole
    commune at every sync. Digests not known yet (records from before they were kept) are
    computed from the records first."""
    figures = _kept(conn, commune_code)
    if figures is None:
        figures = _fill_digests(conn.engine, commune_code)
    return figures


def _kept(conn: Connection, commune_code: int) -> dict[str, dict[str, Any]] | None:
    """The summaries from the kept digests; None when some digest is not known yet."""
    rows = conn.execute(
        select(
            record_seq.c.entity,
            func.count(),
            func.count(record_seq.c.digest_hi),
            func.sum(record_seq.c.digest_hi),
            func.sum(record_seq.c.digest_lo),
        )
        .where(record_seq.c.commune_code == commune_code)
        .group_by(record_seq.c.entity)
    ).all()
    out = {m.__tablename__: {"count": 0, "checksum": summarize(())[1]} for m in SYNCED_RECORDS}
    for entity, count, known, high, low in rows:
        if known != count:
            return None
        if entity in out:
            total = ((int(high) << 32) + int(low)) & _MASK
            out[entity] = {"count": int(count), "checksum": f"{total:016x}"}
    return out


def _fill_digests(engine: Engine, commune_code: int) -> dict[str, dict[str, Any]]:
    """Compute the digests not known yet, store them, and sum. In its own transaction, holding
    the commune's row as every writer of its records does: no record changes between being
    read here and its digest being stored."""
    with engine.begin() as conn:
        conn.execute(
            update(communes)
            .where(communes.c.code == commune_code)
            .values(last_seq=communes.c.last_seq)
        )
        missing = conn.execute(
            select(record_seq.c.entity, record_seq.c.record_id).where(
                record_seq.c.commune_code == commune_code, record_seq.c.digest_hi.is_(None)
            )
        ).all()
        by_entity: dict[str, list[str]] = {}
        for entity, record_id in missing:
            by_entity.setdefault(entity, []).append(record_id)
        for entity, ids in by_entity.items():
            table = RECORD_TABLES[entity]
            for i in range(0, len(ids), 500):
                found = conn.execute(select(table).where(table.c.id.in_(ids[i : i + 500])))
                rows = [
                    {"k_entity": entity, "k_id": r.id, **_halves(record_digest(r._asdict()))}
                    for r in found
                ]
                if rows:
                    conn.execute(_SET_DIGEST, rows)
        figures = _kept(conn, commune_code)
        if figures is None:  # a sequence row whose record is gone: count what is there
            log.error("commune %s: change sequence names records it lacks", commune_code)
            figures = recomputed_summaries(conn, commune_code)
        return figures


_MASK = 0xFFFFFFFFFFFFFFFF
_SET_DIGEST = (
    update(record_seq)
    .where(
        record_seq.c.entity == bindparam("k_entity"),
        record_seq.c.record_id == bindparam("k_id"),
    )
    .values(digest_hi=bindparam("v_hi"), digest_lo=bindparam("v_lo"))
)


def _halves(digest: int) -> dict[str, int]:
    return {"v_hi": digest >> 32, "v_lo": digest & 0xFFFFFFFF}


def check_kept(engine: Engine, commune_code: int) -> bool:
    """Compare the kept summaries with a computation from scratch (`sotn-server
    check-summaries`). When they differ (records changed behind the server's back: a hand edit
    in the database, a restore of some tables only), the commune's digests are computed again
    from its records. True when they agreed."""
    with engine.connect() as conn:
        agreed = summaries(conn, commune_code) == recomputed_summaries(conn, commune_code)
    if not agreed:
        log.warning(
            "commune %s: kept digests differ from its records; computed again", commune_code
        )
        with engine.begin() as conn:
            conn.execute(
                update(record_seq)
                .where(record_seq.c.commune_code == commune_code)
                .values(digest_hi=None, digest_lo=None)
            )
        _fill_digests(engine, commune_code)
    return agreed


def recomputed_summaries(conn: Connection, commune_code: int) -> dict[str, dict[str, Any]]:
    """The same figures computed from scratch over every record of the commune: what the kept
    digests must always add up to (tests, `sotn-server check-summaries`)."""
    out: dict[str, dict[str, Any]] = {}
    for model in SYNCED_RECORDS:
        table = RECORD_TABLES[model.__tablename__]
        result = conn.execute(select(table).where(table.c.commune_code == commune_code))
        count, checksum = summarize(record_digest(r._asdict()) for r in result)
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
