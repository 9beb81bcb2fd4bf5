"""Support a household received (hỗ trợ đã nhận): credit, seeds, training, housing…"""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from desktop.ledger.records.base import SyncedRecord
from desktop.ledger.vocabulary import (
    Repayment,
    SupportKind,
)


class SupportGiven(SyncedRecord, table=True):
    __tablename__ = "support_given"

    household_id: str = Field(foreign_key="household.id", index=True)
    registration_id: str | None = Field(default=None, foreign_key="registration.id", index=True)
    kind: SupportKind = Field(description="Loại hỗ trợ")
    source: str | None = Field(default=None, max_length=160, description="Nguồn hỗ trợ")
    value: int | None = Field(default=None, ge=0, description="Giá trị (đồng)")
    given_on: date = Field(description="Ngày hỗ trợ")
    description: str | None = Field(default=None, description="Nội dung")
    # Policy credit only (tín dụng chính sách).
    loan_term_months: int | None = Field(default=None, ge=1, le=600, description="Thời hạn vay")
    loan_purpose: str | None = Field(default=None, max_length=160, description="Mục đích vay")
    repayment: Repayment | None = Field(default=None, description="Tình hình trả nợ")
