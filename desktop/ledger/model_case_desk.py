"""Model cases as the app lists and edits them: rows with counts, one case with its households
and photos, and its save."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop.ledger.records import Attachment, Household, ModelCase, ModelCaseHousehold, Village
from desktop.ledger.records.validation import check_record
from desktop.ledger.storage import delete, save


@dataclass(frozen=True)
class ModelCaseRow:
    id: str
    title: str
    kind: str
    village_name: str | None
    status: str
    started_on: date | None
    funding: int | None
    households: int
    photos: int


def model_case_rows(session: Session) -> list[ModelCaseRow]:
    households = (
        select(func.count())
        .where(
            col(ModelCaseHousehold.model_case_id) == ModelCase.id,
            col(ModelCaseHousehold.deleted) == False,  # noqa: E712
        )
        .scalar_subquery()
    )
    photos = (
        select(func.count())
        .where(Attachment.model_case_id == ModelCase.id, col(Attachment.deleted) == False)  # noqa: E712
        .scalar_subquery()
    )
    query = (
        select(ModelCase, Village.name, households, photos)
        .join(Village, col(Village.id) == ModelCase.village_id, isouter=True)
        .where(ModelCase.deleted == False)  # noqa: E712
        .order_by(ModelCase.title)
    )
    return [
        ModelCaseRow(
            m.id, m.title, str(m.kind), village, str(m.status), m.started_on, m.funding, n, p
        )
        for m, village, n, p in session.exec(query).all()
    ]


@dataclass
class ModelCaseFile:
    case: ModelCase | None
    households: list[tuple[str, str]] = field(default_factory=list)  # id, "code — head"
    attachments: list[Attachment] = field(default_factory=list)
    villages: list[tuple[str, str]] = field(default_factory=list)


def load_model_case(session: Session, model_case_id: str | None) -> ModelCaseFile:
    villages = [
        (v.id, v.name)
        for v in session.exec(
            select(Village).where(Village.deleted == False).order_by(Village.name)  # noqa: E712
        )
    ]
    if model_case_id is None:
        return ModelCaseFile(None, villages=villages)
    case = session.get(ModelCase, model_case_id)
    members = session.exec(
        select(Household.id, Household.code, Household.head_name)
        .join(ModelCaseHousehold, col(ModelCaseHousehold.household_id) == Household.id)
        .where(
            col(ModelCaseHousehold.model_case_id) == model_case_id,
            col(ModelCaseHousehold.deleted) == False,  # noqa: E712
        )
        .order_by(Household.code)
    ).all()
    attachments = list(
        session.exec(
            select(Attachment).where(
                col(Attachment.model_case_id) == model_case_id,
                col(Attachment.deleted) == False,  # noqa: E712
            )
        )
    )
    return ModelCaseFile(case, [(i, f"{c} — {h}") for i, c, h in members], attachments, villages)


def save_model_case(
    session: Session,
    model_case_id: str | None,
    data: dict[str, Any],
    household_ids: list[str],
    *,
    officer: str,
) -> tuple[ModelCase | None, dict[str, str]]:
    checked, problems = check_record(
        ModelCase, {**data, **({"id": model_case_id} if model_case_id else {})}
    )
    if problems or checked is None:
        return None, problems
    if model_case_id is None:
        case = save(session, checked, officer=officer)
    else:
        stored = session.get(ModelCase, model_case_id)
        assert stored is not None
        for name, value in data.items():
            if getattr(stored, name) != value:
                setattr(stored, name, value)
        case = save(session, stored, officer=officer)
    links = {
        link.household_id: link
        for link in session.exec(
            select(ModelCaseHousehold).where(ModelCaseHousehold.model_case_id == case.id)
        )
    }
    for household_id in household_ids:
        link = links.get(household_id)
        if link is None:
            save(
                session,
                ModelCaseHousehold(
                    commune_code=case.commune_code, model_case_id=case.id, household_id=household_id
                ),
                officer=officer,
            )
        elif link.deleted:
            link.deleted = False
            save(session, link, officer=officer)
    for household_id, link in links.items():
        if household_id not in household_ids and not link.deleted:
            delete(session, link, officer=officer)
    return case, {}
