"""A packed batch (the demo's workers send their chunks so) lands exactly as the executemany path
would write it: the same rows with the same SQLite types, the same log entries, the same search
index, in the caller's transaction and nowhere else."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.ledger.commune import set_up_commune
from desktop.ledger.records import Classification, Household, Member, Village
from desktop.ledger.storage import Ledger, open_ledger
from desktop.ledger.storage.bulk import PreparedInsert, Row, new_row, prepare_rows, write_prepared
from desktop.ledger.storage.packed import SCHEMA, pack, write_packed

C = 1576
TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
TABLES = ("village", "household", "member", "classification", "change_log")
NAMES = ["Nông Văn Dũng", "Hoàng Thị Mai", "Sùng A Pháo", "Đàm Thị Hường", "Lý Seo Chống"]


def _batches() -> list[PreparedInsert]:
    """Two batches (the second refers to the first's village), with every kind of value the
    demo writes: text, integers, booleans, None, dates and JSON lists, and a deleted member."""
    village = new_row(Village, commune_code=C, name="Bản Khuổi Ky")
    batches: list[list[tuple[type, Row]]] = [[(Village, village)], []]
    for n in range(120):
        hh = new_row(
            Household,
            commune_code=C,
            code=f"KK-{n:03d}",
            village_id=village["id"],
            head_name=NAMES[n % 5],
            search_text=Household.search_key(NAMES[n % 5], f"KK-{n:03d}"),
            phone=f"09{n:08d}" if n % 2 else None,
            merit_family=n % 7 == 0,
        )
        member = new_row(
            Member,
            commune_code=C,
            household_id=hh["id"],
            full_name=NAMES[n % 5],
            search_text=NAMES[n % 5].lower(),
            birth_year=1950 + n % 50,
            birth_date=date(1950 + n % 50, 1 + n % 12, 1 + n % 28) if n % 3 else None,
            citizen_id=f"00419{n:07d}" if n % 4 else None,
            deleted=n == 7,
        )
        classification = new_row(
            Classification,
            commune_code=C,
            household_id=hh["id"],
            year=2025,
            category="poor" if n % 3 else "average",
            standard_id="nd07-2021",
            income_per_capita=1_000_000 + n * 1000,
            deprivations=["health_insurance", "housing_area"][: n % 3],
            deprivation_count=min(n % 3, 2),
            decision_date=date(2024, 12, 25),
        )
        batches[n % 2].extend([(Household, hh), (Member, member), (Classification, classification)])
    return [prepare_rows(rows, officer="demo") for rows in batches]


def _ledger(path: Path) -> Ledger:
    ledger = open_ledger(path)
    with ledger.session() as s:
        set_up_commune(s, 4, C)
    return ledger


def _contents(ledger: Ledger) -> dict[str, list[str]]:
    """Every row of the written tables, each value with its SQLite type; the search index."""
    out: dict[str, list[str]] = {}
    with sqlite3.connect(ledger.path) as raw:
        for table in TABLES:
            columns = [r[1] for r in raw.execute(f"PRAGMA table_info({table})")]
            typed = ", ".join(f'typeof("{c}"), "{c}"' for c in columns)
            where = " WHERE entity != 'commune'" if table == "change_log" else ""
            out[table] = [repr(r) for r in raw.execute(f"SELECT {typed} FROM {table}{where}")]
        out["index"] = [
            repr(r)
            for r in raw.execute(
                "SELECT k.id, k.record_id, k.household_id, f.body FROM household_search_key k"
                " JOIN household_fts f ON f.rowid = k.id ORDER BY k.id"
            )
        ]
        out["matches"] = [
            repr(r)
            for r in raw.execute(
                "SELECT k.record_id FROM household_fts f JOIN household_search_key k"
                " ON k.id = f.rowid WHERE household_fts MATCH '\"hoang\"' ORDER BY k.record_id"
            )
        ]
    return out


def test_a_packed_batch_writes_what_the_executemany_path_writes(tmp_path):
    batches = _batches()
    plain, packed = (
        _ledger(tmp_path / "a" / "ledger.sqlite"),
        _ledger(tmp_path / "b" / "ledger.sqlite"),
    )
    try:
        with plain.session() as s:
            for batch in batches:
                write_prepared(s, batch)
        with packed.session() as s:
            for batch in batches:
                assert write_packed(s, pack(batch)) == batch.count
        expected, got = _contents(plain), _contents(packed)
    finally:
        plain.close()
        packed.close()
    assert len(expected["household"]) == 120 and len(expected["change_log"]) == 361
    assert len(expected["index"]) == 120 + 119  # the deleted member is not indexed
    assert expected["matches"] and "'date'" not in repr(expected)
    assert got == expected


def test_a_packed_batch_rolled_back_leaves_nothing_and_the_connection_as_it_was(tmp_path):
    ledger = _ledger(tmp_path / "ledger.sqlite")
    before = _contents(ledger)
    with sqlite3.connect(ledger.path) as raw:
        triggers = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
    used: list[int] = []
    try:
        with pytest.raises(RuntimeError, match="stop"), ledger.session() as s:
            for batch in _batches():
                write_packed(s, pack(batch))
            used.append(id(s.connection().connection.driver_connection))
            raise RuntimeError("stop")
        assert _contents(ledger) == before
        with sqlite3.connect(ledger.path) as raw:
            assert (
                raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
                == triggers
            )
        # The image was attached to the writer's own connection only, and left with it.
        with ledger.engine.connect() as conn:
            raw_conn = conn.connection.driver_connection
            assert raw_conn is not None and id(raw_conn) in used
            names = [r[1] for r in raw_conn.execute("PRAGMA database_list")]
            assert "main" in names and SCHEMA not in names
        with ledger.session() as s:  # and the next writer attaches it afresh
            assert write_packed(s, pack(_batches()[0])) == 1 + 60 * 3
    finally:
        ledger.close()


def test_a_reading_session_cannot_write_a_packed_batch(tmp_path):
    ledger = _ledger(tmp_path / "ledger.sqlite")
    try:
        with ledger.read() as s, pytest.raises(RuntimeError, match=r"Ledger\.session"):
            write_packed(s, pack(_batches()[0]))
    finally:
        ledger.close()
