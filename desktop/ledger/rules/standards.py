"""Poverty standards as data: which one applies to a year, and how it classifies a household.

A standard is a small rule set (income bands per area, the deprivation indicators and the
threshold), read from `resources/standards/*.yaml`. A province with its own, higher standard puts
a file in the data folder's `standards/` with `province_code:` and, to change only some values,
`extends: <national id>`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from desktop.ledger.resources import resource_path

CATEGORIES = ("poor", "near_poor", "average", "other")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
AREAS = ("rural", "urban")


class StandardError(ValueError):
    """A standard file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    dimension: str
    definition: str = ""


@dataclass(frozen=True)
class IncomeBand:
    income_max: int
    category: str | None = None  # decides alone
    if_deprived: str | None = None  # deprivation count ≥ threshold
    otherwise: str | None = None

    def decide(self, deprived: bool) -> str:
        if self.category is not None:
            return self.category
        return self.if_deprived if deprived else self.otherwise  # type: ignore[return-value]


@dataclass(frozen=True)
class PovertyStandard:
    id: str
    name: str
    legal_basis: str
    year_from: int
    year_to: int
    deprivation_threshold: int
    bands: dict[str, tuple[IncomeBand, ...]]
    indicators: tuple[Indicator, ...]
    provisional: bool = False
    province_code: int | None = None

    def covers(self, year: int) -> bool:
        return self.year_from <= year <= self.year_to

    def poverty_line(self, area: str) -> int:
        """The highest income that can still be poor or near-poor."""
        return max(b.income_max for b in self.bands[area] if b.category != "average")

    def indicator(self, code: str) -> Indicator:
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(code)

    def classify(self, area: str, income: int, deprivations: int | Collection[str]) -> str:
        """The category (poor, near_poor, average, other) of a household under this standard."""
        if area not in self.bands:
            raise ValueError(f"Khu vực không hợp lệ: {area!r} (chọn nông thôn hoặc thành thị).")
        if income < 0:
            raise ValueError("Thu nhập bình quân đầu người không được âm.")
        count = deprivations if isinstance(deprivations, int) else self._count(deprivations)
        if not 0 <= count <= len(self.indicators):
            raise ValueError(
                f"Số chỉ số thiếu hụt phải từ 0 đến {len(self.indicators)}; đã nhập {count}."
            )
        for band in self.bands[area]:
            if income <= band.income_max:
                return band.decide(count >= self.deprivation_threshold)
        return "other"

    def _count(self, codes: Collection[str]) -> int:
        known = {ind.code for ind in self.indicators}
        unknown = sorted(set(codes) - known)
        if unknown:
            raise ValueError(
                f"Chỉ số thiếu hụt không có trong {self.name}: {', '.join(unknown)}. "
                f"Các chỉ số hợp lệ: {', '.join(ind.code for ind in self.indicators)}."
            )
        return len(set(codes))


def _band(raw: dict[str, Any], where: str) -> IncomeBand:
    band = IncomeBand(
        income_max=int(raw["income_max"]),
        category=raw.get("category"),
        if_deprived=raw.get("if_deprived"),
        otherwise=raw.get("otherwise"),
    )
    named = [c for c in (band.category, band.if_deprived, band.otherwise) if c is not None]
    if any(c not in CATEGORIES for c in named):
        raise StandardError(f"{where}: loại hộ không hợp lệ trong {raw}")
    if band.category is None and (band.if_deprived is None or band.otherwise is None):
        raise StandardError(f"{where}: cần 'category' hoặc cả 'if_deprived' và 'otherwise'")
    return band


def parse_standard(raw: dict[str, Any], source: str) -> PovertyStandard:
    try:
        bands: dict[str, tuple[IncomeBand, ...]] = {}
        for area in AREAS:
            area_bands = tuple(_band(b, f"{source}: areas.{area}") for b in raw["areas"][area])
            limits = [b.income_max for b in area_bands]
            if limits != sorted(limits) or len(set(limits)) != len(limits):
                raise StandardError(f"{source}: areas.{area} phải xếp theo thu nhập tăng dần")
            bands[area] = area_bands
        indicators = tuple(
            Indicator(ind["code"], ind["label"], dim["label"], ind.get("definition", ""))
            for dim in raw["dimensions"]
            for ind in dim["indicators"]
        )
        codes = [i.code for i in indicators]
        if len(set(codes)) != len(codes):
            raise StandardError(f"{source}: mã chỉ số bị trùng")
        return PovertyStandard(
            id=str(raw["id"]),
            name=str(raw["name"]),
            legal_basis=str(raw.get("legal_basis", "")),
            year_from=int(raw["years"]["from"]),
            year_to=int(raw["years"]["to"]),
            deprivation_threshold=int(raw["deprivation_threshold"]),
            bands=bands,
            indicators=indicators,
            provisional=bool(raw.get("provisional", False)),
            province_code=raw.get("province_code"),
        )
    except (KeyError, TypeError) as exc:
        raise StandardError(f"{source}: thiếu hoặc sai mục {exc}") from exc


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as f:
            raw = yaml.load(f, Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise StandardError(f"{path.name}: không đọc được tệp chuẩn nghèo ({exc})") from exc
    if not isinstance(raw, dict):
        raise StandardError(f"{path.name}: tệp chuẩn nghèo phải là một bảng khoá–giá trị")
    return raw


def load_standards(extra_dir: Path | None = None) -> tuple[PovertyStandard, ...]:
    """National standards from resources, then a province's own from `extra_dir`."""
    raws = {p.name: _read(p) for p in sorted(resource_path("standards").glob("*.yaml"))}
    national = {raw["id"]: raw for raw in raws.values()}
    standards = [parse_standard(raw, name) for name, raw in raws.items()]
    if extra_dir is not None and extra_dir.is_dir():
        for path in sorted(extra_dir.glob("*.yaml")):
            raw = _read(path)
            base = raw.pop("extends", None)
            if base is not None:
                if base not in national:
                    raise StandardError(f"{path.name}: 'extends: {base}' không phải chuẩn quốc gia")
                raw = {**national[base], **raw}
            standards.append(parse_standard(raw, path.name))
    return tuple(standards)


@cache
def cached_standards(extra_dir: Path | None = None) -> tuple[PovertyStandard, ...]:
    """`load_standards`, read once per process: the files change only between runs."""
    return load_standards(extra_dir)


def standard_for(
    year: int, standards: Iterable[PovertyStandard], province_code: int | None = None
) -> PovertyStandard:
    """The standard in force for the year a list applies to; a province's own wins."""
    candidates = [s for s in standards if s.covers(year)]
    own = [s for s in candidates if province_code is not None and s.province_code == province_code]
    national = [s for s in candidates if s.province_code is None]
    chosen = own or national
    if not chosen:
        raise ValueError(f"Chưa có chuẩn nghèo cho năm {year}.")
    return chosen[-1]
