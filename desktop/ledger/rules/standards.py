"""Poverty standards as data: which one applies to a year, and how it classifies a household.

A standard is a small rule set (income bands per area, the deprivation indicators and the
threshold, the ages and definitions of the member-based indicators), read from
`resources/standards/*.yaml`; every standard and indicator names its legal source there. A
province's own, higher standard lives in the data folder's `standards/` (see `province.py`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from desktop.ledger.errors import InputError
from desktop.ledger.resources import resource_path

CATEGORIES = ("poor", "near_poor", "average", "other")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
AREAS = ("rural", "urban")


class StandardError(InputError):
    """A standard file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    dimension: str
    definition: str = ""
    source: str = ""


@dataclass(frozen=True)
class IncomeBand:
    income_max: int
    category: str | None = None  # decides alone
    if_deprived: str | None = None  # deprivation count ≥ threshold
    otherwise: str | None = None

    @property
    def role(self) -> str:
        """What the band is for: a province overriding one band replaces the band of that role."""
        return self.category or "by_deprivation"

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
    source: str = ""
    short_name: str = ""  # "chuẩn nghèo theo NĐ 07/2021"
    extends: str | None = None
    members: Mapping[str, Any] = field(default_factory=dict)  # see rules.members

    def covers(self, year: int) -> bool:
        return self.year_from <= year <= self.year_to

    def in_force_note(self) -> str:
        """ "chuẩn nghèo theo NĐ 07/2021 (áp dụng đến hết năm 2026)" """
        return f"{self.short_name or self.name} (áp dụng đến hết năm {self.year_to})"

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
            raise InputError(f"Khu vực không hợp lệ: {area!r} (chọn nông thôn hoặc thành thị).")
        if income < 0:
            raise InputError("Thu nhập bình quân đầu người/tháng không được âm.")
        count = deprivations if isinstance(deprivations, int) else self._count(deprivations)
        if not 0 <= count <= len(self.indicators):
            raise InputError(
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
            raise InputError(
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


def parse_bands(raw: list[dict[str, Any]], where: str) -> tuple[IncomeBand, ...]:
    if not raw:
        raise StandardError(f"{where}: cần ít nhất một mức thu nhập")
    bands = tuple(_band(b, where) for b in raw)
    limits = [b.income_max for b in bands]
    if limits != sorted(limits) or len(set(limits)) != len(limits):
        raise StandardError(f"{where} phải xếp theo thu nhập tăng dần, không trùng mức")
    roles = [b.role for b in bands]
    if len(set(roles)) != len(roles):
        raise StandardError(f"{where}: mỗi loại mức thu nhập chỉ được khai một lần")
    return bands


def parse_standard(raw: dict[str, Any], source: str) -> PovertyStandard:
    try:
        bands = {area: parse_bands(raw["areas"][area], f"{source}: areas.{area}") for area in AREAS}
        standard_source = str(raw.get("source", ""))
        indicators = tuple(
            Indicator(
                ind["code"],
                ind["label"],
                dim["label"],
                ind.get("definition", ""),
                str(ind.get("source") or dim.get("source") or standard_source),
            )
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
            source=standard_source,
            short_name=str(raw.get("short_name", "")),
            extends=raw.get("extends"),
            members=raw.get("members") or {},
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, StandardError):
            raise
        raise StandardError(f"{source}: thiếu hoặc sai mục {exc}") from exc


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as f:
            raw = yaml.load(f, Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise StandardError(f"{path.name}: không đọc được tệp chuẩn nghèo ({exc})") from exc
    if not isinstance(raw, dict):
        raise StandardError(f"{path.name}: tệp chuẩn nghèo phải là một bảng khoá–giá trị")
    return raw


def national_raws() -> dict[str, dict[str, Any]]:
    """The national standards' files, by id, as written."""
    raws = [read_yaml(p) for p in sorted(resource_path("standards").glob("*.yaml"))]
    return {str(raw["id"]): raw for raw in raws}


def load_standards(extra_dir: Path | None = None) -> tuple[PovertyStandard, ...]:
    """National standards from resources, then a province's own from `extra_dir`."""
    from desktop.ledger.rules.province import province_standard

    national = national_raws()
    standards = [parse_standard(raw, f"{sid}.yaml") for sid, raw in national.items()]
    if extra_dir is not None and extra_dir.is_dir():
        for path in sorted(extra_dir.glob("*.yaml")):
            standards.append(province_standard(read_yaml(path), national, path.name))
    seen: dict[str, str] = {}
    for s in standards:
        if s.id in seen:
            raise StandardError(f"Hai chuẩn nghèo cùng mã “{s.id}”: {seen[s.id]} và {s.name}")
        seen[s.id] = s.name
    return tuple(standards)


@cache
def cached_standards(extra_dir: Path | None = None) -> tuple[PovertyStandard, ...]:
    """`load_standards`, read once per process (again after a sync brings new files). Without
    `extra_dir`, the province's files of the data folder in use (rules.province_files)."""
    from desktop.ledger.rules import province_files

    return load_standards(extra_dir if extra_dir is not None else province_files.standards_dir())


def standard_for(
    year: int, standards: Iterable[PovertyStandard], province_code: int | None = None
) -> PovertyStandard:
    """The standard in force for the year a list applies to; a province's own wins."""
    candidates = [s for s in standards if s.covers(year)]
    own = [s for s in candidates if province_code is not None and s.province_code == province_code]
    national = [s for s in candidates if s.province_code is None]
    chosen = own or national
    if not chosen:
        raise InputError(f"Chưa có chuẩn nghèo cho năm {year}.")
    return chosen[-1]


def standard_by_id(standard_id: str, standards: Iterable[PovertyStandard]) -> PovertyStandard:
    """The exact standard a stored classification names."""
    for s in standards:
        if s.id == standard_id:
            return s
    raise KeyError(standard_id)
