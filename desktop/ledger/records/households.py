"""Households, their members, and the yearly poverty classification of each household."""

from __future__ import annotations

from datetime import date

from pydantic import field_validator
from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from desktop.ledger.records.base import SyncedRecord
from desktop.ledger.rules.ethnicity import match_ethnicity
from desktop.ledger.rules.identity import parse_citizen_id
from desktop.ledger.rules.text import fold, normalize_text
from desktop.ledger.vocabulary import (
    Area,
    Category,
    Education,
    Employment,
    SchoolLevel,
    Sex,
)


class HouseholdFields(SyncedRecord):
    """The household's fields and checks; `Household` adds the table (see validation.py)."""

    code: str = Field(min_length=1, max_length=32, description="Mã hộ")
    village_id: str = Field(foreign_key="village.id", index=True, description="Thôn/xóm")
    head_name: str = Field(min_length=1, max_length=120, description="Họ tên chủ hộ")
    address: str | None = Field(default=None, max_length=255, description="Địa chỉ")
    legacy_address: str | None = Field(
        default=None, max_length=255, description="Địa chỉ theo danh sách cũ (huyện, xã cũ)"
    )
    phone: str | None = Field(default=None, max_length=20, description="Điện thoại")
    area: Area = Field(default=Area.rural, description="Khu vực")
    ethnic_minority: bool = Field(default=False, description="Hộ dân tộc thiểu số")
    merit_family: bool = Field(default=False, description="Hộ có người có công với cách mạng")
    social_protection: bool = Field(default=False, description="Hộ có đối tượng bảo trợ xã hội")
    no_labour_capacity: bool = Field(default=False, description="Hộ không có khả năng lao động")
    # As the commune's list declares it: lists of one row per household name only the head,
    # so the ledger's members are not the household's size.
    declared_members: int | None = Field(
        default=None, ge=1, le=40, description="Số nhân khẩu (theo danh sách)"
    )
    note: str | None = None
    # Folded head name and code, so "nong van dung" finds "Nông Văn Dũng" with a plain LIKE.
    search_text: str = Field(default="", index=False)

    @staticmethod
    def search_key(head_name: str, code: str) -> str:
        return f"{fold(head_name)} {fold(code)}"

    def derive(self) -> None:
        self.search_text = self.search_key(self.head_name, self.code)


class Household(HouseholdFields, table=True):
    __table_args__ = (UniqueConstraint("commune_code", "code", name="uq_household_code"),)


class MemberFields(SyncedRecord):
    household_id: str = Field(foreign_key="household.id", index=True)
    full_name: str = Field(min_length=1, max_length=120, description="Họ và tên")
    sex: Sex | None = Field(default=None, description="Giới tính")
    birth_date: date | None = Field(default=None, description="Ngày sinh")
    birth_year: int | None = Field(default=None, ge=1900, le=2100, description="Năm sinh")
    ethnicity: str | None = Field(default=None, max_length=40, description="Dân tộc")
    citizen_id: str | None = Field(
        default=None, max_length=12, index=True, description="Số định danh cá nhân/CCCD"
    )
    relation: str = Field(default="Chủ hộ", max_length=40, description="Quan hệ với chủ hộ")
    # Facts the deprivation indicators are judged from (None: not surveyed).
    health_insured: bool | None = Field(default=None, description="Có thẻ BHYT")
    education: Education | None = Field(default=None, description="Trình độ học vấn")
    in_school: bool | None = Field(default=None, description="Đang đi học")
    school_level: SchoolLevel | None = Field(default=None, description="Bậc, cấp học đang học")
    employment: Employment | None = Field(default=None, description="Việc làm")
    disability: bool = Field(default=False, description="Khuyết tật")
    social_allowance: bool | None = Field(
        default=None, description="Hưởng trợ cấp xã hội hằng tháng"
    )
    search_text: str = Field(default="")

    @field_validator("citizen_id", mode="before")
    @classmethod
    def _citizen_id(cls, value: object) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and len(value) in (9, 12) and value.isascii() and value.isdigit():
            return value  # already clean: imports parse it first, and say more when it is not
        return parse_citizen_id(value).number  # type: ignore[arg-type]

    @field_validator("ethnicity", mode="before")
    @classmethod
    def _ethnicity(cls, value: object) -> str | None:
        # The official name when the spelling is known; otherwise kept as the register wrote it.
        if value is None or not str(value).strip():
            return None
        group = match_ethnicity(str(value))
        return group.name if group else normalize_text(str(value))

    def derive(self) -> None:
        if self.birth_date is not None:
            self.birth_year = self.birth_date.year
        self.search_text = fold(self.full_name)

    @property
    def is_head(self) -> bool:
        return fold(self.relation) == "chu ho"


class Member(MemberFields, table=True):
    pass


class ClassificationFields(SyncedRecord):
    """The household's category for the year a list applies to (see rules.standards).

    The review at the end of 2025 makes the 2026 lists: `year` is 2026.
    """

    # (household_id, year) is unique, and that index serves look-ups by household too.
    household_id: str = Field(foreign_key="household.id")
    year: int = Field(ge=2000, le=2100, index=True, description="Năm áp dụng")
    category: Category = Field(description="Phân loại")
    standard_id: str = Field(max_length=40, description="Chuẩn nghèo áp dụng")
    area: Area = Field(default=Area.rural)
    income_per_capita: int | None = Field(
        default=None, ge=0, description="Thu nhập bình quân đầu người/tháng (đồng)"
    )
    deprivations: list[str] = Field(
        default_factory=list, sa_type=JSON, description="Chỉ số thiếu hụt"
    )
    # Lists often give only how many indicators a household lacks, not which.
    deprivation_count: int | None = Field(
        default=None, ge=0, le=20, description="Số chỉ số thiếu hụt"
    )
    decision_number: str | None = Field(default=None, max_length=40, description="Số quyết định")
    decision_date: date | None = Field(default=None, description="Ngày quyết định")
    note: str | None = None

    def derive(self) -> None:
        if self.deprivations:
            self.deprivation_count = len(set(self.deprivations))


class Classification(ClassificationFields, table=True):
    __table_args__ = (UniqueConstraint("household_id", "year", name="uq_classification_year"),)
