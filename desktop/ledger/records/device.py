"""What this device knows about itself for the sync: its id, its epochs, what the server
acknowledged. Kept in the ledger, never sent as records; read and written through
`desktop.ledger.storage.outbox` only."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from desktop.ledger.records.base import utcnow


class DeviceState(SQLModel, table=True):
    """One row (id 1), made by the migration that created the table."""

    __tablename__ = "device_state"

    id: int = Field(default=1, primary_key=True)
    device_id: str = Field(max_length=32, description="Mã thiết bị, tạo một lần cho mỗi sổ")
    # The highest change-log seq the server has confirmed it stored, and when.
    acked_seq: int = Field(default=0, ge=0)
    acked_at: datetime | None = None


class Epoch(SQLModel, table=True):
    """A stretch of the change log between two restores.

    A restore brings back an older database whose seq numbers the server has partly seen
    already; entries written after it get a new epoch, so (device, epoch, seq) never repeats.
    The id is random rather than counted, because the epoch rows themselves are rolled back by
    the restore: a counter could be handed out twice.
    """

    __tablename__ = "epoch"

    id: str = Field(primary_key=True, max_length=32)
    first_seq: int = Field(ge=1, unique=True, description="First change-log seq of the epoch")
    started_at: datetime = Field(default_factory=utcnow)
    reason: str = Field(max_length=200)
