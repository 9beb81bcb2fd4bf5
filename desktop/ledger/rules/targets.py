"""Whether a poverty-rate reduction target was met, year by year.

The plans write targets as "giảm tỷ lệ hộ nghèo từ 4%/năm trở lên": a fall of the poor-household
rate by that many percentage points a year. The rate is poor households over **all** households
of the commune (or village, or group), not over those that happened to be classified.

Two calendars meet here and are kept apart: a plan's years are the years its reviews are held
(the review at the end of 2025 is the plan's 2025), while a list belongs to the year it applies
to (that review makes the 2026 list). And a rate measured under one standard is not compared
with one measured under another (2021 → 2022, 2026 → 2027): the result says so instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class YearResult:
    list_year: int  # the year the list applies to
    rate: float  # % of all households that are poor
    reduction: float | None  # percentage points below the previous year's list
    met: bool | None  # None: no comparable previous list
    standard: str | None = None  # the standard the list was made under
    note: str | None = None  # why a year is not compared, in Vietnamese

    @property
    def plan_year(self) -> int:
        """The plan year whose review made this list (the end of the year before)."""
        return self.list_year - 1

    @property
    def year(self) -> int:
        return self.list_year


def poverty_rate(poor: int, households: int) -> float:
    return 0.0 if households == 0 else 100.0 * poor / households


def evaluate(
    counts: Mapping[int, tuple[int, int]],
    min_pct_per_year: float,
    standards: Mapping[int, str | None] | None = None,
) -> list[YearResult]:
    """`counts[list year] = (poor households, all households)` → one result per list year.

    `standards[list year]` names the standard of that year's list; a year whose previous list
    was made under another standard gets no reduction and `met=None`, with a note.
    """
    standards = standards or {}
    results: list[YearResult] = []
    previous: tuple[int, float] | None = None
    for year in sorted(counts):
        rate = poverty_rate(*counts[year])
        reduction, met, note = None, None, None
        if previous is not None and previous[0] == year - 1:
            before, now = standards.get(year - 1), standards.get(year)
            if before != now:
                note = (
                    f"Danh sách năm {year} theo chuẩn {now or 'chưa rõ'}, năm {year - 1} theo "
                    f"chuẩn {before or 'chưa rõ'}: tỷ lệ không so sánh trực tiếp được."
                )
            else:
                reduction = round(previous[1] - rate, 2)
                met = reduction >= min_pct_per_year
        elif previous is not None:
            note = f"Thiếu danh sách năm {year - 1}: không tính mức giảm."
        results.append(YearResult(year, round(rate, 2), reduction, met, standards.get(year), note))
        previous = (year, rate)
    return results


def in_plan_period(results: list[YearResult], plan_from: int, plan_to: int) -> list[YearResult]:
    """The results a plan for `plan_from`–`plan_to` is judged on: the lists its reviews made."""
    return [r for r in results if plan_from <= r.plan_year <= plan_to]


def consecutive_years_met(results: list[YearResult]) -> int:
    """How many of the latest years in a row met the target."""
    streak = 0
    for result in reversed(results):
        if not result.met:
            break
        streak += 1
    return streak
