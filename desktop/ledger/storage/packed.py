"""A bulk insert packed as the image of a small SQLite database, to move it between processes.

The demo makes its households in worker processes and writes them in one. Sent as Python rows,
a chunk of 5,000 households (61,000 records and as many log entries) costs more to pickle and
unpickle than to write: the writer, the one process that cannot be parallel, spent a third of
its time rebuilding rows. Packed, a chunk travels as one bytes object: an in-memory database
holding its rows in tables shaped like the ledger's. The writer attaches the image and copies
each table with one `INSERT … SELECT`, inside the caller's transaction, so SQLite moves the
values without a Python object per value.

The rows are what `prepare_rows` makes for `write_prepared`, log entries included, and the
scratch tables declare no column types: SQLite keeps each value as bound, and the ledger's
columns receive exactly what the executemany path would have given them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cache

from sqlmodel import Session

from desktop.ledger.storage.bulk import PreparedInsert, indexed_after
from desktop.ledger.storage.database import attach_memory, bulk_cache
from desktop.ledger.storage.writes import require_writer

SCHEMA = "sotn_packed"  # the image's name while it is attached to the writer's connection


@dataclass(frozen=True)
class PackedInsert:
    """A batch as one database image; plain bytes, so it pickles at the speed of a copy."""

    image: bytes
    tables: tuple[tuple[str, tuple[str, ...]], ...]  # in insert order: parents first, log last
    count: int  # records (each with its log entry)


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def pack(prepared: PreparedInsert) -> PackedInsert:
    """The prepared batches as an image (made in the worker; nothing touches the ledger)."""
    if len(prepared.tables) != len(prepared.batches):
        raise ValueError("a prepared insert without its tables cannot be packed")
    scratch = sqlite3.connect(":memory:", isolation_level=None)
    try:
        scratch.execute("PRAGMA journal_mode=OFF")  # a scratch image needs no rollback
        scratch.execute("BEGIN")
        for (table, columns), (_sql, values) in zip(prepared.tables, prepared.batches, strict=True):
            scratch.execute(f'CREATE TABLE "{table}" ({_names(columns)})')
            marks = ", ".join("?" for _ in columns)
            scratch.executemany(f'INSERT INTO "{table}" VALUES ({marks})', values)
        scratch.execute("COMMIT")
        return PackedInsert(scratch.serialize(), prepared.tables, prepared.count)
    finally:
        scratch.close()


@cache
def _empty_image() -> bytes:
    scratch = sqlite3.connect(":memory:")
    try:
        scratch.execute("CREATE TABLE empty (x)")
        return scratch.serialize()
    finally:
        scratch.close()


def write_packed(session: Session, packed: PackedInsert) -> int:
    """Copy a packed batch into the ledger in the session's transaction; returns the number of
    records. The household search index is filled as `write_prepared` fills it."""
    require_writer(session)
    connection = session.connection()
    bulk_cache(connection)
    raw = connection.connection.driver_connection
    if raw is None or not raw.in_transaction:
        raise RuntimeError("the bulk path writes only inside the caller's transaction")
    attach_memory(connection, SCHEMA)
    raw.deserialize(packed.image, name=SCHEMA)
    cursor = raw.cursor()
    try:
        statements = [
            f'INSERT INTO main."{table}" ({_names(columns)})'
            f' SELECT {_names(columns)} FROM {SCHEMA}."{table}" ORDER BY rowid'
            for table, columns in packed.tables
        ]
        with indexed_after(cursor, packed.count):
            for statement in statements:
                cursor.execute(statement)
    finally:
        cursor.close()
        raw.deserialize(_empty_image(), name=SCHEMA)  # its memory back now, not at check-in
    return packed.count
