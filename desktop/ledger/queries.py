"""Read-only queries the app and the CLI share: searching and listing households.

All filtering and sorting happens in SQL with bound parameters; the UI asks for one page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func
from sqlmodel import Session, col, select

from desktop.ledger.household_list import fts_household_ids, match_expression
from desktop.ledger.records import Classification, Household, Member, Village

ESCAPE = "\\"


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    code: str
    head_name: str
    village_name: str
    category: str | None  # of the latest list year
    year: int | None
    members: int


def _like(text: str) -> str:
    escaped = text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped}%"


def _filter(text: str, village_id: str | None) -> ColumnElement[bool]:
    conditions: list[ColumnElement[bool]] = [col(Household.deleted) == False]  # noqa: E712
    if village_id is not None:
        conditions.append(col(Household.village_id) == village_id)
    match = match_expression(text)
    if match is not None:  # any member's name, the code, an ID number (see household_list)
        conditions.append(Household.id.in_(fts_household_ids(match)))  # type: ignore[attr-defined]
    return and_(*conditions)


def count_households(session: Session, text: str = "", village_id: str | None = None) -> int:
    return session.exec(
        select(func.count()).select_from(Household).where(_filter(text, village_id))
    ).one()


def search_households(
    session: Session,
    text: str = "",
    *,
    village_id: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[HouseholdRow]:
    """One page of households matching `text` without regard to case or diacritics."""
    latest = (
        select(Classification.year, Classification.category)
        .where(Classification.household_id == Household.id, Classification.deleted == False)  # noqa: E712
        .order_by(col(Classification.year).desc())
        .limit(1)
    )
    latest_year = latest.with_only_columns(col(Classification.year)).scalar_subquery()
    latest_category = latest.with_only_columns(col(Classification.category)).scalar_subquery()
    members = (
        select(func.count())
        .where(Member.household_id == Household.id, Member.deleted == False)  # noqa: E712
        .scalar_subquery()
    )
    query = (
        select(  # type: ignore[call-overload]  # SQLModel types 4 columns at most
            Household.id,
            Household.code,
            Household.head_name,
            Village.name,
            latest_category,
            latest_year,
            members,
        )
        .join(Village, Village.id == Household.village_id)
        .where(_filter(text, village_id))
        .order_by(Village.name, Household.code)
        .limit(limit)
        .offset(offset)
    )
    return [
        HouseholdRow(hid, code, head, village, None if cat is None else str(cat), year, n)
        for hid, code, head, village, cat, year, n in session.exec(query).all()
    ]


@dataclass(frozen=True)
class VillageRow:
    id: str
    name: str
    households: int


def villages_with_counts(session: Session) -> list[VillageRow]:
    count = (
        select(func.count())
        .where(Household.village_id == Village.id, Household.deleted == False)  # noqa: E712
        .scalar_subquery()
    )
    query = select(Village.id, Village.name, count).where(Village.deleted == False)  # noqa: E712
    return [VillageRow(*row) for row in session.exec(query.order_by(Village.name)).all()]
