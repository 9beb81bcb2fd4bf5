"""Record values between their wire form (JSON) and their column form, for client and server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime

from desktop.ledger.records import SYNCED_RECORDS, SyncedRecord
from sync.protocol import wire_value

MODELS: dict[str, type[SyncedRecord]] = {str(m.__tablename__): m for m in SYNCED_RECORDS}
ORDER: dict[str, int] = {name: i for i, name in enumerate(MODELS)}


def _date(v: Any) -> date | None:
    return None if v is None else date.fromisoformat(v)


def _datetime(v: Any) -> datetime | None:
    return None if v is None else datetime.fromisoformat(v)


@cache
def _converters(entity: str) -> dict[str, Callable[[Any], Any]]:
    out: dict[str, Callable[[Any], Any]] = {}
    for column in MODELS[entity].__table__.columns:  # type: ignore[attr-defined]
        kind = getattr(column.type, "impl", column.type)  # sqlmodel's UTCDateTime decorates
        if isinstance(kind, DateTime):
            out[column.name] = _datetime
        elif isinstance(kind, Date):
            out[column.name] = _date
    return out


@cache
def columns_of(entity: str) -> frozenset[str]:
    return frozenset(c.name for c in MODELS[entity].__table__.columns)  # type: ignore[attr-defined]


@cache
def parents_of(entity: str) -> tuple[tuple[str, str], ...]:
    """(column, parent entity) of each reference to another synced record."""
    out = []
    for column in MODELS[entity].__table__.columns:  # type: ignore[attr-defined]
        for fk in column.foreign_keys:
            target = fk.column.table.name
            if target in MODELS:
                out.append((column.name, target))
    return tuple(out)


def from_wire(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    conv = _converters(entity)
    return {k: (conv[k](v) if k in conv else v) for k, v in values.items()}


def to_wire(values: dict[str, Any]) -> dict[str, Any]:
    # str(): column names come as SQLAlchemy quoted_name, which orjson does not take as keys.
    return {str(k): wire_value(v) for k, v in values.items()}
