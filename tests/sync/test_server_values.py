"""The server checks a pushed record through the field class's validator directly (fast), and
only a failing record through `check_fields` (for its Vietnamese messages): both must accept
and refuse exactly the same values, or a bad record would land on the province's server."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from desktop.ledger.records import SYNCED_RECORDS
from desktop.ledger.records.validation import check_fields
from sync.server.values import problems
from sync.wire import MODELS, to_wire

# Values that break some field's rules: wrong types, out of range, too long, not a date.
_BAD: tuple[Any, ...] = (None, "", "x" * 5000, -7, 10**12, 1.5, "không-phải-ngày", [1], {"a": 1})


def _records(desktop: Any) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with desktop.ledger.read() as session:
        for model in SYNCED_RECORDS:
            rows = session.exec(select(model).limit(3)).all()
            out[model.__tablename__] = [
                to_wire({c.name: getattr(r, c.name) for c in model.__table__.columns})  # type: ignore[attr-defined]
                for r in rows
            ]
    return out


def test_fast_check_accepts_and_refuses_what_the_full_check_does(desktops) -> None:  # type: ignore[no-untyped-def]
    a = desktops("a", households=12)
    records = _records(a)
    assert sum(len(v) for v in records.values()) > 20  # households, members, classifications…
    compared = refused = 0
    for entity, rows in records.items():
        model = MODELS[entity]
        for values in rows:
            assert problems(entity, values) == {}
            assert check_fields(model, values)[1] == {}
            for name in values:
                for bad in _BAD:
                    changed = dict(values, **{name: bad})
                    expected = check_fields(model, changed)[1]
                    assert problems(entity, changed) == expected, (entity, name, bad)
                    compared += 1
                    refused += bool(expected)
            missing = {k: v for k, v in values.items() if k != next(iter(values))}
            assert problems(entity, missing) == check_fields(model, missing)[1]
    assert refused > compared // 4  # the bad values really are refused, and the same way
