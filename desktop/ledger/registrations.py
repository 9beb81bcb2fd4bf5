"""Recording what happens to a registration: support, yearly reviews, the outcome."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from desktop.ledger.errors import InputError
from desktop.ledger.records import (
    Classification,
    Household,
    Registration,
    RegistrationReview,
    ReviewResult,
    SupportGiven,
)
from desktop.ledger.records.registrations import RegistrationStatus
from desktop.ledger.rules.registration import (
    OPEN,
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


def register_household(
    session: Session,
    household_id: str,
    *,
    registered_on: date,
    target_year: int,
    causes: list[str],
    plan: str,
    support_requested: list[str],
    support_requested_note: str | None,
    commitment: str | None,
    household_signed: bool,
    village_head: str | None,
    officer: str,
) -> tuple[Registration | None, dict[str, str]]:
    """A household's voluntary registration to escape poverty, or every problem of the form."""
    problems: dict[str, str] = {}
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        problems["household_id"] = "Hãy chọn hộ đăng ký."
    if not causes:
        problems["causes"] = "Chọn ít nhất một nguyên nhân nghèo."
    if not plan.strip():
        problems["plan"] = "Ghi kế hoạch, phương án sản xuất của hộ."
    if not registered_on.year <= target_year <= registered_on.year + 5:
        problems["target_year"] = (
            f"Năm cam kết thoát nghèo phải từ {registered_on.year} đến {registered_on.year + 5}."
        )
    open_one = session.exec(
        select(Registration.id).where(
            Registration.household_id == household_id,
            Registration.deleted == False,  # noqa: E712
            Registration.status.in_(list(OPEN)),  # type: ignore[attr-defined]
        )
    ).first()
    if open_one:
        problems["household_id"] = "Hộ này đang có một đăng ký thoát nghèo chưa kết thúc."
    if problems or household is None:
        return None, problems
    registration = Registration(
        commune_code=household.commune_code,
        household_id=household_id,
        registered_on=registered_on,
        target_year=target_year,
        causes=causes,
        plan=plan.strip(),
        support_requested=support_requested,
        support_requested_note=support_requested_note,
        commitment=commitment,
        household_signed=household_signed,
        village_head=village_head,
    )
    return save(session, registration, officer=officer), {}


def record_support(session: Session, support: SupportGiven, *, officer: str) -> dict[str, str]:
    """Save support given; a registration it serves moves to "being supported"."""
    save(session, support, officer=officer)
    if support.registration_id is None:
        return {}
    registration = session.get(Registration, support.registration_id)
    if registration is not None and registration.status == RegistrationStatus.registered:
        return change_status(session, registration, RegistrationStatus.supported, officer=officer)
    return {}


REVIEW_OUTCOMES = ("escaped", "not_yet", "withdrawn")


def review_in_bulk(
    session: Session,
    *,
    year: int,
    outcomes: dict[str, str],
    decision_number: str | None,
    decision_date: date | None,
    reviewed_on: date,
    officer: str,
    withdrawn_reason: str = "Hộ xin rút đăng ký khi rà soát",
) -> dict[str, dict[str, str]]:
    """Record one year's outcome for many registrations at once (registration id → "escaped",
    "not_yet" or "withdrawn"). All or nothing: any problem raises `ReviewRefused`, so the
    caller's transaction is rolled back and nothing is written."""
    problems: dict[str, dict[str, str]] = {}
    for registration_id, outcome in outcomes.items():
        registration = session.get(Registration, registration_id)
        if registration is None or outcome not in REVIEW_OUTCOMES:
            problems[registration_id] = {"status": "Không tìm thấy đăng ký hoặc kết quả."}
            continue
        if outcome == "withdrawn":
            found = change_status(
                session,
                registration,
                RegistrationStatus.withdrawn,
                officer=officer,
                withdrawn_reason=withdrawn_reason,
            )
        else:
            escaped = outcome == "escaped"
            review = RegistrationReview(
                commune_code=registration.commune_code,
                registration_id=registration.id,
                year=year,
                reviewed_on=reviewed_on,
                result=ReviewResult.escaped if escaped else ReviewResult.not_escaped,
            )
            existing = session.exec(
                select(RegistrationReview).where(
                    RegistrationReview.registration_id == registration.id,
                    RegistrationReview.year == year,
                )
            ).first()
            if existing is not None:
                found = {"status": f"Đã có kết quả rà soát năm {year} cho hộ này."}
            else:
                found = record_review(session, registration, review, officer=officer)
            if escaped and not found:
                found = change_status(
                    session,
                    registration,
                    RegistrationStatus.escaped,
                    officer=officer,
                    decision_number=decision_number,
                    decision_date=decision_date,
                )
        if found:
            problems[registration_id] = found
    if problems:
        raise ReviewRefused(problems)
    return problems


class ReviewRefused(InputError):
    def __init__(self, problems: dict[str, dict[str, str]]) -> None:
        self.problems = problems
        first = next(iter(next(iter(problems.values())).values()))
        super().__init__(
            f"Chưa ghi được kết quả rà soát: {len(problems)} hộ còn vướng. Ví dụ: {first}"
        )
