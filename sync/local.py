"""The desktop's side of the sync, with no network: batches read from the outbox, pulled
records written through the ledger's own write path (origin "server", so never sent back),
conflicts kept for an officer, and the per-type count and checksum of the local records."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from desktop.ledger.records import (
    ChangeAction,
    ChangeEntry,
    ChangeOrigin,
    SyncConflict,
    SyncState,
    utcnow,
)
from desktop.ledger.storage import outbox
from desktop.ledger.storage.writes import jsonable, save
from sync import checksums
from sync.packing import pack
from sync.protocol import MAX_BATCH_BYTES, NOT_CONTENT, Conflict, compress
from sync.wire import MODELS, from_wire

log = logging.getLogger(__name__)
SERVER_OFFICER = "máy chủ tỉnh"
# Logged as the officer of a record sent again because the server no longer had it.
RESEND_OFFICER = "đồng bộ: gửi lại"
# Entries per batch to try first; a batch over MAX_BATCH_BYTES compressed is cut in half.
FIRST_TRY = 3000
_SKIP_ON_PULL = {"id", "revision", "modified_at", "commune_code"}


def sync_state(session: Session) -> SyncState | None:
    return session.get(SyncState, 1)


def build_batch(
    session: Session,
    device_id: str,
    cursor: int,
    *,
    first: int | None = None,
    last: int | None = None,
    after: int | None = None,
) -> tuple[dict[str, Any], bytes] | None:
    """The next batch of pending entries, compressed, or None when nothing is pending.

    Entries of one epoch only (the server counts replays per epoch). Given `first`/`last`
    (a batch cut off earlier), the same entries again, to the same bytes. Given `after`, the
    batch that follows the one ending at that seq (sent but not yet answered)."""
    if first is not None and last is not None and first > outbox.acknowledged(session):
        entries = [
            e
            for e in outbox.pending(session, after=first - 1, limit=last - first + 1)
            if e.seq <= last
        ]
        if entries and entries[0].seq == first:
            return _pack(entries, device_id, cursor)
    entries = outbox.pending(session, after=after, limit=FIRST_TRY)
    if not entries:
        return None
    epoch = entries[0].epoch
    entries = [e for e in entries if e.epoch == epoch]
    while True:
        batch, blob = _pack(entries, device_id, cursor)
        if len(blob) <= MAX_BATCH_BYTES or len(entries) == 1:
            return batch, blob
        entries = entries[: len(entries) // 2]


def _pack(
    entries: list[outbox.OutboxEntry], device_id: str, cursor: int
) -> tuple[dict[str, Any], bytes]:
    from sync.protocol import batch_id

    first, last, epoch = entries[0].seq, entries[-1].seq, entries[0].epoch
    batch: dict[str, Any] = {
        "batch_id": batch_id(device_id, epoch, first, last),
        "device_id": device_id,
        "epoch": epoch,
        "first_seq": first,
        "last_seq": last,
        "cursor": cursor,
        "changes": [
            {
                "seq": e.seq,
                "entity": e.entity,
                "id": e.record_id,
                "action": e.action.value,
                "before": e.before,
                "after": e.after,
                "officer": e.officer,
                "at": e.at,
            }
            for e in entries
        ],
    }
    # On the wire the changes go packed by column (sync/packing.py): about half the bytes.
    wire = {k: v for k, v in batch.items() if k != "changes"}
    wire["packed"] = pack(batch["changes"])
    return batch, compress(wire)


def pending_fields(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], set[str]]:
    """Fields of these records that have local changes the server has not acknowledged."""
    ids = sorted({record_id for _, record_id in keys})
    out: dict[tuple[str, str], set[str]] = {}
    acked = outbox.acknowledged(session)
    for i in range(0, len(ids), 500):
        rows = session.exec(
            select(ChangeEntry.entity, ChangeEntry.record_id, ChangeEntry.after).where(
                col(ChangeEntry.seq) > acked,
                ChangeEntry.origin == ChangeOrigin.local,
                col(ChangeEntry.record_id).in_(ids[i : i + 500]),
            )
        )
        for entity, record_id, after in rows:
            out.setdefault((entity, record_id), set()).update((after or {}).keys())
    return out


def apply_records(session: Session, records: list[dict[str, Any]]) -> int:
    """Write pulled records through the write path; a field with a local change not yet sent
    keeps the local value (the push that follows lets the server decide). Returns how many
    records changed here."""
    busy = pending_fields(session, ((r["e"], r["v"]["id"]) for r in records))
    changed = 0
    for rec in records:
        entity, values = rec["e"], from_wire(rec["e"], rec["v"])
        model = MODELS.get(entity)
        if model is None:
            continue
        local = session.get(model, values["id"])
        keep = busy.get((entity, values["id"]), set())
        try:
            if local is None:
                record = model(**{k: v for k, v in values.items() if k not in NOT_CONTENT})
                save(session, record, officer=SERVER_OFFICER, origin=ChangeOrigin.server)
                changed += 1
                continue
            dirty = False
            for name, value in values.items():
                if name in _SKIP_ON_PULL or name in keep or name == "search_text":
                    continue
                if getattr(local, name) != value:
                    setattr(local, name, value)
                    dirty = True
            if dirty:
                save(session, local, officer=SERVER_OFFICER, origin=ChangeOrigin.server)
                changed += 1
        except ValueError as exc:  # the server holds something this version cannot take
            log.warning("pulled %s %s not applied: %s", entity, values["id"], exc)
            session.add(
                SyncConflict(
                    entity=entity,
                    record_id=values["id"],
                    field="*",
                    kind="rejected",
                    local_value=None,
                    server_value=str(exc)[:400],
                )
            )
    return changed


def record_conflicts(session: Session, conflicts: list[Conflict]) -> None:
    """Keep each conflict for an officer, and let the server's value stand here too, so both
    sides agree until the officer chooses (nothing is lost: the local value is in the row)."""
    for c in conflicts:
        session.add(
            SyncConflict(
                entity=c.entity,
                record_id=c.record_id,
                field=c.field,
                kind=c.kind,
                local_value=c.device_value,
                server_value=c.server_value,
            )
        )
        model = MODELS.get(c.entity)
        record = session.get(model, c.record_id) if model else None
        if record is None:
            continue
        if c.kind == "field":
            value = from_wire(c.entity, {c.field: c.server_value})[c.field]
            setattr(record, c.field, value)
        elif c.kind in ("edit_vs_delete", "delete_vs_edit"):
            record.deleted = bool(c.server_value)
        save(session, record, officer=SERVER_OFFICER, origin=ChangeOrigin.server)


def record_rejections(session: Session, rejected: list[Any]) -> None:
    for r in rejected:
        session.add(
            SyncConflict(
                entity=r.entity,
                record_id=r.record_id,
                field="*",
                kind="rejected",
                local_value=None,
                server_value=r.reason,
            )
        )


def open_conflicts(session: Session) -> list[SyncConflict]:
    return list(
        session.exec(
            select(SyncConflict)
            .where(col(SyncConflict.resolved_at).is_(None))
            .order_by(col(SyncConflict.id))
        ).all()
    )


def resolve_conflict(session: Session, conflict_id: int, keep: str, *, officer: str) -> None:
    """Settle a conflict: keep the server's value ("server"), or the officer's own ("local"),
    which is saved as a new local change and so sent to the server on the next sync."""
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        raise ValueError("Xung đột này đã được giải quyết.")
    if keep == "local" and conflict.kind != "rejected":
        model = MODELS[conflict.entity]
        record = session.get(model, conflict.record_id)
        if record is None:
            raise ValueError("Không còn bản ghi này trong sổ.")
        if conflict.kind == "field":
            value = from_wire(conflict.entity, {conflict.field: conflict.local_value})
            setattr(record, conflict.field, value[conflict.field])
        elif conflict.kind == "edit_vs_delete":
            record.deleted = False
            edits = conflict.local_value if isinstance(conflict.local_value, dict) else {}
            for name, value in from_wire(conflict.entity, edits).items():
                if name not in _SKIP_ON_PULL and name != "deleted":
                    setattr(record, name, value)
        elif conflict.kind == "delete_vs_edit":
            record.deleted = True
        save(session, record, officer=officer)
    conflict.resolved_at = utcnow()
    conflict.resolution = keep
    session.add(conflict)


def summaries(session: Session, commune_code: int) -> dict[str, dict[str, Any]]:
    """Count and checksum per record type (kept up to date by `sync/checksums.py`); needs the
    writer's transaction, which brings the kept digests up to date first."""
    return checksums.summaries(session, commune_code)


