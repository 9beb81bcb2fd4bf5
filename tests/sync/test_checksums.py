"""The convergence checksums the desktop keeps (sync/checksums.py) always equal a computation
from scratch, whatever wrote the records: the ORM, the bulk path, a pull, a repair, plain SQL
from another program, a migration that rebuilds a table, a restore; and a sync that changed a
few records digests only those."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import pytest
from sqlmodel import select

from desktop.ledger.demo import make_demo
from desktop.ledger.records import Household, Member, Village
from desktop.ledger.records.base import new_id
from desktop.ledger.storage import Ledger, delete, open_ledger, save
from desktop.ledger.storage.backup import copy_database
from desktop.ledger.storage.bulk import insert_rows, new_row
from desktop.ledger.storage.restore import plan_restore, restore
from sync import checksums, local
from sync.wire import to_wire
from tests.sync.conftest import summaries_from_scratch

C = 1576


def kept(ledger: Ledger) -> dict[str, dict[str, Any]]:
    with ledger.session() as session:
        return checksums.summaries(session, C)


def scratch(ledger: Ledger) -> dict[str, dict[str, Any]]:
    with ledger.read() as session:
        return summaries_from_scratch(session, C)


def assert_right(ledger: Ledger) -> None:
    assert kept(ledger) == scratch(ledger)
    with ledger.read() as session:  # nothing left undigested, every type kept whole
        conn = session.connection()
        assert conn.exec_driver_sql("SELECT count(*) FROM checksum_pending").scalar() == 0
        states = conn.exec_driver_sql("SELECT built_through FROM checksum_state").all()
        assert len(states) == len(checksums.MODELS)
        assert {s for (s,) in states} == {None}


@pytest.fixture
def digested(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the records the kept checksums digest."""
    seen: list[str] = []
    real = checksums.record_digest

    def counting(values: Any) -> int:
        seen.append(values["id"])
        return real(values)

    monkeypatch.setattr(checksums, "record_digest", counting)
    return seen


def wire(ledger: Ledger, model: type, record_id: str) -> dict[str, Any]:
    table = model.__table__  # type: ignore[attr-defined]
    with ledger.read() as session:
        row = session.execute(table.select().where(table.c.id == record_id)).one()
    return to_wire(row._asdict())


def test_kept_checksums_equal_a_computation_from_scratch_after_every_kind_of_write(
    ledger: Ledger, folder: Any, tmp_path: Any, digested: list[str]
) -> None:
    assert_right(ledger)  # digests kept from here on; the triggers are in place

    make_demo(ledger, households=120, seed=11)  # the bulk path, its triggers suspended
    assert_right(ledger)

    # The ORM write path: an edit, a new record, a household deleted (a tombstone cascade).
    with ledger.session() as s:
        households = s.exec(select(Household).order_by(Household.code)).all()
        households[0].head_name = "Lò Thị Mai"
        save(s, households[0], officer="lan")
        village = s.exec(select(Village)).first()
        assert village is not None
        save(s, Village(commune_code=C, name="Bản Khuổi Ky"), officer="lan")
        delete(s, households[1], officer="lan")
    digested.clear()
    assert_right(ledger)
    # Only what was written is digested again (a tombstoned household's children included).
    assert 0 < len(digested) < 40
    backup = copy_database(folder.database, tmp_path / "sao-luu.sqlite")

    # A pull: a new village from the province and a member changed there.
    member = wire(ledger, Member, _a_member(ledger, households[2].id))
    member["full_name"] = "Hoàng Văn Tỉnh"
    new_village = dict(wire(ledger, Village, village.id), id=new_id(), name="Thôn Pác Bó")
    with ledger.session() as s:
        local.apply_records(s, [{"e": "village", "v": new_village}, {"e": "member", "v": member}])
    assert_right(ledger)

    # A repair pull, and records sent again because the server lost them.
    member["birth_date"] = date(1979, 5, 1).isoformat()
    with ledger.session() as s:
        local.repair_records(s, [{"e": "member", "s": 1, "v": member}])
        local.resend_missing(s, "village", C, server_ids={village.id})
    assert_right(ledger)

    # Another program writing with plain SQL, as a data migration or an administrator would.
    raw = sqlite3.connect(folder.database)
    with raw:
        raw.execute("UPDATE member SET ethnicity = 'Nùng' WHERE rowid % 5 = 0")
        raw.execute("DELETE FROM model_case_household WHERE rowid % 2 = 0")
    raw.close()
    assert_right(ledger)

    # A migration that rebuilds a table drops its triggers: the type is digested whole again.
    raw = sqlite3.connect(folder.database)
    with raw:
        for when in ("ai", "au", "ad"):
            raw.execute(f"DROP TRIGGER checksum_member_{when}")
        raw.execute("UPDATE member SET ethnicity = 'Dao' WHERE rowid % 3 = 0")
    raw.close()
    assert_right(ledger)

    # A bulk insert of a few rows keeps its triggers (below the bulk path's threshold).
    with ledger.session() as s:
        insert_rows(
            s, [(Village, new_row(Village, commune_code=C, name="Xóm Nà Lẹng"))], officer="lan"
        )
    assert_right(ledger)

    # A restore brings the digests of the backup's own moment back with its records.
    with plan_restore(backup, folder) as plan:
        restore(plan, officer="lan")
    restored = open_ledger(folder.database)
    try:
        assert_right(restored)
    finally:
        restored.close()


