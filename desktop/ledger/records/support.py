"""Support a household received (hỗ trợ đã nhận): credit, seeds, training, housing…"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlmodel import Field

from desktop.ledger.records.base import SyncedRecord


class SupportKind(StrEnum):
    policy_credit = "policy_credit"  # vay vốn Ngân hàng Chính sách xã hội
    seeds_livestock = "seeds_livestock"  # giống cây trồng, vật nuôi
    vocational_training = "vocational_training"  # đào tạo nghề
    job = "job"  # việc làm, xuất khẩu lao động
    housing = "housing"  # nhà ở
    clean_water = "clean_water"  # nước sạch, vệ sinh
    health_insurance = "health_insurance"  # bảo hiểm y tế
    schooling = "schooling"  # học phí, học bổng
    information = "information"  # thông tin
    other = "other"


SUPPORT_KIND_LABELS: dict[SupportKind, str] = {
    SupportKind.policy_credit: "Vay vốn tín dụng chính sách (NHCSXH)",
    SupportKind.seeds_livestock: "Giống cây trồng, vật nuôi",
    SupportKind.vocational_training: "Đào tạo nghề",
    SupportKind.job: "Việc làm",
    SupportKind.housing: "Nhà ở",
    SupportKind.clean_water: "Nước sạch, vệ sinh",
    SupportKind.health_insurance: "Bảo hiểm y tế",
    SupportKind.schooling: "Hỗ trợ học tập",
    SupportKind.information: "Thông tin",
    SupportKind.other: "Khác",
}


class Repayment(StrEnum):
    on_time = "on_time"  # trả đúng hạn
    overdue = "overdue"  # quá hạn
    repaid = "repaid"  # đã tất toán


REPAYMENT_LABELS: dict[Repayment, str] = {
    Repayment.on_time: "Trả đúng hạn",
    Repayment.overdue: "Quá hạn",
    Repayment.repaid: "Đã tất toán",
}


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