def digests(session: Session, entity: str, commune_code: int) -> dict[str, int]:
    return checksums.digests(session, entity, commune_code)


def repair_records(session: Session, records: list[dict[str, Any]]) -> int:
    """Bring records that differ from the server's copy to the server's state (a repair pull
    after a checksum mismatch). Where this laptop's own last change to a record was already
    acknowledged, the server should hold it; that it does not (a server restored from an
    older backup) is shown as a conflict per field, both values kept, not quietly undone."""
    if not records:
        return 0
    busy = pending_fields(session, ((r["e"], r["v"]["id"]) for r in records))
    for rec in records:
        entity, values = rec["e"], from_wire(rec["e"], rec["v"])
        model = MODELS.get(entity)
        mine = session.get(model, values["id"]) if model is not None else None
        if mine is None or not _last_change_was_ours(session, entity, values["id"]):
            continue
        keep = busy.get((entity, values["id"]), set())
        for name, value in values.items():
            if name in _SKIP_ON_PULL or name in NOT_CONTENT or name in keep:
                continue
            if getattr(mine, name) != value:
                session.add(
                    SyncConflict(
                        entity=entity,
                        record_id=values["id"],
                        field=name,
                        kind="field",
                        local_value=jsonable(getattr(mine, name)),
                        server_value=rec["v"].get(name),
                    )
                )
    return apply_records(session, records)


