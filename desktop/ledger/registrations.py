"""Recording what happens to a registration: support, yearly reviews, the outcome."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from desktop.ledger.records import Classification, Registration, RegistrationReview
from desktop.ledger.records.registrations import RegistrationStatus
from desktop.ledger.rules.registration import (
    FollowUp,
    follow_up,
    status_after_review,
    transition_problems,
)
from desktop.ledger.storage import save


def change_status(
    session: Session,
    registration: Registration,
    new: RegistrationStatus,
    *,
    officer: str,
    decision_number: str | None = None,
    decision_date: date | None = None,
    withdrawn_reason: str | None = None,
) -> dict[str, str]:
    """Move a registration to `new`; returns the problems instead if the move is not allowed."""
    problems = transition_problems(
        registration.status,
        new,
        decision_number=decision_number,
        decision_date=decision_date,
        withdrawn_reason=withdrawn_reason,
    )
    if problems:
        return problems
    registration.status = new
    if new == RegistrationStatus.escaped:
        registration.outcome_decision_number = decision_number
        registration.outcome_decision_date = decision_date
        registration.escaped_year = decision_date.year if decision_date else None
    if new == RegistrationStatus.withdrawn:
        registration.withdrawn_reason = withdrawn_reason
    save(session, registration, officer=officer)
    return {}


def record_review(
    session: Session, registration: Registration, review: RegistrationReview, *, officer: str
) -> dict[str, str]:
    """Save a yearly review and move the registration's status accordingly."""
    new = status_after_review(review.result, review.year, registration.target_year)
    problems = transition_problems(registration.status, new)
    if problems:
        return problems
    review.registration_id = registration.id
    save(session, review, officer=officer)
    registration.status = new
    save(session, registration, officer=officer)
    return {}


def registration_follow_up(session: Session, registration: Registration) -> FollowUp | None:
    if registration.escaped_year is None:
        return None
    rows = session.exec(
        select(Classification.year, Classification.category).where(
            Classification.household_id == registration.household_id,
            Classification.deleted == False,  # noqa: E712  (SQL comparison, not Python)
        )
    ).all()
    return follow_up(registration.escaped_year, dict(rows))
