"""The per-record digest behind the convergence checksums: the same for a record's column
values and its wire values, and the same as the first protocol version computed (a desktop and
a server of different versions must agree, or every sync would end in a repair pull)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import orjson

from desktop.ledger.records import Classification, Member
from sync.protocol import NOT_CONTENT, record_digest, wire_value


def _first_version(values: dict[str, Any]) -> int:
    content = {str(k): wire_value(v) for k, v in values.items() if k not in NOT_CONTENT}
    raw = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big")


def _columns(record: Any) -> dict[str, Any]:
    return {c.name: getattr(record, c.name) for c in type(record).__table__.columns}


def test_digest_of_columns_equals_digest_of_wire_values_and_the_first_version() -> None:
    member = Member(
        commune_code=1576,
        household_id="a" * 32,
        full_name="Hoàng Thị Quý",
        sex="female",
        birth_date=date(1990, 7, 15),
        citizen_id="004190880211",
        health_insured=True,
        modified_at=datetime(2026, 11, 23, 10, 40, 43, 394629, tzinfo=UTC),
    )
    classification = Classification(
        commune_code=1576,
        household_id="a" * 32,
        year=2025,
        category="near_poor",
        standard_id="nd07-2021",
        deprivations=["employment", "latrine"],
        deprivation_count=2,
        decision_date=date(2024, 12, 25),
    )
    for record in (member, classification):
        values = _columns(record)
        wire = {k: wire_value(v) for k, v in values.items()}
        assert record_digest(values) == record_digest(wire) == _first_version(values)
        changed = dict(values, full_name="x") if record is member else dict(values, year=2026)
        assert record_digest(changed) != record_digest(values)


def test_digest_agrees_with_the_first_version_on_every_kind_of_column_value() -> None:
    from desktop.ledger.records import ChangeAction

    values = {
        "id": "b" * 32,
        "at_utc": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),  # no microseconds: none written
        "at_naive": datetime(2026, 1, 2, 3, 4, 5, 600),
        "day": date(2025, 12, 31),
        "action": ChangeAction.update,  # a str enum, written as its value
        "nothing": None,
        "flag": False,
        "amount": 1_500_000,
        "ratio": 0.25,
        "tags": ["latrine", "employment"],
        "nested": {"b": 1, "a": [date(2024, 1, 1)]},
        "name": "Hoàng Thị Quý",
    }
    assert record_digest(values) == _first_version(values)
