"""Applying a pushed batch in one transaction (see `sync.server.merge` for how changes merge
per field, `sync.server.write` for how the outcome is stored), and the province's own changes
made on the server (`server_write`)."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from sync.protocol import NOT_CONTENT, PushResult, Rejected
from sync.server import register
from sync.server.accounts import Principal, ServerRole, now
from sync.server.check import BatchError, check_batch
from sync.server.merge import Work, apply_change, load, reject, set_fields
from sync.server.tables import RECORD_TABLES, batches, communes
from sync.server.values import columns_of, problems
from sync.server.write import record_result, write

__all__ = ["BatchError", "apply_batch", "apply_batch_safely", "server_write", "stored_result"]

log = logging.getLogger(__name__)


def stored_result(conn: Connection, batch_id: str) -> PushResult | None:
    row = conn.execute(select(batches.c.result).where(batches.c.id == batch_id)).first()
    return None if row is None else PushResult.model_validate(row.result)


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
    work = _merged(conn, principal, commune_code, changes, batch)
    seq = write(conn, work, commune_code, int(row.last_seq))
    result = PushResult(
        batch_id=batch_id,
        last_seq=batch["last_seq"],
        accepted=work.accepted,
        unchanged=work.unchanged,
        conflicts=work.conflicts,
        rejected=work.rejected,
        server_seq=seq,
    )
    record_result(conn, principal, commune_code, batch, batch_id, result)
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
        record_result(conn, principal, commune_code, batch, batch_id, total)
        return total


def _apply_part(
    conn: Connection, principal: Principal, commune_code: int, batch: dict[str, Any]
) -> PushResult:
    row = conn.execute(
        select(communes.c.last_seq).where(communes.c.code == commune_code).with_for_update()
    ).one()
    work = _merged(conn, principal, commune_code, batch["changes"], batch)
    seq = write(conn, work, commune_code, int(row.last_seq))
    return PushResult(
        batch_id="",
        last_seq=0,
        accepted=work.accepted,
        unchanged=work.unchanged,
        conflicts=work.conflicts,
        rejected=work.rejected,
        server_seq=seq,
    )


def _merged(
    conn: Connection,
    principal: Principal,
    commune_code: int,
    changes: list[dict[str, Any]],
    batch: dict[str, Any],
) -> Work:
    """The batch's changes decided against the records they touch, nothing written yet."""
    work = load(conn, changes, principal.device_id, batch)
    work.from_commune = principal.role is ServerRole.commune
    replayed = applied_up_to(conn, principal.device_id, batch["epoch"])
    for change in changes:
        if change["seq"] <= replayed:  # already applied in an earlier batch (a replay)
            work.unchanged += 1
            continue
        taken = register.taken_number(conn, work, change)
        if taken:
            reject(work, change, taken)
            continue
        apply_change(work, change, commune_code)
    return work


def applied_up_to(conn: Connection, device: str, epoch: str) -> int:
    value = conn.execute(
        select(func.max(batches.c.last_seq)).where(
            batches.c.device_id == device, batches.c.epoch == epoch
        )
    ).scalar()
    return int(value or 0)


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
    work = load(conn, [{"entity": entity, "id": record_id}], "", {"epoch": "", "cursor": 0})
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
        set_fields(work, key, take, {"at": at})
    work.touched[key] = None  # no device: every device of the commune pulls it
    write(conn, work, commune_code, int(row.last_seq))
    result = work.state[key]
    assert result is not None
    return result
