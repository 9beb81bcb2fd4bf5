"""The bulk write path for imports and demo data: many new records and their change-log entries
inserted with the driver's executemany in the caller's transaction. It checks nothing: callers
validate. Building SQLModel objects costs far more than the insert, so it also takes plain rows.

The household search index (migration 0004) is kept by triggers, one FTS5 insert per row: for
many rows that is most of the insert's time. So a batch suspends the two insert triggers, then
indexes its new rows with one set-based insert per table and puts the triggers back, all in the
caller's transaction: a rollback or a crash restores triggers, rows and index together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from operator import itemgetter
from typing import Any

import orjson
from pydantic_core import PydanticUndefined
from sqlalchemy import JSON, Date, DateTime
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlmodel import Session

from desktop.ledger.records.base import ChangeAction, ChangeEntry, SyncedRecord, utcnow
from desktop.ledger.storage.checksum_log import checksum_log_deferred
from desktop.ledger.storage.database import bulk_cache
from desktop.ledger.storage.search_index import search_index_deferred
from desktop.ledger.storage.writes import create_payload, jsonable, require_writer

Row = dict[str, Any]
# Below this many records the triggers' per-row cost is less than suspending them.
INDEX_AFTER_ROWS = 100
_DIALECT = SQLiteDialect_pysqlite()
LOG_COLUMNS = ("entity", "record_id", "revision", "action", "officer", "at", "before", "after")
_LOG_SQL = "INSERT INTO change_log ({}) VALUES ({})".format(
    ", ".join(f'"{c}"' for c in LOG_COLUMNS), ", ".join("?" for _ in LOG_COLUMNS)
)


def _json(value: Any) -> str | None:
    # orjson writes dates as ISO text and non-ASCII as is, as the JSON column reads them back.
    return None if value is None else orjson.dumps(value, default=jsonable).decode()


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True)
class _Plan:
    sql: str
    columns: tuple[str, ...]
    values: Callable[[Row], tuple[Any, ...]]
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]  # only the columns that need one
    stamp_index: int | None


@cache
def _plan(model: type) -> _Plan:
    table = model.__table__  # type: ignore[attr-defined]
    columns = tuple(c.name for c in table.columns)
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    stamp_index = None
    for i, column in enumerate(table.columns):
        kind = column.type.dialect_impl(_DIALECT)  # UTCDateTime is a decorated DateTime
        # Enum members are str subclasses, which sqlite3 binds as they are.
        if isinstance(column.type, JSON):
            converters.append((i, _json))
        elif column.name == "modified_at":
            stamp_index = i  # the batch's one time stamp, converted once
        elif isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
            raise TypeError(f"{table.name}.{column.name}: the bulk path stamps modified_at only")
        elif isinstance(column.type, Date):
            converters.append((i, _date))
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
    return _Plan(sql, columns, itemgetter(*columns), tuple(converters), stamp_index)


@cache
def _defaults(model: type[SyncedRecord]) -> tuple[Row, dict[str, Callable[[], Any]]]:
    plain: Row = {}
    factories: dict[str, Callable[[], Any]] = {}
    for name, info in model.model_fields.items():
        if name == "modified_at":
            plain[name] = None  # the batch's one time stamp, put in when it is written
        elif info.default_factory is not None:
            factories[name] = info.default_factory  # type: ignore[assignment]
        elif info.default is not PydanticUndefined:
            plain[name] = info.default
    return plain, factories


def new_row(model: type[SyncedRecord], **values: Any) -> Row:
    """A row with the model's defaults (a fresh id among them) and `values` over them; its
    `modified_at` is stamped when it is written."""
    plain, factories = _defaults(model)
    row = dict(plain)
    for name, factory in factories.items():
        if name not in values:
            row[name] = factory()
    row.update(values)
    return row


def _stamp(model: type, now: datetime) -> str:
    """`now` as the ORM stores it ("2026-11-23 10:40:43.394629", UTC): through the column
    type's SQLite implementation, never the sqlite3 default adapter (deprecated in 3.12)."""
    column = model.__table__.c["modified_at" if model is not ChangeEntry else "at"]  # type: ignore[attr-defined]
    processor = column.type.dialect_impl(_DIALECT).bind_processor(_DIALECT)
    stamp = processor(now) if processor else now
    if not isinstance(stamp, str):
        raise TypeError(f"{model.__name__}: time stamp {stamp!r} would need sqlite3's adapter")
    return stamp


