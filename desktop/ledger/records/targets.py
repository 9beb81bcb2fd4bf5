"""Yearly poverty-rate reduction targets the commune is held to (chỉ tiêu giảm nghèo)."""

from __future__ import annotations

from sqlmodel import Field

from desktop.ledger.records.base import SyncedRecord
from desktop.ledger.vocabulary import TargetLevel


class PovertyTarget(SyncedRecord, table=True):
    __tablename__ = "poverty_target"

    level: TargetLevel = Field(description="Cấp áp dụng")
    village_id: str | None = Field(default=None, foreign_key="village.id")
    year_from: int = Field(ge=2000, le=2100)
    year_to: int = Field(ge=2000, le=2100)
    min_pct_per_year: float = Field(ge=0, le=100, description="Giảm tối thiểu (%/năm)")
    max_pct_per_year: float | None = Field(default=None, ge=0, le=100)
    consecutive_years: int | None = Field(
        default=None, ge=1, description="Số năm liên tục trước khi đề nghị khen"
    )
    source: str | None = Field(default=None, max_length=200, description="Căn cứ (kế hoạch)")
