"""Storing a merged batch: record rows, the commune's change sequence, the batch's answer
(so a replay gets the same one) and its conflicts."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, insert, update

from desktop.ledger.records import SYNCED_RECORDS
from sync.protocol import PushResult
from sync.server.accounts import Principal, now
from sync.server.merge import Work
from sync.server.tables import RECORD_TABLES, batches, communes, conflicts, record_seq
from sync.server.values import to_column

log = logging.getLogger(__name__)
_ORDER = {m.__tablename__: i for i, m in enumerate(SYNCED_RECORDS)}


def write(conn: Connection, work: Work, commune_code: int, seq: int) -> int:
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for (entity, _), values in work.inserts.items():
        by_entity.setdefault(entity, []).append(values)
    for entity in sorted(by_entity, key=_ORDER.__getitem__):
        rows = [to_column(entity, v) for v in by_entity[entity]]
        _insert_rows(conn, entity, rows)
    for (entity, record_id), values in work.updates.items():
        table = RECORD_TABLES[entity]
        conn.execute(update(table).where(table.c.id == record_id).values(to_column(entity, values)))
    if not work.touched:
        return seq
    existing = [k for k in work.touched if k in work.seqs]
    fresh = [k for k in work.touched if k not in work.seqs]
    for key in existing:
        seq += 1
        conn.execute(
            update(record_seq)
            .where(record_seq.c.entity == key[0], record_seq.c.record_id == key[1])
            .values(seq=seq, **_origin(work.touched[key]))
        )
    rows = []
    for key in fresh:
        seq += 1
        rows.append(
            {
                "entity": key[0],
                "record_id": key[1],
                "commune_code": commune_code,
                "seq": seq,
                **_origin(work.touched[key]),
            }
        )
    if rows:
        conn.execute(insert(record_seq), rows)
    conn.execute(update(communes).where(communes.c.code == commune_code).values(last_seq=seq))
    return seq


def _origin(origin: tuple[str, str] | None) -> dict[str, str | None]:
    device, epoch = origin if origin is not None else (None, None)
    return {"origin_device": device, "origin_epoch": epoch}


def _insert_rows(conn: Connection, entity: str, rows: Iterable[dict[str, Any]]) -> None:
    table = RECORD_TABLES[entity]
    # executemany wants every row to name the same columns; absent ones take their default.
    rows = list(rows)
    names = sorted({k for r in rows for k in r})
    defaults = {c.name: _default(c) for c in table.columns}
    full = [{n: r.get(n, defaults.get(n)) for n in names} for r in rows]
    conn.execute(insert(table), full)


def _default(column: Any) -> Any:
    if column.default is not None and column.default.is_scalar:
        return column.default.arg
    return None


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
