"""The emulation movement's rules as data: criteria per subject type, commendation forms,
targets and report deadlines, from the provinces' plans in `resources/emulation/plans/`.

A province corrects or adds a plan by placing a file with the same name in the data folder's
`emulation/` folder. The seed of a provincial department (003) is not loaded: it describes how
one agency runs the movement inside itself, which a commune does not use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from desktop.ledger.errors import InputError
from desktop.ledger.resources import load_yaml, resource_path

SUBJECT_TYPES = {
    "provincial_agency",
    "district",
    "commune",
    "village",
    "enterprise",
    "household",
    "better_off_household",
    "official",
    "individual",
    "other_organisation",
}
LEVELS = {"state", "government", "province", "agency_or_locality"}
OCCASIONS = {"yearly", "interim_review", "final_review"}
TARGET_LEVELS = {
    "province",
    "poor_district",
    "district",
    "commune",
    "village",
    "ethnic_minority",
    "khmer",
}


class PlanError(InputError):
    """A plan file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    text: str
    source: str = ""  # the plan and its section, or the legal text


@dataclass(frozen=True)
class CommendationForm:
    code: str
    name: str
    level: str
    occasions: tuple[str, ...]
    source: str = ""
    general: bool = False  # a general title of the Law, not a form the movement's plan set


@dataclass(frozen=True)
class ReductionTarget:
    level: str
    min_pct_per_year: float | None = None
    max_pct_per_year: float | None = None
    consecutive_years: int | None = None
    note: str | None = None
    source: str = ""


@dataclass(frozen=True)
class EmulationPlan:
    slug: str
    issuer: str
    number: str
    date: date | None
    period_from: int
    period_to: int
    province_code: int | None
    province_name: str
    criteria: dict[str, tuple[Criterion, ...]]
    forms: tuple[CommendationForm, ...]
    targets: tuple[ReductionTarget, ...]
    interim_review_year: int | None = None
    final_review_year: int | None = None
    report_deadline: tuple[int, int] | None = None  # (month, day)
    notes: str | None = None

    def covers(self, year: int) -> bool:
        return self.period_from <= year <= self.period_to


def _need(raw: dict[str, Any], key: str, where: str) -> Any:
    if key not in raw:
        raise PlanError(f"{where}: thiếu mục “{key}”")
    return raw[key]


def _criteria(raw: dict[str, Any], where: str) -> dict[str, tuple[Criterion, ...]]:
    out = {}
    for key, subject in (raw or {}).items():
        if key not in SUBJECT_TYPES:
            raise PlanError(f"{where}: đối tượng “{key}” không có trong danh mục")
        items = tuple(
            Criterion(
                _need(c, "code", where),
                _need(c, "label", where),
                c.get("text", ""),
                str(c.get("source", "")),
            )
            for c in _need(subject, "criteria", f"{where}: {key}")
        )
        codes = [c.code for c in items]
        if len(set(codes)) != len(codes):
            raise PlanError(f"{where}: mã tiêu chí bị trùng trong “{key}”")
        out[key] = items
    return out


def _forms(raw: list[dict[str, Any]], where: str) -> tuple[CommendationForm, ...]:
    forms = []
    for f in raw or []:
        occasions = tuple(_need(f, "occasions", where))
        if f.get("level") not in LEVELS or not set(occasions) <= OCCASIONS:
            raise PlanError(
                f"{where}: hình thức khen thưởng “{f.get('code')}” ghi sai cấp hoặc dịp"
            )
        forms.append(
            CommendationForm(
                _need(f, "code", where),
                _need(f, "name", where),
                f["level"],
                occasions,
                str(f.get("source", "")),
                bool(f.get("general", False)),
            )
        )
    return tuple(forms)


def _targets(raw: list[dict[str, Any]], where: str) -> tuple[ReductionTarget, ...]:
    targets = []
    for t in raw or []:
        if t.get("level") not in TARGET_LEVELS:
            raise PlanError(f"{where}: cấp chỉ tiêu “{t.get('level')}” không có trong danh mục")
        targets.append(
            ReductionTarget(
                t["level"],
                t.get("min_pct_per_year"),
                t.get("max_pct_per_year"),
                t.get("consecutive_years_before_commendation"),
                t.get("note"),
                str(t.get("source", "")),
            )
        )
    return tuple(targets)


def parse_plan(slug: str, raw: dict[str, Any]) -> EmulationPlan:
    where = f"{slug}.yaml"
    if not isinstance(raw, dict):
        raise PlanError(f"{where}: tệp kế hoạch phải là một bảng khoá–giá trị")
    plan = _need(raw, "plan", where)
    timeline = raw.get("timeline") or {}
    deadline = timeline.get("report_deadline")
    return EmulationPlan(
        slug=slug,
        issuer=_need(plan, "issuer", where),
        number=str(_need(plan, "number", where)),
        date=plan.get("date"),
        period_from=int(_need(plan, "period_from", where)),
        period_to=int(_need(plan, "period_to", where)),
        province_code=plan.get("province_code"),
        province_name=plan.get("province_name", ""),
        criteria=_criteria(raw.get("subject_types") or {}, where),
        forms=_forms(raw.get("commendation_forms") or [], where),
        targets=_targets(raw.get("targets") or [], where),
        interim_review_year=timeline.get("interim_review_year"),
        final_review_year=timeline.get("final_review_year"),
        report_deadline=tuple(int(x) for x in deadline.split("-")) if deadline else None,  # type: ignore[arg-type]
        notes=raw.get("notes"),
    )


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PlanError(f"{path.name}: không đọc được tệp kế hoạch ({exc})") from exc


@cache
def load_plans(extra_dir: Path | None = None) -> tuple[EmulationPlan, ...]:
    """The seeds' plans, then a province's own files, which replace plans of the same name.
    Without `extra_dir`, those of the data folder in use (rules.province_files)."""
    from desktop.ledger.rules import province_files

    extra_dir = extra_dir if extra_dir is not None else province_files.plans_dir()
    files = {p.stem: p for p in sorted(resource_path("emulation", "plans").glob("*.yaml"))}
    if extra_dir is not None and extra_dir.is_dir():
        files.update({p.stem: p for p in sorted(extra_dir.glob("*.yaml"))})
    return tuple(parse_plan(slug, _read(path)) for slug, path in files.items())


@cache
def national() -> EmulationPlan:
    return parse_plan("national", load_yaml("emulation", "national.yaml"))


def plan_for(
    province_code: int, year: int, plans: tuple[EmulationPlan, ...] | None = None
) -> EmulationPlan | None:
    """The province's plan whose period covers `year`, the newest if several do."""
    found = [
        p for p in plans or load_plans() if p.province_code == province_code and p.covers(year)
    ]
    return max(found, key=lambda p: p.period_from) if found else None


def criteria_for(subject_type: str, province_code: int | None, year: int) -> tuple[Criterion, ...]:
    """The criteria a proposal is judged on: the province's plan, else the national core."""
    plan = plan_for(province_code, year) if province_code is not None else None
    if plan is not None and subject_type in plan.criteria:
        return plan.criteria[subject_type]
    return national().criteria.get(subject_type, ())


def commendation_forms_for(province_code: int | None, year: int) -> tuple[CommendationForm, ...]:
    plan = plan_for(province_code, year) if province_code is not None else None
    return plan.forms if plan is not None and plan.forms else national().forms
