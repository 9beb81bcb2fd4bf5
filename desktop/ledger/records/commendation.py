"""Emulation and commendation: proposals against the movement's criteria, and the register of
certificates issued (sổ vàng / sổ khen thưởng)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from desktop.ledger.records.base import SyncedRecord, utcnow
from desktop.ledger.vocabulary import (
    Occasion,
    ProposalStatus,
    SubjectType,
)


class CommendationProposal(SyncedRecord, table=True):
    __tablename__ = "commendation_proposal"

    subject_type: SubjectType = Field(description="Đối tượng")
    household_id: str | None = Field(default=None, foreign_key="household.id", index=True)
    member_id: str | None = Field(default=None, foreign_key="member.id")
    village_id: str | None = Field(default=None, foreign_key="village.id")
    model_case_id: str | None = Field(default=None, foreign_key="model_case.id")
    subject_name: str = Field(min_length=1, max_length=200, description="Tên người/tập thể")
    year: int = Field(ge=2000, le=2100, description="Năm")
    occasion: Occasion = Field(default=Occasion.yearly, description="Dịp khen thưởng")
    form: str = Field(max_length=40, description="Hình thức khen thưởng")
    achievement: str = Field(default="", description="Thành tích")
    criteria_met: list[str] = Field(default_factory=list, sa_type=JSON, description="Tiêu chí đạt")
    status: ProposalStatus = Field(default=ProposalStatus.draft)
    decision_number: str | None = Field(default=None, max_length=40, description="Số quyết định")
    decision_date: date | None = Field(default=None, description="Ngày quyết định")
    decision_authority: str | None = Field(
        default=None, max_length=200, description="Cấp quyết định"
    )


class Certificate(SyncedRecord, table=True):
    """An entry of the certificate register; numbers are unique per authority, year and series.

    The series is empty for numbers of the register's own sequence (blocks reserved from the
    provincial server, or a ledger that never syncs); a laptop that ran out of reserved numbers
    while offline numbers in its own series ("M3-01"), given to it by the server, so that no
    other laptop can issue the same number (see `desktop.ledger.commendation`)."""

    __table_args__ = (
        UniqueConstraint("authority", "year", "series", "number", name="uq_certificate_number"),
    )

    proposal_id: str | None = Field(
        default=None, foreign_key="commendation_proposal.id", index=True
    )
    authority: str = Field(max_length=200, description="Cơ quan cấp")
    year: int = Field(ge=2000, le=2100)
    number: int = Field(ge=1, description="Số vào sổ")
    series: str = Field(
        default="",
        max_length=16,
        sa_column_kwargs={"server_default": ""},
        description="Dãy số riêng của máy (khi hết số tỉnh cấp)",
    )
    form: str = Field(max_length=40, description="Hình thức")
    recipient: str = Field(min_length=1, max_length=200, description="Người/tập thể được khen")
    achievement: str = Field(default="", description="Thành tích")
    issued_on: date = Field(description="Ngày cấp")
    decision_number: str | None = Field(default=None, max_length=40)


class CertificateBlock(SQLModel, table=True):
    """Register numbers the provincial server reserved for this laptop: nobody else issues them.
    Kept in the ledger, never sent as records (each laptop has its own)."""

    __tablename__ = "certificate_block"

    id: int | None = Field(default=None, primary_key=True)
    authority: str = Field(max_length=200, index=True)
    year: int = Field(ge=2000, le=2100)
    first: int = Field(ge=1)
    last: int = Field(ge=1)
    # This laptop's own series for numbers issued offline once the blocks are used up.
    series: str = Field(max_length=16)
    reserved_at: datetime = Field(default_factory=utcnow)
