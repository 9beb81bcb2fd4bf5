"""Exporting a list to .xlsx: one row per record, readable Vietnamese headers and values.

Written in openpyxl's write-only mode (fast, little memory) to a temporary file, then renamed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import and_, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from desktop.ledger.errors import InputError
from desktop.ledger.excel.writing import missing_folder, save_atomically, text_cell
from desktop.ledger.records import (
    Classification,
    CommendationProposal,
    Household,
    Member,
    ModelCase,
    Registration,
    SupportGiven,
    Village,
)
from desktop.ledger.rules.standards import cached_standards
from desktop.ledger.rules.transitions import transition
from desktop.ledger.storage import Ledger
from desktop.ledger.vocabulary import (
    CATEGORY_LABELS,
    FORM_LABELS,
    MODEL_CASE_KIND_LABELS,
    MODEL_CASE_STATUS_LABELS,
    OCCASION_LABELS,
    PROPOSAL_STATUS_LABELS,
    REGISTRATION_STATUS_LABELS,
    REPAYMENT_LABELS,
    SEX_LABELS,
    SUPPORT_KIND_LABELS,
    TRANSITION_LABELS,
)


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    format: str | None = None  # '@' text, '#,##0' money, 'DD/MM/YYYY' dates
    labels: dict[Any, str] | None = None


def _label(labels: dict[Any, str], value: Any) -> Any:
    # StrEnum members hash as their text, so one lookup serves enums and plain strings.
    return None if value is None else labels.get(value, value)


def _live(model: Any) -> Any:
    return model.deleted == False  # noqa: E712


def _members() -> Any:
    """The household's live members, for households whose list gave no number."""
    return (
        select(func.count())
        .where(col(Member.household_id) == Household.id, _live(Member))
        .scalar_subquery()
    )


def _households(session: Session) -> Iterable[Sequence[Any]]:
    head = aliased(Member)
    before = aliased(Classification)  # the list of the year before, for the transition
    latest = (
        select(Classification.household_id, func.max(Classification.year).label("year"))
        .where(_live(Classification))
        .group_by(Classification.household_id)
        .subquery()
    )
    query = (
        select(  # type: ignore[call-overload,misc]  # SQLModel types 4 columns at most
            Household.code,
            Household.head_name,
            head.citizen_id,
            head.sex,
            head.birth_year,
            head.ethnicity,
            Village.name,
            Household.address,
            Household.phone,
            func.coalesce(Household.declared_members, _members()),
            Household.ethnic_minority,
            Classification.category,
            Classification.year,
            Classification.income_per_capita,
            Classification.deprivation_count,
            Classification.standard_id,
            before.category,
        )
        .join(Village, Village.id == Household.village_id)
        .outerjoin(
            head,
            and_(
                col(head.household_id) == Household.id, col(head.relation) == "Chủ hộ", _live(head)
            ),
        )
        .outerjoin(latest, latest.c.household_id == Household.id)
        .outerjoin(
            Classification,
            and_(
                col(Classification.household_id) == Household.id,
                col(Classification.year) == latest.c.year,
            ),
        )
        .outerjoin(
            before,
            and_(
                col(before.household_id) == Household.id,
                col(before.year) == latest.c.year - 1,
                _live(before),
            ),
        )
        .where(_live(Household))
        .order_by(Village.name, Household.code)
    )
    names = {s.id: s.name for s in cached_standards()}
    for row in session.exec(query):
        *first, minority, category, year, income, count, standard_id, previous = row
        yield [
            *first,
            "x" if minority else None,
            category,
            year,
            income,
            count,
            names.get(standard_id, standard_id),
            transition(previous, category),
        ]


HOUSEHOLDS = [
    Column("Mã hộ", 12),
    Column("Họ và tên chủ hộ", 26),
    Column("Số CCCD", 15, "@"),
    Column("Giới tính", 9, labels=SEX_LABELS),
    Column("Năm sinh", 9),
    Column("Dân tộc", 10),
    Column("Thôn/xóm", 20),
    Column("Địa chỉ", 20),
    Column("Điện thoại", 13, "@"),
    # As the list declared it; for a household entered member by member, its members.
    Column("Số nhân khẩu", 9),
    Column("DTTS", 6),
    Column("Phân loại", 20, labels=CATEGORY_LABELS),
    Column("Năm áp dụng", 11),
    Column("Thu nhập bình quân đầu người/tháng (đồng)", 16, "#,##0"),
    Column("Số chỉ số thiếu hụt", 10),
    Column("Chuẩn nghèo áp dụng", 30),
    Column("Biến động so với năm trước", 16, labels=TRANSITION_LABELS),
]


def _registrations(session: Session) -> Iterable[Sequence[Any]]:
    query = (
        select(  # type: ignore[call-overload]  # SQLModel types 4 columns at most
            Household.code,
            Household.head_name,
            Village.name,
            Registration.registered_on,
            Registration.target_year,
            Registration.plan,
            Registration.status,
            Registration.outcome_decision_number,
            Registration.outcome_decision_date,
        )
        .join(Household, Household.id == Registration.household_id)
        .join(Village, Village.id == Household.village_id)
        .where(_live(Registration), _live(Household))
        .order_by(Village.name, Household.code)
    )
    return session.exec(query)


REGISTRATIONS = [
    Column("Mã hộ", 12),
    Column("Họ và tên chủ hộ", 26),
    Column("Thôn/xóm", 20),
    Column("Ngày đăng ký", 12, "DD/MM/YYYY"),
    Column("Năm đăng ký thoát nghèo", 12),
    Column("Kế hoạch, phương án", 40),
    Column("Tình trạng", 18, labels=REGISTRATION_STATUS_LABELS),
    Column("Số quyết định công nhận", 16),
    Column("Ngày quyết định", 12, "DD/MM/YYYY"),
]


