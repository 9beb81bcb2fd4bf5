"""The registrations list: every registration to escape poverty with its household, filtered by
status, village, target year and a household search (the same FTS index as the household list).
A commune holds at most a few thousand, so the list is read whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

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
            col(RegistrationReview.registration_id) == Registration.id,
            col(RegistrationReview.deleted) == False,  # noqa: E712
        )
        .scalar_subquery()
    )
    query = (
        core_select(  # ten columns: more than sqlmodel's typed select() takes
            col(Registration.id),
            col(Household.id),
            col(Household.code),
            col(Household.head_name),
            col(Village.id),
            col(Village.name),
            col(Registration.registered_on),
            col(Registration.target_year),
            col(Registration.status),
            last_review,
        )
        .join(Household, col(Household.id) == Registration.household_id)
        .join(Village, col(Village.id) == Household.village_id)
        .where(col(Registration.deleted) == False, col(Household.deleted) == False)  # noqa: E712
        .order_by(col(Village.name), col(Household.code), col(Registration.registered_on))
    )
    if village_id is not None:
        query = query.where(col(Household.village_id) == village_id)
    if status is not None:
        query = query.where(col(Registration.status) == status)
    if statuses:
        query = query.where(Registration.status.in_(statuses))  # type: ignore[attr-defined]
    match = match_expression(text)
    if match is not None:
        query = query.where(Household.id.in_(fts_household_ids(match)))  # type: ignore[attr-defined]
    return [
        RegistrationRow(rid, hid, code, head, vid, village, on, target, str(st), last)
        for rid, hid, code, head, vid, village, on, target, st, last in session.execute(query).all()
    ]
