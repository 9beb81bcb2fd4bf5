"""The deprivation indicators that can be judged from the members' own facts.

Five of Decree 07/2021's twelve indicators depend on who lives in the household (employment,
dependants, health insurance, adult education, children's schooling); the other seven come from
the review sheet (nutrition, housing, water, latrine, telecoms, information). The ages below are
the decree annex's as summarised in shared/domain.md (verify against the annex).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

WORKING_AGE = range(15, 61)  # 15–60 (verify: the retirement age rises under the Labour Code 2019)
CHILD = 16
INSURANCE_FROM = 6
SCHOOL_AGE = range(3, 16)
ADULT_EDUCATION_AGE = range(16, 31)
SECONDARY = {"lower_secondary", "upper_secondary", "vocational", "higher"}
UPPER_SECONDARY = {"upper_secondary", "vocational", "higher"}


@dataclass(frozen=True)
class MemberFacts:
    age: int | None
    health_insured: bool | None = None
    education: str | None = None
    in_school: bool | None = None
    employment: str | None = None
    disability: bool = False


class HasMemberFacts(Protocol):
    birth_date: date | None
    birth_year: int | None
    health_insured: bool | None
    education: str | None
    in_school: bool | None
    employment: str | None
    disability: bool


def age_on(birth_date: date | None, birth_year: int | None, on: date) -> int | None:
    if birth_date is not None:
        before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
        return on.year - birth_date.year - before_birthday
    # With only the year known, count as if born on 1 January: the usual register convention.
    return None if birth_year is None else on.year - birth_year


def facts_of(member: HasMemberFacts, on: date) -> MemberFacts:
    return MemberFacts(
        age=age_on(member.birth_date, member.birth_year, on),
        health_insured=member.health_insured,
        education=member.education,
        in_school=member.in_school,
        employment=member.employment,
        disability=member.disability,
    )


def _dependant(m: MemberFacts) -> bool:
    assert m.age is not None
    return m.age < CHILD or m.age not in WORKING_AGE or (m.disability and m.employment is None)


def member_indicators(members: Iterable[MemberFacts]) -> set[str]:
    """Codes of the member-based indicators the household is deprived in.

    A fact that was not surveyed (None) never counts as a deprivation: the review team decides.
    """
    people = [m for m in members if m.age is not None]
    found: set[str] = set()
    for m in people:
        age = m.age
        assert age is not None
        if age in WORKING_AGE and m.employment in {"unemployed", "working_without_contract"}:
            found.add("employment")
        if age >= INSURANCE_FROM and m.health_insured is False:
            found.add("health_insurance")
        if age in SCHOOL_AGE and m.in_school is False:
            found.add("child_schooling")
        if age in ADULT_EDUCATION_AGE and m.in_school is False and m.education is not None:
            expected = SECONDARY if age < 18 else UPPER_SECONDARY
            if m.education not in expected:
                found.add("adult_education")
    if people and sum(_dependant(m) for m in people) * 2 > len(people):
        found.add("dependants")
    return found
