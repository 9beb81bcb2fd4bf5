"""Places: the commune (from the official list) and the villages the commune defines itself.

Since 1 July 2025 local government has two levels, province and commune; the codes come from
`vietnam-provinces`. Villages (thôn, xóm, bản, ấp, tổ dân phố…) are in no national list.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from desktop.ledger.records.base import SyncedRecord
from desktop.ledger.vocabulary import VillageKind


class Commune(SQLModel, table=True):
    """A commune this ledger keeps: one on a laptop, many on the provincial server."""

    code: int = Field(primary_key=True, description="Mã xã/phường")
    name: str = Field(max_length=120)
    province_code: int = Field(index=True)
    province_name: str = Field(max_length=120)


class Village(SyncedRecord, table=True):
    """Thôn/xóm/bản/ấp…: created by the commune, named as people say it."""

    name: str = Field(min_length=1, max_length=120, description="Tên thôn/xóm/bản")
    kind: VillageKind = Field(default=VillageKind.thon)
    legacy_name: str | None = Field(
        default=None, max_length=255, description="Tên cũ (trước sáp nhập), giữ nguyên văn"
    )
    note: str | None = None