def _support(session: Session) -> Iterable[Sequence[Any]]:
    query = (
        select(  # type: ignore[call-overload]  # SQLModel types 4 columns at most
            Household.code,
            Household.head_name,
            SupportGiven.kind,
            SupportGiven.source,
            SupportGiven.value,
            SupportGiven.given_on,
            SupportGiven.loan_term_months,
            SupportGiven.repayment,
        )
        .join(Household, Household.id == SupportGiven.household_id)
        .where(_live(SupportGiven), _live(Household))
        .order_by(Household.code, SupportGiven.given_on)
    )
    return session.exec(query)


SUPPORT = [
    Column("Mã hộ", 12),
    Column("Họ và tên chủ hộ", 26),
    Column("Loại hỗ trợ", 30, labels=SUPPORT_KIND_LABELS),
    Column("Nguồn", 30),
    Column("Giá trị (đồng)", 14, "#,##0"),
    Column("Ngày hỗ trợ", 12, "DD/MM/YYYY"),
    Column("Thời hạn vay (tháng)", 10),
    Column("Trả nợ", 14, labels=REPAYMENT_LABELS),
]


def _model_cases(session: Session) -> Iterable[Sequence[Any]]:
    query = (
        select(  # type: ignore[call-overload,misc]  # SQLModel types 4 columns at most
            ModelCase.title,
            ModelCase.kind,
            Village.name,
            ModelCase.started_on,
            ModelCase.funding,
            ModelCase.households_escaped,
            ModelCase.income_before,
            ModelCase.income_after,
            ModelCase.status,
        )
        .outerjoin(Village, Village.id == ModelCase.village_id)
        .where(_live(ModelCase))
        .order_by(ModelCase.title)
    )
    return session.exec(query)


MODEL_CASES = [
    Column("Tên mô hình/điển hình", 40),
    Column("Loại", 24, labels=MODEL_CASE_KIND_LABELS),
    Column("Thôn/xóm", 20),
    Column("Ngày bắt đầu", 12, "DD/MM/YYYY"),
    Column("Kinh phí (đồng)", 14, "#,##0"),
    Column("Số hộ thoát nghèo", 10),
    Column("Thu nhập bình quân đầu người/tháng trước", 16, "#,##0"),
    Column("Thu nhập bình quân đầu người/tháng sau", 16, "#,##0"),
    Column("Tình trạng", 18, labels=MODEL_CASE_STATUS_LABELS),
]


def _proposals(session: Session) -> Iterable[Sequence[Any]]:
    query = (
        select(  # type: ignore[call-overload]  # SQLModel types 4 columns at most
            CommendationProposal.subject_name,
            CommendationProposal.year,
            CommendationProposal.occasion,
            CommendationProposal.form,
            CommendationProposal.achievement,
            CommendationProposal.status,
            CommendationProposal.decision_number,
            CommendationProposal.decision_date,
        )
        .where(_live(CommendationProposal))
        .order_by(CommendationProposal.year, CommendationProposal.subject_name)
    )
    return session.exec(query)


PROPOSALS = [
    Column("Tên người/tập thể", 30),
    Column("Năm", 8),
    Column("Dịp", 10, labels=OCCASION_LABELS),
    Column("Hình thức", 22, labels=FORM_LABELS),
    Column("Thành tích", 60),
    Column("Tình trạng", 16, labels=PROPOSAL_STATUS_LABELS),
    Column("Số quyết định", 14),
    Column("Ngày quyết định", 12, "DD/MM/YYYY"),
]

LISTS: dict[str, tuple[str, list[Column], Callable[[Session], Iterable[Sequence[Any]]]]] = {
    "households": ("Danh sách hộ", HOUSEHOLDS, _households),
    "registrations": ("Hộ đăng ký thoát nghèo", REGISTRATIONS, _registrations),
    "support": ("Hỗ trợ đã nhận", SUPPORT, _support),
    "model-cases": ("Mô hình, điển hình", MODEL_CASES, _model_cases),
    "proposals": ("Đề nghị khen thưởng", PROPOSALS, _proposals),
}


def export_list(ledger: Ledger, kind: str, path: Path) -> int:
    """Write list `kind` to `path`; returns the number of rows."""
    if kind not in LISTS:
        raise InputError(f"Không có danh sách “{kind}”; chọn một trong: {', '.join(LISTS)}.")
    title, columns, query = LISTS[kind]
    if not path.parent.is_dir():
        raise missing_folder(path)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for i, column in enumerate(columns):
        sheet.column_dimensions[_letter(i)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, c.header, font=bold) for c in columns])
    count = 0
    with ledger.session() as session:
        for row in query(session):
            sheet.append([_value(sheet, c, v) for c, v in zip(columns, row, strict=True)])
            count += 1
    save_atomically(workbook, path)
    return count


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else "A" + chr(ord("A") + i - 26)


def _cell(sheet: Any, value: Any, *, font: Font | None = None, fmt: str | None = None) -> Any:
    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if fmt is not None:
        cell.number_format = fmt
    return cell


def _value(sheet: Any, column: Column, value: Any) -> Any:
    if column.labels is not None:
        value = _label(column.labels, value)
    elif hasattr(value, "value"):  # an enum without labels
        value = value.value
    if isinstance(value, str):
        cell = text_cell(sheet, value)
        if column.format is not None:
            cell.number_format = column.format
        return cell
    if column.format is None and not isinstance(value, date):
        return value
    return _cell(sheet, value, fmt=column.format)
