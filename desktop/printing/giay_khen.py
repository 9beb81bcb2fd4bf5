"""Giấy khen from the ledger: approved proposals, their entry in the certificate register, and the
commune's settings, turned into `CertificateDoc`s for `certificate.build_certificates`.

A proposal approved but not yet in the register is entered when its certificate is first printed,
through the ledger's register function, so the number printed is the number kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from desktop.ledger.commendation import (
    issue_certificate,
    require_register_access,
)
from desktop.ledger.commendation import (
    register_label as register_number,
)
from desktop.ledger.commune import current_commune
from desktop.ledger.records import (
    Certificate,
    CommendationProposal,
    Household,
    ProposalStatus,
    Registration,
    RegistrationStatus,
    SubjectType,
    Village,
)
from desktop.ledger.settings import Settings, read_settings
from desktop.printing.certificate import CertificateDoc, Decoration
from desktop.printing.households import full_address, village_label
from desktop.printing.layout import common, place_date, short_date, wording
from desktop.printing.output import PrintError

GIAY_KHEN = "giay_khen"


@dataclass(frozen=True)
class CertificateBatch:
    docs: list[CertificateDoc]
    decoration: Decoration
    font_choice: str
    newly_registered: int  # register entries made for this printing
    escaped_without_award: int  # households recognised as escaped with no approved Giấy khen


def register_label(certificate: Certificate) -> str:
    return wording("giay_khen")["register_line"].format(
        number=register_number(certificate.series, certificate.number)
    )


def escaped_achievement(year: int) -> str:
    return wording("giay_khen")["achievement_escaped"].format(
        year=year, movement=common()["movement"]
    )


def decoration(settings: Settings) -> Decoration:
    emblem = settings["commendation.emblem_image"]
    border = settings["commendation.border_image"]
    return Decoration(
        emblem=emblem.data if emblem is not None else None,
        border=border.data if border is not None else None,
    )


def addresses(
    session: Session, proposals: Sequence[CommendationProposal], settings: Settings
) -> dict[str, str]:
    """Where each proposal's household or village is, in one query for the whole batch."""
    wanted = {p.household_id for p in proposals if p.household_id}
    villages = {v.id: village_label(v) for v in session.exec(select(Village)).all()}
    found: dict[str, str] = {}
    if wanted:
        rows = session.exec(
            select(Household.id, Household.village_id, Household.address).where(
                col(Household.id).in_(wanted)
            )
        ).all()
        homes = {hid: (vid, street) for hid, vid, street in rows}
    else:
        homes = {}
    for p in proposals:
        if p.household_id in homes:
            vid, street = homes[p.household_id]
            found[p.id] = full_address(villages.get(vid, ""), settings.commune, street)
        elif p.village_id in villages:
            found[p.id] = full_address(villages[p.village_id], settings.commune)
    return found


def certificate_doc(
    proposal: CommendationProposal,
    certificate: Certificate,
    settings: Settings,
    address: str = "",
) -> CertificateDoc:
    issued = proposal.decision_date or certificate.issued_on
    decision = wording("giay_khen")["decision_line"].format(
        number=proposal.decision_number or certificate.decision_number or "……",
        date=short_date(issued),
    )
    return CertificateDoc(
        awarder=tuple(settings.lines("commendation.awarder")),
        recipient=proposal.subject_name,
        address=address,
        achievement=proposal.achievement or escaped_achievement(proposal.year),
        decision=decision,
        register=register_label(certificate),
        place_date=place_date(settings["issuer.place"], issued),
        signer_title=tuple(t.strip() for t in settings["commendation.signer_title"].split("/")),
        signer_name=settings["signer.name"],
    )


def _approved(session: Session, year: int, subject_types: Sequence[str] | None):  # type: ignore[no-untyped-def]
    query = select(CommendationProposal).where(
        CommendationProposal.deleted == False,  # noqa: E712
        CommendationProposal.status == ProposalStatus.approved,
        CommendationProposal.form == GIAY_KHEN,
        CommendationProposal.year == year,
    )
    if subject_types is not None:
        query = query.where(col(CommendationProposal.subject_type).in_(subject_types))
    return session.exec(
        query.order_by(CommendationProposal.decision_number, CommendationProposal.subject_name)
    ).all()


def certificates_for(
    session: Session,
    proposals: Sequence[CommendationProposal],
    *,
    officer: str,
    settings: Settings | None = None,
) -> tuple[list[CertificateDoc], int]:
    """A certificate per proposal, entering it in the register first if it is not there yet.
    A read-only account may print neither: a reprint is a second original of the certificate."""
    require_register_access(session, officer)
    settings = settings or read_settings(session)
    if not proposals:
        return [], 0
    ids = [p.id for p in proposals]
    register = {
        c.proposal_id: c
        for c in session.exec(
            select(Certificate).where(
                col(Certificate.proposal_id).in_(ids),
                Certificate.deleted == False,  # noqa: E712
            )
        ).all()
    }
    places = addresses(session, proposals, settings)
    docs, made = [], 0
    for proposal in proposals:
        if proposal.status != ProposalStatus.approved:
            raise PrintError(
                f"Đề nghị khen thưởng “{proposal.subject_name}” chưa có quyết định khen thưởng."
            )
        certificate = register.get(proposal.id)
        if certificate is None:
            certificate = issue_certificate(
                session,
                proposal,
                authority=settings["commendation.authority"],
                issued_on=proposal.decision_date or date.today(),
                officer=officer,
            )
            made += 1
        docs.append(certificate_doc(proposal, certificate, settings, places.get(proposal.id, "")))
    return docs, made


def escaped_household_certificates(
    session: Session, year: int, *, officer: str
) -> CertificateBatch:
    """Every Giấy khen of `year` for households (those recognised as escaped that year)."""
    settings = read_settings(session)
    if current_commune(session) is None:
        raise PrintError("Sổ chưa thiết lập xã; chạy `sotn init` trước.")
    proposals = _approved(session, year, [SubjectType.household])
    docs, made = certificates_for(session, proposals, officer=officer, settings=settings)
    awarded = {p.household_id for p in proposals}
    escaped = session.exec(
        select(Registration.household_id).where(
            Registration.deleted == False,  # noqa: E712
            Registration.status == RegistrationStatus.escaped,
            Registration.escaped_year == year,
        )
    ).all()
    return CertificateBatch(
        docs=docs,
        decoration=decoration(settings),
        font_choice=settings["printing.font"],
        newly_registered=made,
        escaped_without_award=len(set(escaped) - awarded),
    )
