"""Two commune laptops syncing through a real server process (SQLite and PostgreSQL): nothing
lost, nothing duplicated, nothing overwritten silently."""

from __future__ import annotations

import pytest
from sqlmodel import select

from desktop.ledger.records import ChangeOrigin, Household
from desktop.ledger.storage import delete, outbox, save
from sync import local
from tests.sync.conftest import CAO_BANG, QUANG_UYEN, ServerProcess


@pytest.fixture
def commune_server(server: ServerProcess) -> ServerProcess:
    server.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    return server


def _household(desktop, code: str | None = None) -> Household:  # type: ignore[no-untyped-def]
    with desktop.ledger.read() as session:
        query = select(Household).order_by(Household.code)
        if code:
            query = query.where(Household.code == code)
        return session.exec(query).first()


def _edit(desktop, code: str, **changes: object) -> None:  # type: ignore[no-untyped-def]
    with desktop.ledger.session() as session:
        household = session.exec(select(Household).where(Household.code == code)).one()
        for name, value in changes.items():
            setattr(household, name, value)
        save(session, household, officer="can-bo")


def test_a_replacement_laptop_gets_the_whole_commune_back(commune_server, desktops) -> None:
    first = desktops("laptop-1", commune_server, households=25)
    report = first.sync()
    assert report.pushed > 25 and report.converged
    with first.ledger.read() as session:
        assert outbox.pending_count(session) == 0

    second = desktops("laptop-2", commune_server)  # empty folder: enrol pulls everything
    assert second.summary() == first.summary()
    assert second.summary()["household"]["count"] == 25
    # What came from the server is logged with its origin and never offered back.
    with second.ledger.read() as session:
        assert outbox.pending_count(session) == 0
    again = second.sync()
    assert again.pushed == 0 and again.pulled == 0 and again.converged


def test_edits_to_different_fields_merge(commune_server, desktops) -> None:
    a = desktops("a", commune_server, households=5)
    a.sync()
    b = desktops("b", commune_server)
    code = _household(a).code
    _edit(a, code, head_name="Nông Văn Dũng")
    _edit(b, code, phone="0912345678")
    assert a.sync().conflicts == 0
    assert b.sync().conflicts == 0
    a.sync()
    for d in (a, b):
        h = _household(d, code)
        assert (h.head_name, h.phone) == ("Nông Văn Dũng", "0912345678")
    assert a.summary() == b.summary()


def test_same_field_changed_twice_is_a_visible_conflict(commune_server, desktops) -> None:
    a = desktops("a", commune_server, households=5)
    a.sync()
    b = desktops("b", commune_server)
    code = _household(a).code
    _edit(a, code, head_name="Hoàng Thị Mai")
    _edit(b, code, head_name="Hoàng Thị Mây")
    assert a.sync().conflicts == 0
    report = b.sync()
    assert report.conflicts == 1 and report.converged
    with b.ledger.read() as session:
        [conflict] = local.open_conflicts(session)
    assert (conflict.field, conflict.local_value, conflict.server_value) == (
        "head_name",
        "Hoàng Thị Mây",
        "Hoàng Thị Mai",
    )
    # Until an officer chooses, the server's value stands on both sides: they agree.
    assert _household(b, code).head_name == "Hoàng Thị Mai"
    with b.ledger.session() as session:
        local.resolve_conflict(session, conflict.id, "local", officer="can-bo")  # type: ignore[arg-type]
    b.sync()
    a.sync()
    assert _household(a, code).head_name == "Hoàng Thị Mây"
    assert a.summary() == b.summary()


def test_edit_against_deletion_is_a_conflict(commune_server, desktops) -> None:
    a = desktops("a", commune_server, households=5)
    a.sync()
    b = desktops("b", commune_server)
    code = _household(a).code
    with a.ledger.session() as session:
        household = session.exec(select(Household).where(Household.code == code)).one()
        delete(session, household, officer="can-bo")
    _edit(b, code, head_name="Tên mới")
    a.sync()
    report = b.sync()
    assert report.conflicts == 1
    with b.ledger.read() as session:
        [conflict] = local.open_conflicts(session)
    assert conflict.kind == "edit_vs_delete"
    assert conflict.local_value["head_name"] == "Tên mới"
    assert _household(b, code).deleted
    assert a.summary() == b.summary()


def test_a_deleted_household_takes_its_children_on_every_laptop(commune_server, desktops) -> None:
    from desktop.ledger.records import Classification, Member

    a = desktops("a", commune_server, households=5)
    a.sync()
    b = desktops("b", commune_server)
    code = _household(a).code
    with a.ledger.session() as session:
        household = session.exec(select(Household).where(Household.code == code)).one()
        delete(session, household, officer="can-bo")
    assert a.sync().conflicts == 0
    assert b.sync().conflicts == 0
    for d in (a, b):
        with d.ledger.read() as session:
            household = session.exec(select(Household).where(Household.code == code)).one()
            members = session.exec(select(Member).where(Member.household_id == household.id)).all()
            years = session.exec(
                select(Classification).where(Classification.household_id == household.id)
            ).all()
        # The tombstones of the children arrived from the server and were applied on b.
        assert household.deleted and members and years
        assert all(m.deleted for m in members) and all(c.deleted for c in years)
    assert a.summary() == b.summary()


def test_restored_laptop_pulls_before_it_pushes(commune_server, desktops, tmp_path) -> None:
    import shutil

    from desktop.ledger.storage import open_ledger

    a = desktops("a", commune_server, households=5)
    a.sync()
    backup = tmp_path / "backup.sqlite"
    a.ledger.close()
    shutil.copy(a.folder.database, backup)
    a.ledger = open_ledger(a.folder.database)
    code = _household(a).code
    _edit(a, code, head_name="Sau sao lưu")
    a.sync()
    # The laptop is restored from the older copy: a new epoch starts.
    a.ledger.close()
    shutil.copy(backup, a.folder.database)
    a.ledger = open_ledger(a.folder.database)
    with a.ledger.session() as session:
        outbox.start_epoch(session, "phục hồi từ bản sao lưu")
    assert _household(a, code).head_name != "Sau sao lưu"
    report = a.sync()
    assert report.conflicts == 0 and report.converged
    assert _household(a, code).head_name == "Sau sao lưu"
    with a.ledger.read() as session:
        entries = session.exec(
            select(local.ChangeEntry).where(local.ChangeEntry.origin == ChangeOrigin.server)
        ).all()
    assert any((e.after or {}).get("head_name") == "Sau sao lưu" for e in entries)
