"""What the forms print about a household: its head, members, village and address, read once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from desktop.ledger.records import Classification, Commune, Household, Member, Village
from desktop.ledger.settings import commune_words
from desktop.ledger.vocabulary import VILLAGE_KIND_LABELS
from desktop.printing.output import PrintError

SEX = {"male": "Nam", "female": "Nữ"}


@dataclass(frozen=True)
class MemberFacts:
    name: str
    relation: str
    sex: str  # "Nam" / "Nữ" / ""
    birth: str  # "05/02/1980", or the year alone
    ethnicity: str
    citizen_id: str
    employment: str | None
    in_school: bool | None


@dataclass(frozen=True)
class HouseholdFacts:
    id: str
    code: str
    head_name: str
    head: MemberFacts | None
    members: tuple[MemberFacts, ...]
    village: str  # "Xóm Nà Lẹng"
    address: str  # "Xóm Nà Lẹng, xã Quảng Uyên, tỉnh Cao Bằng"
    ethnic_minority: bool
    classifications: dict[int, Classification]

    @property
    def honorific(self) -> str:
        """ "ông" or "bà", as the head is addressed on a certificate."""
        return "bà" if self.head is not None and self.head.sex == "Nữ" else "ông"


def village_label(village: Village) -> str:
    kind = VILLAGE_KIND_LABELS.get(village.kind, "")
    name = village.name
    # Names are often stored with their kind already ("Xóm Nà Lẹng"); do not say it twice.
    if kind and not name.lower().startswith(kind.lower()) and village.kind != "other":
        return f"{kind} {name}"
    return name


def full_address(village: str, commune: Commune | None, street: str | None = None) -> str:
    words = commune_words(commune)
    parts = [p for p in (street, village, words["commune"], words["province"]) if p]
    return ", ".join(parts)


def _member(m: Member) -> MemberFacts:
    birth = (
        f"{m.birth_date.day:02d}/{m.birth_date.month:02d}/{m.birth_date.year}"
        if isinstance(m.birth_date, date)
        else (str(m.birth_year) if m.birth_year else "")
    )
    return MemberFacts(
        name=m.full_name,
        relation=m.relation,
        sex=SEX.get(str(m.sex) if m.sex else "", ""),
        birth=birth,
        ethnicity=m.ethnicity or "",
        citizen_id=m.citizen_id or "",
        employment=str(m.employment) if m.employment else None,
        in_school=m.in_school,
    )


def household_by_code(session: Session, code: str, commune: Commune | None) -> HouseholdFacts:
    household = session.exec(
        select(Household).where(Household.code == code.strip(), Household.deleted == False)  # noqa: E712
    ).first()
    if household is None:
        raise PrintError(f"Không có hộ mã “{code}” trong sổ.")
    return household_facts(session, household, commune)


def household_facts(
    session: Session, household: Household, commune: Commune | None
) -> HouseholdFacts:
    village = session.get(Village, household.village_id)
    members = session.exec(
        select(Member).where(Member.household_id == household.id, Member.deleted == False)  # noqa: E712
    ).all()
    # The head first, then by age, as registers list them.
    ordered = sorted(members, key=lambda m: (not m.is_head, m.birth_year or 9999, m.full_name))
    facts = tuple(_member(m) for m in ordered)
    head = next((f for m, f in zip(ordered, facts, strict=True) if m.is_head), None)
    classes = session.exec(
        select(Classification).where(
            Classification.household_id == household.id,
            Classification.deleted == False,  # noqa: E712
        )
    ).all()
    village_text = village_label(village) if village is not None else ""
    return HouseholdFacts(
        id=household.id,
        code=household.code,
        head_name=household.head_name,
        head=head,
        members=facts,
        village=village_text,
        address=full_address(village_text, commune, household.address),
        ethnic_minority=household.ethnic_minority,
        classifications={c.year: c for c in classes},
    )
