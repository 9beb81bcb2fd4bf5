"""Filling the household search index (migration 0004) set-based after a bulk insert, instead of
one trigger run per row.

The index rows are what the insert triggers write: a key row naming the record's household, and
an FTS row of the folded text (a member's with its ID number). `INDEXED` must say what the
triggers say; tests/ledger/storage/test_search_index.py compares both ways on the same records.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class _Indexed:
    table: str
    trigger: str  # its insert trigger, suspended while a batch is written
    household: str  # the column naming the household (the key row's household_id)
    body: str  # the FTS body, as the trigger computes it from NEW (here `t`)
    where: str  # which rows the trigger indexes


INDEXED = (
    _Indexed("household", "household_search_ai", "id", "t.search_text", "1"),
    _Indexed(
        "member",
        "member_search_ai",
        "household_id",
        "t.search_text || coalesce(' ' || t.citizen_id, '')",
        "t.deleted = 0",
    ),
)


@contextmanager
def search_index_deferred(cursor: sqlite3.Cursor) -> Iterator[None]:
    """Rows inserted into household or member inside the block are indexed once, at its end.

    Must run inside a transaction (DDL is transactional in SQLite): dropping the triggers, the
    inserts, the index rows and the triggers' return commit or roll back as one. Only inserts
    belong in the block; the update and delete triggers stay in place throughout.
    """
    if not cursor.connection.in_transaction:
        raise RuntimeError("search_index_deferred needs an open transaction")
    names = tuple(i.trigger for i in INDEXED)
    marks = ", ".join("?" for _ in names)
    triggers = dict(
        cursor.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
            names,
        ).fetchall()
    )
    suspended = [i for i in INDEXED if i.trigger in triggers]  # an older ledger may have none
    before = {
        i.table: cursor.execute(f'SELECT coalesce(max(rowid), 0) FROM "{i.table}"').fetchone()[0]
        for i in suspended
    }
    for indexed in suspended:
        cursor.execute(f'DROP TRIGGER "{indexed.trigger}"')
    try:
        yield
    finally:
        # Also after a failed statement: the caller may catch it and go on in this transaction,
        # which must not commit rows missing from the index nor lose the triggers. A full disk
        # or an interrupt ends the transaction instead: its rollback has already put the
        # triggers back, and recreating them would hide the real error behind a bogus one.
        if cursor.connection.in_transaction:
            for indexed in suspended:
                _index_new_rows(cursor, indexed, before[indexed.table])
                cursor.execute(triggers[indexed.trigger])  # exactly as the ledger had it


def _index_new_rows(cursor: sqlite3.Cursor, indexed: _Indexed, after_rowid: int) -> None:
    """Key and FTS rows for the table's rows added after `after_rowid` (rowids only grow within
    the writer's transaction) that have none yet."""
    first_key = cursor.execute("SELECT coalesce(max(id), 0) FROM household_search_key").fetchone()[
        0
    ]
    cursor.execute(
        "INSERT INTO household_search_key (record_id, household_id)"
        f' SELECT t.id, t."{indexed.household}" FROM "{indexed.table}" t'
        f" WHERE t.rowid > ? AND ({indexed.where})"
        " AND NOT EXISTS (SELECT 1 FROM household_search_key k WHERE k.record_id = t.id)"
        " ORDER BY t.rowid",
        (after_rowid,),
    )
    cursor.execute(
        "INSERT INTO household_fts (rowid, body)"
        f" SELECT k.id, {indexed.body} FROM household_search_key k"
        f' JOIN "{indexed.table}" t ON t.id = k.record_id WHERE k.id > ? ORDER BY k.id',
        (first_key,),
    )
