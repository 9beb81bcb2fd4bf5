"""Escaping poverty is a change between two lists, not a category of its own.

Decision 24/2021/QĐ-TTg names the outcomes of a review "hộ thoát nghèo" and "hộ thoát cận nghèo"
(Mẫu số 02 and 04): a household escapes poverty when it was poor on one year's list and is
near-poor, average or other on the next; it escapes near-poverty when it was near-poor and is
average or other. A "hộ mới thoát nghèo" is a household in the years after such an escape.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.ledger.vocabulary import Category, Transition

_POOR = Category.poor
_NEAR = Category.near_poor
_ABOVE = frozenset({Category.average, Category.other})
ESCAPES = frozenset({Transition.escaped_poverty, Transition.escaped_near_poverty})


def transition(before: Category | str | None, after: Category | str | None) -> Transition | None:
    """What the move from one list year's category to the next means, if anything."""
    if before is None or after is None:
        return None  # a year without a classification tells nothing
    before, after = Category(before), Category(after)
    if before == _POOR and after != _POOR:
        return Transition.escaped_poverty
    if before == _NEAR and after in _ABOVE:
        return Transition.escaped_near_poverty
    if after == _POOR and before != _POOR:
        return Transition.fell_into_poverty
    if after == _NEAR and before in _ABOVE:
        return Transition.fell_into_near_poverty
    return None


def transitions_by_year(categories: Mapping[int, Category | str]) -> dict[int, Transition]:
    """For each list year whose previous year is known too, the transition into it.

    Only consecutive list years are compared: a gap (a year never classified) says nothing about
    when the change happened.
    """
    found: dict[int, Transition] = {}
    for year in sorted(categories):
        if year - 1 in categories:
            change = transition(categories[year - 1], categories[year])
            if change is not None:
                found[year] = change
    return found


def escape_years(
    categories: Mapping[int, Category | str], kind: Transition = Transition.escaped_poverty
) -> list[int]:
    """The list years in which the household appears escaped (of `kind`), oldest first."""
    return [y for y, t in transitions_by_year(categories).items() if t == kind]


def newly_escaped(categories: Mapping[int, Category | str], year: int, *, years: int) -> bool:
    """Whether in list year `year` the household is a "hộ mới thoát nghèo": it escaped poverty
    within the last `years` list years (how long support continues is set by each policy) and
    has not fallen back into poverty since."""
    escapes = [y for y in escape_years(categories) if y <= year]
    if not escapes or year - escapes[-1] >= years:
        return False
    return all(Category(categories[y]) != _POOR for y in categories if escapes[-1] <= y <= year)
