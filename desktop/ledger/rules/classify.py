"""classify_household(): the one function the app, the CLI and the server use to classify."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from desktop.ledger.rules.standards import PovertyStandard, cached_standards, standard_for


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
