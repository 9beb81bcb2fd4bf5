"""A packed batch (the demo's workers send their chunks so) lands exactly as the executemany path
would write it: the same rows with the same SQLite types, the same log entries, the same search
index, in the caller's transaction and nowhere else."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.ledger.storage.bulk import write_prepared
from desktop.ledger.storage.packed import SCHEMA, pack, write_packed

from .bulk_cases import contents, fresh_ledger, sample_batches


def test_a_packed_batch_writes_what_the_executemany_path_writes(tmp_path):
    batches = sample_batches()
    plain, packed = (
        fresh_ledger(tmp_path / "a" / "ledger.sqlite"),
        fresh_ledger(tmp_path / "b" / "ledger.sqlite"),
    )
    try:
        with plain.session() as s:
            for batch in batches:
                write_prepared(s, batch)
        with packed.session() as s:
            for batch in batches:
                assert write_packed(s, pack(batch)) == batch.count
        expected, got = contents(plain), contents(packed)
    finally:
        plain.close()
        packed.close()
    assert len(expected["household"]) == 120 and len(expected["change_log"]) == 361
    assert len(expected["index"]) == 120 + 119  # the deleted member is not indexed
    assert expected["matches"] and "'date'" not in repr(expected)
    assert got == expected


def test_a_packed_batch_rolled_back_leaves_nothing_and_the_connection_as_it_was(tmp_path):
    ledger = fresh_ledger(tmp_path / "ledger.sqlite")
    before = contents(ledger)
    with sqlite3.connect(ledger.path) as raw:
        triggers = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
    used: list[int] = []
    try:
        with pytest.raises(RuntimeError, match="stop"), ledger.session() as s:
            for batch in sample_batches():
                write_packed(s, pack(batch))
            used.append(id(s.connection().connection.driver_connection))
            raise RuntimeError("stop")
        assert contents(ledger) == before
        with sqlite3.connect(ledger.path) as raw:
            assert (
                raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
                == triggers
            )
        # The image was attached to the writer's own connection only, and left with it.
        with ledger.engine.connect() as conn:
            raw_conn = conn.connection.driver_connection
            assert raw_conn is not None and id(raw_conn) in used
            names = [r[1] for r in raw_conn.execute("PRAGMA database_list")]
            assert "main" in names and SCHEMA not in names
        with ledger.session() as s:  # and the next writer attaches it afresh
            assert write_packed(s, pack(sample_batches()[0])) == 1 + 60 * 3
    finally:
        ledger.close()


def test_a_reading_session_cannot_write_a_packed_batch(tmp_path):
    ledger = fresh_ledger(tmp_path / "ledger.sqlite")
    try:
        with ledger.read() as s, pytest.raises(RuntimeError, match=r"Ledger\.session"):
            write_packed(s, pack(sample_batches()[0]))
    finally:
        ledger.close()