def _a_member(ledger: Ledger, household_id: str) -> str:
    with ledger.read() as s:
        found = s.exec(select(Member.id).where(Member.household_id == household_id)).first()
    assert found is not None
    return found


def test_a_new_digest_or_record_definition_digests_everything_again(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, digested: list[str]
) -> None:
    make_demo(ledger, households=30, seed=5)
    assert_right(ledger)
    digested.clear()
    assert_right(ledger)
    assert digested == []  # nothing written: nothing digested
    monkeypatch.setattr(checksums, "DIGEST_VERSION", checksums.DIGEST_VERSION + 1)
    checksums.shape.cache_clear()
    try:
        assert_right(ledger)
        with ledger.read() as s:
            records = sum(
                s.connection().exec_driver_sql(f'SELECT count(*) FROM "{e}"').scalar() or 0
                for e in checksums.MODELS
            )
        assert len(digested) == records
    finally:
        checksums.shape.cache_clear()


def test_digesting_a_part_at_a_time_between_writes_ends_right(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first sync digests the commune in parts while it waits for the server; the officer
    (or the sync's own pull) writes meanwhile, before and after the part reached."""
    make_demo(ledger, households=60, seed=9)
    monkeypatch.setattr(checksums, "CHUNK", 25)
    with ledger.read() as s:
        members = list(s.exec(select(Member).order_by(Member.id)).all())
    first, middle, last = members[0], members[len(members) // 2], members[-1]
    steps = 0
    while True:
        with ledger.session() as s:
            done = checksums.refresh(s, budget=checksums.CHUNK)
        if done:
            break
        steps += 1
        with ledger.session() as s:
            for m in (first, last) if steps > 3 else (first, middle, last):
                record = s.get(Member, m.id)
                assert record is not None
                record.ethnicity = f"Tày {steps}"
                save(s, record, officer="lan")
            if steps == 3:  # a tombstone, and a row gone altogether
                record = s.get(Member, middle.id)
                assert record is not None
                delete(s, record, officer="lan")
                s.connection().exec_driver_sql(
                    "DELETE FROM member WHERE id = ?", (members[len(members) // 3].id,)
                )
            new = Member(commune_code=C, household_id=first.household_id, full_name=f"Mới {steps}")
            save(s, new, officer="lan")
    assert steps > 3
    assert_right(ledger)
