"""What the desktop remembers about its provincial server: the enrolment, the pull cursor, and
the conflicts an officer has to settle. Kept in the ledger, never sent as records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from desktop.ledger.records.base import utcnow


class SyncState(SQLModel, table=True):
    """One row (id 1), written by `sotn enrol` and by each sync."""

    __tablename__ = "sync_state"

    id: int = Field(default=1, primary_key=True)
    server_url: str = Field(max_length=255, description="Địa chỉ máy chủ tỉnh")
    device_id: str = Field(max_length=32, description="Mã thiết bị máy chủ cấp khi đăng ký")
    # The device token is the ledger's own secret: the data folder is private to the account.
    token: str = Field(max_length=128)
    # The server's sequence number of the last change pulled, and the epoch it was pulled in:
    # a ledger restored from a backup is in another epoch and pulls before it pushes.
    cursor: int = Field(default=0, ge=0)
    cursor_epoch: str | None = Field(default=None, max_length=32)
    # A batch being uploaded: rebuilt byte for byte after a restart, so the upload resumes.
    in_flight_first: int | None = None
    in_flight_last: int | None = None
    last_success_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)


class SyncConflict(SQLModel, table=True):
    """A field this device and the server (another device, or the province) both changed
    since they last agreed; or an edit against a deletion; or a change the server refused.

    The server's value stands until an officer chooses; both values are kept here."""

    __tablename__ = "sync_conflict"

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=64)
    record_id: str = Field(max_length=32, index=True)
    field: str = Field(max_length=64)
    # field | edit_vs_delete | delete_vs_edit | rejected
    kind: str = Field(max_length=16)
    local_value: Any = Field(default=None, sa_type=JSON)
    server_value: Any = Field(default=None, sa_type=JSON)
    found_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    # "server" (kept the server's value) or "local" (the officer's value sent again)
    resolution: str | None = Field(default=None, max_length=16)


class ChecksumDigest(SQLModel, table=True):
    """A synced record's 64-bit digest as last computed (`sync/checksums.py`), as two unsigned
    32-bit halves: SQLite sums each without overflow, and the two sums make the checksum."""

    __tablename__ = "checksum_digest"
    __table_args__ = {"sqlite_with_rowid": False}

    entity: str = Field(primary_key=True, max_length=64)
    record_id: str = Field(primary_key=True, max_length=32)
    commune_code: int
    high: int
    low: int


class ChecksumPending(SQLModel, table=True):
    """A synced record written since its digest was computed (added by triggers, see
    `desktop/ledger/storage/checksum_log.py`)."""

    __tablename__ = "checksum_pending"
    __table_args__ = {"sqlite_with_rowid": False}

    entity: str = Field(primary_key=True, max_length=64)
    record_id: str = Field(primary_key=True, max_length=32)


class ChecksumState(SQLModel, table=True):
    """A record type whose digests are kept: for which record definition (`shape`), and, while
    they are being computed a part at a time, up to which id (`built_through`; None: all)."""

    __tablename__ = "checksum_state"

    entity: str = Field(primary_key=True, max_length=64)
    shape: str = Field(max_length=64)
    built_through: str | None = Field(default=None, max_length=32)
