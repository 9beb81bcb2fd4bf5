"""Whether a poverty-rate reduction target was met, year by year.

The plans write targets as "giảm tỷ lệ hộ nghèo từ 4%/năm trở lên": a fall of the poor-household
rate by that many percentage points a year. Sóc Trăng also requires the target to be met for three
consecutive years before a commendation is proposed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class YearResult:
    year: int
    rate: float  # % of households that are poor
    reduction: float | None  # percentage points below the year before
    met: bool | None  # None: no previous year to compare with


def poverty_rate(poor: int, households: int) -> float:
    return 0.0 if households == 0 else 100.0 * poor / households


def evaluate(counts: Mapping[int, tuple[int, int]], min_pct_per_year: float) -> list[YearResult]:
    """`counts[year] = (poor households, all households)` → one result per year, in order."""
    results: list[YearResult] = []
    previous: float | None = None
    for year in sorted(counts):
        rate = poverty_rate(*counts[year])
        reduction = None if previous is None else round(previous - rate, 2)
        met = None if reduction is None else reduction >= min_pct_per_year
        results.append(YearResult(year, round(rate, 2), reduction, met))
        previous = rate
    return results


def consecutive_years_met(results: list[YearResult]) -> int:
    """How many of the latest years in a row met the target."""
    streak = 0
    for result in reversed(results):
        if not result.met:
            break
        streak += 1
    return streak