@dataclass(frozen=True)
class PreparedInsert:
    """Statements and their parameter rows, ready for executemany; plain data, so it pickles."""

    batches: tuple[tuple[str, list[Any]], ...]
    count: int
    # Each batch's table and columns, in the order of its values (see `storage.packed`).
    tables: tuple[tuple[str, tuple[str, ...]], ...] = ()


def prepare_rows(rows: Iterable[tuple[type[SyncedRecord], Row]], *, officer: str) -> PreparedInsert:
    """Everything but the writing: (model, row) pairs, parents first, become insert batches.

    Each row must carry every column (see `new_row`). The log's `after` is compact, as on the
    single path (`writes.create_payload`).
    """
    now = utcnow()
    grouped: dict[type[SyncedRecord], list[Row]] = {}
    log: list[tuple[Any, ...]] = []
    stamp = _stamp(ChangeEntry, now)
    create = ChangeAction.create.value
    names: dict[type[SyncedRecord], str] = {}
    for model, row in rows:
        grouped.setdefault(model, []).append(row)
        after = create_payload(model, row)
        name = names.get(model)
        if name is None:  # SQLModel works the name out on every access: once per model here
            name = names[model] = model.__tablename__
        log.append(
            (
                name,
                row["id"],
                row["revision"],
                create,
                officer,
                stamp,
                None,
                _json(after),
            )
        )
    batches: list[tuple[str, list[Any]]] = [
        (_plan(m).sql, list(_values(m, model_rows, now))) for m, model_rows in grouped.items()
    ]
    batches.append((_LOG_SQL, log))
    tables = [(m.__tablename__, _plan(m).columns) for m in grouped]
    tables.append((ChangeEntry.__tablename__, LOG_COLUMNS))
    return PreparedInsert(tuple(batches), len(log), tuple(tables))


def write_prepared(session: Session, prepared: PreparedInsert) -> int:
    """Run prepared batches in the session's transaction; returns the number of records."""
    require_writer(session)
    bulk_cache(session.connection())
    raw = session.connection().connection.driver_connection
    if raw is None or not raw.in_transaction:
        raise RuntimeError("the bulk path writes only inside the caller's transaction")
    cursor = raw.cursor()
    try:
        with indexed_after(cursor, prepared.count):
            for sql, values in prepared.batches:
                cursor.executemany(sql, values)
    finally:
        cursor.close()
    return prepared.count


def indexed_after(cursor: sqlite3.Cursor, count: int) -> AbstractContextManager[Any]:
    """For a batch of `count` new records: the search index and the checksum log filled
    set-based at the end of the block, or by their triggers for a small batch."""
    if count < INDEX_AFTER_ROWS:
        return nullcontext()
    stack = ExitStack()
    stack.enter_context(search_index_deferred(cursor))
    stack.enter_context(checksum_log_deferred(cursor))
    return stack


def insert_rows(
    session: Session, rows: Iterable[tuple[type[SyncedRecord], Row]], *, officer: str
) -> int:
    """Insert (model, row) pairs, parents before children in the order given; returns the count."""
    return write_prepared(session, prepare_rows(rows, officer=officer))


def _values(model: type, rows: Sequence[Row], now: datetime) -> Iterable[list[Any]]:
    plan = _plan(model)
    stamp = _stamp(model, now)
    for row in rows:
        values = list(plan.values(row))
        for i, convert in plan.converters:
            values[i] = convert(values[i])
        if plan.stamp_index is not None:
            values[plan.stamp_index] = stamp
        yield values


def insert_records(session: Session, records: Sequence[SyncedRecord], *, officer: str) -> None:
    """Insert new record objects (already checked) with their log entries."""

    def rows() -> Iterable[tuple[type[SyncedRecord], Row]]:
        for record in records:
            record.derive()
            yield type(record), {c: getattr(record, c) for c in _plan(type(record)).columns}

    insert_rows(session, rows(), officer=officer)
