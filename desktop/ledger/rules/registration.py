"""The lifecycle of a voluntary registration to escape poverty, as plain rules.

registered → supported → reviewed (each year) → escaped (with the commune's decision)
                                              → not_yet (target year passed) → supported … again
any open state → withdrawn (with a reason). Escaped and withdrawn are final: a household that
falls back into poverty registers again, and the relapse stays visible through `follow_up()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from desktop.ledger.vocabulary import (
    REGISTRATION_STATUS_LABELS,
    Category,
    RegistrationStatus,
    ReviewResult,
)

S = RegistrationStatus
OPEN = frozenset({S.registered, S.supported, S.reviewed, S.not_yet})
FINAL = frozenset({S.escaped, S.withdrawn})
ALLOWED: dict[RegistrationStatus, frozenset[RegistrationStatus]] = {
    S.registered: frozenset({S.supported, S.reviewed, S.escaped, S.not_yet, S.withdrawn}),
    S.supported: frozenset({S.reviewed, S.escaped, S.not_yet, S.withdrawn}),
    S.reviewed: frozenset({S.supported, S.reviewed, S.escaped, S.not_yet, S.withdrawn}),
    S.not_yet: frozenset({S.supported, S.reviewed, S.escaped, S.withdrawn}),
    S.escaped: frozenset(),
    S.withdrawn: frozenset(),
}
POOR_CATEGORIES = frozenset({Category.poor, Category.near_poor})


def transition_problems(
    current: RegistrationStatus,
    new: RegistrationStatus,
    *,
    decision_number: str | None = None,
    decision_date: date | None = None,
    withdrawn_reason: str | None = None,
) -> dict[str, str]:
    """What stops a registration moving from `current` to `new` (field → Vietnamese message)."""
    if new == current and new != S.reviewed:
        return {}
    if new not in ALLOWED[current]:
        return {
            "status": f"Không thể chuyển từ “{REGISTRATION_STATUS_LABELS[current]}” sang "
            f"“{REGISTRATION_STATUS_LABELS[new]}”."
        }
    problems: dict[str, str] = {}
    if new == S.escaped:
        if not (decision_number or "").strip():
            problems["outcome_decision_number"] = "Cần số quyết định công nhận hộ thoát nghèo."
        if decision_date is None:
            problems["outcome_decision_date"] = "Cần ngày của quyết định công nhận thoát nghèo."
    if new == S.withdrawn and not (withdrawn_reason or "").strip():
        problems["withdrawn_reason"] = "Cần ghi lý do hộ rút đăng ký."
    return problems


def status_after_review(result: ReviewResult, year: int, target_year: int) -> RegistrationStatus:
    """The status a yearly review leads to. Escape itself waits for the chairman's decision."""
    if result != ReviewResult.escaped and year >= target_year:
        return S.not_yet
    return S.reviewed


@dataclass(frozen=True)
class FollowUp:
    """How an escaped household fared in the years after its escape (theo dõi sau thoát nghèo)."""

    escaped_year: int
    years: dict[int, Category]
    relapsed_years: tuple[int, ...]

    @property
    def relapsed(self) -> bool:
        return bool(self.relapsed_years)


def follow_up(escaped_year: int, classifications: Mapping[int, Category | str]) -> FollowUp:
    """Classifications of the years after escape; a year back in poverty is a relapse (tái nghèo).

    Near-poor after escaping poverty is not a relapse; only falling back to poor is.
    """
    later = {y: Category(c) for y, c in sorted(classifications.items()) if y > escaped_year}
    relapsed = tuple(y for y, c in later.items() if c == Category.poor)
    return FollowUp(escaped_year, later, relapsed)
