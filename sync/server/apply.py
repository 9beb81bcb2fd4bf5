"""Applying a pushed batch in one transaction, merging per field.

Each change carries the values its fields had before the officer's edit. A field whose server
value still equals that "before" takes the new value; a field already equal to the new value
is unchanged; any other server value means both sides changed it since they last agreed: a
conflict, reported with both values, and the server keeps its own until an officer decides.
A deletion against a record changed elsewhere since the device's cursor, and an edit against a
record deleted here, are conflicts too. Nothing is overwritten silently.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from desktop.ledger.records import SYNCED_RECORDS, ReferenceDocument
from sync.protocol import NOT_CONTENT, Conflict, PushResult, Rejected
from sync.server import register
from sync.server.accounts import Principal, ServerRole, now
from sync.server.tables import RECORD_TABLES, batches, communes, conflicts, record_seq
from sync.server.values import columns_of, problems, to_column, to_wire

log = logging.getLogger(__name__)
_ORDER = {m.__tablename__: i for i, m in enumerate(SYNCED_RECORDS)}
_CHUNK = 500
# Records only the province writes: a commune receives them but cannot change them.
PROVINCE_ONLY = frozenset({ReferenceDocument.__tablename__})


class BatchError(ValueError):
    """The batch as a whole is unusable (wrong device, not a batch): HTTP 400/403."""


@dataclass
class _Work:
    state: dict[tuple[str, str], dict[str, Any] | None]  # wire values, None when absent
    seqs: dict[tuple[str, str], tuple[int, str | None]]  # record -> (seq, origin)
    inserts: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    updates: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    # record -> (origin device, origin epoch), or None when the record's latest state mixes
    # this device's change with one the device has not pulled yet.
    touched: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)
    device: str = ""
    epoch: str = ""
    cursor: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    accepted: int = 0
    unchanged: int = 0
    from_commune: bool = False  # a commune's device: the province's own records are refused


def stored_result(conn: Connection, batch_id: str) -> PushResult | None:
    row = conn.execute(select(batches.c.result).where(batches.c.id == batch_id)).first()
    return None if row is None else PushResult.model_validate(row.result)


def check_batch(batch: Any, principal: Principal, batch_id: str) -> list[dict[str, Any]]:
    if not isinstance(batch, dict) or not isinstance(batch.get("changes"), list):
        raise BatchError("Gói dữ liệu không đúng định dạng.")
    if batch.get("batch_id") != batch_id or batch.get("device_id") != principal.device_id:
        raise BatchError("Gói dữ liệu không thuộc thiết bị này.")
    for key in ("first_seq", "last_seq", "cursor"):
        if not isinstance(batch.get(key), int) or batch[key] < 0:
            raise BatchError(f"Gói dữ liệu thiếu {key}.")
    if not isinstance(batch.get("epoch"), str) or len(batch["epoch"]) != 32:
        raise BatchError("Gói dữ liệu thiếu kỳ (epoch).")
    changes = batch["changes"]
    for c in changes:
        if not (
            isinstance(c, dict)
            and isinstance(c.get("seq"), int)
            and isinstance(c.get("entity"), str)
            and isinstance(c.get("id"), str)
            and c.get("action") in ("create", "update", "delete")
            and isinstance(c.get("after") or {}, dict)
            and isinstance(c.get("before") or {}, dict)
        ):
            raise BatchError("Gói dữ liệu có thay đổi không đúng định dạng.")
    return changes


def apply_batch(
    conn: Connection, principal: Principal, commune_code: int, batch: dict[str, Any], batch_id: str
) -> PushResult:
    """Apply in the caller's transaction; the same batch id again gets the stored answer."""
    changes = check_batch(batch, principal, batch_id)
    # Lock the commune: its sequence numbers then commit in order (PostgreSQL; SQLite has one
    # writer anyway), and a replay racing its original waits and then finds the stored answer.
    row = conn.execute(
        select(communes.c.last_seq).where(communes.c.code == commune_code).with_for_update()
    ).first()
    if row is None:
        raise BatchError("Máy chủ chưa có xã này.")
    previous = stored_result(conn, batch_id)
    if previous is not None:
        return previous
    work = _load(conn, changes, principal.device_id, batch)
    work.from_commune = principal.role is ServerRole.commune
    replayed = _applied_up_to(conn, principal.device_id, batch["epoch"])
    for change in changes:
        if change["seq"] <= replayed:  # already applied in an earlier batch (a replay)
            work.unchanged += 1
            continue
        taken = register.taken_number(conn, work, change)
        if taken:
            _reject(work, change, taken)
            continue
        _apply_change(work, change, commune_code)
    seq = int(row.last_seq)
    seq = _write(conn, work, commune_code, seq)
    result = PushResult(
        batch_id=batch_id,
        last_seq=batch["last_seq"],
        accepted=work.accepted,
        unchanged=work.unchanged,
        conflicts=work.conflicts,
        rejected=work.rejected,
        server_seq=seq,
    )
    _record(conn, principal, commune_code, batch, batch_id, result)
    return result


