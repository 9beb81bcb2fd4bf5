"""Targets are percentage points of the poor-household rate, year on year."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.ledger.rules.targets import consecutive_years_met, evaluate


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
