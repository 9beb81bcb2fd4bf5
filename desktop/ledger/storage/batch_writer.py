"""Writing an import's batches on a thread of their own while the importer reads the next rows.

Handed to SQLite value by value (`executemany`), a batch holds Python's lock for all its
values: a fifth of a 10,000-row import's time, during which nothing else can run (issue 8).
Here orjson turns each table's rows into one JSON document in a few milliseconds, and the thread
inserts it with `INSERT … SELECT json_extract(value, '$[i]') … FROM json_each(?)`. SQLite reads
the document with Python's lock released, so on a laptop with two cores the batch is written
while the importer parses the next one.

JSON carries text, integers, NULL and booleans (as 1 and 0, as binding does) exactly. It does
not carry a NUL character inside text (SQLite cuts the text there) nor, on every platform, a
float to the last bit, so a table with a REAL column, or a document with a NUL, is bound value
by value on the thread instead, as `write_prepared` binds it.

Inside its `with` block the session's connection belongs to the thread: the caller must not use
the session meanwhile. A failure on the thread (a full disk) is raised in the caller at its
next `write` or when the block ends; leaving the block early (a cancel, an error) lets the
batch being written finish, drops the rest, and leaves the transaction to the caller's rollback.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from types import TracebackType
from typing import Any

import orjson
from sqlalchemy import Float
from sqlmodel import Session, SQLModel

from desktop.ledger.interpreter import quick_thread_switches
from desktop.ledger.storage.bulk import PreparedInsert, indexed_after
from desktop.ledger.storage.writes import require_writer

# Batches made but not yet written: the importer waits rather than pile them up in memory.
WAITING = 2
_NUL = "\\u0000"


@dataclass(frozen=True)
class _Statement:
    sql: str
    parameters: Any  # one JSON document, or the rows themselves
    many: bool  # bound row by row


@dataclass(frozen=True)
class _Batch:
    statements: tuple[_Statement, ...]
    count: int


@cache
def _json_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    return f'INSERT INTO "{table}" ({names}) SELECT {values} FROM json_each(?)'


@cache
def _exact_in_json(table: str) -> bool:
    """A table with no REAL column: all its values travel through JSON unchanged."""
    columns = SQLModel.metadata.tables[table].columns
    return not any(isinstance(c.type, Float) for c in columns)


def _statement(table: str, columns: tuple[str, ...], sql: str, rows: list[Any]) -> _Statement:
    if _exact_in_json(table):
        # Text, not bytes: SQLite 3.45 and later read a BLOB argument as its binary JSONB.
        document = orjson.dumps(rows).decode()
        if _NUL not in document:
            return _Statement(_json_sql(table, columns), (document,), many=False)
    return _Statement(sql, rows, many=True)


class BatchWriter:
    """Writes prepared batches into the session's transaction, one at a time, on a thread."""

    def __init__(self, session: Session) -> None:
        require_writer(session)
        raw = session.connection().connection.driver_connection
        if raw is None or not raw.in_transaction:
            raise RuntimeError("the bulk path writes only inside the caller's transaction")
        self._raw: sqlite3.Connection = raw
        self._queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=WAITING)
        self._failure: BaseException | None = None
        self._dropping = False
        self._settings = ExitStack()
        self._thread = threading.Thread(target=self._run, name="sotn-batch-writer", daemon=True)

    def __enter__(self) -> BatchWriter:
        self._settings.enter_context(quick_thread_switches())
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        with self._settings:
            if error is not None:
                self._dropping = True  # the caller rolls back: what still waits is not written
            self._queue.put(None)
            self._join()
        if error is None:
            self._raise_failure()

    def _join(self) -> None:
        """Wait for the thread to end, even through a second Ctrl-C: a rollback while it is
        still writing would leave its next statements to commit on their own."""
        interrupted = None
        while self._thread.is_alive():
            try:
                self._thread.join()
            except KeyboardInterrupt as exc:
                self._dropping, interrupted = True, exc
        if interrupted is not None:
            raise interrupted

    def write(self, prepared: PreparedInsert) -> None:
        """Queue a batch (parents before children, as `prepare_rows` orders them)."""
        self._raise_failure()
        if not prepared.batches:
            return
        if len(prepared.tables) != len(prepared.batches):
            raise ValueError("a prepared insert without its tables cannot be written here")
        statements = tuple(
            _statement(table, columns, sql, rows)
            for (table, columns), (sql, rows) in zip(prepared.tables, prepared.batches, strict=True)
        )
        self._queue.put(_Batch(statements, prepared.count))

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _run(self) -> None:
        cursor = self._raw.cursor()
        try:
            while (batch := self._queue.get()) is not None:
                if self._failure is not None or self._dropping:
                    continue  # still taken off the queue, so the caller never waits for nothing
                try:
                    with indexed_after(cursor, batch.count):
                        for statement in batch.statements:
                            if not self._raw.in_transaction:  # never a statement on its own
                                raise RuntimeError("the import's transaction ended mid-batch")
                            if statement.many:
                                cursor.executemany(statement.sql, statement.parameters)
                            else:
                                cursor.execute(statement.sql, statement.parameters)
                except BaseException as exc:  # raised again in the caller's thread
                    self._failure = exc
        finally:
            cursor.close()
