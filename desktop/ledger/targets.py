"""Poverty rates per year from the ledger, and how they measure up to the commune's targets."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from desktop.ledger.records import Category, Classification, Household
from desktop.ledger.rules.targets import YearResult, evaluate


def poor_counts(
    session: Session, *, village_id: str | None = None, ethnic_minority: bool | None = None
) -> dict[int, tuple[int, int]]:
    """Per list year: (poor households, households classified that year)."""
    poor = func.sum(func.iif(Classification.category == Category.poor, 1, 0))
    query = (
        select(Classification.year, poor, func.count())
        .join(Household, Household.id == Classification.household_id)
        .where(Classification.deleted == False, Household.deleted == False)  # noqa: E712
        .group_by(Classification.year)
    )
    if village_id is not None:
        query = query.where(Household.village_id == village_id)
    if ethnic_minority is not None:
        query = query.where(Household.ethnic_minority == ethnic_minority)
    return {year: (int(p or 0), int(n)) for year, p, n in session.exec(query).all()}


def target_results(
    session: Session, min_pct_per_year: float, **scope: str | bool | None
) -> list[YearResult]:
    return evaluate(poor_counts(session, **scope), min_pct_per_year)  # type: ignore[arg-type]
