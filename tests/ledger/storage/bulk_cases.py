"""Batches for the bulk write paths to write the same way (the executemany path, a packed image,
the import's writer thread): every kind of value the demo and the imports write, and a ledger's
written tables read back with each value's SQLite type."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from desktop.ledger.commune import set_up_commune
from desktop.ledger.records import Classification, Household, Member, Village
from desktop.ledger.storage import Ledger, open_ledger
from desktop.ledger.storage.bulk import PreparedInsert, Row, new_row, prepare_rows

C = 1576
TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
TABLES = ("village", "household", "member", "classification", "change_log")
NAMES = ["Nông Văn Dũng", "Hoàng Thị Mai", "Sùng A Pháo", "Đàm Thị Hường", "Lý Seo Chống"]


def sample_batches() -> list[PreparedInsert]:
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


def fresh_ledger(path: Path) -> Ledger:
    ledger = open_ledger(path)
    with ledger.session() as s:
        set_up_commune(s, 4, C)
    return ledger


def contents(ledger: Ledger) -> dict[str, list[str]]:
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
