"""The convergence check's repair pull never drops what only the laptop holds.

The realistic cause: the provincial server is restored from its last night's backup and loses
what communes sent since. Their laptops hold those changes as sent (acknowledged); the next
sync finds the checksums differ, repairs, and must send the lost records again, while an edit
the server lost becomes a visible conflict rather than being quietly replaced by the older copy.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlmodel import select

from desktop.ledger.records import Household, Member, SyncConflict, Village
from desktop.ledger.storage import outbox, save
from sync import local
from tests.sync.conftest import Desktop, ServerProcess, server_summary


def _backup(server: ServerProcess, to: Path) -> None:
    source = sqlite3.connect(server.database_url.removeprefix("sqlite:///"))
    target = sqlite3.connect(to)
    with target:
        source.backup(target)
    source.close()
    target.close()


def _restore(server: ServerProcess, backup: Path) -> None:
    server.stop()
    path = Path(server.database_url.removeprefix("sqlite:///"))
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    path.write_bytes(backup.read_bytes())
    server.start()


def _add_household(desktop: Desktop, code: str, name: str) -> str:
    with desktop.ledger.session() as session:
        village = session.exec(select(Village)).first()
        assert village is not None
        household = save(
            session,
            Household(
                commune_code=village.commune_code, code=code, village_id=village.id, head_name=name
            ),
            officer="can-bo",
        )
        save(
            session,
            Member(commune_code=village.commune_code, household_id=household.id, full_name=name),
            officer="can-bo",
        )
        return household.id


def _rename(desktop: Desktop, household_id: str, name: str) -> None:
    with desktop.ledger.session() as session:
        household = session.get(Household, household_id)
        assert household is not None
        household.head_name = name
        save(session, household, officer="can-bo")


def _server_has(server: ServerProcess, household_id: str) -> bool:
    from sqlalchemy import select as core_select

    from sync.server.database import open_database
    from sync.server.tables import RECORD_TABLES

    table = RECORD_TABLES["household"]
    engine = open_database(server.database_url)
    try:
        with engine.connect() as conn:
            return (
                conn.execute(core_select(table.c.id).where(table.c.id == household_id)).first()
                is not None
            )
    finally:
        engine.dispose()


def test_records_the_server_lost_are_sent_again(
    sqlite_server: ServerProcess,
    desktops,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    a = desktops("a", sqlite_server, households=10)
    assert a.sync().converged
    kept = _add_household(a, "HO-KEPT", "Lò Văn Giữ")
    assert a.sync().converged
    backup = tmp_path / "server-backup.sqlite"
    _backup(sqlite_server, backup)  # last night's backup

    lost = [_add_household(a, f"HO-MAT-{i}", f"Hà Thị Mất {i}") for i in range(3)]
    _rename(a, kept, "Lò Văn Giữ Lại")
    assert a.sync().converged
    with a.ledger.read() as session:
        assert outbox.pending_count(session) == 0  # acknowledged: the server had them

    _restore(sqlite_server, backup)  # the server lost today's work
    assert not any(_server_has(sqlite_server, h) for h in lost)

    report = a.sync()
    assert "household" in report.repaired
    assert report.resent >= 6  # three households and their members
    assert report.converged
    assert all(_server_has(sqlite_server, h) for h in lost)
    assert a.summary() == server_summary(sqlite_server)
    with a.ledger.read() as session:
        for h in lost:
            assert session.get(Household, h) is not None  # never dropped
        # The rename the server lost: the older name stands on both sides for now, and the
        # officer sees both names to choose from.
        conflicts = local.open_conflicts(session)
        renamed = [c for c in conflicts if c.record_id == kept and c.field == "head_name"]
        assert [(c.local_value, c.server_value) for c in renamed] == [
            ("Lò Văn Giữ Lại", "Lò Văn Giữ")
        ]
    with a.ledger.session() as session:
        local.resolve_conflict(session, renamed[0].id, "local", officer="can-bo")  # type: ignore[arg-type]
    assert a.sync().converged
    b = desktops("b", sqlite_server)  # a second laptop gets everything, the rename included
    assert b.summary() == a.summary()
    with b.ledger.read() as session:
        household = session.get(Household, kept)
        assert household is not None and household.head_name == "Lò Văn Giữ Lại"
        assert session.exec(select(SyncConflict)).all() == []


def test_after_a_server_restore_the_pull_cursor_follows_the_server_again(
    sqlite_server: ServerProcess,
    desktops,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """The restored server numbers its changes again from its backup's last one, below the
    cursor of a laptop that pulled more before: that laptop notices and takes the server's
    number as its cursor, so other laptops' changes come by the ordinary pull again, not by a
    repair of every record at every sync."""
    a = desktops("a", sqlite_server, households=10)
    assert a.sync().converged
    b = desktops("b", sqlite_server)
    assert b.sync().converged
    backup = tmp_path / "server-backup.sqlite"
    _backup(sqlite_server, backup)

    with a.ledger.read() as session:
        ids = [h.id for h in session.exec(select(Household).order_by(Household.code)).all()]
    for i, household_id in enumerate(ids):  # edits the server will lose: nothing to send again
        _rename(a, household_id, f"Tên mới {i}")
    assert a.sync().converged
    _restore(sqlite_server, backup)

    _rename(b, ids[0], "Đổi ở máy B")
    assert b.sync().converged
    first = a.sync()  # finds the difference: the repair brings it, and the lost edits conflict
    assert first.converged and "household" in first.repaired

    _rename(b, ids[1], "Lại đổi ở máy B")
    assert b.sync().converged
    report = a.sync()
    assert report.converged
    assert report.repaired == []  # the ordinary pull brought it
    assert report.pulled == 1
    with a.ledger.read() as session:
        household = session.get(Household, ids[1])
        assert household is not None and household.head_name == "Lại đổi ở máy B"
    assert a.summary() == server_summary(sqlite_server)
