"""The commune's villages (thôn/xóm/bản…): what the set-up screens call. Every change goes
through the write path, so it is audited and synced like any record; managing villages needs
the `configure` permission (an administrator)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop.ledger.errors import InputError
from desktop.ledger.permissions import REFUSED, Permission, may
from desktop.ledger.records import Household, Officer, Village
from desktop.ledger.rules.text import fold, normalize_text
from desktop.ledger.storage import delete, save
from desktop.ledger.vocabulary import VillageKind


@dataclass(frozen=True)
class VillageRow:
    village: Village
    households: int  # live households in it


def _actor(by: Officer) -> str:
    if not by.active or not may(by.role, Permission.configure):
        raise InputError(REFUSED[Permission.configure])
    return by.username


def list_villages(session: Session) -> list[VillageRow]:
    counts = dict(
        session.exec(
            select(Household.village_id, func.count())
            .where(col(Household.deleted).is_(False))
            .group_by(col(Household.village_id))
        ).all()
    )
    villages = session.exec(
        select(Village).where(col(Village.deleted).is_(False)).order_by(col(Village.name))
    ).all()
    return [VillageRow(v, counts.get(v.id, 0)) for v in villages]


def _clean_name(session: Session, name: str, commune_code: int, keep: str | None) -> str:
    name = normalize_text(name)
    if not name:
        raise InputError("Tên thôn/xóm không được để trống.")
    for other in session.exec(
        select(Village).where(Village.commune_code == commune_code, col(Village.deleted).is_(False))
    ):
        if other.id != keep and fold(other.name) == fold(name):
            raise InputError(f"Xã đã có thôn/xóm “{other.name}”.")
    return name


def add_village(
    session: Session,
    commune_code: int,
    name: str,
    *,
    by: Officer,
    kind: VillageKind = VillageKind.thon,
    legacy_name: str | None = None,
) -> Village:
    actor = _actor(by)
    village = Village(
        commune_code=commune_code,
        name=_clean_name(session, name, commune_code, None),
        kind=kind,
        legacy_name=legacy_name or None,
    )
    return save(session, village, officer=actor)


def edit_village(
    session: Session,
    village: Village,
    *,
    by: Officer,
    name: str | None = None,
    kind: VillageKind | None = None,
    legacy_name: str | None = None,
    note: str | None = None,
) -> Village:
    """Rename or re-describe a village loaded earlier; a stale one is refused by the write path
    (someone else changed it meanwhile)."""
    actor = _actor(by)
    if name is not None:
        village.name = _clean_name(session, name, village.commune_code, village.id)
    if kind is not None:
        village.kind = kind
    if legacy_name is not None:
        village.legacy_name = legacy_name or None
    if note is not None:
        village.note = note or None
    return save(session, village, officer=actor)


def delete_village(session: Session, village: Village, *, by: Officer) -> None:
    """Delete an empty village; one that still has households is refused (move them first)."""
    actor = _actor(by)
    left = session.exec(
        select(func.count())
        .select_from(Household)
        .where(Household.village_id == village.id, col(Household.deleted).is_(False))
    ).one()
    if left:
        raise InputError(
            f"Thôn/xóm “{village.name}” còn {left} hộ: hãy chuyển các hộ sang thôn/xóm khác "
            "trước khi xoá."
        )
    delete(session, village, officer=actor)
