"""Ages on a review date, and the end of working age by the Labour Code's retirement ages.

Registers often hold only a birth year. Then every birth date in that year is possible, and a
question whose answer changes within the year ("is she 16 yet?", "has he retired?") has no
answer: the rules ask it of every possible birth date and report "unknown" when they disagree,
never a guess.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from functools import cache

from desktop.ledger.resources import load_yaml

OLDEST = 110  # a member with no birth information at all may be up to this old


def age_on(birth: date, on: date) -> int:
    """Completed years on `on` (tuổi tròn)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def possible_births(birth_date: date | None, birth_year: int | None, on: date) -> list[date]:
    """Every birth date the register allows, at the granularity that matters here.

    Ages change on a birthday and retirement at a month's end, so the first and the last day of
    each month stand for all the days between.
    """
    if birth_date is not None:
        return [birth_date]
    if birth_year is None:
        # Any year: the first and last day of each year already give every age and both sides
        # of every retirement date.
        years: Sequence[int] = range(on.year - OLDEST, on.year + 1)
        found = [d for y in years for d in (date(y, 1, 1), date(y, 12, 31))]
    else:
        found = []
        for month in range(1, 13):
            last = calendar.monthrange(birth_year, month)[1]
            found += [date(birth_year, month, 1), date(birth_year, month, last)]
    return [d for d in found if d <= on] or [on]


@cache
def _retirement_table() -> tuple[dict[str, tuple[int, int]], dict[int, dict[str, tuple[int, int]]]]:
    raw = load_yaml("labour", "retirement_ages.yaml")
    before = {sex: (int(y), int(m)) for sex, (y, m) in raw["before_first_year"].items()}
    by_year = {
        int(year): {sex: (int(y), int(m)) for sex, (y, m) in ages.items()}
        for year, ages in raw["by_year"].items()
    }
    return before, by_year


def retirement_age(sex: str, year: int) -> tuple[int, int]:
    """(years, months) at which a man or woman reaching it in `year` retires."""
    before, by_year = _retirement_table()
    if year < min(by_year):
        return before[sex]
    return by_year[min(year, max(by_year))][sex]


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


@cache
def retirement_date(birth: date, sex: str) -> date:
    """The last day of working age: the end of the month in which the person reaches the
    retirement age set for that year (Decree 135/2020, Art. 4 and its annex)."""
    year = birth.year + 40
    while True:
        years, months = retirement_age(sex, year)
        reached = _add_months(birth, years * 12 + months)
        if reached.year <= year:
            last = calendar.monthrange(reached.year, reached.month)[1]
            return date(reached.year, reached.month, last)
        year += 1
