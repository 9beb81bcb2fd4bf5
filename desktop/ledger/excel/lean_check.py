"""The records' own field limits, checked on plain rows without building pydantic objects.

An import has already parsed every value with the forms' parsers (dates, IDs, money, counts);
what is left are the records' declared limits (lengths, ranges, required fields). Reading them
from the record classes keeps one definition; building 30,000 pydantic objects to check them
cost more than reading the whole file. tests/ledger/excel test that imported records pass the
full validation too.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined

from desktop.ledger.records.base import SyncedRecord
from desktop.ledger.records.validation import field_label
from desktop.ledger.storage.bulk import Row, _defaults, new_row

_Limit = tuple[str, str, bool, int | None, int | None, float | None, float | None]


@cache
def _limits(model: type[SyncedRecord]) -> tuple[_Limit, ...]:
    limits = []
    for name, info in model.model_fields.items():
        low_len = high_len = low = high = None
        for rule in info.metadata:
            low_len = getattr(rule, "min_length", low_len)
            high_len = getattr(rule, "max_length", high_len)
            low = getattr(rule, "ge", low)
            high = getattr(rule, "le", high)
        required = info.default is PydanticUndefined and info.default_factory is None
        if required or any(x is not None for x in (low_len, high_len, low, high)):
            limits.append((name, field_label(model, name), required, low_len, high_len, low, high))
    return tuple(limits)


@cache
def _limits_for(model: type[SyncedRecord], given: frozenset[str]) -> tuple[_Limit, ...]:
    """The limits a row with these fields given can break. A field left to its plain default
    holds the same value in every row: it is checked here once, and again only if it fails."""
    plain, _factories = _defaults(model)
    kept = []
    for limit in _limits(model):
        name = limit[0]
        if name not in given and name in plain and not _breaks(plain[name], limit):
            continue
        kept.append(limit)
    return tuple(kept)


def _breaks(value: Any, limit: _Limit) -> bool:
    problems: list[str] = []
    _check({limit[0]: value}, (limit,), problems)
    return bool(problems)


def checked_row(model: type[SyncedRecord], data: dict[str, Any], problems: list[str]) -> Row | None:
    """A complete row for the bulk path, or None with each field's problem added."""
    row = new_row(model, **data)
    found = len(problems)
    _check(row, _limits_for(model, frozenset(data)), problems)
    if len(problems) > found:
        return None
    _derive(model, row)
    return row


def _check(row: Row, limits: tuple[_Limit, ...], problems: list[str]) -> None:
    # One loop, no call per field: it runs for every field of 30,000 records in a 10,000-row list.
    for name, label, required, low_len, high_len, low, high in limits:
        value = row.get(name)
        if value is None:
            if required:
                problems.append(f"Chưa nhập {label}.")
        elif isinstance(value, str):
            if low_len is not None and len(value.strip()) < low_len:
                problems.append(f"{label} không được để trống.")
            elif high_len is not None and len(value) > high_len:
                problems.append(f"{label} quá dài (tối đa {high_len} ký tự).")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if low is not None and value < low:
                problems.append(f"{label} phải từ {low} trở lên.")
            elif high is not None and value > high:
                problems.append(f"{label} không được lớn hơn {high}.")


class _Plain:
    """A row seen as a record by the record's own `derive()` (search keys, birth year): the row
    itself is its attributes, so what `derive()` sets lands in the row."""

    model: type[SyncedRecord]

    def __getattr__(self, name: str) -> Any:
        return getattr(type(self).model, name)


@cache
def _plain(model: type[SyncedRecord]) -> type[_Plain]:
    return type(f"Plain{model.__name__}", (_Plain,), {"model": model})


def _derive(model: type[SyncedRecord], row: Row) -> None:
    plain = object.__new__(_plain(model))
    plain.__dict__ = row
    model.derive(plain)  # type: ignore[arg-type]
