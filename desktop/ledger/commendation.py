"""The certificate register: numbers unique per issuing authority and year, issued offline.

Numbers never repeat across laptops (two laptops of one commune, or two communes under one
authority such as the province's chairman) because each number comes from one of three places:

1. **A block reserved from the provincial server** (`CertificateBlock`): every sync keeps a
   few numbers of the current year (and, from November, of the next) in reserve for this
   laptop, and the server never gives the same number to two laptops. Numbers stay plain
   (01, 02, …) as in the paper register.
2. **A ledger that never syncs** (not enrolled) is the only register of its commune: it counts
   on from its own highest number. Should it be enrolled later, the server refuses any number
   another laptop already holds (the officer sees it as a refused change) and blocks it
   reserves start above every number it knows.
3. **Offline with the reserve used up**: the laptop numbers in its own series, which the
   server gave it with its first block ("M3" → "M3-01", "M3-02"), so printing never waits for
   the network and still collides with nobody.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop.ledger.errors import InputError
from desktop.ledger.permissions import Permission, require
from desktop.ledger.records import (
    Certificate,
    CertificateBlock,
    CommendationProposal,
    ProposalStatus,
    SyncState,
)
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


def register_label(series: str, number: int) -> str:
    """The number as printed: "05", or "M3-05" in a laptop's own series."""
    return f"{series}-{number:02d}" if series else f"{number:02d}"


def _highest(session: Session, authority: str, year: int, series: str) -> int:
    # Tombstoned entries keep their number: a register number is never given out twice.
    highest = session.exec(
        select(func.max(Certificate.number)).where(
            Certificate.authority == authority,
            Certificate.year == year,
            Certificate.series == series,
        )
    ).one()
    return int(highest or 0)


def free_in_blocks(session: Session, authority: str, year: int) -> list[int]:
    """Numbers of this laptop's reserved blocks not used yet, lowest first."""
    blocks = session.exec(
        select(CertificateBlock)
        .where(CertificateBlock.authority == authority, CertificateBlock.year == year)
        .order_by(col(CertificateBlock.first))
    ).all()
    if not blocks:
        return []
    used = set(
        session.exec(
            select(Certificate.number).where(
                Certificate.authority == authority,
                Certificate.year == year,
                Certificate.series == "",
                col(Certificate.number) >= blocks[0].first,
                col(Certificate.number) <= max(b.last for b in blocks),
            )
        ).all()
    )
    return [n for b in blocks for n in range(b.first, b.last + 1) if n not in used]


def own_series(session: Session) -> str:
    """This laptop's series for numbers issued offline, as the server named it."""
    row = session.exec(
        select(CertificateBlock.series).order_by(col(CertificateBlock.id).desc()).limit(1)
    ).first()
    if row:
        return row
    # Enrolled but no block yet (the first sync after enrolment did not finish): the server's
    # device id, unique among the province's laptops, shortened.
    state = session.get(SyncState, 1)
    assert state is not None
    return "T" + state.device_id[:6].upper()


def next_certificate_number(session: Session, authority: str, year: int) -> tuple[str, int]:
    """(series, number) for the next entry; the caller is in a writer transaction."""
    free = free_in_blocks(session, authority, year)
    if free:
        return "", free[0]
    if session.get(SyncState, 1) is None:  # a ledger that never syncs: its own register
        return "", _highest(session, authority, year, "") + 1
    series = own_series(session)
    return series, _highest(session, authority, year, series) + 1


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
    series, number = next_certificate_number(session, authority, issued_on.year)
    certificate = Certificate(
        commune_code=proposal.commune_code,
        proposal_id=proposal.id,
        authority=authority,
        year=issued_on.year,
        number=number,
        series=series,
        form=proposal.form,
        recipient=proposal.subject_name,
        achievement=proposal.achievement,
        issued_on=issued_on,
        decision_number=proposal.decision_number,
    )
    return save(session, certificate, officer=officer)
