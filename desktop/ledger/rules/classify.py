"""classify_household(): the one function the app, the CLI and the server use to classify."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.ledger.rules.standards import PovertyStandard, load_standards, standard_for


@dataclass(frozen=True)
class ClassificationResult:
    category: str  # poor, near_poor, average, other
    standard: PovertyStandard


@cache
def _standards(extra_dir: Path | None) -> tuple[PovertyStandard, ...]:
    return load_standards(extra_dir)


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
    standard = standard_for(year, _standards(standards_dir), province_code)
    return ClassificationResult(standard.classify(area, income, deprivations), standard)
