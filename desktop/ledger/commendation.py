"""The certificate register: numbers unique per issuing authority and year, issued offline."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from desktop.ledger.errors import InputError
from desktop.ledger.permissions import Permission, require
from desktop.ledger.records import Certificate, CommendationProposal, ProposalStatus
from desktop.ledger.storage import save

# Entering a certificate in the register uses a number for good: never for a read-only account,
# even though viewers may print lists and reports.
REGISTER_REFUSED = (
    "Tài khoản chỉ xem không được cấp số vào sổ khen thưởng hay in Giấy khen; "
    "nhờ cán bộ phụ trách thi đua hoặc quản trị in."
)


def require_register_access(session: Session, officer: str) -> None:
    """Refuse (Vietnamese `NotPermitted`) an account that may not issue or print Giấy khen."""
    require(session, officer, Permission.edit, REGISTER_REFUSED)


def next_certificate_number(session: Session, authority: str, year: int) -> int:
    # Tombstoned entries keep their number: a register number is never given out twice.
    highest = session.exec(
        select(func.max(Certificate.number)).where(
            Certificate.authority == authority, Certificate.year == year
        )
    ).one()
    return (highest or 0) + 1


def issue_certificate(
    session: Session,
    proposal: CommendationProposal,
    *,
    authority: str,
    issued_on: date,
    officer: str,
) -> Certificate:
    """Enter an approved proposal in the register with the next free number."""
    require_register_access(session, officer)
    if proposal.status != ProposalStatus.approved:
        raise InputError("Chỉ vào sổ khen thưởng khi đề nghị đã có quyết định khen thưởng.")
    certificate = Certificate(
        commune_code=proposal.commune_code,
        proposal_id=proposal.id,
        authority=authority,
        year=issued_on.year,
        number=next_certificate_number(session, authority, issued_on.year),
        form=proposal.form,
        recipient=proposal.subject_name,
        achievement=proposal.achievement,
        issued_on=issued_on,
        decision_number=proposal.decision_number,
    )
    return save(session, certificate, officer=officer)
