"""Places: the commune (from the official list) and the villages the commune defines itself.

Since 1 July 2025 local government has two levels, province and commune; the codes come from
`vietnam-provinces`. Villages (thôn, xóm, bản, ấp, tổ dân phố…) are in no national list.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Field, SQLModel

from desktop.ledger.records.base import SyncedRecord


class Commune(SQLModel, table=True):
    """A commune this ledger keeps: one on a laptop, many on the provincial server."""

    code: int = Field(primary_key=True, description="Mã xã/phường")
    name: str = Field(max_length=120)
    province_code: int = Field(index=True)
    province_name: str = Field(max_length=120)


class VillageKind(StrEnum):
    thon = "thon"
    xom = "xom"
    ban = "ban"
    ap = "ap"
    khom = "khom"
    to_dan_pho = "to_dan_pho"
    lang = "lang"
    buon = "buon"
    plei = "plei"
    other = "other"


VILLAGE_KIND_LABELS: dict[VillageKind, str] = {
    VillageKind.thon: "Thôn",
    VillageKind.xom: "Xóm",
    VillageKind.ban: "Bản",
    VillageKind.ap: "Ấp",
    VillageKind.khom: "Khóm",
    VillageKind.to_dan_pho: "Tổ dân phố",
    VillageKind.lang: "Làng",
    VillageKind.buon: "Buôn",
    VillageKind.plei: "Plei",
    VillageKind.other: "Khác",
}


class Village(SyncedRecord, table=True):
    """Thôn/xóm/bản/ấp…: created by the commune, named as people say it."""

    name: str = Field(min_length=1, max_length=120, description="Tên thôn/xóm/bản")
    kind: VillageKind = Field(default=VillageKind.thon)
    legacy_name: str | None = Field(
        default=None, max_length=255, description="Tên cũ (trước sáp nhập), giữ nguyên văn"
    )
    note: str | None = None
