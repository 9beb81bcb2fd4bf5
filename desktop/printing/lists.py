"""The commune's lists for a year, by village: households registered to escape poverty, households
that escaped, support given, model cases. One query each, into a `TableDoc`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from desktop.ledger.records import (
    Category,
    Classification,
    Household,
    ModelCase,
    ModelCaseHousehold,
    Registration,
    RegistrationStatus,
    SupportGiven,
    Village,
)
from desktop.ledger.settings import Settings, commune_words
from desktop.ledger.vocabulary import (
    CATEGORY_LABELS,
    MODEL_CASE_KIND_LABELS,
    MODEL_CASE_STATUS_LABELS,
    REGISTRATION_STATUS_LABELS,
    REPAYMENT_LABELS,
    SUPPORT_KIND_LABELS,
)
from desktop.printing.layout import short_date
from desktop.printing.tables import Column, Group, TableDoc

NOT_POOR = (Category.near_poor, Category.average, Category.other)


def _live(model: Any) -> Any:
    return model.deleted == False  # noqa: E712


def _by_village(rows: Iterable[tuple[str, list[Any]]]) -> list[Group]:
    groups: dict[str, Group] = {}
    for village, row in rows:
        groups.setdefault(village, Group(village)).rows.append(row)
    for group in groups.values():
        for n, row in enumerate(group.rows, start=1):
            row[0] = n
    return list(groups.values())


def _where(settings: Settings) -> str:
    words = commune_words(settings.commune)
    return f"({words['commune'][:1].upper()}{words['commune'][1:]}, {words['province']})"


def registrations(session: Session, year: int, settings: Settings) -> TableDoc:
    """Households registered to escape poverty and still in the movement during `year`."""
    query = (
        select(Registration, Household, Village.name)
        .join(Household, col(Household.id) == col(Registration.household_id))
        .join(Village, col(Village.id) == col(Household.village_id))
        .where(
            _live(Registration),
            _live(Household),
            func.strftime("%Y", Registration.registered_on) <= str(year),
            or_(col(Registration.escaped_year).is_(None), col(Registration.escaped_year) >= year),
            Registration.status != RegistrationStatus.withdrawn,
        )
        .order_by(Village.name, Household.code)
    )
    rows = []
    for reg, hh, village in session.exec(query):
        # The status as it stood in `year`, not today's: a list of 2022 must not say "escaped"
        # of a household that escaped in 2024.
        status = REGISTRATION_STATUS_LABELS[RegistrationStatus(reg.status)]
        decision = ""
        if reg.escaped_year == year:
            status, decision = f"Thoát nghèo năm {year}", reg.outcome_decision_number or ""
        elif reg.escaped_year is not None or reg.target_year > year:
            status = "Đang thực hiện"
        elif reg.target_year == year:
            status = "Đến hạn, chưa thoát nghèo"
        rows.append(
            (
                village,
                [
                    0,
                    hh.code,
                    hh.head_name,
                    short_date(reg.registered_on),
                    reg.target_year,
                    reg.plan,
                    status,
                    decision,
                ],
            )
        )
    groups = _by_village(rows)
    return TableDoc(
        title=f"DANH SÁCH HỘ ĐĂNG KÝ THOÁT NGHÈO NĂM {year}",
        subtitle=_where(settings),
        columns=[
            Column("STT", 13, "center"),
            Column("Mã hộ", 24),
            Column("Họ và tên chủ hộ", 46),
            Column("Ngày đăng ký", 24, "center"),
            Column("Năm đăng ký thoát nghèo", 24, "center"),
            Column("Kế hoạch, phương án", 63),
            Column("Tình trạng", 38),
            Column("Quyết định công nhận", 30),
        ],
        groups=groups,
        totals=["", "", f"Tổng cộng: {sum(len(g.rows) for g in groups)} hộ", "", "", "", "", ""],
    )


def escaped(session: Session, year: int, settings: Settings) -> TableDoc:
    """Households poor on the `year` list and not poor on the next: escaped at the review of
    `year` (registered or not)."""
    after = aliased(Classification)
    query = (
        select(Household, Village.name, after, Registration.id)
        .join(Classification, col(Classification.household_id) == col(Household.id))
        .join(
            after, and_(col(after.household_id) == col(Household.id), col(after.year) == year + 1)
        )
        .join(Village, col(Village.id) == col(Household.village_id))
        .outerjoin(
            Registration,
            and_(col(Registration.household_id) == col(Household.id), _live(Registration)),
        )
        .where(
            _live(Household),
            _live(Classification),
            after.deleted == False,  # noqa: E712
            Classification.year == year,
            Classification.category == Category.poor,
            col(after.category).in_(NOT_POOR),
        )
        .order_by(Village.name, Household.code)
    )
    rows, seen = [], set()
    for hh, village, cls, reg_id in session.exec(query):
        if hh.id in seen:
            continue
        seen.add(hh.id)
        label = CATEGORY_LABELS.get(Category(cls.category), str(cls.category))
        rows.append(
            (
                village,
                [
                    0,
                    hh.code,
                    hh.head_name,
                    "x" if hh.ethnic_minority else "",
                    cls.income_per_capita,
                    cls.deprivation_count,
                    label,
                    "x" if reg_id else "",
                    cls.decision_number or "",
                ],
            )
        )
    groups = _by_village(rows)
    total = sum(len(g.rows) for g in groups)
    return TableDoc(
        title=f"DANH SÁCH HỘ THOÁT NGHÈO NĂM {year}",
        subtitle=f"(Kết quả rà soát cuối năm {year}, áp dụng năm {year + 1}) {_where(settings)}",
        columns=[
            Column("STT", 13, "center"),
            Column("Mã hộ", 24),
            Column("Họ và tên chủ hộ", 50),
            Column("Dân tộc thiểu số", 20, "center"),
            Column("Thu nhập bình quân (đồng/người/tháng)", 34, "right", money=True),
            Column("Số chỉ số thiếu hụt", 22, "center"),
            Column("Phân loại sau rà soát", 32),
            Column("Có đăng ký thoát nghèo", 24, "center"),
            Column("Quyết định công nhận", 30),
        ],
        groups=groups,
        totals=["", "", f"Tổng cộng: {total} hộ", "", "", "", "", "", ""],
    )


def support(session: Session, year: int, settings: Settings) -> TableDoc:
    query = (
        select(SupportGiven, Household, Village.name)
        .join(Household, col(Household.id) == col(SupportGiven.household_id))
        .join(Village, col(Village.id) == col(Household.village_id))
        .where(
            _live(SupportGiven),
            _live(Household),
            SupportGiven.given_on >= date(year, 1, 1),
            SupportGiven.given_on <= date(year, 12, 31),
        )
        .order_by(Village.name, Household.code, col(SupportGiven.given_on))
    )
    rows, total = [], 0
    for sg, hh, village in session.exec(query):
        total += sg.value or 0
        loan = ""
        if sg.loan_term_months:
            repaid = REPAYMENT_LABELS.get(sg.repayment, "") if sg.repayment else ""
            loan = f"{sg.loan_term_months} tháng; {repaid}".strip("; ")
        rows.append(
            (
                village,
                [
                    0,
                    hh.code,
                    hh.head_name,
                    SUPPORT_KIND_LABELS.get(sg.kind, str(sg.kind)),
                    sg.source or "",
                    short_date(sg.given_on),
                    sg.value,
                    loan,
                ],
            )
        )
    groups = _by_village(rows)
    count = sum(len(g.rows) for g in groups)
    return TableDoc(
        title=f"DANH SÁCH HỖ TRỢ HỘ NGHÈO, HỘ ĐĂNG KÝ THOÁT NGHÈO NĂM {year}",
        subtitle=_where(settings),
        columns=[
            Column("STT", 13, "center"),
            Column("Mã hộ", 24),
            Column("Họ và tên chủ hộ", 44),
            Column("Loại hỗ trợ", 46),
            Column("Nguồn hỗ trợ", 50),
            Column("Ngày hỗ trợ", 22, "center"),
            Column("Giá trị (đồng)", 28, "right", money=True),
            Column("Vay vốn: thời hạn, trả nợ", 30),
        ],
        groups=groups,
        totals=["", "", f"Tổng cộng: {count} lượt", "", "", "", total, ""],
    )


def model_cases(session: Session, year: int, settings: Settings) -> TableDoc:
    households = (
        select(func.count())
        .where(ModelCaseHousehold.model_case_id == ModelCase.id, _live(ModelCaseHousehold))
        .scalar_subquery()
    )
    query = (
        select(ModelCase, Village.name, households)
        .outerjoin(Village, col(Village.id) == col(ModelCase.village_id))
        .where(
            _live(ModelCase),
            or_(
                col(ModelCase.started_on).is_(None), col(ModelCase.started_on) <= date(year, 12, 31)
            ),
            or_(col(ModelCase.ended_on).is_(None), col(ModelCase.ended_on) >= date(year, 1, 1)),
        )
        .order_by(Village.name, ModelCase.title)
    )
    rows, funding = [], 0
    for case, village, joined in session.exec(query):
        funding += case.funding or 0
        rows.append(
            (
                village or "Toàn xã",
                [
                    0,
                    case.title,
                    MODEL_CASE_KIND_LABELS.get(case.kind, str(case.kind)),
                    short_date(case.started_on),
                    case.funding,
                    case.funding_source or "",
                    joined,
                    case.households_escaped,
                    case.income_before,
                    case.income_after,
                    MODEL_CASE_STATUS_LABELS.get(case.status, str(case.status)),
                ],
            )
        )
    groups = _by_village(rows)
    return TableDoc(
        title=f"DANH SÁCH MÔ HÌNH GIẢM NGHÈO, ĐIỂN HÌNH TIÊN TIẾN NĂM {year}",
        subtitle=_where(settings),
        columns=[
            Column("STT", 13, "center"),
            Column("Tên mô hình, điển hình", 42),
            Column("Loại", 27),
            Column("Ngày bắt đầu", 22, "center"),
            Column("Kinh phí (đồng)", 28, "right", money=True),
            Column("Nguồn kinh phí", 32),
            Column("Số hộ tham gia", 15, "center"),
            Column("Số hộ thoát nghèo", 15, "center"),
            Column("Thu nhập trước (đồng)", 20, "right", money=True),
            Column("Thu nhập sau (đồng)", 20, "right", money=True),
            Column("Tình trạng", 22),
        ],
        groups=groups,
        totals=[
            "",
            f"Tổng cộng: {sum(len(g.rows) for g in groups)}",
            "",
            "",
            funding,
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    )


LISTS: dict[str, Callable[[Session, int, Settings], TableDoc]] = {
    "registrations": registrations,
    "escaped": escaped,
    "support": support,
    "model-cases": model_cases,
}
