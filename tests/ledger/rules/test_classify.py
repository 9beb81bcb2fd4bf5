"""The poverty standards classify exactly as their legal texts say, boundaries included."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.ledger.rules.classify import classify_household
from desktop.ledger.rules.standards import StandardError, load_standards, standard_for

STANDARDS = load_standards()


def category(year: int, area: str, income: int, deprived: int | list[str]) -> str:
    return classify_household(year=year, area=area, income=income, deprivations=deprived).category


@pytest.mark.parametrize(
    ("year", "standard_id"),
    [
        (2016, "qd59-2015"),
        (2021, "qd59-2015"),
        (2022, "nd07-2021"),
        (2026, "nd07-2021"),
        (2027, "nd351-2025"),
        (2030, "nd351-2025"),
    ],
)
def test_the_standard_in_force_is_the_one_for_the_year_the_list_applies_to(year, standard_id):
    assert standard_for(year, STANDARDS).id == standard_id


def test_a_year_without_a_standard_is_refused_in_vietnamese():
    with pytest.raises(ValueError, match="Chưa có chuẩn nghèo cho năm 2031"):
        standard_for(2031, STANDARDS)


@pytest.mark.parametrize(
    ("area", "income", "deprived", "expected"),
    [
        # Decree 07/2021, rural: line 1,500,000, ceiling 2,250,000, threshold 3 indicators.
        ("rural", 1_500_000, 3, "poor"),
        ("rural", 1_500_000, 2, "near_poor"),
        ("rural", 0, 12, "poor"),
        ("rural", 1_500_001, 12, "average"),
        ("rural", 2_250_000, 0, "average"),
        ("rural", 2_250_001, 5, "other"),
        # urban: line 2,000,000, ceiling 3,000,000
        ("urban", 2_000_000, 3, "poor"),
        ("urban", 2_000_000, 2, "near_poor"),
        ("urban", 1_500_001, 0, "near_poor"),
        ("urban", 2_000_001, 6, "average"),
        ("urban", 3_000_000, 0, "average"),
        ("urban", 3_000_001, 0, "other"),
    ],
)
def test_decree_07_2021(area, income, deprived, expected):
    assert category(2024, area, income, deprived) == expected


@pytest.mark.parametrize(
    ("area", "income", "deprived", "expected"),
    [
        # Decision 59/2015: at or below the lower line poor whatever the deprivations.
        ("rural", 700_000, 0, "poor"),
        ("rural", 700_001, 2, "near_poor"),
        ("rural", 1_000_000, 3, "poor"),
        ("rural", 1_000_001, 10, "average"),
        ("rural", 1_500_001, 0, "other"),
        ("urban", 900_000, 0, "poor"),
        ("urban", 1_300_000, 2, "near_poor"),
        ("urban", 1_300_000, 3, "poor"),
        ("urban", 1_950_001, 0, "other"),
    ],
)
def test_decision_59_2015_for_2021_lists(area, income, deprived, expected):
    assert category(2021, area, income, deprived) == expected


@pytest.mark.parametrize(
    ("area", "income", "deprived", "expected"),
    [
        ("rural", 2_200_000, 3, "poor"),
        ("rural", 2_200_000, 2, "near_poor"),
        ("rural", 2_200_001, 12, "other"),  # no average-living ceiling reported for 2027–2030
        ("urban", 2_800_000, 3, "poor"),
        ("urban", 2_800_001, 0, "other"),
    ],
)
def test_decree_351_2025_from_2027(area, income, deprived, expected):
    assert category(2027, area, income, deprived) == expected


def test_the_review_at_the_end_of_2026_uses_the_new_lines_but_2026_lists_do_not():
    assert category(2026, "rural", 2_000_000, 4) == "average"
    assert category(2027, "rural", 2_000_000, 4) == "poor"


def test_indicator_codes_are_counted_once_and_checked_against_the_standard():
    codes = ["employment", "health_insurance", "latrine"]
    assert category(2024, "rural", 1_000_000, codes) == "poor"
    assert category(2024, "rural", 1_000_000, ["latrine", "latrine", "telecom"]) == "near_poor"
    with pytest.raises(ValueError, match="household_waste"):
        category(2024, "rural", 1_000_000, ["household_waste"])  # only exists from 2027
    assert category(2027, "rural", 1_000_000, ["household_waste", "latrine", "telecom"]) == "poor"


@pytest.mark.parametrize(("income", "deprived"), [(-1, 0), (1_000_000, -1), (1_000_000, 13)])
def test_impossible_inputs_are_refused(income, deprived):
    with pytest.raises(ValueError):
        category(2024, "rural", income, deprived)


@given(
    year=st.integers(2016, 2030),
    area=st.sampled_from(["rural", "urban"]),
    income=st.integers(0, 10_000_000),
    deprived=st.integers(0, 10),
)
def test_more_income_or_fewer_deprivations_never_makes_a_household_poorer(
    year, area, income, deprived
):
    rank = {"poor": 0, "near_poor": 1, "average": 2, "other": 3}
    here = rank[category(year, area, income, deprived)]
    assert rank[category(year, area, income + 100_000, deprived)] >= here
    if deprived > 0:
        assert rank[category(year, area, income, deprived - 1)] >= here


def test_a_province_may_set_a_higher_standard_of_its_own(tmp_path: Path):
    (tmp_path / "cao-bang.yaml").write_text(
        "extends: nd07-2021\nid: cao-bang-2024\nname: Chuẩn nghèo tỉnh Cao Bằng\n"
        "province_code: 4\nyears: {from: 2024, to: 2026}\n"
        "areas:\n  rural:\n    - {income_max: 1800000, if_deprived: poor, otherwise: near_poor}\n"
        "    - {income_max: 2500000, category: average}\n"
        "  urban:\n    - {income_max: 2000000, if_deprived: poor, otherwise: near_poor}\n"
        "    - {income_max: 3000000, category: average}\n",
        encoding="utf-8",
    )
    kw = {"year": 2024, "area": "rural", "income": 1_700_000, "deprivations": 4}
    own = classify_household(**kw, province_code=4, standards_dir=tmp_path)
    assert (own.category, own.standard.id) == ("poor", "cao-bang-2024")
    other = classify_household(**kw, province_code=37, standards_dir=tmp_path)
    assert (other.category, other.standard.id) == ("average", "nd07-2021")


def test_a_broken_province_standard_names_the_file(tmp_path: Path):
    (tmp_path / "sai.yaml").write_text("extends: nd07-2021\nid: x\nareas: {rural: []}\n")
    with pytest.raises(StandardError, match=r"sai\.yaml"):
        load_standards(tmp_path)


def test_members_settle_the_category_or_leave_it_to_the_officer():
    """An age a birth year leaves open is tried both ways (never guessed)."""
    from datetime import date

    from desktop.ledger.rules.classify import classify_with_members
    from desktop.ledger.rules.deprivation import MemberFacts

    open_age = MemberFacts(
        birth_year=1965, sex="male", employment="unemployed", social_allowance=False
    )  # retired or not, by month of birth
    kw = {"year": 2027, "area": "rural", "income": 2_000_000, "on": date(2026, 11, 30)}
    settled = classify_with_members(**kw, members=[open_age], sheet_deprivations=["latrine"])
    assert (settled.category, settled.undetermined) == ("near_poor", {"employment"})  # 1 or 2
    open_ = classify_with_members(
        **kw, members=[open_age], sheet_deprivations=["latrine", "household_waste"]
    )
    assert open_.category is None and open_.possible == ("poor", "near_poor")  # 2 or 3
    known = MemberFacts(
        birth_date=date(1966, 3, 1), sex="male", employment="unemployed", social_allowance=False
    )
    poor = classify_with_members(
        **kw, members=[known], sheet_deprivations=["latrine", "household_waste"]
    )
    assert poor.category == "poor" and "employment" in poor.deprived


def test_an_unrecorded_allowance_leaves_an_elderly_households_dependants_open():
    from datetime import date

    from desktop.ledger.rules.classify import classify_with_members
    from desktop.ledger.rules.deprivation import MemberFacts

    alone = MemberFacts(birth_date=date(1950, 1, 1), sex="female", health_insured=True)
    result = classify_with_members(
        year=2026,
        area="rural",
        income=1_000_000,
        members=[alone],
        sheet_deprivations=["latrine", "telecom"],
        on=date(2025, 11, 30),
    )
    assert "dependants" in result.undetermined and result.possible == ("poor", "near_poor")