def apply_batch_safely(
    conn_factory: Any, principal: Principal, commune_code: int, batch: dict[str, Any], batch_id: str
) -> PushResult:
    """One transaction; if the database refuses it (a reference to a record it lacks), each
    change is tried alone so the good ones land and the bad ones are reported."""
    try:
        with conn_factory() as conn:
            return apply_batch(conn, principal, commune_code, batch, batch_id)
    except IntegrityError as exc:
        log.warning("batch %s refused as a whole (%s); applying change by change", batch_id, exc)
    with conn_factory() as conn:
        changes = check_batch(batch, principal, batch_id)
        total = PushResult(
            batch_id=batch_id,
            last_seq=batch["last_seq"],
            accepted=0,
            unchanged=0,
            conflicts=[],
            rejected=[],
            server_seq=0,
        )
        for change in changes:
            one = dict(batch, changes=[change])
            try:
                with conn.begin_nested():
                    part = _apply_part(conn, principal, commune_code, one)
            except IntegrityError as exc:
                total.rejected.append(
                    Rejected(
                        seq=change["seq"],
                        entity=change["entity"],
                        record_id=change["id"],
                        reason=f"Cơ sở dữ liệu từ chối: {type(exc.orig).__name__}",
                    )
                )
                continue
            total.accepted += part.accepted
            total.unchanged += part.unchanged
            total.conflicts += part.conflicts
            total.rejected += part.rejected
            total.server_seq = max(total.server_seq, part.server_seq)
        _record(conn, principal, commune_code, batch, batch_id, total)
        return total


def _apply_part(
    conn: Connection, principal: Principal, commune_code: int, batch: dict[str, Any]
) -> PushResult:
    row = conn.execute(
        select(communes.c.last_seq).where(communes.c.code == commune_code).with_for_update()
    ).one()
    work = _load(conn, batch["changes"], principal.device_id, batch)
    work.from_commune = principal.role is ServerRole.commune
    replayed = _applied_up_to(conn, principal.device_id, batch["epoch"])
    for change in batch["changes"]:
        if change["seq"] <= replayed:
            work.unchanged += 1
            continue
        taken = register.taken_number(conn, work, change)
        if taken:
            _reject(work, change, taken)
            continue
        _apply_change(work, change, commune_code)
    seq = _write(conn, work, commune_code, int(row.last_seq))
    return PushResult(
        batch_id="",
        last_seq=0,
        accepted=work.accepted,
        unchanged=work.unchanged,
        conflicts=work.conflicts,
        rejected=work.rejected,
        server_seq=seq,
    )


def _applied_up_to(conn: Connection, device: str, epoch: str) -> int:
    value = conn.execute(
        select(func.max(batches.c.last_seq)).where(
            batches.c.device_id == device, batches.c.epoch == epoch
        )
    ).scalar()
    return int(value or 0)


