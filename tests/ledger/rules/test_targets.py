"""Targets are percentage points of the poor-household rate, year on year."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.ledger.rules.targets import consecutive_years_met, evaluate, in_plan_period


def test_reduction_in_points_and_the_streak_of_years_met():
    counts = {2022: (300, 1000), 2023: (250, 1000), 2024: (215, 1000), 2025: (170, 1000)}
    results = evaluate(counts, 4.0)
    assert [(r.year, r.rate, r.reduction, r.met) for r in results] == [
        (2022, 30.0, None, None),
        (2023, 25.0, 5.0, True),
        (2024, 21.5, 3.5, False),
        (2025, 17.0, 4.5, True),
    ]
    assert consecutive_years_met(results) == 1
    assert (
        consecutive_years_met(evaluate({2023: (10, 100), 2024: (6, 100), 2025: (2, 100)}, 4)) == 2
    )


def test_exactly_the_target_counts_as_met():
    assert evaluate({2024: (50, 100), 2025: (46, 100)}, 4.0)[1].met is True


def test_a_village_with_no_households_has_rate_zero():
    assert evaluate({2025: (0, 0)}, 4.0)[0].rate == 0.0


@given(
    st.dictionaries(
        st.integers(2016, 2030),
        st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
        min_size=1,
    )
)
def test_rates_stay_between_0_and_100(counts):
    for r in evaluate(counts, 4.0):
        assert 0.0 <= r.rate <= 100.0
        assert r.met is None or r.met == (r.reduction >= 4.0)


@pytest.mark.parametrize("n", [0, 1])
def test_no_streak_without_comparisons(n):
    assert consecutive_years_met(evaluate({2025 + i: (1, 10) for i in range(n)}, 1)) == 0


ND07, QD59, ND351 = "nd07-2021", "qd59-2015", "nd351-2025"


@pytest.mark.parametrize(
    ("before", "after"),
    [(2021, 2022), (2026, 2027)],  # QĐ 59/2015 → NĐ 07/2021, NĐ 07/2021 → NĐ 351/2025
)
def test_no_silent_comparison_across_a_change_of_standard(before, after):
    standards = {2021: QD59, 2022: ND07, 2026: ND07, 2027: ND351}
    counts = {before: (100, 1000), after: (40, 1000)}
    result = evaluate(counts, 4.0, standards)[1]
    assert (result.reduction, result.met) == (None, None)
    assert f"năm {after} theo chuẩn {standards[after]}" in result.note
    assert "không so sánh" in result.note


def test_the_same_standard_is_compared():
    result = evaluate({2024: (100, 1000), 2025: (50, 1000)}, 4.0, {2024: ND07, 2025: ND07})[1]
    assert (result.reduction, result.met, result.note) == (5.0, True, None)


def test_a_missing_list_year_is_not_bridged():
    result = evaluate({2023: (300, 1000), 2025: (100, 1000)}, 4.0)[1]
    assert result.reduction is None and "Thiếu danh sách năm 2024" in result.note


def test_plan_years_and_list_years_are_kept_apart():
    """Cao Bằng's plan 2021–2025 is judged on its reviews' lists: 2022 to 2026."""
    counts = {y: (300 - 40 * (y - 2021), 1000) for y in range(2021, 2028)}
    results = in_plan_period(evaluate(counts, 4.0), 2021, 2025)
    assert [r.list_year for r in results] == [2022, 2023, 2024, 2025, 2026]
    assert [r.plan_year for r in results] == [2021, 2022, 2023, 2024, 2025]
