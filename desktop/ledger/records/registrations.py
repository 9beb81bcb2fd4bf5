"""Voluntary registration to escape poverty (tự nguyện đăng ký thoát nghèo), yearly review."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from desktop.ledger.records.base import SyncedRecord
from desktop.ledger.vocabulary import (
    Category,
    RegistrationStatus,
    ReviewResult,
)


class Registration(SyncedRecord, table=True):
    household_id: str = Field(foreign_key="household.id", index=True)
    registered_on: date = Field(description="Ngày đăng ký")
    target_year: int = Field(ge=2000, le=2100, description="Năm đăng ký thoát nghèo")
    causes: list[str] = Field(default_factory=list, sa_type=JSON, description="Nguyên nhân nghèo")
    plan: str = Field(default="", description="Kế hoạch, phương án sản xuất")
    support_requested: list[str] = Field(
        default_factory=list, sa_type=JSON, description="Nhu cầu hỗ trợ"
    )
    support_requested_note: str | None = Field(default=None, description="Ghi chú nhu cầu hỗ trợ")
    commitment: str | None = Field(default=None, description="Cam kết của hộ")
    household_signed: bool = Field(default=False, description="Hộ đã ký")
    village_head: str | None = Field(
        default=None, max_length=120, description="Trưởng thôn xác nhận"
    )
    commune_confirmed_on: date | None = Field(default=None, description="Ngày UBND xã xác nhận")
    status: RegistrationStatus = Field(default=RegistrationStatus.registered)
    outcome_decision_number: str | None = Field(
        default=None, max_length=40, description="Số quyết định công nhận thoát nghèo"
    )
    outcome_decision_date: date | None = Field(default=None, description="Ngày quyết định")
    # The year of the review and decision; the first list without poverty is escaped_year + 1.
    escaped_year: int | None = Field(default=None, description="Năm thoát nghèo")
    withdrawn_reason: str | None = Field(default=None, description="Lý do rút đăng ký")


class RegistrationReview(SyncedRecord, table=True):
    """The yearly look at how a registered household is doing (đánh giá hằng năm)."""

    __table_args__ = (UniqueConstraint("registration_id", "year", name="uq_review_year"),)

    registration_id: str = Field(foreign_key="registration.id", index=True)
    year: int = Field(ge=2000, le=2100, description="Năm rà soát")
    reviewed_on: date | None = Field(default=None, description="Ngày rà soát")
    result: ReviewResult = Field(description="Kết quả")
    category_after: Category | None = Field(default=None, description="Phân loại sau rà soát")
    income_per_capita: int | None = Field(
        default=None, ge=0, description="Thu nhập bình quân đầu người/tháng (đồng)"
    )
    note: str | None = None
