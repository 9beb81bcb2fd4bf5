"""Record values on the server: wire conversions (shared with the client) and checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import SchemaValidator
from sqlalchemy import Boolean, Date, DateTime, Float, Integer

from desktop.ledger.records.validation import check_fields
from sync.server.tables import RECORD_TABLES
from sync.wire import MODELS, columns_of, to_wire
from sync.wire import from_wire as to_column

__all__ = ["columns_of", "problems", "stored", "stored_row", "to_column", "to_wire"]


@cache
def _validator(entity: str) -> SchemaValidator | None:
    """The core validator of the record's plain field class (`HouseholdFields`), if it has one."""
    model = MODELS[entity]
    name = f"{model.__name__}Fields"
    plain: type[BaseModel] | None = next(
        (b for b in model.__mro__[1:] if b.__name__ == name and issubclass(b, BaseModel)), None
    )
    if plain is None:
        return None
    validator = plain.__pydantic_validator__
    return validator if isinstance(validator, SchemaValidator) else None


def problems(entity: str, values: dict[str, Any]) -> dict[str, str]:
    """Every field's problem, checked by the record's own definition (as forms check it).
    A first sync checks tens of thousands of records: the field class's validator is called
    directly (SQLModel's model_validate wrapper costs more than the checks), and only a record
    that fails goes through `check_fields` for its Vietnamese messages."""
    validator = _validator(entity)
    if validator is not None:
        try:
            validator.validate_python(values)
            return {}
        except ValidationError:
            pass
    _, found = check_fields(MODELS[entity], values)
    return found


# --- the stored form --------------------------------------------------------------------------
# The server keeps each record's digest (sync.protocol.record_digest) beside it, computed from
# the values it writes rather than read back. So it writes values in the exact Python type its
# column gives back when read: the lax forms a field check accepts ("5" for a number, 1 for a
# boolean, an int for a decimal, 20241225 as a date) are turned into that type first.

_TRUE = frozenset({"true", "t", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "off", "0"})


def _as_int(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        try:
            return int(v.strip())
        except ValueError:
            return v
    return v


def _as_float(v: Any) -> Any:
    if isinstance(v, bool | int):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v.strip())
        except ValueError:
            return v
    return v


def _as_bool(v: Any) -> Any:
    if isinstance(v, int) and v in (0, 1):
        return bool(v)
    if isinstance(v, str) and v.strip().lower() in _TRUE | _FALSE:
        return v.strip().lower() in _TRUE
    return v


def _as_date(v: Any) -> Any:
    if isinstance(v, str):
        try:
            return date.fromisoformat(v)
        except ValueError:
            return v
    if isinstance(v, datetime):
        return v.date()
    return v


def _as_datetime(v: Any) -> Any:
    return datetime.fromisoformat(v) if isinstance(v, str) else v


def _as_text(v: Any) -> Any:
    return v.value if isinstance(v, Enum) else v


@cache
def _stored_types(entity: str) -> tuple[tuple[str, type, Callable[[Any], Any]], ...]:
    """(column, the type its value comes back in, what turns other forms into it)."""
    out: list[tuple[str, type, Callable[[Any], Any]]] = []
    for column in RECORD_TABLES[entity].columns:
        kind = getattr(column.type, "impl", column.type)  # sqlmodel's types decorate these
        if isinstance(kind, Boolean):
            out.append((column.name, bool, _as_bool))
        elif isinstance(kind, Integer):
            out.append((column.name, int, _as_int))
        elif isinstance(kind, Float):
            out.append((column.name, float, _as_float))
        elif isinstance(kind, DateTime):
            out.append((column.name, datetime, _as_datetime))
        elif isinstance(kind, Date):
            out.append((column.name, date, _as_date))
    return tuple(out)


def stored(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """Wire (or lax) values in the form the columns give back (text stays text)."""
    out = dict(values)
    for name, kind, convert in _stored_types(entity):
        v = out.get(name)
        if v is not None and type(v) is not kind:
            out[name] = convert(v)
    return out


def stored_row(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """A whole new row: every column, an absent one with its default, in its stored form."""
    row = dict(values)
    for column in RECORD_TABLES[entity].columns:
        if column.name not in row:
            row[column.name] = _default(column)
    return stored(entity, row)


def _default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return _as_text(default.arg)
    if default.is_callable:  # e.g. `list` for a JSON column: a fresh value per row
        return default.arg(None)
    return None
