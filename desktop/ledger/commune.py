"""Setting a ledger up for one commune, and reading which commune it keeps."""

from __future__ import annotations

from sqlmodel import Session, select

from desktop.ledger.errors import InputError
from desktop.ledger.places import official_commune
from desktop.ledger.records import Commune


def current_commune(session: Session) -> Commune | None:
    return session.exec(select(Commune)).first()


def set_up_commune(session: Session, province_code: int, commune_code: int) -> Commune:
    """Record the commune this ledger keeps. A ledger keeps one commune, for good."""
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
    return wanted
