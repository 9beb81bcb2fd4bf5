"""Merging pushed changes into the server's records, per field, in memory.

Each change carries the values its fields had before the officer's edit. A field whose server
value still equals that "before" takes the new value; a field already equal to the new value
is unchanged; any other server value means both sides changed it since they last agreed: a
conflict, reported with both values, and the server keeps its own until an officer decides.
A deletion against a record changed elsewhere since the device's cursor, and an edit against a
record deleted here, are conflicts too. Nothing is overwritten silently.

`load` reads the records a batch touches, `apply_change` decides each change against them, and
`sync.server.write` stores the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from desktop.ledger.records import ReferenceDocument
from sync.protocol import NOT_CONTENT, Conflict, Rejected
from sync.server.tables import RECORD_TABLES, record_seq
from sync.server.values import columns_of, problems, to_wire

_CHUNK = 500
# Records only the province writes: a commune receives them but cannot change them.
PROVINCE_ONLY = frozenset({ReferenceDocument.__tablename__})


@dataclass
class Work:
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


def load(
    conn: Connection, changes: list[dict[str, Any]], device: str, batch: dict[str, Any]
) -> Work:
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
    return Work(state=state, seqs=seqs, device=device, epoch=batch["epoch"], cursor=batch["cursor"])


def reject(work: Work, change: dict[str, Any], reason: str) -> None:
    work.rejected.append(
        Rejected(seq=change["seq"], entity=change["entity"], record_id=change["id"], reason=reason)
    )


def apply_change(work: Work, change: dict[str, Any], commune_code: int) -> None:
    entity, record_id = change["entity"], change["id"]
    if entity not in RECORD_TABLES:
        reject(work, change, f"Loại bản ghi không có: {entity}")
        return
    if entity in PROVINCE_ONLY and work.from_commune:
        reject(work, change, "Văn bản do tỉnh ban hành; xã không sửa được.")
        return
    key = (entity, record_id)
    after: dict[str, Any] = dict(change.get("after") or {})
    before: dict[str, Any] = dict(change.get("before") or {})
    unknown = set(after) - columns_of(entity)
    if unknown:
        reject(work, change, f"Trường không có: {', '.join(sorted(unknown))}")
        return
    current = work.state.get(key)
    if current is not None and current.get("commune_code") != commune_code:
        reject(work, change, "Bản ghi thuộc xã khác.")
        return
    if current is None:
        if change["action"] != "create":
            reject(work, change, "Máy chủ chưa có bản ghi này.")
            return
        after["commune_code"] = after.get("commune_code", commune_code)
        if after["commune_code"] != commune_code:
            reject(work, change, "Bản ghi thuộc xã khác.")
            return
        after["id"] = record_id
        after.setdefault("revision", 1)
        after.setdefault("modified_at", change.get("at"))
        found = problems(entity, after)
        if found:
            reject(work, change, "; ".join(found.values()))
            return
        work.state[key] = after
        work.inserts[key] = after
        work.accepted += 1
        work.touched[key] = (work.device, work.epoch)
        return
    changed_elsewhere = changed_since(work, key)
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
        set_fields(work, key, {"deleted": True}, change)
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
        reject(work, change, "; ".join(found.values()))
        return
    set_fields(work, key, take, change)


def changed_since(work: Work, key: tuple[str, str]) -> bool:
    """Changed on the server by someone else after the device last pulled."""
    seen = work.seqs.get(key)
    if seen is None:
        return False
    seq, origin = seen
    return seq > work.cursor and origin != work.device


def set_fields(
    work: Work, key: tuple[str, str], take: dict[str, Any], change: dict[str, Any]
) -> None:
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
    mixed = mixed or (changed_since(work, key) and key not in work.inserts)
    work.touched[key] = None if mixed else (work.device, work.epoch)
