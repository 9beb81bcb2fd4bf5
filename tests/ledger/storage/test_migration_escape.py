"""A ledger written when "newly escaped" was a category opens with the escape as a transition."""

import sqlite3

import pytest
from alembic import command
from alembic.config import Config
from sqlmodel import select

from desktop.ledger.records import Classification, RegistrationReview
from desktop.ledger.storage import open_ledger
from desktop.ledger.storage.database import MIGRATIONS

ROW = (
    "INSERT INTO {table} (id, commune_code, revision, modified_at, deleted, {cols}) "
    "VALUES ({marks})"
)


def insert(db: sqlite3.Connection, table: str, **values: object) -> None:
    base = {"commune_code": 1576, "revision": 1, "modified_at": "2025-12-20 00:00:00"}
    values = {"deleted": 0, **base, **values}
    cols = ", ".join(values)
    db.execute(
        f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(values))})", [*values.values()]
    )


@pytest.fixture
def old_ledger(tmp_path):
    path = tmp_path / "ledger.sqlite"
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    command.upgrade(cfg, "0001")
    db = sqlite3.connect(path)
    insert(db, "village", id="v", name="Nà Lẹng", kind="thon")
    for hh in ("a", "b", "c", "d"):
        insert(
            db,
            "household",
            id=hh,
            code=hh,
            village_id="v",
            head_name=hh,
            area="rural",
            ethnic_minority=0,
            merit_family=0,
            social_protection=0,
            no_labour_capacity=0,
            search_text=hh,
        )
    # (household, standard, area, income) of rows the old lists called "mới thoát nghèo"
    cases = [
        ("a", "nd07-2021", "rural", 1_400_000),  # at or under the line: near-poor
        ("b", "nd07-2021", "urban", 2_600_000),  # over 2,000,000, under 3,000,000: average
        ("c", "qd59-2015", "rural", 1_600_000),  # over the 2016–2020 ceiling: other
        ("d", "nd07-2021", "rural", None),  # income unknown: other, with a note
    ]
    for hh, standard, area, income in cases:
        insert(
            db,
            "classification",
            id=f"k{hh}",
            household_id=hh,
            year=2026,
            category="newly_escaped",
            standard_id=standard,
            area=area,
            income_per_capita=income,
            deprivations="[]",
        )
    insert(
        db,
        "registration",
        id="r",
        household_id="a",
        registered_on="2024-10-01",
        target_year=2025,
        causes="[]",
        plan="",
        support_requested="[]",
        household_signed=1,
        status="escaped",
    )
    insert(
        db,
        "registrationreview",
        id="rv",
        registration_id="r",
        year=2025,
        result="escaped",
        category_after="newly_escaped",
    )
    db.commit()
    db.close()
    return path


def test_newly_escaped_rows_become_the_category_their_income_gives(old_ledger):
    ledger = open_ledger(old_ledger)
    try:
        with ledger.session() as s:
            got = {c.household_id: c for c in s.exec(select(Classification)).all()}
            review = s.exec(select(RegistrationReview)).one()
    finally:
        ledger.close()
    assert {hh: c.category for hh, c in got.items()} == {
        "a": "near_poor",
        "b": "average",
        "c": "other",
        "d": "other",
    }
    assert got["d"].note == "Danh sách cũ ghi “Hộ mới thoát nghèo”"
    assert got["a"].note is None
    assert review.category_after == "near_poor"  # the 2026 list of the same household
