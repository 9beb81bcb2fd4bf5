"""Setting a new ledger up on first start: the commune, its villages (or a demo commune) and the
first officer account, who is its administrator."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from desktop.ledger.commune import set_up_commune
from desktop.ledger.errors import InputError
from desktop.ledger.officers import add_officer
from desktop.ledger.records import Commune, Officer, Role, Village
from desktop.ledger.storage import Ledger, save

DEMO_HOUSEHOLDS = 400


def officer_count(ledger: Ledger) -> int:
    with ledger.session() as session:
        return session.exec(select(func.count()).select_from(Officer)).one()


def first_officer(ledger: Ledger, username: str, full_name: str, password: str) -> Officer:
    with ledger.session() as session:
        if session.exec(select(func.count()).select_from(Officer)).one():
            raise InputError("Sổ này đã có tài khoản cán bộ; hãy đăng nhập.")
        return add_officer(session, username, full_name, password, Role.admin)


def set_up_ledger(
    ledger: Ledger,
    *,
    province_code: int,
    commune_code: int,
    villages: list[str],
    username: str,
    full_name: str,
    password: str,
    demo: bool = False,
) -> tuple[Commune, Officer]:
    """Everything in one transaction but the demo, which the bulk path writes after."""
    with ledger.session() as session:
        officer = add_officer(session, username, full_name, password, Role.admin)
        commune = set_up_commune(session, province_code, commune_code, officer=officer.username)
        for name in villages:
            save(session, Village(commune_code=commune_code, name=name), officer=officer.username)
    if demo:
        from desktop.ledger.demo import make_demo

        make_demo(ledger, households=DEMO_HOUSEHOLDS, officer=officer.username)
    return commune, officer
