"""The bulk path's set-based search index says exactly what the triggers would have said."""

from __future__ import annotations

import sqlite3

import pytest
from sqlmodel import Session

from desktop.ledger.household_list import HouseholdFilter, household_ids
from desktop.ledger.records import Household, Member, Village
from desktop.ledger.storage import Ledger, save
from desktop.ledger.storage.bulk import INDEX_AFTER_ROWS, insert_records

C = 1576
NAMES = ["Nông Văn Dũng", "Hoàng Thị Mai", "Sùng A Pháo", "Đàm Thị Hường", "Lý Seo Chống"]


def _records() -> list[Village | Household | Member]:
    """Enough records for the bulk path to defer the index: households with members, some with
    ID numbers, and one member already deleted (the triggers leave it out)."""
    village = Village(id="v1", commune_code=C, name="Bản Khuổi Ky")
    records: list[Village | Household | Member] = [village]
    for n in range(INDEX_AFTER_ROWS // 2):
        hh = Household(
            id=f"h{n}", commune_code=C, code=f"KK-{n:03d}", village_id="v1", head_name=NAMES[n % 5]
        )
        records.append(hh)
        for m in range(n % 3 + 1):
            records.append(
                Member(
                    id=f"m{n}-{m}",
                    commune_code=C,
                    household_id=hh.id,
                    full_name=NAMES[(n + m) % 5],
                    citizen_id=f"00419{n:04d}{m:03d}" if m != 1 else None,
                    deleted=(n, m) == (7, 0),
                )
            )
    return records


def _index(ledger: Ledger) -> list[tuple[str, str, str]]:
    with sqlite3.connect(ledger.path) as raw:
        return raw.execute(
            "SELECT k.record_id, k.household_id, f.body FROM household_fts f"
            " JOIN household_search_key k ON k.id = f.rowid ORDER BY k.record_id"
        ).fetchall()


def _triggers(ledger: Ledger) -> list[tuple[str, str]]:
    with sqlite3.connect(ledger.path) as raw:
        return raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()


def _search(session: Session, text: str) -> list[str]:
    return sorted(household_ids(session, HouseholdFilter(text=text)))


def _one_by_one(ledger: Ledger) -> None:
    with ledger.session() as s:
        for record in _records():
            save(s, record, officer="t")


@pytest.fixture
def by_triggers(tmp_path):  # type: ignore[no-untyped-def]
    from desktop.ledger.commune import set_up_commune
    from desktop.ledger.storage import open_ledger

    other = open_ledger(tmp_path / "other" / "ledger.sqlite")
    with other.session() as s:
        set_up_commune(s, 4, C)
    _one_by_one(other)
    yield other
    other.close()


def test_bulk_index_is_the_triggers_index(ledger, by_triggers):
    triggers = _triggers(ledger)
    with ledger.session() as s:
        insert_records(s, _records(), officer="import")
    bulk = _index(ledger)
    assert len(bulk) == len(_records()) - 2  # the village is not indexed, the deleted member
    assert bulk == _index(by_triggers)
    assert _triggers(ledger) == triggers, "the triggers are back exactly as they were"
    with ledger.session() as s, by_triggers.session() as t:
        for text in ("pháo", "dung", "kk-00", "0041900", "hường", "hoang thi", "nobody"):
            assert _search(s, text) == _search(t, text), text
        assert _search(s, "004190005002") == ["h5"]
        assert _search(s, "004190007000") == []  # the deleted member's


def test_records_saved_after_a_bulk_insert_are_indexed_by_the_triggers(ledger):
    with ledger.session() as s:
        insert_records(s, _records(), officer="import")
    with ledger.session() as s:
        save(
            s,
            Household(commune_code=C, code="KK-999", village_id="v1", head_name="Bế Văn Ân"),
            officer="t",
        )
        assert len(_search(s, "be van an")) == 1


def test_a_failed_bulk_insert_leaves_triggers_and_index_as_they_were(ledger):
    triggers = _triggers(ledger)
    records = _records()
    records.append(Household(commune_code=C, code="X", village_id="no-such", head_name="X"))
    with pytest.raises(Exception, match="FOREIGN KEY"), ledger.session() as s:
        insert_records(s, records, officer="import")
    assert _triggers(ledger) == triggers
    assert _index(ledger) == []


def test_a_failure_caught_inside_the_transaction_keeps_the_index_whole(ledger):
    """A caller that catches the failure and commits what came before must not commit rows
    missing from the index, nor a ledger without its triggers."""
    good = _records()
    with ledger.session() as s:
        insert_records(s, good, officer="import")
        bad = [
            Household(
                commune_code=C, code=f"Y{n}", village_id="no" if n == 1 else "v1", head_name="Bế Ân"
            )
            for n in range(INDEX_AFTER_ROWS, 0, -1)  # the last one fails, the rest are written
        ]
        with pytest.raises(Exception, match="FOREIGN KEY"):
            insert_records(s, bad, officer="import")
        save(
            s, Household(commune_code=C, code="Z", village_id="v1", head_name="Bế Ân"), officer="t"
        )
    assert len(_index(ledger)) == len(good) - 2 + INDEX_AFTER_ROWS
    with ledger.session() as s:
        assert len(_search(s, "be an")) == INDEX_AFTER_ROWS