def _load(
    conn: Connection, changes: list[dict[str, Any]], device: str, batch: dict[str, Any]
) -> _Work:
    wanted: dict[str, set[str]] = {}
    for c in changes:
        if c["entity"] in RECORD_TABLES:
            wanted.setdefault(c["entity"], set()).add(c["id"])
    state: dict[tuple[str, str], dict[str, Any] | None] = {}
    seqs: dict[tuple[str, str], tuple[int, str | None]] = {}
    for entity, ids in wanted.items():
        table = RECORD_TABLES[entity]
        id_list = sorted(ids)
        for i in range(0, len(id_list), _CHUNK):
            part = id_list[i : i + _CHUNK]
            for r in conn.execute(select(table).where(table.c.id.in_(part))):
                state[(entity, r.id)] = to_wire(dict(r._mapping))
            for r in conn.execute(
                select(record_seq.c.record_id, record_seq.c.seq, record_seq.c.origin_device).where(
                    record_seq.c.entity == entity, record_seq.c.record_id.in_(part)
                )
            ):
                seqs[(entity, r.record_id)] = (int(r.seq), r.origin_device)
        for record_id in ids:
            state.setdefault((entity, record_id), None)
    return _Work(
        state=state, seqs=seqs, device=device, epoch=batch["epoch"], cursor=batch["cursor"]
    )


def _reject(work: _Work, change: dict[str, Any], reason: str) -> None:
    work.rejected.append(
        Rejected(seq=change["seq"], entity=change["entity"], record_id=change["id"], reason=reason)
    )


def _apply_change(work: _Work, change: dict[str, Any], commune_code: int) -> None:
    entity, record_id = change["entity"], change["id"]
    if entity not in RECORD_TABLES:
        _reject(work, change, f"Loại bản ghi không có: {entity}")
        return
    if entity in PROVINCE_ONLY and work.from_commune:
        _reject(work, change, "Văn bản do tỉnh ban hành; xã không sửa được.")
        return
    key = (entity, record_id)
    after: dict[str, Any] = dict(change.get("after") or {})
    before: dict[str, Any] = dict(change.get("before") or {})
    unknown = set(after) - columns_of(entity)
    if unknown:
        _reject(work, change, f"Trường không có: {', '.join(sorted(unknown))}")
        return
    current = work.state.get(key)
    if current is not None and current.get("commune_code") != commune_code:
        _reject(work, change, "Bản ghi thuộc xã khác.")
        return
    if current is None:
        if change["action"] != "create":
            _reject(work, change, "Máy chủ chưa có bản ghi này.")
            return
        after["commune_code"] = after.get("commune_code", commune_code)
        if after["commune_code"] != commune_code:
            _reject(work, change, "Bản ghi thuộc xã khác.")
            return
        after["id"] = record_id
        after.setdefault("revision", 1)
        after.setdefault("modified_at", change.get("at"))
        found = problems(entity, after)
        if found:
            _reject(work, change, "; ".join(found.values()))
            return
        work.state[key] = after
        work.inserts[key] = after
        work.accepted += 1
        work.touched[key] = (work.device, work.epoch)
        return
    changed_elsewhere = _changed_since(work, key)
    if change["action"] == "delete":
        if current.get("deleted"):
            work.unchanged += 1
            return
        if changed_elsewhere:
            work.conflicts.append(
                Conflict(
                    entity=entity,
                    record_id=record_id,
                    field="deleted",
                    kind="delete_vs_edit",
                    server_value=False,
                    device_value=True,
                )
            )
            return
        _set(work, key, {"deleted": True}, change)
        return
    if current.get("deleted") and "deleted" not in after:
        # Edited on the device, deleted here: the deletion stands until an officer decides.
        work.conflicts.append(
            Conflict(
                entity=entity,
                record_id=record_id,
                field="deleted",
                kind="edit_vs_delete",
                server_value=True,
                device_value={k: after[k] for k in sorted(after)},
            )
        )
        return
    take: dict[str, Any] = {}
    for name, value in after.items():
        if name in ("id", "commune_code") or name in NOT_CONTENT:  # derived or local only
            continue
        have = current.get(name)
        if have == value:
            continue
        if change["action"] == "update" and name in before and before[name] == have:
            take[name] = value
        else:
            work.conflicts.append(
                Conflict(
                    entity=entity,
                    record_id=record_id,
                    field=name,
                    kind="field",
                    server_value=have,
                    device_value=value,
                )
            )
    if not take:
        work.unchanged += 1
        return
    found = problems(entity, {**current, **take})
    if found:
        _reject(work, change, "; ".join(found.values()))
        return
    _set(work, key, take, change)