def _last_change_was_ours(session: Session, entity: str, record_id: str) -> bool:
    origin = session.exec(
        select(ChangeEntry.origin)
        .where(ChangeEntry.record_id == record_id, ChangeEntry.entity == entity)
        .order_by(col(ChangeEntry.seq).desc())
        .limit(1)
    ).first()
    return origin == ChangeOrigin.local


def resend_missing(session: Session, entity: str, commune_code: int, server_ids: set[str]) -> int:
    """Records of `entity` this laptop holds and the server does not (it lost them): logged
    again as new local changes carrying the whole record, so the next push sends them. A
    repair pull never drops them. Returns how many."""
    model = MODELS[entity]
    table = model.__table__  # type: ignore[attr-defined]
    ids = [
        r.id
        for r in session.execute(select(table.c.id).where(table.c.commune_code == commune_code))
        if r.id not in server_ids
    ]
    for record_id in ids:
        record = session.get(model, record_id)
        assert record is not None
        # A new revision: the change log holds each (record, revision) once.
        record.revision += 1
        record.modified_at = utcnow()
        session.add(record)
        values = {
            k: jsonable(v)
            for k, v in record.model_dump(warnings=False).items()
            if v is not None and k not in ("revision", "modified_at")
        }
        session.add(
            ChangeEntry(
                entity=entity,
                record_id=record_id,
                revision=record.revision,
                action=ChangeAction.create,
                officer=RESEND_OFFICER,
                at=record.modified_at,
                before=None,
                after=values,
                origin=ChangeOrigin.local,
            )
        )
        log.warning("%s %s is not on the server: sent again", entity, record_id)
    session.flush()
    return len(ids)
