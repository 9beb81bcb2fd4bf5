"""What the status bar shows about the ledger: changes not yet sent to the province (the
outbox), and the last successful sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from desktop.ledger.records import SyncState
from desktop.ledger.storage import outbox


@dataclass(frozen=True)
class LedgerStatus:
    pending_changes: int
    last_sync: datetime | None


def ledger_status(session: Session) -> LedgerStatus:
    state = session.get(SyncState, 1)
    return LedgerStatus(
        pending_changes=outbox.pending_count(session),
        last_sync=state.last_success_at if state else None,
    )
