"""Voluntary registration to escape poverty (tự nguyện đăng ký thoát nghèo), yearly review."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from desktop.ledger.records.base import SyncedRecord
from desktop.ledger.records.households import Category


class RegistrationStatus(StrEnum):
    registered = "registered"  # đã đăng ký
    supported = "supported"  # đang được hỗ trợ
    reviewed = "reviewed"  # đã rà soát trong năm, chưa có kết quả cuối
    escaped = "escaped"  # đã thoát nghèo (có quyết định)
    not_yet = "not_yet"  # chưa thoát nghèo đúng hạn
    withdrawn = "withdrawn"  # rút đăng ký


REGISTRATION_STATUS_LABELS: dict[RegistrationStatus, str] = {
    RegistrationStatus.registered: "Đã đăng ký",
    RegistrationStatus.supported: "Đang được hỗ trợ",
    RegistrationStatus.reviewed: "Đã rà soát",
    RegistrationStatus.escaped: "Đã thoát nghèo",
    RegistrationStatus.not_yet: "Chưa thoát nghèo",
    RegistrationStatus.withdrawn: "Đã rút đăng ký",
}


class ReviewResult(StrEnum):
    on_track = "on_track"  # đúng tiến độ
    behind = "behind"  # chậm tiến độ
    escaped = "escaped"  # đạt: thoát nghèo
    not_escaped = "not_escaped"  # không đạt


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
    income_per_capita: int | None = Field(default=None, ge=0, description="Thu nhập bình quân")
    note: str | None = None
