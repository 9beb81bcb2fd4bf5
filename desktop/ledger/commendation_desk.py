"""Commendation work: the proposals list, a proposal checked against its subject's criteria,
the decision received, and the register entry (issue_certificate gives the number)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from desktop.ledger.records import Certificate, CommendationProposal, ProposalStatus
from desktop.ledger.records.validation import check_record
from desktop.ledger.storage import save


@dataclass(frozen=True)
class ProposalRow:
    id: str
    subject_name: str
    subject_type: str
    year: int
    occasion: str
    form: str
    criteria_met: int
    status: str
    decision_number: str | None
    certificate_number: int | None


def proposal_rows(session: Session, *, year: int | None = None) -> list[ProposalRow]:
    query = (
        select(CommendationProposal, Certificate.number)
        .join(
            Certificate,
            (col(Certificate.proposal_id) == CommendationProposal.id)
            & (col(Certificate.deleted) == False),  # noqa: E712
            isouter=True,
        )
        .where(CommendationProposal.deleted == False)  # noqa: E712
        .order_by(CommendationProposal.year.desc(), CommendationProposal.subject_name)  # type: ignore[attr-defined]
    )
    if year is not None:
        query = query.where(CommendationProposal.year == year)
    return [
        ProposalRow(
            p.id,
            p.subject_name,
            str(p.subject_type),
            p.year,
            str(p.occasion),
            p.form,
            len(p.criteria_met),
            str(p.status),
            p.decision_number,
            number,
        )
        for p, number in session.exec(query).all()
    ]


def save_proposal(
    session: Session, data: dict[str, Any], *, officer: str
) -> tuple[CommendationProposal | None, dict[str, str]]:
    proposal, problems = check_record(CommendationProposal, data)
    if proposal is not None and not proposal.criteria_met:
        problems["criteria_met"] = "Đánh dấu ít nhất một tiêu chí đã đạt."
    if problems or proposal is None:
        return None, problems
    return save(session, proposal, officer=officer), {}


def record_decision(
    session: Session,
    proposal_id: str,
    *,
    approved: bool,
    decision_number: str,
    decision_date: date | None,
    authority: str,
    officer: str,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if approved and not decision_number.strip():
        problems["decision_number"] = "Cần số quyết định khen thưởng."
    if approved and decision_date is None:
        problems["decision_date"] = "Cần ngày của quyết định khen thưởng."
    proposal = session.get(CommendationProposal, proposal_id)
    if proposal is None:
        problems["status"] = "Không tìm thấy đề nghị."
    if problems or proposal is None:
        return problems
    proposal.status = ProposalStatus.approved if approved else ProposalStatus.rejected
    proposal.decision_number = decision_number.strip() or None
    proposal.decision_date = decision_date
    proposal.decision_authority = authority.strip() or None
    save(session, proposal, officer=officer)
    return {}
