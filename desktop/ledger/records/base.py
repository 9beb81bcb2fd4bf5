"""What every synced record carries, and the change log that records every change.

A record is made offline on a laptop that may not see the provincial server for weeks, so its
id is made locally without asking anyone (see `new_id`), not a database sequence. `revision`
grows by one on every change; the sync protocol compares revisions, not clocks, because laptop
clocks drift.
"""

from __future__ import annotations

import itertools
import os
import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

_id_prefix = secrets.token_hex(8)
_id_counter = itertools.count(1)


def _new_id_prefix() -> None:
    global _id_prefix, _id_counter
    _id_prefix = secrets.token_hex(8)
    _id_counter = itertools.count(1)


# A forked worker (the demo's chunk makers) must not repeat its parent's ids.
os.register_at_fork(after_in_child=_new_id_prefix)


def new_id() -> str:
    """32 hex digits, unique without asking anyone: 64 random bits drawn once per process, then
    a counter. Not fully random on purpose: the records an officer makes together share their
    first half, so on the wire an id costs a few compressed bytes instead of the 16 that 128
    random bits cost (more than the rest of a member's record, on a 2G link)."""
    return f"{_id_prefix}{next(_id_counter):016x}"


def utcnow() -> datetime:
    return datetime.now(UTC)


class SyncedRecord(SQLModel):
    """Columns shared by every record that travels to the provincial server."""

    # Always a plain name here (SQLModel also allows a callable): the entity's name on the wire.
    __tablename__: ClassVar[str]

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    # Not indexed: a laptop holds one commune, so the index would only slow every write.
    commune_code: int = Field(description="Mã xã (vietnam-provinces)")
    revision: int = Field(default=1, ge=1)
    modified_at: datetime = Field(default_factory=utcnow)
    deleted: bool = Field(default=False, description="Bia mộ: bản ghi đã xoá, vẫn giữ để đồng bộ")

    def derive(self) -> None:
        """Recompute stored fields derived from others (search keys); called on every save."""


class ChangeAction(StrEnum):
    create = "create"
    update = "update"
    delete = "delete"


class ChangeOrigin(StrEnum):
    local = "local"  # made on this device: the sync outbox sends it
    server = "server"  # received from the provincial server: never sent back


class ChangeEntry(SQLModel, table=True):
    """One change to one record: the audit trail and the sync outbox in one row.

    It is written in the same transaction as the change, so neither can exist without the other.
    `before`/`after` hold only the fields that changed (all of them on create).

    `seq` is AUTOINCREMENT: it never goes back or repeats within one database, even after rows
    are deleted; a restore, which brings an older database back, starts a new epoch instead
    (see storage/outbox.py). A record's revision is logged once: two saves that both started
    from revision 1 cannot both write revision 2.
    """

    __tablename__ = "change_log"
    __table_args__ = (
        # record_id first: it also serves the look-ups of one record's history.
        UniqueConstraint("record_id", "entity", "revision", name="uq_change_log_revision"),
        {"sqlite_autoincrement": True},
    )

    seq: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=64)
    record_id: str = Field(max_length=32)
    revision: int
    origin: ChangeOrigin = Field(
        default=ChangeOrigin.local, sa_column_kwargs={"server_default": ChangeOrigin.local.value}
    )
    action: ChangeAction
    officer: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow)
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)
