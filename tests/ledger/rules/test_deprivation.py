"""Member-based indicators, from the rules the standard's YAML carries: the Labour Code's
retirement ages (Decree 135/2020), the dependants of the 07/2021 annex as reported, school level
for the age by calendar year (Education Law 2019 Art. 28), and ages a birth year cannot settle."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.ledger.rules.ages import retirement_date
from desktop.ledger.rules.deprivation import MemberFacts, member_indicators
from desktop.ledger.rules.standards import load_standards

RULES = {s.id: s.members for s in load_standards()}["nd07-2021"]
ON = date(2026, 11, 30)  # the review at the end of 2026
WORKER = MemberFacts(
    birth_date=date(1990, 5, 1),
    sex="male",
    health_insured=True,
    education="upper_secondary",
    in_school=False,
    employment="self_employed",
)


def judge(*members: MemberFacts, on: date = ON):
    return member_indicators([WORKER, WORKER, *members], RULES, on)


def outcome(code: str, *members: MemberFacts) -> str:
    result = judge(*members)
    if code in result.deprived:
        return "deprived"
    return "unknown" if code in result.undetermined else "no"


# --- working age: Labour Code 2019 Art. 169, Decree 135/2020 Art. 4 and its annex ---------------


@pytest.mark.parametrize(
    ("sex", "born", "retires"),
    [
        ("male", date(1960, 10, 5), date(2020, 10, 31)),  # 60 before 2021
        ("male", date(1961, 1, 5), date(2021, 4, 30)),  # 60 y 3 m in 2021
        ("male", date(1961, 9, 5), date(2021, 12, 31)),
        ("male", date(1961, 10, 5), date(2022, 4, 30)),  # 60 y 3 m would fall in 2022: 60 y 6 m
        ("male", date(1965, 1, 5), date(2026, 7, 31)),  # 61 y 6 m in 2026
        ("male", date(1967, 1, 5), date(2029, 1, 31)),  # 62 from 2028
        ("female", date(1966, 1, 5), date(2021, 5, 31)),  # 55 y 4 m in 2021
        ("female", date(1966, 9, 5), date(2022, 5, 31)),  # 55 y 8 m in 2022
        ("female", date(1969, 1, 5), date(2025, 9, 30)),  # 56 y 8 m reached in 2025
        ("female", date(1969, 12, 5), date(2026, 12, 31)),  # 56 y 8 m only in 2026: then 57
        ("female", date(1980, 1, 5), date(2040, 1, 31)),  # 60 from 2035
    ],
)
def test_retirement_dates_follow_decree_135(sex, born, retires):
    assert retirement_date(born, sex) == retires


UNEMPLOYED = {"employment": "unemployed", "health_insured": True, "in_school": False}


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (MemberFacts(birth_date=date(1965, 5, 10), sex="male", **UNEMPLOYED), "deprived"),
        (
            MemberFacts(birth_date=date(1965, 4, 10), sex="male", **UNEMPLOYED),
            "no",
        ),  # retired 10/2026
        (MemberFacts(birth_year=1965, sex="male", **UNEMPLOYED), "unknown"),  # either, by month
        (MemberFacts(birth_year=1966, sex="male", **UNEMPLOYED), "deprived"),  # retires in 2027
        (
            MemberFacts(birth_year=1968, sex="female", **UNEMPLOYED),
            "no",
        ),  # retired in 2025, at 56 y 8 m
        (MemberFacts(birth_year=1969, sex="female", **UNEMPLOYED), "unknown"),  # 57 during 2026
        (MemberFacts(birth_year=1972, sex="female", **UNEMPLOYED), "deprived"),  # 54: not yet 60
        (MemberFacts(birth_date=date(2011, 12, 15), sex="male", **UNEMPLOYED), "no"),  # 14
        (MemberFacts(birth_date=date(2011, 11, 15), sex="male", **UNEMPLOYED), "deprived"),  # 15
        (MemberFacts(birth_year=2011, sex="male", **UNEMPLOYED), "unknown"),  # 14 or 15
        (MemberFacts(birth_year=1966, sex=None, **UNEMPLOYED), "unknown"),  # 60 y 10 m: sex decides
    ],
)
def test_employment_counts_only_within_working_age(member, expected):
    assert outcome("employment", member) == expected


# --- dependants: children under 16; elderly (60+) or disabled members on the monthly allowance --


def child(age: int, **kw) -> MemberFacts:
    return MemberFacts(birth_date=date(ON.year - age, 1, 1), health_insured=True, **kw)


def elder(allowance: bool | None) -> MemberFacts:
    return MemberFacts(birth_date=date(1950, 1, 1), sex="female", social_allowance=allowance)


def disabled(allowance: bool | None, employment: str | None = None) -> MemberFacts:
    return MemberFacts(
        birth_date=date(1985, 1, 1),
        sex="male",
        disability=True,
        social_allowance=allowance,
        employment=employment,
        health_insured=True,
    )


@pytest.mark.parametrize(
    ("others", "expected"),
    [
        ([child(10), child(5), child(3)], "deprived"),  # 3 of 5
        ([child(10), child(5)], "no"),  # 2 of 4: exactly half is not over half
        ([elder(True), elder(True), child(4)], "deprived"),
        ([elder(False), elder(False), child(4)], "no"),  # not on the allowance: not dependants
        ([disabled(True), disabled(True), child(4)], "deprived"),
        ([disabled(None), disabled(None), child(4)], "unknown"),  # allowance not recorded
        ([disabled(False), disabled(False), child(4)], "no"),
        ([disabled(False, "not_in_labour_force"), child(4), child(5)], "no"),
        ([MemberFacts(birth_year=2010), child(4), child(5)], "unknown"),  # 15 or 16
        ([MemberFacts(birth_year=2012), child(4), child(5)], "deprived"),  # 13 or 14: a child
    ],
)
def test_dependants_over_half_of_the_members(others, expected):
    assert outcome("dependants", *others) == expected


# --- health insurance from age 6; adult education 16–30 -----------------------------------------


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (MemberFacts(birth_date=date(2020, 12, 15), health_insured=False), "no"),  # 5
        (MemberFacts(birth_date=date(2020, 11, 1), health_insured=False), "deprived"),  # 6
        (MemberFacts(birth_year=2020, health_insured=False), "unknown"),
        (MemberFacts(birth_year=1950, health_insured=False), "deprived"),
        (MemberFacts(birth_year=1950, health_insured=None), "no"),  # not recorded
    ],
)
def test_health_insurance_from_six(member, expected):
    assert outcome("health_insurance", member) == expected


def adult(born: date | int, education: str, in_school: bool = False) -> MemberFacts:
    kw = {"birth_date": born} if isinstance(born, date) else {"birth_year": born}
    return MemberFacts(**kw, education=education, in_school=in_school, health_insured=True)


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (adult(date(2009, 6, 1), "primary"), "deprived"),  # 17 without lower-secondary
        (adult(date(2009, 6, 1), "lower_secondary"), "no"),
        (adult(date(2009, 6, 1), "primary", in_school=True), "no"),  # still studying
        (adult(date(2001, 6, 1), "lower_secondary"), "deprived"),  # 25 without upper-secondary
        (adult(date(2001, 6, 1), "vocational"), "no"),
        (adult(date(1995, 6, 1), "none"), "no"),  # 31: outside 16–30
        (adult(2008, "lower_secondary"), "unknown"),  # 17 or 18
        (adult(2010, "primary"), "unknown"),  # 15 or 16
    ],
)
def test_adult_education_expected_for_the_age(member, expected):
    assert outcome("adult_education", member) == expected


# --- children's schooling: the right level for the age, counted by calendar year -----------------


def pupil(born: date | int, level: str | None, in_school: bool | None = True) -> MemberFacts:
    kw = {"birth_date": born} if isinstance(born, date) else {"birth_year": born}
    return MemberFacts(**kw, in_school=in_school, school_level=level, health_insured=True)


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        (pupil(2019, "preschool"), "deprived"),  # school age 7: primary
        (pupil(2019, "primary"), "no"),
        (pupil(2015, "primary"), "deprived"),  # 11: lower secondary
        (pupil(2015, "lower_secondary"), "no"),
        (pupil(date(2011, 3, 1), "lower_secondary"), "deprived"),  # 15: upper secondary
        (pupil(2022, "preschool"), "no"),  # 4
        (pupil(2019, "lower_secondary"), "no"),  # ahead of the age: not deprived
        (pupil(date(2016, 5, 1), None, in_school=False), "deprived"),  # 10, not at school
        (pupil(date(2024, 6, 1), None, in_school=False), "no"),  # 2: before 3
        (pupil(2023, None, in_school=False), "unknown"),  # 2 or 3
        (pupil(date(2010, 6, 1), None, in_school=False), "no"),  # 16: past the indicator's ages
        (pupil(2016, None, in_school=None), "no"),  # not recorded
    ],
)
def test_children_at_the_right_level_for_their_age(member, expected):
    assert outcome("child_schooling", member) == expected


@settings(deadline=None)  # speed is the benchmarks' business, not a timed test's
@given(
    st.lists(
        st.builds(
            MemberFacts,
            birth_year=st.one_of(st.none(), st.integers(1920, 2026)),
            sex=st.sampled_from([None, "male", "female"]),
        ),
        max_size=5,
    )
)
def test_facts_not_recorded_never_count(members):
    result = member_indicators(members, RULES, ON)
    assert result.deprived <= {"dependants"}  # children are dependants by age alone


def test_every_age_and_definition_comes_from_the_standard():
    stricter = {**RULES, "health_insurance": {"from_age": 0}}
    baby = MemberFacts(birth_date=date(2026, 1, 1), health_insured=False)
    assert "health_insurance" not in member_indicators([baby], RULES, ON).deprived
    assert "health_insurance" in member_indicators([baby], stricter, ON).deprived
    assert member_indicators([baby], {}, ON).judged == frozenset()  # Decision 59/2015: none here
