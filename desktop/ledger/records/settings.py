"""A commune's settings (cài đặt): one row per changed key; the declaration holds the defaults.

Kept in the ledger database rather than a file beside it so that a backup or a restore carries
the signatory, the authority names and the emblem together with the records they print.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from desktop.ledger.records.base import utcnow


class Setting(SQLModel, table=True):
    commune_code: int = Field(primary_key=True)
    key: str = Field(primary_key=True, max_length=80)
    value: Any = Field(default=None, sa_type=JSON)
    modified_at: datetime = Field(default_factory=utcnow)
    modified_by: str = Field(max_length=64)
