"""Setting a ledger up for one commune, and reading which commune it keeps."""

from __future__ import annotations

from sqlmodel import Session, select

from desktop.ledger.errors import InputError
from desktop.ledger.places import official_commune
from desktop.ledger.records import ChangeAction, Commune
from desktop.ledger.storage.audit import record_change

SET_UP_BY = "cài đặt"  # the officer recorded when no account exists yet (`sotn init`)


def current_commune(session: Session) -> Commune | None:
    return session.exec(select(Commune)).first()


def set_up_commune(
    session: Session, province_code: int, commune_code: int, *, officer: str = SET_UP_BY
) -> Commune:
    """Record the commune this ledger keeps (logged in the change log). A ledger keeps one
    commune, for good."""
    wanted = official_commune(province_code, commune_code)
    existing = current_commune(session)
    if existing is not None:
        if existing.code != commune_code:
            raise InputError(
                f"Thư mục dữ liệu này đã dùng cho {existing.name}, {existing.province_name}; "
                "hãy dùng một thư mục khác cho xã mới."
            )
        return existing
    session.add(wanted)
    record_change(
        session,
        entity="commune",
        record_id=str(commune_code),
        revision=1,
        action=ChangeAction.create,
        officer=officer,
        before=None,
        after=wanted.model_dump(),
    )
    return wanted
