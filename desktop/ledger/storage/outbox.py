"""The change log read as the sync outbox: the one module the sync client needs from storage.

Contract (what the sync can rely on):

- **Device.** `device_id()` is 32 hex characters, made once when the ledger was created (or
  migrated to this schema) and never changed. A restored backup of this ledger keeps it.
- **Sequence.** Every change-log entry has a `seq` that grows by one per entry and is never
  reused within one database, even after deletions (SQLite AUTOINCREMENT).
- **Epochs.** A restore brings back an older database, whose last seq numbers the server may
  already have seen with other content. The restore calls `start_epoch()`, which opens a new
  epoch (a random 32-hex id) starting at the next seq. An entry's epoch is the one whose
  `first_seq` is the highest not above the entry's seq. So `(device_id, epoch, seq)` names
  one entry for good: a server that sees a new epoch knows the device was restored and that
  entries of that epoch are new, while an entry it already holds under the same triple is a
  replay to ignore.
- **Pending.** `pending()` returns entries made on this device (origin `local`) of records that
  travel (`SYNCED_RECORDS`: never officer accounts or the commune set-up), in seq order,
  after the acknowledged seq (or after `after`), at most `limit` at a time. Entries received
  from the server (origin `server`, written by `save(..., origin=ChangeOrigin.server)`) are
  never returned.
- **Payload.** `before`/`after` hold the changed fields as JSON values (enums as their value,
  dates as ISO text). A create has `before=None` and `after` with every non-empty field and
  the id (the change log stores a create compactly, without defaults: `pending()` gives it
  back whole; derived search keys are not sent). An
  update has both, with only the fields that changed. A delete is `{"deleted": false}` →
  `{"deleted": true}` and comes with its children's deletes (see writes.delete).
- **Acknowledgement.** `acknowledge(seq)` records that the server stored every pending entry
  up to `seq`; it never goes back, and a restore brings back the value the backup had (so the
  entries after it are offered again, under their old epoch: replays the server ignores).

Every function takes a session: reads work in `Ledger.read()`, writes (`start_epoch`,
`acknowledge`) need `Ledger.session()`, the writer, and commit with it.
"""

from __future__ import annotations

import bisect
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from desktop.ledger.records import SYNCED_RECORDS, ChangeAction, ChangeEntry, ChangeOrigin
from desktop.ledger.records.base import utcnow
from desktop.ledger.records.device import DeviceState, Epoch
from desktop.ledger.storage.writes import full_create

PAGE = 500
_MODELS = {record.__tablename__: record for record in SYNCED_RECORDS}
_SYNCED = tuple(_MODELS)


@dataclass(frozen=True)
class OutboxEntry:
    seq: int
    epoch: str
    entity: str
    record_id: str
    revision: int
    action: ChangeAction
    officer: str
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _state(session: Session) -> DeviceState:
    state = session.get(DeviceState, 1)
    if state is None:  # the migration made it: a ledger without it is a bug, not a user error
        raise RuntimeError("device_state is missing: the ledger was not migrated")
    return state


def device_id(session: Session) -> str:
    return _state(session).device_id


def _epochs(session: Session) -> list[Epoch]:
    return list(session.exec(select(Epoch).order_by(col(Epoch.first_seq))).all())


def current_epoch(session: Session) -> Epoch:
    return _epochs(session)[-1]


def _next_seq(session: Session) -> int:
    last = session.execute(
        text("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'")
    ).scalar_one_or_none()
    return int(last or 0) + 1


def device_id_of(path: Path) -> str | None:
    """The device id kept in the ledger file at `path`, or None if it cannot be read (no file,
    a damaged one, one from before the outbox). The restore keeps the live ledger's id."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT device_id FROM device_state WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


def start_epoch(session: Session, reason: str, *, device: str | None = None) -> Epoch:
    """Open a new epoch from the next seq on. The restore calls it on the restored data before
    that replaces the ledger, with `device` the id of the ledger being replaced: the device
    stays the same device, only its history went back."""
    if device is not None:
        state = _state(session)
        state.device_id = device
        session.add(state)
    first = _next_seq(session)
    empty = session.exec(select(Epoch).where(Epoch.first_seq == first)).first()
    if empty is not None:  # two restores in a row: the earlier epoch holds no entry
        session.delete(empty)
        session.flush()
    epoch = Epoch(id=secrets.token_hex(16), first_seq=first, started_at=utcnow(), reason=reason)
    session.add(epoch)
    session.flush()
    return epoch


def acknowledged(session: Session) -> int:
    return _state(session).acked_seq


def acknowledge(session: Session, seq: int) -> None:
    """The server stored every pending entry up to `seq`. Never moves backwards."""
    last = _next_seq(session) - 1
    if seq > last:
        raise ValueError(f"acknowledged seq {seq} was never logged here (last is {last})")
    state = _state(session)
    if seq > state.acked_seq:
        state.acked_seq = seq
        state.acked_at = utcnow()
        session.add(state)
        session.flush()


def _pending_query(after: int) -> SelectOfScalar[ChangeEntry]:
    return select(ChangeEntry).where(
        col(ChangeEntry.seq) > after,
        ChangeEntry.origin == ChangeOrigin.local,
        col(ChangeEntry.entity).in_(_SYNCED),
    )


def pending(session: Session, *, after: int | None = None, limit: int = PAGE) -> list[OutboxEntry]:
    """The next page of entries to send, oldest first (see the module's contract)."""
    start = acknowledged(session) if after is None else after
    # Plain rows, not ORM objects: a first sync reads tens of thousands of entries, and the
    # identity map costs more than the rest of building a batch.
    log = ChangeEntry.__table__.c  # type: ignore[attr-defined]
    query = (
        sa_select(
            log.seq,
            log.entity,
            log.record_id,
            log.revision,
            log.action,
            log.officer,
            log.at,
            log.before,
            log.after,
        )
        .where(log.seq > start, log.origin == ChangeOrigin.local, log.entity.in_(_SYNCED))
        .order_by(log.seq)
        .limit(limit)
    )
    rows = session.execute(query)
    epochs = _epochs(session)
    firsts = [e.first_seq for e in epochs]
    entries = []
    for entry in rows:
        epoch = epochs[max(bisect.bisect_right(firsts, entry.seq) - 1, 0)]
        entries.append(
            OutboxEntry(
                seq=entry.seq,
                epoch=epoch.id,
                entity=entry.entity,
                record_id=entry.record_id,
                revision=entry.revision,
                action=entry.action,
                officer=entry.officer,
                at=entry.at,
                before=entry.before,
                after=(
                    full_create(_MODELS[entry.entity], entry.record_id, entry.after or {})
                    if entry.action == ChangeAction.create
                    else entry.after
                ),
            )
        )
    return entries


def pending_count(session: Session) -> int:
    query = _pending_query(acknowledged(session)).with_only_columns(func.count())
    return int(session.execute(query).scalar_one())
