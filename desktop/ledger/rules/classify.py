"""classify_household(): the one function the app, the CLI and the server use to classify."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.ledger.rules.deprivation import MemberFacts, member_indicators
from desktop.ledger.rules.standards import (
    CATEGORIES,
    PovertyStandard,
    cached_standards,
    standard_for,
)


@dataclass(frozen=True)
class ClassificationResult:
    category: str  # poor, near_poor, average, other
    standard: PovertyStandard


def classify_household(
    *,
    year: int,
    area: str,
    income: int,
    deprivations: int | Collection[str],
    province_code: int | None = None,
    standards_dir: Path | None = None,
) -> ClassificationResult:
    """Classify under the standard in force for `year`, the year the list applies to."""
    standard = standard_for(year, cached_standards(standards_dir), province_code)
    return ClassificationResult(standard.classify(area, income, deprivations), standard)


@dataclass(frozen=True)
class MemberBasedResult:
    """A classification whose member-based indicators were judged from the members' facts."""

    category: str | None  # None: an undetermined indicator could change the category
    possible: tuple[str, ...]  # every category the undetermined indicators allow
    standard: PovertyStandard
    deprived: frozenset[str]
    undetermined: frozenset[str]


def classify_with_members(
    *,
    year: int,
    area: str,
    income: int,
    members: Iterable[MemberFacts],
    sheet_deprivations: Collection[str],
    on: date,
    province_code: int | None = None,
    standards_dir: Path | None = None,
) -> MemberBasedResult:
    """Classify from the review sheet's indicators plus those judged from the members on `on`.

    An indicator the members' facts cannot settle (an age a birth year leaves open) is tried both
    ways: if the category is the same either way it stands, otherwise it is left to the officer.
    """
    standard = standard_for(year, cached_standards(standards_dir), province_code)
    judged = member_indicators(members, standard.members, on)
    certain = set(sheet_deprivations) | judged.deprived
    open_ = judged.undetermined - certain
    low = standard.classify(area, income, certain)
    high = standard.classify(area, income, certain | open_)
    possible = tuple(c for c in CATEGORIES if c in {low, high})
    return MemberBasedResult(
        low if low == high else None, possible, standard, frozenset(certain), frozenset(open_)
    )
