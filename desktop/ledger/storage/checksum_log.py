"""Which synced records were written since their digest was computed, for the convergence
checksums a sync compares with the server's (`sync/checksums.py` keeps the digests).

Triggers on each synced table add the written record's id to `checksum_pending`, so every
write path (the ORM, the bulk path, sync, repair, a migration's UPDATE, a hand-run sqlite3)
is seen without having to remember it. Only the digest keeper creates these triggers, in the
same transaction in which it digests the whole table; a table whose triggers are missing (never
synced, or rebuilt by a migration, which drops them) is digested whole again. So a missing
trigger can cost time, never a wrong checksum.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

PENDING = "checksum_pending"
PREFIX = "checksum_"


def trigger_statements(table: str) -> dict[str, str]:
    """name → CREATE TRIGGER statement of the three triggers that log `table`'s writes."""

    def log(record: str) -> str:
        # No OR IGNORE: an outer INSERT OR ABORT would override the trigger's conflict clause.
        return (
            f"INSERT INTO {PENDING} (entity, record_id) SELECT '{table}', {record}"
            f" WHERE NOT EXISTS (SELECT 1 FROM {PENDING}"
            f" WHERE entity = '{table}' AND record_id = {record});"
        )

    names = {when: f"{PREFIX}{table}_{when}" for when in ("ai", "au", "ad")}
    return {
        names["ai"]: f'CREATE TRIGGER "{names["ai"]}" AFTER INSERT ON "{table}"'
        f" BEGIN {log('NEW.id')} END",
        names["au"]: f'CREATE TRIGGER "{names["au"]}" AFTER UPDATE ON "{table}"'
        f" BEGIN {log('OLD.id')} {log('NEW.id')} END",
        names["ad"]: f'CREATE TRIGGER "{names["ad"]}" AFTER DELETE ON "{table}"'
        f" BEGIN {log('OLD.id')} END",
    }


@contextmanager
def checksum_log_deferred(cursor: sqlite3.Cursor) -> Iterator[None]:
    """Rows inserted inside the block are logged once, at its end, set-based, instead of one
    trigger run per row (the bulk path: a 50,000-household demo is 300,000 rows).

    Like `search_index_deferred`, inside the caller's transaction: the dropped insert triggers,
    the rows and their log entries commit or roll back together. A table without its insert
    trigger is not logged (its digests are rebuilt whole at the next sync anyway)."""
    if not cursor.connection.in_transaction:
        raise RuntimeError("checksum_log_deferred needs an open transaction")
    triggers = dict(
        cursor.execute(
            "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name = ?"
            " || tbl_name || '_ai'",
            (PREFIX,),
        ).fetchall()
    )
    before = {
        table: cursor.execute(f'SELECT coalesce(max(rowid), 0) FROM "{table}"').fetchone()[0]
        for table in triggers
    }
    for table in triggers:
        cursor.execute(f'DROP TRIGGER "{PREFIX}{table}_ai"')
    try:
        yield
    finally:
        # Also after a failed statement: the caller may go on in this transaction. Not after a
        # full disk, which rolled the transaction (and the dropped triggers) back by itself.
        if cursor.connection.in_transaction:
            for table, sql in triggers.items():
                cursor.execute(
                    f'INSERT INTO {PENDING} (entity, record_id) SELECT ?, t.id FROM "{table}" t'
                    f" WHERE t.rowid > ? AND NOT EXISTS (SELECT 1 FROM {PENDING} p"
                    " WHERE p.entity = ? AND p.record_id = t.id)",
                    (table, before[table], table),
                )
                cursor.execute(sql)
