"""Member-based indicators: each fires on its own fact, and unsurveyed facts never count."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.ledger.rules.deprivation import MemberFacts, member_indicators

WORKER = MemberFacts(
    age=35,
    health_insured=True,
    education="upper_secondary",
    in_school=False,
    employment="self_employed",
)


@pytest.mark.parametrize(
    ("member", "indicator"),
    [
        (MemberFacts(age=40, employment="unemployed", health_insured=True), "employment"),
        (
            MemberFacts(age=40, employment="working_without_contract", health_insured=True),
            "employment",
        ),
        (MemberFacts(age=6, health_insured=False, in_school=True), "health_insurance"),
        (MemberFacts(age=10, health_insured=True, in_school=False), "child_schooling"),
        (
            MemberFacts(age=17, health_insured=True, in_school=False, education="primary"),
            "adult_education",
        ),
        (
            MemberFacts(
                age=25,
                health_insured=True,
                in_school=False,
                education="lower_secondary",
                employment="self_employed",
            ),
            "adult_education",
        ),
    ],
)
def test_each_indicator_fires_on_its_fact(member, indicator):
    assert indicator in member_indicators([WORKER, WORKER, member])


@pytest.mark.parametrize(
    "member",
    [
        MemberFacts(age=5, health_insured=False),  # insurance is counted from age 6
        MemberFacts(age=2, in_school=False, health_insured=True),  # schooling from age 3
        MemberFacts(age=17, in_school=False, education="lower_secondary", health_insured=True),
        MemberFacts(age=31, in_school=False, education="none", health_insured=True),
        MemberFacts(age=65, employment="unemployed", health_insured=True),  # past working age
    ],
)
def test_boundaries_that_do_not_fire(member):
    assert member_indicators([WORKER, WORKER, member]) == set()


def test_dependants_over_half_of_the_household():
    child = MemberFacts(age=4, in_school=True, health_insured=True)
    assert "dependants" in member_indicators([WORKER, child, child])
    assert "dependants" not in member_indicators([WORKER, WORKER, child, child])


@given(st.lists(st.builds(MemberFacts, age=st.one_of(st.none(), st.integers(0, 100))), max_size=8))
def test_facts_not_surveyed_never_count(members):
    assert member_indicators(members) <= {"dependants"}


def test_age_from_a_full_date_or_a_bare_year():
    from datetime import date

    from desktop.ledger.rules.deprivation import age_on

    assert age_on(date(2010, 6, 15), None, date(2026, 6, 14)) == 15
    assert age_on(date(2010, 6, 15), None, date(2026, 6, 15)) == 16
    assert age_on(None, 2010, date(2026, 1, 1)) == 16
    assert age_on(None, None, date(2026, 1, 1)) is None
