"""Poverty rates per list year from the ledger, and how they measure up to the commune's targets.

The rate's denominator is every household of the scope that year (domain §9: all households,
not only the poor ones). The ledger keeps no date a household joined or left, so a year's
households are read from that year's list when the list covers the whole commune (it holds
average or other households too: the review classifies every household); a year whose list holds
only poor and near-poor households says nothing about the others, and the households in the
ledger today stand for it. Tombstones are left out.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop.ledger.records import Classification, Household
from desktop.ledger.rules.targets import YearResult, evaluate
from desktop.ledger.vocabulary import Category


def _scope(query: Any, village_id: str | None, ethnic_minority: bool | None) -> Any:
    query = query.where(Household.deleted == False)  # noqa: E712  (SQL comparison)
    if village_id is not None:
        query = query.where(Household.village_id == village_id)
    if ethnic_minority is not None:
        query = query.where(Household.ethnic_minority == ethnic_minority)
    return query


def households_by_year(
    session: Session, *, village_id: str | None = None, ethnic_minority: bool | None = None
) -> dict[int, int]:
    """Per list year: the households of the scope that year (see the module's docstring)."""
    today = session.exec(
        _scope(select(func.count()).select_from(Household), village_id, ethnic_minority)
    ).one()
    whole = set(
        session.exec(
            select(Classification.year)
            .where(
                Classification.deleted == False,  # noqa: E712
                col(Classification.category).in_([Category.average, Category.other]),
            )
            .distinct()
        ).all()
    )
    query = (
        select(Classification.year, func.count())
        .join(Household, col(Household.id) == Classification.household_id)
        .where(Classification.deleted == False)  # noqa: E712
        .group_by(col(Classification.year))
    )
    rows = session.exec(_scope(query, village_id, ethnic_minority)).all()
    return {year: int(n) if year in whole else int(today) for year, n in rows}


def poor_counts(
    session: Session, *, village_id: str | None = None, ethnic_minority: bool | None = None
) -> dict[int, tuple[int, int]]:
    """Per list year: (poor households, all households in the scope that year)."""
    households = households_by_year(session, village_id=village_id, ethnic_minority=ethnic_minority)
    poor = func.sum(func.iif(Classification.category == Category.poor, 1, 0))
    query = (
        select(Classification.year, poor)
        .join(Household, col(Household.id) == Classification.household_id)
        .where(Classification.deleted == False)  # noqa: E712
        .group_by(col(Classification.year))
    )
    rows = session.exec(_scope(query, village_id, ethnic_minority)).all()
    return {year: (int(p or 0), households[year]) for year, p in rows}


def standards_by_year(
    session: Session, *, village_id: str | None = None, ethnic_minority: bool | None = None
) -> dict[int, str | None]:
    """The standard each year's list was made under; None when a year's lists mix standards."""
    query = (
        select(Classification.year, Classification.standard_id)
        .join(Household, col(Household.id) == Classification.household_id)
        .where(Classification.deleted == False)  # noqa: E712
        .distinct()
    )
    found: dict[int, set[str]] = {}
    for year, standard_id in session.exec(_scope(query, village_id, ethnic_minority)).all():
        found.setdefault(year, set()).add(standard_id)
    return {year: ids.pop() if len(ids) == 1 else None for year, ids in found.items()}


def target_results(
    session: Session,
    min_pct_per_year: float,
    *,
    village_id: str | None = None,
    ethnic_minority: bool | None = None,
) -> list[YearResult]:
    counts = poor_counts(session, village_id=village_id, ethnic_minority=ethnic_minority)
    standards = standards_by_year(session, village_id=village_id, ethnic_minority=ethnic_minority)
    return evaluate(counts, min_pct_per_year, standards)
