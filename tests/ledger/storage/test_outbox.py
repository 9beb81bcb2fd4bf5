"""The change log as the sync outbox: device id, seq that never repeats, epochs, pages, acks."""

import sqlite3

import pytest
from alembic import command
from sqlalchemy import create_engine
from sqlmodel import select

from desktop.ledger.officers import add_officer
from desktop.ledger.records import ChangeEntry, ChangeOrigin, Household, Village
from desktop.ledger.storage import delete, open_ledger, save
from desktop.ledger.storage.backup import copy_database
from desktop.ledger.storage.database import _alembic_config
from desktop.ledger.storage.outbox import (
    acknowledge,
    acknowledged,
    current_epoch,
    device_id,
    pending,
    pending_count,
    start_epoch,
)
from desktop.ledger.storage.restore import plan_restore, restore

C = 1576


def _villages(ledger, *names, origin=ChangeOrigin.local):
    with ledger.session() as s:
        return [
            save(s, Village(commune_code=C, name=n), officer="lan", origin=origin) for n in names
        ]


def test_the_device_id_is_made_once_and_kept(ledger, folder):
    with ledger.read() as s:
        first = device_id(s)
    ledger.close()
    again = open_ledger(folder.database)
    with again.read() as s:
        assert device_id(s) == first and len(first) == 32
    other = open_ledger(folder.root.parent / "khac" / "ledger.sqlite")
    with other.read() as s:
        assert device_id(s) != first
    other.close()


def test_pending_pages_hold_local_synced_changes_only_in_order(ledger):
    a, b, c = _villages(ledger, "Bản A", "Bản B", "Bản C")
    _villages(ledger, "Bản từ tỉnh", origin=ChangeOrigin.server)
    with ledger.session() as s:
        add_officer(s, "lan", "Hoàng Thị Lan", "mat-khau-dai")  # accounts never travel
        delete(s, s.get(Village, b.id), officer="minh")
    with ledger.read() as s:
        first = pending(s, limit=2)
        rest = pending(s, after=first[-1].seq)
        assert pending_count(s) == 4
        epoch = current_epoch(s).id
    assert [(e.record_id, e.action) for e in first + rest] == [
        (a.id, "create"),
        (b.id, "create"),
        (c.id, "create"),
        (b.id, "delete"),
    ]
    assert [e.seq for e in first + rest] == sorted(e.seq for e in first + rest)
    assert {e.epoch for e in first + rest} == {epoch}
    assert first[0].after["name"] == "Bản A" and first[0].before is None


def test_acknowledged_entries_leave_the_outbox_and_the_ack_never_goes_back(ledger):
    _villages(ledger, "Bản A", "Bản B", "Bản C")
    with ledger.session() as s:
        page = pending(s)
        acknowledge(s, page[1].seq)
        acknowledge(s, page[0].seq)  # a late answer for an older batch
        with pytest.raises(ValueError):
            acknowledge(s, page[-1].seq + 100)
    with ledger.read() as s:
        assert acknowledged(s) == page[1].seq
        assert [e.seq for e in pending(s)] == [page[2].seq]


def test_seq_is_never_reused_even_after_the_newest_entries_are_deleted(ledger, folder):
    _villages(ledger, "Bản A", "Bản B")
    with sqlite3.connect(folder.database) as raw:
        last = raw.execute("SELECT max(seq) FROM change_log").fetchone()[0]
        raw.execute("DELETE FROM change_log WHERE seq = ?", (last,))
    (c,) = _villages(ledger, "Bản C")
    with ledger.read() as s:
        entry = s.exec(select(ChangeEntry).where(ChangeEntry.record_id == c.id)).one()
    assert entry.seq == last + 1


def test_a_restore_starts_a_new_epoch_so_device_epoch_seq_never_repeats(ledger, folder, tmp_path):
    _villages(ledger, "Bản A")
    backup = copy_database(folder.database, tmp_path / "sao-luu.sqlite")
    (later,) = _villages(ledger, "Bản B")  # sent to the server, then lost by the restore
    with ledger.read() as s:
        (lost,) = [e for e in pending(s) if e.record_id == later.id]
        device = device_id(s)
    ledger.close()
    with plan_restore(backup, folder) as plan:
        restore(plan, officer="lan")
    restored = open_ledger(folder.database)
    (after,) = _villages(restored, "Bản C")
    with restored.read() as s:
        (new,) = [e for e in pending(s) if e.record_id == after.id]
        epoch = current_epoch(s)
        assert device_id(s) == device  # still the same laptop
    restored.close()
    assert epoch.reason == "Phục hồi từ sao-luu.sqlite"
    assert new.epoch == epoch.id != lost.epoch
    assert (new.epoch, new.seq) != (lost.epoch, lost.seq)  # never the same entry name


