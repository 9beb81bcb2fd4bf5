"""The deprivation indicators that can be judged from the members' own facts.

Five of the twelve indicators depend on who lives in the household (employment, dependants,
health insurance, adult education, children's schooling); the others come from the review sheet.
Every age and definition comes from the standard's `members:` section (rules as data).

Two kinds of "not known" are kept apart:
- a fact the review team did not record (None) never counts as a deprivation: the team decides;
- an age that the register cannot settle (only a birth year, and the limit falls inside that
  year) makes the indicator *undetermined* when the answer depends on it, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from desktop.ledger.rules.ages import age_on, possible_births, retirement_date

MEMBER_INDICATORS = (
    "employment",
    "dependants",
    "health_insurance",
    "adult_education",
    "child_schooling",
)
LEVELS = ("preschool", "primary", "lower_secondary", "upper_secondary", "vocational", "higher")


@dataclass(frozen=True)
class MemberFacts:
    birth_date: date | None = None
    birth_year: int | None = None
    sex: str | None = None
    health_insured: bool | None = None
    education: str | None = None  # highest level completed
    in_school: bool | None = None
    school_level: str | None = None  # level attended now
    employment: str | None = None
    disability: bool = False
    social_allowance: bool | None = None  # trợ cấp xã hội hằng tháng


class HasMemberFacts(Protocol):
    birth_date: date | None
    birth_year: int | None
    sex: Any
    health_insured: bool | None
    education: Any
    in_school: bool | None
    school_level: Any
    employment: Any
    disability: bool
    social_allowance: bool | None


def _text(value: Any) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def facts_of(member: HasMemberFacts) -> MemberFacts:
    return MemberFacts(
        birth_date=member.birth_date,
        birth_year=member.birth_year,
        sex=_text(member.sex),
        health_insured=member.health_insured,
        education=_text(member.education),
        in_school=member.in_school,
        school_level=_text(member.school_level),
        employment=_text(member.employment),
        disability=bool(member.disability),
        social_allowance=member.social_allowance,
    )


@dataclass(frozen=True)
class MemberAssessment:
    """Indicators the household is certainly deprived in, and those the facts cannot settle."""

    deprived: frozenset[str]
    undetermined: frozenset[str]
    judged: frozenset[str]  # the indicators this standard judges from members


Maybe = bool | None  # None: the facts allow both answers


def _fold(answers: Iterable[bool]) -> Maybe:
    seen = set(answers)
    return seen.pop() if len(seen) == 1 else None


class _Judge:
    def __init__(self, rules: Mapping[str, Any], on: date) -> None:
        self.rules = rules
        self.on = on

    def working_age(self, m: MemberFacts, birth: date) -> Maybe:
        """From the lower limit to the end of the month of retirement; unknown sex → unknown."""
        if age_on(birth, self.on) < int(self.rules["working_age"]["from"]):
            return False
        if m.sex is None:
            sexes = ["male", "female"]
            return _fold(self.on <= retirement_date(birth, s) for s in sexes)
        return self.on <= retirement_date(birth, m.sex)

    def per_birth(self, m: MemberFacts, test: Callable[[MemberFacts, date], Maybe]) -> Maybe:
        answers = [test(m, b) for b in possible_births(m.birth_date, m.birth_year, self.on)]
        if None in answers:
            return None
        return _fold(a for a in answers if a is not None)

    # --- one test per indicator: is this member a case of it? -----------------------------

    def employment(self, m: MemberFacts, birth: date) -> Maybe:
        if m.employment not in self.rules["employment"]["deprived_if"]:
            return False
        return self.working_age(m, birth)

    def health_insurance(self, m: MemberFacts, birth: date) -> Maybe:
        if m.health_insured is not False:
            return False
        return age_on(birth, self.on) >= int(self.rules["health_insurance"]["from_age"])

    def adult_education(self, m: MemberFacts, birth: date) -> Maybe:
        if m.in_school is not False or m.education is None:
            return False
        age = age_on(birth, self.on)
        for band in self.rules["adult_education"]["expected"]:
            if int(band["from"]) <= age < int(band["below"]):
                return m.education not in band["any_of"]
        return False

    def child_schooling(self, m: MemberFacts, birth: date) -> Maybe:
        rules = self.rules["child_schooling"]
        if not int(rules["from"]) <= age_on(birth, self.on) < int(rules["below"]):
            return False
        if m.in_school is False:
            return True
        if m.in_school is None or m.school_level is None:
            return False
        school_age = self.on.year - birth.year  # counted by calendar year (Luật Giáo dục 2019)
        expected = next(
            (
                lvl
                for lvl, (lo, hi) in rules["level_by_school_age"].items()
                if lo <= school_age <= hi
            ),
            None,
        )
        if expected is None or m.school_level not in LEVELS:
            return False
        return LEVELS.index(m.school_level) < LEVELS.index(expected)  # below the level for the age

    def dependant(self, m: MemberFacts, birth: date) -> Maybe:
        rules = self.rules["dependants"]
        age = age_on(birth, self.on)
        if age < int(rules["child_under"]):
            return True
        kinds = set(rules["with_social_allowance"])
        eligible = ("elderly" in kinds and age >= int(rules["elderly_from"])) or (
            "disabled" in kinds and m.disability
        )
        if not eligible:
            return False
        return m.social_allowance  # None: not recorded, so either answer is possible


def member_indicators(
    members: Iterable[MemberFacts], rules: Mapping[str, Any], on: date
) -> MemberAssessment:
    """Judge the member-based indicators a standard defines (its `members:` section) on `on`,
    the review date."""
    people = list(members)
    judge = _Judge(rules, on)
    judged = frozenset(k for k in MEMBER_INDICATORS if k in rules)
    deprived: set[str] = set()
    undetermined: set[str] = set()
    for code in judged - {"dependants"}:
        answers = [judge.per_birth(m, getattr(judge, code)) for m in people]
        if True in answers:
            deprived.add(code)
        elif None in answers:
            undetermined.add(code)
    if "dependants" in judged and people:
        answers = [judge.per_birth(m, judge.dependant) for m in people]
        share = float(rules["dependants"]["deprived_above_share"])
        least = sum(a is True for a in answers)
        most = least + sum(a is None for a in answers)
        if least > share * len(people):
            deprived.add("dependants")
        elif most > share * len(people):
            undetermined.add("dependants")
    return MemberAssessment(frozenset(deprived), frozenset(undetermined), judged)
