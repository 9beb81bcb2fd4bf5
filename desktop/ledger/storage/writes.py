"""The write path: every change to a synced record writes the record and its change-log entry
in the caller's transaction, so the audit trail and the sync outbox can never miss a change."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlmodel import Session

from desktop.ledger.records.base import ChangeAction, ChangeEntry, SyncedRecord, utcnow
from desktop.ledger.records.validation import problems_of

R = TypeVar("R", bound=SyncedRecord)
_META = {"revision", "modified_at"}


def jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def save(session: Session, record: R, *, officer: str) -> R:
    """Insert or update `record`. An invalid record here is a bug: forms and imports check first."""
    record.derive()
    problems = problems_of(record)
    if problems:
        raise ValueError(f"{type(record).__name__} không hợp lệ: {problems}")
    state = inspect(record)
    if state.transient:
        record.modified_at = utcnow()
        session.add(record)
        after = {
            k: jsonable(v)
            for k, v in record.model_dump(warnings=False).items()
            if v is not None and k not in _META
        }
        _log(session, record, ChangeAction.create, officer, None, after)
        session.flush()  # in the caller's order: a child is saved after its parent
        return record
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.attrs:
        if attr.key in _META:
            continue
        history = attr.history
        if history.has_changes():
            before[attr.key] = jsonable(history.deleted[0]) if history.deleted else None
            after[attr.key] = jsonable(history.added[0]) if history.added else None
    if not after:
        return record
    record.revision += 1
    record.modified_at = utcnow()
    _log(session, record, ChangeAction.update, officer, before, after)
    return record


def delete(session: Session, record: SyncedRecord, *, officer: str) -> None:
    """Mark deleted, keeping a tombstone so the deletion reaches the server too."""
    if record.deleted:
        return
    record.deleted = True
    record.revision += 1
    record.modified_at = utcnow()
    session.add(record)
    _log(session, record, ChangeAction.delete, officer, {"deleted": False}, {"deleted": True})


def _log(
    session: Session,
    record: SyncedRecord,
    action: ChangeAction,
    officer: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    session.add(
        ChangeEntry(
            entity=type(record).__tablename__,
            record_id=record.id,
            revision=record.revision,
            action=action,
            officer=officer,
            at=record.modified_at,
            before=before,
            after=after,
        )
    )
