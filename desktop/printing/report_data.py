"""The figures of the yearly movement report, from the ledger in a handful of aggregate queries
(fast at 50,000 households): poverty rates before and after the year's review against the target,
ethnic-minority households, registrations, support, model cases and commendations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, case, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from desktop.ledger.records import (
    Category,
    Certificate,
    Classification,
    CommendationProposal,
    Household,
    ModelCase,
    ModelCaseHousehold,
    PovertyTarget,
    ProposalStatus,
    Registration,
    RegistrationStatus,
    SupportGiven,
)
from desktop.ledger.rules.emulation import plan_for
from desktop.ledger.rules.targets import poverty_rate
from desktop.ledger.settings import Settings
from desktop.ledger.targets import households_by_year
from desktop.ledger.vocabulary import SUPPORT_KIND_LABELS


@dataclass(frozen=True)
class Rates:
    households: int
    poor: int
    near_poor: int

    @property
    def poor_rate(self) -> float:
        return round(poverty_rate(self.poor, self.households), 2)

    @property
    def near_poor_rate(self) -> float:
        return round(poverty_rate(self.near_poor, self.households), 2)


@dataclass(frozen=True)
class ReportFigures:
    year: int
    households: int
    before: Rates  # the list of `year` (made at the review of year - 1)
    after: Rates | None  # the list of year + 1, once the review of `year` is recorded
    minority_before: Rates
    minority_after: Rates | None
    target: float | None  # percentage points a year
    minority_target: float | None
    target_source: str
    history: dict[int, Rates]  # every list year the ledger holds, for the chart
    standards: dict[int, str]  # list year → the standard's legal basis (rates across differ)
    registered_in_year: int
    registrations_open: int
    escaped_registered: int
    not_yet: int
    withdrawn: int
    escaped_all: int  # every household poor on the list of `year` and not on the next
    support: list[tuple[str, int, int]]  # (kind label, times, value in đồng)
    models: int
    model_households: int
    model_escaped: int
    proposed: int
    approved: int
    certificates: int
    deadline: str  # "20/11/2025", or "" when neither the settings nor the plan say

    @property
    def reduction(self) -> float | None:
        return (
            None if self.after is None else round(self.before.poor_rate - self.after.poor_rate, 2)
        )

    @property
    def minority_reduction(self) -> float | None:
        if self.minority_after is None:
            return None
        return round(self.minority_before.poor_rate - self.minority_after.poor_rate, 2)


def _live(model: type[SQLModel]) -> ColumnElement[bool]:
    return col(model.deleted) == False  # type: ignore[attr-defined]  # noqa: E712


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _rates(session: Session, minority: bool | None = None) -> dict[int, Rates]:
    """Per list year, over all households of the commune that year (domain §9; see
    `desktop.ledger.targets.households_by_year`)."""
    households = households_by_year(session, ethnic_minority=minority)
    query = (
        select(
            col(Classification.year),
            _count_if(col(Classification.category) == Category.poor),
            _count_if(col(Classification.category) == Category.near_poor),
        )
        .join(Household, col(Household.id) == col(Classification.household_id))
        .where(_live(Classification), _live(Household))
        .group_by(col(Classification.year))
    )
    if minority is not None:
        query = query.where(col(Household.ethnic_minority) == minority)
    return {
        y: Rates(households[y], int(p or 0), int(n or 0)) for y, p, n in session.exec(query).all()
    }


def _target(session: Session, level: str, year: int) -> tuple[float | None, str]:
    row = session.exec(
        select(PovertyTarget).where(
            _live(PovertyTarget),
            PovertyTarget.level == level,
            PovertyTarget.year_from <= year,
            PovertyTarget.year_to >= year,
        )
    ).first()
    return (row.min_pct_per_year, row.source or "") if row else (None, "")


def _deadline(settings: Settings, year: int) -> str:
    chosen = settings["report.deadline"]
    if chosen:
        return f"{chosen}/{year}"
    commune = settings.commune
    plan = plan_for(commune.province_code, year) if commune is not None else None
    if plan is not None and plan.report_deadline is not None:
        month, day = plan.report_deadline
        return f"{day:02d}/{month:02d}/{year}"
    return ""


def report_figures(session: Session, year: int, settings: Settings) -> ReportFigures:
    history = _rates(session)
    minority = _rates(session, minority=True)
    if year not in history:
        raise ValueError(f"Sổ chưa có danh sách hộ nghèo năm {year} để lập báo cáo.")
    start, end = date(year, 1, 1), date(year, 12, 31)
    registered_on, escaped_year = col(Registration.registered_on), col(Registration.escaped_year)
    status = col(Registration.status)
    regs = session.execute(
        sa_select(
            _count_if((registered_on >= start) & (registered_on <= end)),
            _count_if(
                (registered_on <= end)
                & or_(escaped_year.is_(None), escaped_year >= year)
                & (status != RegistrationStatus.withdrawn)
            ),
            _count_if(escaped_year == year),
            _count_if(
                (col(Registration.target_year) == year)
                & or_(escaped_year.is_(None), escaped_year > year)
            ),
            _count_if(status == RegistrationStatus.withdrawn),
        ).where(_live(Registration))
    ).one()
    given_on = col(SupportGiven.given_on)
    support = session.exec(
        select(SupportGiven.kind, func.count(), func.coalesce(func.sum(SupportGiven.value), 0))
        .where(_live(SupportGiven), given_on >= start, given_on <= end)
        .group_by(col(SupportGiven.kind))
        .order_by(func.count().desc())
    ).all()
    started, ended = col(ModelCase.started_on), col(ModelCase.ended_on)
    active = (
        _live(ModelCase),
        or_(started.is_(None), started <= end),
        or_(ended.is_(None), ended >= start),
    )
    models, escaped_in_models = session.exec(
        select(func.count(), func.coalesce(func.sum(ModelCase.households_escaped), 0)).where(
            *active
        )
    ).one()
    model_households = session.exec(
        select(func.count(func.distinct(ModelCaseHousehold.household_id)))
        .join(ModelCase, col(ModelCase.id) == col(ModelCaseHousehold.model_case_id))
        .where(_live(ModelCaseHousehold), *active)
    ).one()
    proposals = session.exec(
        select(
            func.count(),
            _count_if(col(CommendationProposal.status) == ProposalStatus.approved),
        ).where(_live(CommendationProposal), CommendationProposal.year == year)
    ).one()
    certificates = session.exec(
        select(func.count()).where(_live(Certificate), Certificate.year == year)
    ).one()
    escaped_all = _escaped_count(session, year)
    target, source = _target(session, "commune", year)
    minority_target, _ = _target(session, "ethnic_minority", year)
    return ReportFigures(
        year=year,
        households=history[year].households,
        before=history[year],
        after=history.get(year + 1),
        minority_before=minority.get(year, Rates(0, 0, 0)),
        minority_after=minority.get(year + 1),
        target=target,
        minority_target=minority_target,
        target_source=source,
        history=dict(sorted(history.items())),
        standards=_standards(session),
        registered_in_year=int(regs[0] or 0),
        registrations_open=int(regs[1] or 0),
        escaped_registered=int(regs[2] or 0),
        not_yet=int(regs[3] or 0),
        withdrawn=int(regs[4] or 0),
        escaped_all=escaped_all,
        support=[(SUPPORT_KIND_LABELS.get(k, str(k)), int(n), int(v or 0)) for k, n, v in support],  # type: ignore[call-overload]
        models=int(models or 0),
        model_households=int(model_households),
        model_escaped=int(escaped_in_models or 0),
        proposed=int(proposals[0] or 0),
        approved=int(proposals[1] or 0),
        certificates=int(certificates),
        deadline=_deadline(settings, year),
    )


def _escaped_count(session: Session, year: int) -> int:
    from sqlalchemy.orm import aliased

    after = aliased(Classification)
    return session.exec(
        select(func.count())
        .select_from(Classification)
        .join(
            after,
            (col(after.household_id) == col(Classification.household_id))
            & (col(after.year) == year + 1),
        )
        .where(
            _live(Classification),
            after.deleted == False,  # noqa: E712
            Classification.year == year,
            Classification.category == Category.poor,
            after.category != Category.poor,
        )
    ).one()


def _standards(session: Session) -> dict[int, str]:
    from desktop.ledger.rules.standards import load_standards

    bases = {s.id: s.legal_basis.split(" ngày ")[0] for s in load_standards()}
    rows = session.exec(
        select(Classification.year, Classification.standard_id, func.count())
        .where(_live(Classification))
        .group_by(col(Classification.year), col(Classification.standard_id))
    ).all()
    best: dict[int, tuple[int, str]] = {}
    for year, standard, n in rows:
        if year not in best or n > best[year][0]:
            best[year] = (n, bases.get(standard, standard))
    return {year: basis for year, (_, basis) in sorted(best.items())}
