"""The registrations list: every registration to escape poverty with its household, filtered by
status, village, target year and a household search (the same FTS index as the household list).
A commune holds at most a few thousand, so the list is read whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from desktop.ledger.household_list import fts_household_ids, match_expression
from desktop.ledger.records import Household, Registration, RegistrationReview, Village


@dataclass(frozen=True)
class RegistrationRow:
    id: str
    household_id: str
    code: str
    head_name: str
    village_id: str
    village_name: str
    registered_on: date
    target_year: int
    status: str
    last_review_year: int | None


def registration_rows(
    session: Session,
    *,
    text: str = "",
    village_id: str | None = None,
    status: str | None = None,
    statuses: tuple[str, ...] = (),
) -> list[RegistrationRow]:
    last_review = (
        select(func.max(RegistrationReview.year))
        .where(
            RegistrationReview.registration_id == Registration.id,
            RegistrationReview.deleted == False,  # noqa: E712
        )
        .scalar_subquery()
    )
    query = (
        select(
            Registration.id,
            Household.id,
            Household.code,
            Household.head_name,
            Village.id,
            Village.name,
            Registration.registered_on,
            Registration.target_year,
            Registration.status,
            last_review,
        )
        .join(Household, Household.id == Registration.household_id)
        .join(Village, Village.id == Household.village_id)
        .where(Registration.deleted == False, Household.deleted == False)  # noqa: E712
        .order_by(Village.name, Household.code, Registration.registered_on)
    )
    if village_id is not None:
        query = query.where(Household.village_id == village_id)
    if status is not None:
        query = query.where(Registration.status == status)
    if statuses:
        query = query.where(Registration.status.in_(statuses))  # type: ignore[attr-defined]
    match = match_expression(text)
    if match is not None:
        query = query.where(Household.id.in_(fts_household_ids(match)))  # type: ignore[attr-defined]
    return [
        RegistrationRow(rid, hid, code, head, vid, village, on, target, str(st), last)
        for rid, hid, code, head, vid, village, on, target, st, last in session.exec(query).all()
    ]