def _changed_since(work: _Work, key: tuple[str, str]) -> bool:
    """Changed on the server by someone else after the device last pulled."""
    seen = work.seqs.get(key)
    if seen is None:
        return False
    seq, origin = seen
    return seq > work.cursor and origin != work.device


def _set(work: _Work, key: tuple[str, str], take: dict[str, Any], change: dict[str, Any]) -> None:
    current = work.state[key]
    assert current is not None
    current.update(take)
    current["revision"] = int(current.get("revision") or 1) + 1
    current["modified_at"] = change.get("at") or current.get("modified_at")
    if key in work.inserts:
        work.inserts[key] = current
    else:
        pending = work.updates.setdefault(key, {})
        pending.update(take)
        pending["revision"] = current["revision"]
        pending["modified_at"] = current["modified_at"]
    work.accepted += 1
    # A record changed here by someone else since the device's cursor keeps no single origin,
    # so the device's next pull still brings it the other change.
    mixed = key in work.touched and work.touched[key] is None
    mixed = mixed or (_changed_since(work, key) and key not in work.inserts)
    work.touched[key] = None if mixed else (work.device, work.epoch)


def _write(conn: Connection, work: _Work, commune_code: int, seq: int) -> int:
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


def _record(
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


def parse_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def server_write(
    conn: Connection,
    commune_code: int,
    entity: str,
    record_id: str,
    fields: dict[str, Any],
    *,
    create: bool = False,
) -> dict[str, Any]:
    """A change made at the province on the server itself (a correction, a decision, a target,
    a published reference document), in the caller's transaction. It takes the commune's next
    sequence number with no device as its origin, so every device of the commune pulls it; a
    device that changed the same field meanwhile gets a conflict when it pushes (its "before"
    no longer matches). Returns the record's values. BatchError (Vietnamese) when refused."""
    if entity not in RECORD_TABLES:
        raise BatchError(f"Không có loại bản ghi này: {entity}")
    unknown = set(fields) - columns_of(entity)
    if unknown:
        raise BatchError(f"Trường không có: {', '.join(sorted(unknown))}")
    row = conn.execute(
        select(communes.c.last_seq).where(communes.c.code == commune_code).with_for_update()
    ).first()
    if row is None:
        raise BatchError("Máy chủ chưa có xã này.")
    key = (entity, record_id)
    work = _load(conn, [{"entity": entity, "id": record_id}], "", {"epoch": "", "cursor": 0})
    current = work.state[key]
    at = now().isoformat()
    if current is None:
        if not create:
            raise BatchError("Máy chủ chưa có bản ghi này.")
        values = {
            **{k: v for k, v in fields.items() if k not in NOT_CONTENT},
            "id": record_id,
            "commune_code": commune_code,
            "revision": 1,
            "modified_at": at,
        }
        values.setdefault("deleted", False)
        found = problems(entity, values)
        if found:
            raise BatchError("; ".join(found.values()))
        work.state[key] = work.inserts[key] = values
    else:
        if current.get("commune_code") != commune_code:
            raise BatchError("Bản ghi thuộc xã khác.")
        take = {
            k: v
            for k, v in fields.items()
            if k not in ("id", "commune_code") and k not in NOT_CONTENT and current.get(k) != v
        }
        if not take:
            return current
        found = problems(entity, {**current, **take})
        if found:
            raise BatchError("; ".join(found.values()))
        _set(work, key, take, {"at": at})
    work.touched[key] = None  # no device: every device of the commune pulls it
    _write(conn, work, commune_code, int(row.last_seq))
    result = work.state[key]
    assert result is not None
    return result
