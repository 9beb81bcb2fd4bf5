"""Change-log entries for what is not a synced record: officer accounts, the commune a ledger
keeps, its settings. They stay on this laptop (the outbox sends `SYNCED_RECORDS` only) but are
in the same audit trail as every record, written in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from desktop.ledger.records.base import ChangeAction, ChangeEntry, utcnow
from desktop.ledger.storage.writes import jsonable, require_writer


def next_revision(session: Session, entity: str, record_id: str) -> int:
    """For entries of things without a revision column: one more than the last logged."""
    last = session.exec(
        select(func.max(ChangeEntry.revision)).where(
            ChangeEntry.entity == entity, ChangeEntry.record_id == record_id
        )
    ).one()
    return int(last or 0) + 1


def record_change(
    session: Session,
    *,
    entity: str,
    record_id: str,
    revision: int,
    action: ChangeAction,
    officer: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Log one change (values made JSON-ready). Never pass secrets: the log is read and
    exported as the audit trail."""
    require_writer(session)

    def ready(values: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if values is None else {k: jsonable(v) for k, v in values.items()}

    session.add(
        ChangeEntry(
            entity=entity,
            record_id=record_id,
            revision=revision,
            action=action,
            officer=officer,
            at=utcnow(),
            before=ready(before),
            after=ready(after),
        )
    )
    session.flush()
