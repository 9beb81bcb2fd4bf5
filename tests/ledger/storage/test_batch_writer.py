"""The import's writer thread writes exactly what the executemany path writes, in the caller's
transaction only; a failure on the thread reaches the caller, and leaving early writes nothing."""

from __future__ import annotations

import sqlite3
import sys
import threading
import time

import pytest

from desktop.ledger.records import Household, PovertyTarget, Village
from desktop.ledger.storage import batch_writer
from desktop.ledger.storage.batch_writer import BatchWriter
from desktop.ledger.storage.bulk import PreparedInsert, new_row, prepare_rows, write_prepared

from .bulk_cases import TRIGGERS, C, contents, fresh_ledger, sample_batches


def _odd_batch() -> PreparedInsert:
    """What JSON would not carry exactly: a NUL inside a note, and a table with REAL columns."""
    village = new_row(Village, commune_code=C, name="Bản Nà Mò")
    household = new_row(
        Household,
        commune_code=C,
        code="NM-001",
        village_id=village["id"],
        head_name="Nông Văn Tám",
        search_text=Household.search_key("Nông Văn Tám", "NM-001"),
        note="ghi chú\x00có ký tự NUL",
    )
    target = new_row(
        PovertyTarget,
        commune_code=C,
        level="commune",
        year_from=2026,
        year_to=2030,
        min_pct_per_year=0.1 + 0.2,  # 0.30000000000000004: only binding keeps every bit
        max_pct_per_year=1e-300,
    )
    return prepare_rows(
        [(Village, village), (Household, household), (PovertyTarget, target)], officer="lan"
    )


def test_the_writer_thread_writes_what_the_executemany_path_writes(tmp_path, monkeypatch):
    batches = [*sample_batches(), _odd_batch()]
    bound: set[str] = set()
    real = batch_writer._statement

    def watched(table, columns, sql, rows):  # type: ignore[no-untyped-def]
        statement = real(table, columns, sql, rows)
        if statement.many:
            bound.add(table)
        else:  # text: SQLite 3.45 and later would read a BLOB as binary JSONB and refuse it
            assert isinstance(statement.parameters[0], str)
        return statement

    monkeypatch.setattr(batch_writer, "_statement", watched)
    plain = fresh_ledger(tmp_path / "a" / "ledger.sqlite")
    threaded = fresh_ledger(tmp_path / "b" / "ledger.sqlite")
    try:
        with plain.session() as s:
            for batch in batches:
                write_prepared(s, batch)
        with threaded.session() as s, BatchWriter(s) as writer:
            for batch in batches:
                writer.write(batch)
        expected, got = contents(plain), contents(threaded)
        with sqlite3.connect(plain.path) as a, sqlite3.connect(threaded.path) as b:
            assert a.execute(TRIGGERS).fetchall() == b.execute(TRIGGERS).fetchall()
            targets = "SELECT typeof(min_pct_per_year), min_pct_per_year, max_pct_per_year,"
            targets += " hex(min_pct_per_year) FROM poverty_target"
            assert a.execute(targets).fetchall() == b.execute(targets).fetchall()
            note = "SELECT length(CAST(note AS BLOB)) FROM household WHERE code = 'NM-001'"
            assert b.execute(note).fetchone() == (len("ghi chú\x00có ký tự NUL".encode()),)
    finally:
        plain.close()
        threaded.close()
    assert len(expected["household"]) == 121 and "NM-001" in repr(expected["household"])
    assert got == expected
    # Bound value by value: only the odd batch's household (its NUL), the targets (REAL), and
    # that batch's log, whose JSON text spells the NUL out (the search is cautious).
    assert bound == {"household", "poverty_target", "change_log"}


def test_a_failure_on_the_thread_reaches_the_caller_and_nothing_is_kept(tmp_path, monkeypatch):
    ledger = fresh_ledger(tmp_path / "ledger.sqlite")
    before = contents(ledger)
    first, second = sample_batches()
    broken = PreparedInsert(
        ((second.batches[0][0], second.batches[0][1] + second.batches[0][1][:1]),),  # twice
        second.count,
        second.tables[:1],
    )
    try:
        with pytest.raises(sqlite3.IntegrityError), ledger.session() as s, BatchWriter(s) as w:
            w.write(first)
            w.write(broken)  # a household twice: refused on the thread
        assert contents(ledger) == before
        with sqlite3.connect(ledger.path) as raw:
            assert {n for n, _ in raw.execute(TRIGGERS)} >= {
                "household_search_ai",
                "member_search_ai",
            }
    finally:
        ledger.close()


def test_leaving_early_drops_what_waits_and_frees_the_connection(tmp_path, monkeypatch):
    ledger = fresh_ledger(tmp_path / "ledger.sqlite")
    before = contents(ledger)
    started = threading.Event()
    real = batch_writer.indexed_after
    written: list[int] = []
    writers: list[BatchWriter] = []

    def slow(cursor, count):  # type: ignore[no-untyped-def]
        written.append(count)
        started.set()
        deadline = time.monotonic() + 10
        while not writers[0]._dropping and time.monotonic() < deadline:
            time.sleep(0.001)  # the first batch is still being written when the officer cancels
        return real(cursor, count)

    monkeypatch.setattr(batch_writer, "indexed_after", slow)
    try:
        with pytest.raises(KeyboardInterrupt), ledger.session() as s, BatchWriter(s) as writer:
            writers.append(writer)
            for batch in sample_batches():
                writer.write(batch)
            started.wait(10)
            raise KeyboardInterrupt
        assert written == [sample_batches()[0].count]  # the second was never begun
        assert contents(ledger) == before
        with ledger.session() as s:  # the connection went back to the pool in order
            assert s.connection().exec_driver_sql("SELECT count(*) FROM village").scalar() == 0
    finally:
        ledger.close()


@pytest.fixture
def ledger(tmp_path):  # type: ignore[no-untyped-def]
    made = fresh_ledger(tmp_path / "ledger.sqlite")
    yield made
    made.close()


def test_the_thread_switch_interval_is_put_back(ledger):
    usual = sys.getswitchinterval()
    with ledger.session() as s, BatchWriter(s) as writer:
        assert sys.getswitchinterval() < usual
        writer.write(sample_batches()[0])
    assert sys.getswitchinterval() == usual


def test_a_reading_session_cannot_have_a_writer_thread(ledger):
    with ledger.read() as s, pytest.raises(RuntimeError, match=r"Ledger\.session"):
        BatchWriter(s)
