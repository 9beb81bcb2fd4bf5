"""The search index is rebuilt with prefix indexes, and finds what it found before."""

import sqlite3

from alembic import command
from alembic.config import Config

from desktop.ledger.household_list import HouseholdFilter, household_ids
from desktop.ledger.storage import open_ledger
from desktop.ledger.storage.database import MIGRATIONS

from .test_migration_escape import insert


def test_an_existing_index_is_rebuilt_with_prefixes_and_finds_the_same(tmp_path):
    path = tmp_path / "ledger.sqlite"
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    command.upgrade(cfg, "0006_sync")
    db = sqlite3.connect(path)
    insert(db, "village", id="v", name="Nà Lẹng", kind="thon")
    for hh, head in (("a", "nong van dung"), ("b", "ly van pao")):
        insert(
            db,
            "household",
            id=hh,
            code=f"nl-00{hh}",
            village_id="v",
            head_name=head,
            area="rural",
            ethnic_minority=0,
            merit_family=0,
            social_protection=0,
            no_labour_capacity=0,
            search_text=f"{head} nl 00{hh}",
        )
    insert(
        db,
        "member",
        id="m",
        household_id="b",
        full_name="Hoàng Thị Mai",
        search_text="hoang thi mai",
        citizen_id="004190001111",
        sex="female",
        relation="Vợ",
        disability=0,
    )
    db.commit()
    db.close()

    ledger = open_ledger(path)
    with ledger.read() as s:
        ddl = (
            s.connection()
            .exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'household_fts'")
            .scalar()
        )
        assert "prefix" in ddl
        for text, found in (("n", ["a", "b"]), ("h", ["b"]), ("0041", ["b"]), ("dung", ["a"])):
            assert sorted(household_ids(s, HouseholdFilter(text=text))) == found, text
    ledger.close()
