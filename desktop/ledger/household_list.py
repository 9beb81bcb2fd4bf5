"""The household list as the app shows it: the ids of one search, then the rows of the ids shown.

Holding the ids of the whole search (as Anki's browser does) means the last page costs what the
first does: rows are read by id, never by OFFSET. Name search goes through the FTS5 index
(`household_fts`, kept by triggers, see migration 0002) so any member's name, the household code
and ID numbers are found without case or diacritics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, TextClause, and_, exists, func, text
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from desktop.ledger.records import (
    Classification,
    Household,
    Member,
    Registration,
    RegistrationStatus,
    Village,
)
from desktop.ledger.rules.text import fold

UNCLASSIFIED = "unclassified"  # the category filter's value for households never classified
SEARCH_TABLES = ("household_search_key", "household_fts")  # kept by triggers, not by records


class SortKey(StrEnum):
    village = "village"
    code = "code"
    head = "head"
    category = "category"
    members = "members"


@dataclass(frozen=True)
class HouseholdFilter:
    text: str = ""
    village_id: str | None = None
    category: str | None = None  # of the latest classification; UNCLASSIFIED for none
    ethnicity: str | None = None  # a member of this group
    registered: bool | None = None  # an open or finished registration (not withdrawn)
    category_year: int | None = None  # the category of this list year instead of the latest
    ethnic_minority: bool | None = None
    sort: SortKey = SortKey.village
    descending: bool = False

    def with_(self, **changes: object) -> HouseholdFilter:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    code: str
    head_name: str
    village_name: str
    category: str | None  # of the latest list year
    year: int | None
    members: int
    registered: bool


def match_expression(typed: str) -> str | None:
    """The FTS5 query for what the officer typed: every word, as the start of a word.

    fold() leaves only [a-z0-9 ], so the quoted terms cannot carry FTS syntax.
    """
    words = fold(typed).split()
    return " ".join(f'"{w}"*' for w in words) or None


def fts_household_ids(match: str) -> TextClause:
    """A sub-select of the ids of households whose index entry matches `match`."""
    return text(
        "SELECT k.household_id FROM household_fts f"
        " JOIN household_search_key k ON k.id = f.rowid WHERE household_fts MATCH :match"
    ).bindparams(match=match)


def _latest(column: Any) -> ScalarSelect[Any]:
    return (
        select(column)
        .where(
            col(Classification.household_id) == Household.id,
            col(Classification.deleted) == False,  # noqa: E712
        )
        .order_by(col(Classification.year).desc())
        .limit(1)
        .scalar_subquery()
    )


def _members() -> ScalarSelect[Any]:
    return (
        select(func.count())
        .where(col(Member.household_id) == Household.id, col(Member.deleted) == False)  # noqa: E712
        .scalar_subquery()
    )


def _registered() -> ColumnElement[bool]:
    return exists().where(
        col(Registration.household_id) == Household.id,
        col(Registration.deleted) == False,  # noqa: E712
        col(Registration.status) != RegistrationStatus.withdrawn,
    )


def _conditions(f: HouseholdFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [col(Household.deleted) == False]  # noqa: E712
    if f.village_id is not None:
        conditions.append(col(Household.village_id) == f.village_id)
    match = match_expression(f.text)
    if match is not None:
        conditions.append(col(Household.id).in_(fts_household_ids(match)))
    if f.category is not None and f.category_year is not None:
        conditions.append(
            exists().where(
                col(Classification.household_id) == Household.id,
                col(Classification.deleted) == False,  # noqa: E712
                col(Classification.year) == f.category_year,
                col(Classification.category) == f.category,
            )
        )
    elif f.category == UNCLASSIFIED:
        conditions.append(_latest(Classification.category).is_(None))
    elif f.category is not None:
        conditions.append(_latest(Classification.category) == f.category)
    if f.ethnicity is not None:
        conditions.append(
            exists().where(
                col(Member.household_id) == Household.id,
                col(Member.deleted) == False,  # noqa: E712
                col(Member.ethnicity) == f.ethnicity,
            )
        )
    if f.ethnic_minority is not None:
        conditions.append(col(Household.ethnic_minority) == f.ethnic_minority)
    if f.registered is not None:
        conditions.append(_registered() if f.registered else ~_registered())
    return conditions


def _ordered_query(f: HouseholdFilter) -> SelectOfScalar[str]:
    orders: dict[SortKey, list[Any]] = {
        SortKey.village: [Village.name, Household.code],
        SortKey.code: [Household.code],
        SortKey.head: [Household.head_name, Household.code],
        SortKey.category: [_latest(Classification.category), Household.code],
        SortKey.members: [_members(), Household.code],
    }
    order = orders[f.sort]
    if f.descending:
        order = [column.desc() for column in order]
    query = select(Household.id).where(and_(*_conditions(f))).order_by(*order)
    if f.sort == SortKey.village:
        query = query.join(Village, col(Village.id) == Household.village_id)
    return query


def _scalars(session: Session, query) -> list[str]:  # type: ignore[no-untyped-def]
    # Through Core, not the ORM: 50,000 ids come back in half the time. Core does not
    # autoflush, so pending changes of this session are flushed first.
    session.flush()
    return list(session.connection().execute(query).scalars().all())


def household_ids(session: Session, f: HouseholdFilter) -> list[str]:
    """The ids of every household the filter keeps, in the order asked for."""
    return _scalars(session, _ordered_query(f))


def household_rows(session: Session, ids: Sequence[str]) -> dict[str, HouseholdRow]:
    """The rows of these households, by id: one query however far down the list they are."""
    if not ids:
        return {}
    query = (
        core_select(  # eight columns: more than sqlmodel's typed select() takes
            col(Household.id),
            col(Household.code),
            col(Household.head_name),
            col(Village.name),
            _latest(Classification.category),
            _latest(Classification.year),
            _members(),
            _registered(),
        )
        .join(Village, col(Village.id) == Household.village_id)
        .where(col(Household.id).in_(list(ids)))
    )
    return {
        hid: HouseholdRow(hid, code, head, village, None if cat is None else str(cat), year, n, reg)
        for hid, code, head, village, cat, year, n, reg in session.execute(query).all()
    }


def ethnicities_in_use(session: Session) -> list[str]:
    query = (
        select(Member.ethnicity)
        .where(col(Member.ethnicity).is_not(None), col(Member.deleted) == False)  # noqa: E712
        .distinct()
    )
    return sorted((e for e in session.exec(query).all() if e), key=fold)
