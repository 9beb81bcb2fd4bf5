"""What the status bar shows about the ledger: changes not yet sent to the province, the last
sync. Until sync lands every change-log entry is pending."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from desktop.ledger.records import ChangeEntry


@dataclass(frozen=True)
class LedgerStatus:
    pending_changes: int
    last_sync: datetime | None


def ledger_status(session: Session) -> LedgerStatus:
    pending = session.exec(select(func.count()).select_from(ChangeEntry)).one()
    return LedgerStatus(pending_changes=pending, last_sync=None)