def test_two_restores_in_a_row_leave_no_empty_epoch_behind(ledger):
    _villages(ledger, "Bản A")
    with ledger.session() as s:
        start_epoch(s, "Phục hồi lần 1")
        second = start_epoch(s, "Phục hồi lần 2")
    (village,) = _villages(ledger, "Bản B")
    with ledger.read() as s:
        (entry,) = [e for e in pending(s) if e.record_id == village.id]
        assert entry.epoch == second.id == current_epoch(s).id


def test_a_ledger_from_before_the_outbox_is_migrated_keeping_its_log(tmp_path):
    path = tmp_path / "cu.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    with sqlite3.connect(path) as raw:  # two editors both wrote revision 2, as they could
        raw.executemany(
            "INSERT INTO change_log (entity, record_id, revision, action, officer, at)"
            " VALUES ('household', 'h1', ?, ?, 'lan', '2026-01-01 00:00:00.000000')",
            [(1, "create"), (2, "update"), (2, "update")],
        )
    ledger = open_ledger(path)
    with ledger.read() as s:
        log = s.exec(select(ChangeEntry).order_by(ChangeEntry.seq)).all()
        assert [(e.seq, e.revision, e.origin) for e in log] == [
            (1, 1, "local"),
            (2, 2, "local"),
            (3, -3, "local"),
        ]
        assert len(device_id(s)) == 32 and current_epoch(s).first_seq == 1
    ledger.close()


def test_records_saved_with_the_server_origin_are_logged_as_received(ledger):
    hh_village = _villages(ledger, "Bản A")[0]
    with ledger.session() as s:
        save(
            s,
            Household(commune_code=C, code="T-1", village_id=hh_village.id, head_name="Lò Văn Pó"),
            officer="tinh",
            origin=ChangeOrigin.server,
        )
    with ledger.read() as s:
        log = s.exec(select(ChangeEntry).order_by(ChangeEntry.seq)).all()
    assert [(e.entity, e.origin) for e in log] == [
        ("commune", "local"),
        ("village", "local"),
        ("household", "server"),
    ]


def test_a_create_is_logged_compactly_and_sent_whole(ledger):
    """The record is in its table: its create entry keeps only what is not a default, and the
    outbox gives the sync every non-empty field again, on both write paths."""
    from datetime import date

    from desktop.ledger.records import Household, Member
    from desktop.ledger.storage.bulk import insert_records
    from desktop.ledger.storage.writes import jsonable

    [village] = _villages(ledger, "Bản Khuổi")
    hh = Household(commune_code=1576, code="QU-1", village_id=village.id, head_name="Lò Văn Pó")
    bulk_hh = Household(
        commune_code=1576,
        code="QU-2",
        village_id=village.id,
        head_name="Lò Thị Mai",
        merit_family=True,
    )
    member = Member(
        commune_code=1576,
        household_id=bulk_hh.id,
        full_name="Lò Thị Mai",
        birth_date=date(1990, 1, 2),
    )
    with ledger.session() as s:
        save(s, hh, officer="lan")
        insert_records(s, [bulk_hh, member], officer="lan")
    with ledger.read() as s:
        stored = {e.record_id: e.after for e in s.exec(select(ChangeEntry)).all()}
        sent = {e.record_id: e.after for e in pending(s, limit=100)}
    assert stored[hh.id] == {
        "commune_code": 1576,
        "code": "QU-1",
        "village_id": village.id,
        "head_name": "Lò Văn Pó",
    }
    assert stored[bulk_hh.id]["merit_family"] is True and "deleted" not in stored[bulk_hh.id]
    for record in (hh, bulk_hh, member):
        whole = {
            k: jsonable(v)
            for k, v in record.model_dump().items()
            if v is not None and k not in {"revision", "modified_at", "search_text"}
        }
        assert sent[record.id] == whole
