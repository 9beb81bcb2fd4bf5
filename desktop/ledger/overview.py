"""The commune's key figures for the Overview: poor and near-poor households and rates by year
against the target, registrations by status, escapes by year, poor households by village,
ethnic-minority households. Rates are over households classified that year (see targets.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop.ledger.records import (
    Category,
    Classification,
    Household,
    PovertyTarget,
    Registration,
    TargetLevel,
    Village,
)
from desktop.ledger.rules.emulation import load_plans, national, plan_for
from desktop.ledger.rules.targets import YearResult, evaluate
from desktop.ledger.targets import poor_counts


@dataclass(frozen=True)
class YearFigures:
    year: int
    poor: int
    near_poor: int
    classified: int


@dataclass(frozen=True)
class Overview:
    households: int
    ethnic_minority: int
    years: list[YearFigures]
    registrations: dict[str, int]
    escaped_by_year: dict[int, int]
    poor_by_village: list[tuple[str, str, int]]  # village id, name, poor households
    latest_year: int | None
    target_pct: float | None
    target_source: str | None = None
    results: list[YearResult] = field(default_factory=list)


def _live(model):  # type: ignore[no-untyped-def]
    return model.deleted == False  # noqa: E712


def commune_target(
    session: Session, province_code: int | None, year: int
) -> tuple[float, str] | None:
    """The yearly reduction target the commune is held to, and where it comes from: its own
    target in the ledger, else the province plan's commune level, else the plan's province
    level (Cao Bằng names only that), else the national core."""
    own = session.exec(
        select(PovertyTarget).where(
            PovertyTarget.deleted == False,  # noqa: E712
            PovertyTarget.level == TargetLevel.commune,
            PovertyTarget.year_from <= year,
            PovertyTarget.year_to >= year,
        )
    ).first()
    if own is not None:
        return own.min_pct_per_year, "chỉ tiêu của xã"
    plans = [
        p for p in load_plans() if province_code is not None and p.province_code == province_code
    ]
    plan = plan_for(province_code, year) if province_code is not None else None
    plan = plan or (max(plans, key=lambda p: p.period_to) if plans else None)
    for candidate, whose in ((plan, "kế hoạch của tỉnh"), (national(), "kế hoạch toàn quốc")):
        if candidate is None:
            continue
        for level, words in (("commune", "cấp xã"), ("province", "toàn tỉnh")):
            for target in candidate.targets:
                if target.level == level and target.min_pct_per_year is not None:
                    return target.min_pct_per_year, f"{whose}, {words}"
    return None


def overview(session: Session, province_code: int | None) -> Overview:
    households = session.exec(select(func.count()).where(_live(Household))).one()
    minority = session.exec(
        select(func.count()).where(_live(Household), col(Household.ethnic_minority) == True)  # noqa: E712
    ).one()
    rows = session.exec(
        select(Classification.year, Classification.category, func.count())
        .join(Household, col(Household.id) == Classification.household_id)
        .where(_live(Classification), _live(Household))
        .group_by(col(Classification.year), col(Classification.category))
    ).all()
    per_year: dict[int, dict[str, int]] = {}
    for year, category, n in rows:
        per_year.setdefault(year, {})[str(category)] = n
    years = [
        YearFigures(
            y,
            c.get(Category.poor.value, 0),
            c.get(Category.near_poor.value, 0),
            sum(c.values()),
        )
        for y, c in sorted(per_year.items())
    ]
    registrations = dict(
        session.exec(
            select(Registration.status, func.count())
            .where(_live(Registration))
            .group_by(Registration.status)
        ).all()
    )
    escaped = dict(
        session.exec(
            select(Registration.escaped_year, func.count())
            .where(_live(Registration), col(Registration.escaped_year).is_not(None))
            .group_by(col(Registration.escaped_year))
        ).all()
    )
    latest = years[-1].year if years else None
    by_village: list[tuple[str, str, int]] = []
    if latest is not None:
        by_village = [
            (vid, name, n)
            for vid, name, n in session.exec(
                select(Village.id, Village.name, func.count())
                .join(Household, col(Household.village_id) == Village.id)
                .join(Classification, col(Classification.household_id) == Household.id)
                .where(
                    _live(Household),
                    _live(Classification),
                    col(Classification.year) == latest,
                    col(Classification.category) == Category.poor,
                )
                .group_by(Village.id, Village.name)
                .order_by(func.count().desc())
            ).all()
        ]
    found = commune_target(session, province_code, latest) if latest else None
    target, target_source = found if found else (None, None)
    results = evaluate(poor_counts(session), target) if target is not None else []
    return Overview(
        households=households,
        ethnic_minority=minority,
        years=years,
        registrations={str(k): v for k, v in registrations.items()},
        escaped_by_year={int(k): v for k, v in escaped.items() if k is not None},
        poor_by_village=by_village,
        latest_year=latest,
        target_pct=target,
        target_source=target_source,
        results=results,
    )
