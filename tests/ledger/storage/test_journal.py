"""A large transaction into a ledger nobody else has open may go through a rollback journal
(`Ledger.rollback_journal`, used by `sotn demo`): all or nothing as in WAL mode, and the ledger
is in WAL mode again afterwards, whatever happened in the block."""

from __future__ import annotations

import sqlite3

import pytest
from sqlmodel import select

from desktop.ledger.records import ChangeEntry, Village
from desktop.ledger.storage import Ledger
from desktop.ledger.storage.bulk import insert_rows, new_row

C = 1576


def _mode(ledger: Ledger) -> str:
    with sqlite3.connect(ledger.path) as raw:
        return str(raw.execute("PRAGMA journal_mode").fetchone()[0])


def _villages(n: int) -> list[tuple[type, dict]]:
    return [(Village, new_row(Village, commune_code=C, name=f"Bản {i}")) for i in range(n)]


def test_a_ledger_alone_is_written_through_a_rollback_journal_then_is_wal_again(ledger):
    with ledger.rollback_journal() as switched:
        assert switched
        with ledger.session() as s:
            raw = s.connection().connection.driver_connection
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "truncate"
            insert_rows(s, _villages(150), officer="demo")
            assert (ledger.path.parent / "ledger.sqlite-journal").exists()
            assert not (ledger.path.parent / "ledger.sqlite-wal").exists()
    assert _mode(ledger) == "wal"
    with ledger.read() as s:
        assert len(s.exec(select(Village)).all()) == 150
        assert len(s.exec(select(ChangeEntry).where(ChangeEntry.entity == "village")).all()) == 150


def test_a_failed_block_leaves_nothing_and_the_ledger_in_wal(ledger):
    with (
        pytest.raises(RuntimeError, match="stop"),
        ledger.rollback_journal(),
        ledger.session() as s,
    ):
        insert_rows(s, _villages(150), officer="demo")
        raise RuntimeError("stop")
    assert _mode(ledger) == "wal"
    with ledger.read() as s:
        assert s.exec(select(Village)).all() == []


def test_another_connection_keeps_the_ledger_in_wal(ledger):
    other = sqlite3.connect(ledger.path)
    try:
        other.execute("SELECT count(*) FROM village").fetchone()  # open, idle, in WAL mode
        with ledger.rollback_journal() as switched:
            assert not switched
            with ledger.session() as s:
                insert_rows(s, _villages(3), officer="demo")
        assert other.execute("SELECT count(*) FROM village").fetchone()[0] == 3
    finally:
        other.close()
    assert _mode(ledger) == "wal"
