"""Model cases: poverty-reduction models (mô hình giảm nghèo) and exemplary people and groups
(điển hình tiên tiến), kept to replicate them and to propose them for commendation."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from desktop.ledger.records.base import SyncedRecord
from desktop.ledger.vocabulary import (
    ModelCaseKind,
    ModelCaseStatus,
)


class ModelCase(SyncedRecord, table=True):
    __tablename__ = "model_case"

    kind: ModelCaseKind = Field(description="Loại")
    title: str = Field(min_length=1, max_length=200, description="Tên mô hình/điển hình")
    description: str = Field(default="", description="Mô tả")
    village_id: str | None = Field(default=None, foreign_key="village.id", index=True)
    subject_household_id: str | None = Field(default=None, foreign_key="household.id")
    subject_name: str | None = Field(default=None, max_length=200, description="Người/tập thể")
    started_on: date | None = Field(default=None, description="Ngày bắt đầu")
    ended_on: date | None = Field(default=None, description="Ngày kết thúc")
    funding: int | None = Field(default=None, ge=0, description="Kinh phí (đồng)")
    funding_source: str | None = Field(default=None, max_length=200, description="Nguồn kinh phí")
    households_escaped: int | None = Field(default=None, ge=0, description="Số hộ thoát nghèo")
    income_before: int | None = Field(
        default=None, ge=0, description="Thu nhập bình quân đầu người/tháng trước (đồng)"
    )
    income_after: int | None = Field(
        default=None, ge=0, description="Thu nhập bình quân đầu người/tháng sau (đồng)"
    )
    results: str | None = Field(default=None, description="Kết quả")
    status: ModelCaseStatus = Field(default=ModelCaseStatus.active)


class ModelCaseHousehold(SyncedRecord, table=True):
    """A household taking part in a model."""

    __tablename__ = "model_case_household"
    __table_args__ = (UniqueConstraint("model_case_id", "household_id", name="uq_model_case_hh"),)

    model_case_id: str = Field(foreign_key="model_case.id", index=True)
    household_id: str = Field(foreign_key="household.id", index=True)


class Attachment(SyncedRecord, table=True):
    """A photo or scanned file, stored under the data folder's `attachments/` by content hash.

    It belongs to exactly one model case or one household (scans of the registration form, ID
    pages, photos of the house): one record and one store for both, so they sync alike.
    """

    __table_args__ = (
        CheckConstraint(
            "(model_case_id IS NULL) <> (household_id IS NULL)", name="ck_attachment_one_owner"
        ),
    )

    model_case_id: str | None = Field(default=None, foreign_key="model_case.id", index=True)
    household_id: str | None = Field(default=None, foreign_key="household.id", index=True)
    file_name: str = Field(max_length=255, description="Tên tệp gốc")
    sha256: str = Field(max_length=64)
    size: int = Field(ge=0)
    caption: str | None = Field(default=None, max_length=255, description="Chú thích")
