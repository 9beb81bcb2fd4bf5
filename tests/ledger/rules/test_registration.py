"""The registration lifecycle: allowed moves, what each move requires, relapse after escape."""

from datetime import date

import pytest

from desktop.ledger.records import Category, RegistrationStatus, ReviewResult
from desktop.ledger.rules.registration import (
    ALLOWED,
    FINAL,
    follow_up,
    status_after_review,
    transition_problems,
)

S = RegistrationStatus


def test_escape_needs_the_decision_number_and_date():
    problems = transition_problems(S.supported, S.escaped)
    assert set(problems) == {"outcome_decision_number", "outcome_decision_date"}
    assert "số quyết định" in problems["outcome_decision_number"]
    ok = transition_problems(
        S.supported, S.escaped, decision_number="125/QĐ-UBND", decision_date=date(2025, 12, 20)
    )
    assert ok == {}


def test_withdrawal_needs_a_reason():
    assert "lý do" in transition_problems(S.registered, S.withdrawn)["withdrawn_reason"]
    assert transition_problems(S.registered, S.withdrawn, withdrawn_reason="Chuyển đi") == {}


@pytest.mark.parametrize("final", sorted(FINAL))
@pytest.mark.parametrize("target", list(S))
def test_nothing_leaves_a_final_state(final, target):
    if target == final:
        return
    assert "status" in transition_problems(final, target, withdrawn_reason="x")


def test_every_open_state_can_reach_escape_and_withdrawal():
    for state, targets in ALLOWED.items():
        if state not in FINAL:
            assert {S.escaped, S.withdrawn} <= targets


@pytest.mark.parametrize(
    ("result", "year", "target", "expected"),
    [
        (ReviewResult.on_track, 2024, 2025, S.reviewed),
        (ReviewResult.behind, 2024, 2025, S.reviewed),
        (ReviewResult.behind, 2025, 2025, S.not_yet),
        (ReviewResult.not_escaped, 2026, 2025, S.not_yet),
        (ReviewResult.on_track, 2025, 2025, S.not_yet),
        (ReviewResult.escaped, 2025, 2025, S.reviewed),  # waits for the decision
    ],
)
def test_status_after_a_yearly_review(result, year, target, expected):
    assert status_after_review(result, year, target) == expected


def test_falling_back_to_poor_after_escape_is_a_relapse_but_near_poor_is_not():
    fu = follow_up(
        2023,
        {2022: "poor", 2023: "poor", 2024: "average", 2025: "near_poor", 2026: "poor"},
    )
    assert fu.relapsed and fu.relapsed_years == (2026,)
    assert fu.years == {2024: Category.average, 2025: Category.near_poor, 2026: Category.poor}
    assert not follow_up(2023, {2024: "average"}).relapsed
