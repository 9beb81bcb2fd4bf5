"""The bulk path writes the same records and log entries as saving one by one would."""

import pytest
from sqlmodel import select

from desktop.ledger.records import ChangeEntry, Household, Member, Village
from desktop.ledger.storage import save
from desktop.ledger.storage.bulk import insert_records

C = 1576


def test_bulk_and_single_saves_log_the_same(ledger):
    with ledger.session() as s:
        v = save(s, Village(commune_code=C, name="Nà Lẹng"), officer="lan")
        one = save(
            s,
            Household(commune_code=C, code="A1", village_id=v.id, head_name="Bế Văn Ân"),
            officer="lan",
        )
    hh = Household(commune_code=C, code="A2", village_id=v.id, head_name="Bế Thị Hoa")
    member = Member(commune_code=C, household_id=hh.id, full_name="Bế Thị Hoa", birth_year=1980)
    with ledger.session() as s:
        insert_records(s, [hh, member], officer="import")
    with ledger.session() as s:
        stored = s.get(Household, hh.id)
        entries = {e.record_id: e for e in s.exec(select(ChangeEntry)).all()}
        assert s.get(Member, member.id).search_text == "be thi hoa"
    assert stored.search_text == "be thi hoa a2"
    single, bulk = entries[one.id].after, entries[hh.id].after
    assert set(single) == set(bulk) and bulk["head_name"] == "Bế Thị Hoa"
    assert entries[member.id].officer == "import" and entries[member.id].action == "create"


def test_a_failure_midway_leaves_nothing(ledger):
    hh = Household(commune_code=C, code="B1", village_id="no-such-village", head_name="X")
    with pytest.raises(Exception, match="FOREIGN KEY"), ledger.session() as s:
        insert_records(s, [Village(commune_code=C, name="Bản Mới"), hh], officer="import")
    with ledger.session() as s:
        assert s.exec(select(Village)).all() == []
        assert [e.entity for e in s.exec(select(ChangeEntry)).all()] == ["commune"]


def test_bulk_and_single_saves_stamp_times_in_one_format(ledger, folder):
    import re
    import sqlite3

    with ledger.session() as s:
        v = save(s, Village(commune_code=C, name="Nà Lẹng"), officer="lan")
        insert_records(
            s,
            [Household(commune_code=C, code="A2", village_id=v.id, head_name="Bế Thị Hoa")],
            officer="import",
        )
    with sqlite3.connect(folder.database) as raw:
        stamps = [r[0] for r in raw.execute("SELECT modified_at FROM village")]
        stamps += [r[0] for r in raw.execute("SELECT modified_at FROM household")]
        stamps += [r[0] for r in raw.execute('SELECT "at" FROM change_log')]
    assert len(stamps) == 5  # and the commune set up by the fixture
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", t) for t in stamps), stamps


def test_no_write_path_leans_on_sqlite3s_default_date_adapters(ledger, monkeypatch, tmp_path):
    """Python 3.12 deprecates sqlite3's default date/datetime adapters (a DeprecationWarning,
    an error under this suite's filterwarnings); 3.11 has them silently. Make them fail here
    as they will there, then write through every path: one save, the bulk path, the audit
    entries of accounts, settings and commune, and a small demo."""
    import sqlite3
    from datetime import date, datetime

    from desktop.ledger.demo import make_demo
    from desktop.ledger.officers import add_officer, sign_in
    from desktop.ledger.records import Role
    from desktop.ledger.settings import write_settings

    def refuse(value: object) -> str:
        raise AssertionError(f"sqlite3's default adapter used for {value!r}")

    for kind in (date, datetime):
        monkeypatch.setitem(sqlite3.adapters, (kind, sqlite3.PrepareProtocol), refuse)
    with ledger.session() as s:
        v = save(s, Village(commune_code=C, name="Nà Lẹng"), officer="lan")
        hh = Household(commune_code=C, code="A2", village_id=v.id, head_name="Bế Thị Hoa")
        insert_records(
            s,
            [
                hh,
                Member(
                    commune_code=C,
                    household_id=hh.id,
                    full_name="Bế Thị Hoa",
                    birth_date=date(1980, 2, 3),
                ),
            ],
            officer="import",
        )
        add_officer(s, "mai", "Hoàng Thị Mai", "mat-khau-9", Role.admin)
        assert write_settings(s, {"commendation.signer_title": "KT. CHỦ TỊCH"}, officer="mai") == {}
    with ledger.session() as s:
        assert sign_in(s, "mai", "mat-khau-9") is not None
    from desktop.ledger.storage import open_ledger

    demo = open_ledger(tmp_path / "demo.sqlite")
    try:
        make_demo(demo, households=30)
    finally:
        demo.close()
