"""Turning record values between their wire form (JSON) and their column form, per table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime, Table

from desktop.ledger.records.validation import check_fields
from sync.protocol import wire_value
from sync.server.tables import RECORD_MODELS, RECORD_TABLES


@cache
def _converters(entity: str) -> dict[str, Callable[[Any], Any]]:
    table: Table = RECORD_TABLES[entity]
    out: dict[str, Callable[[Any], Any]] = {}
    for column in table.columns:
        if isinstance(column.type, DateTime):
            out[column.name] = lambda v: None if v is None else datetime.fromisoformat(v)
        elif isinstance(column.type, Date):
            out[column.name] = lambda v: None if v is None else date.fromisoformat(v)
    return out


@cache
def columns_of(entity: str) -> frozenset[str]:
    return frozenset(c.name for c in RECORD_TABLES[entity].columns)


def to_column(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    conv = _converters(entity)
    return {k: (conv[k](v) if k in conv else v) for k, v in values.items()}


def to_wire(values: dict[str, Any]) -> dict[str, Any]:
    return {k: wire_value(v) for k, v in values.items()}


def problems(entity: str, values: dict[str, Any]) -> dict[str, str]:
    """Every field's problem, checked by the record's own definition (as forms check it)."""
    _, found = check_fields(RECORD_MODELS[entity], values)
    return found
