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
        assert s.exec(select(Village)).all() == [] and s.exec(select(ChangeEntry)).all() == []


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
    assert len(stamps) == 4
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", t) for t in stamps), stamps
