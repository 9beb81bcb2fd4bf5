"""Escape is read from two consecutive lists (Decision 24/2021/QĐ-TTg, Mẫu số 02 and 04):
thoát nghèo = poor → near-poor, average or other; thoát cận nghèo = near-poor → average or other."""

import pytest

from desktop.ledger.rules.transitions import (
    escape_years,
    newly_escaped,
    transition,
    transitions_by_year,
)
from desktop.ledger.vocabulary import CATEGORY_LABELS, TRANSITION_LABELS, Category, Transition

P, N, A, OT = "poor", "near_poor", "average", "other"
ESC, ESC_NEAR = Transition.escaped_poverty, Transition.escaped_near_poverty

# Every pair of categories, as the decision's two lists read them.
RULE = {
    (P, P): None,
    (P, N): ESC,  # a poor household now near-poor has escaped poverty (not near-poverty)
    (P, A): ESC,
    (P, OT): ESC,
    (N, P): Transition.fell_into_poverty,
    (N, N): None,
    (N, A): ESC_NEAR,
    (N, OT): ESC_NEAR,
    (A, P): Transition.fell_into_poverty,
    (A, N): Transition.fell_into_near_poverty,
    (A, A): None,
    (A, OT): None,
    (OT, P): Transition.fell_into_poverty,
    (OT, N): Transition.fell_into_near_poverty,
    (OT, A): None,
    (OT, OT): None,
}


@pytest.mark.parametrize(("before", "after"), list(RULE))
def test_every_pair_of_categories(before, after):
    assert transition(before, after) == RULE[(before, after)]


def test_escape_is_not_a_category():
    assert {c.value for c in Category} == {P, N, A, OT}
    assert "Hộ mới thoát nghèo" not in CATEGORY_LABELS.values()
    assert TRANSITION_LABELS[ESC] == "Thoát nghèo"
    assert TRANSITION_LABELS[ESC_NEAR] == "Thoát cận nghèo"


def test_a_year_without_a_list_tells_nothing():
    assert transition(None, A) is None and transition(P, None) is None
    # 2023 missing: 2022 poor and 2024 average are not consecutive lists
    assert transitions_by_year({2022: P, 2024: A}) == {}


def test_transitions_are_read_year_by_year():
    history = {2022: P, 2023: P, 2024: N, 2025: A, 2026: P, 2027: OT}
    assert transitions_by_year(history) == {
        2024: ESC,
        2025: ESC_NEAR,
        2026: Transition.fell_into_poverty,
        2027: ESC,
    }
    assert escape_years(history) == [2024, 2027]
    assert escape_years(history, ESC_NEAR) == [2025]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2023, False),  # still poor
        (2024, True),  # the list after the escape
        (2025, True),
        (2026, False),  # support lasted two list years
    ],
)
def test_newly_escaped_is_a_status_that_lasts(year, expected):
    history = {2022: P, 2023: P, 2024: N, 2025: A, 2026: A}
    assert newly_escaped(history, year, years=2) is expected


def test_falling_back_ends_the_newly_escaped_status():
    assert not newly_escaped({2023: P, 2024: N, 2025: P}, 2025, years=3)
