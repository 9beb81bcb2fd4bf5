"""Storing a merged batch: record rows, the commune's change sequence, the batch's answer
(so a replay gets the same one) and its conflicts."""

from __future__ import annotations

import logging
import weakref
from typing import Any

from sqlalchemy import Connection, Dialect, Table, bindparam, insert, update

from desktop.ledger.records import SYNCED_RECORDS
from sync.protocol import PushResult, record_digest
from sync.server.accounts import Principal, now
from sync.server.merge import Work
from sync.server.tables import RECORD_TABLES, batches, communes, conflicts, record_seq
from sync.server.values import stored, stored_row

log = logging.getLogger(__name__)
_ORDER = {m.__tablename__: i for i, m in enumerate(SYNCED_RECORDS)}


def write(conn: Connection, work: Work, commune_code: int, seq: int) -> int:
    """Store the merged records, each with the next sequence number and its digest (the
    convergence summaries add these up, so every row written here gets its digest here)."""
    digests: dict[tuple[str, str], int] = {}
    by_entity: dict[str, list[tuple[str, str]]] = {}
    for key in work.inserts:
        by_entity.setdefault(key[0], []).append(key)
    for entity in sorted(by_entity, key=_ORDER.__getitem__):
        rows = []
        for key in by_entity[entity]:
            row = stored_row(entity, work.inserts[key])
            digests[key] = record_digest(row)
            rows.append(row)
        _insert_rows(conn, RECORD_TABLES[entity], rows)
    changed: dict[tuple[str, frozenset[str]], list[dict[str, Any]]] = {}
    for key, values in work.updates.items():
        entity = key[0]
        state = work.state[key]
        assert state is not None
        digests[key] = record_digest(stored(entity, state))
        row = stored(entity, values)
        changed.setdefault((entity, frozenset(row)), []).append({"k_id": key[1], **_v(row)})
    for (entity, names), rows in changed.items():
        table = RECORD_TABLES[entity]
        statement = (
            update(table)
            .where(table.c.id == bindparam("k_id"))
            .values({n: bindparam(f"v_{n}") for n in names})
        )
        conn.execute(statement, rows)
    if not work.touched:
        return seq
    existing = []
    fresh = []
    for key, origin in work.touched.items():
        seq += 1
        digest = digests.get(key)
        if digest is None:  # touched but not written: cannot be (merge writes what it touches)
            raise RuntimeError(f"no digest for {key}")
        row = {"seq": seq, **_origin(origin), **_halves(digest)}
        if key in work.seqs:
            existing.append({"k_entity": key[0], "k_id": key[1], **_v(row)})
        else:
            fresh.append(
                {"entity": key[0], "record_id": key[1], "commune_code": commune_code, **row}
            )
    if existing:
        conn.execute(_SEQ_UPDATE, existing)
    if fresh:
        _insert_rows(conn, record_seq, fresh)
    conn.execute(update(communes).where(communes.c.code == commune_code).values(last_seq=seq))
    return seq


_SEQ_UPDATE = (
    update(record_seq)
    .where(
        record_seq.c.entity == bindparam("k_entity"),
        record_seq.c.record_id == bindparam("k_id"),
    )
    .values(
        {
            n: bindparam(f"v_{n}")
            for n in ("seq", "origin_device", "origin_epoch", "digest_hi", "digest_lo")
        }
    )
)


def _v(row: dict[str, Any]) -> dict[str, Any]:
    # An UPDATE's bound values must not share a name with its columns.
    return {f"v_{k}": v for k, v in row.items()}


def _halves(digest: int) -> dict[str, int]:
    """A 64-bit digest as two 32-bit halves: their sums never overflow a SQL integer."""
    return {"digest_hi": digest >> 32, "digest_lo": digest & 0xFFFFFFFF}


def _origin(origin: tuple[str, str] | None) -> dict[str, str | None]:
    device, epoch = origin if origin is not None else (None, None)
    return {"origin_device": device, "origin_epoch": epoch}


def _insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows through the driver's executemany. SQLAlchemy's own executemany builds
    and processes a parameter set per row, the larger part of storing a first sync; here each
    value goes only through its column's bind processor (the same conversion)."""
    if not rows:
        return
    sql, plan, named = _insert_plan(conn.dialect, table)
    if named:
        params: list[Any] = [
            {n: (v if p is None else p(v)) for n, p in plan for v in (r[n],)} for r in rows
        ]
    else:
        params = [tuple(v if p is None else p(v) for n, p in plan for v in (r[n],)) for r in rows]
    conn.exec_driver_sql(sql, params)


_Plan = tuple[str, tuple[tuple[str, Any], ...], bool]
# Per dialect object (an engine's), weakly: a new engine never finds another one's plan.
_PLANS: weakref.WeakKeyDictionary[Dialect, dict[str, _Plan]] = weakref.WeakKeyDictionary()


def _insert_plan(dialect: Dialect, table: Table) -> _Plan:
    """The INSERT naming every column, compiled once per dialect, and each bound column with
    its bind processor, in the order the statement takes them."""
    plans = _PLANS.setdefault(dialect, {})
    if table.name not in plans:
        compiled = insert(table).compile(
            dialect=dialect, column_keys=[c.key for c in table.columns]
        )
        processors = {
            c.key: c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns
        }
        order = compiled.positiontup
        names = list(order) if order is not None else [c.key for c in table.columns]
        plans[table.name] = (
            compiled.string,
            tuple((n, processors[n]) for n in names),
            order is None,
        )
    return plans[table.name]


def record_result(
    conn: Connection,
    principal: Principal,
    commune_code: int,
    batch: dict[str, Any],
    batch_id: str,
    result: PushResult,
) -> None:
    at = now()
    conn.execute(
        insert(batches).values(
            id=batch_id,
            device_id=principal.device_id,
            epoch=batch["epoch"],
            last_seq=batch["last_seq"],
            result=result.model_dump(mode="json"),
            applied_at=at,
        )
    )
    if result.conflicts:
        conn.execute(
            insert(conflicts),
            [
                {
                    "commune_code": commune_code,
                    "device_id": principal.device_id,
                    "entity": c.entity,
                    "record_id": c.record_id,
                    "field": c.field,
                    "server_value": c.server_value,
                    "device_value": c.device_value,
                    "kind": c.kind,
                    "at": at,
                }
                for c in result.conflicts
            ],
        )
    for r in result.rejected:
        log.warning(
            "device %s: change %s of %s %s rejected: %s",
            principal.device_id,
            r.seq,
            r.entity,
            r.record_id,
            r.reason,
        )
