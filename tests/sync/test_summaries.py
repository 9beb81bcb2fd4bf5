"""The convergence summaries the server gives are sums of digests it keeps beside each record
(written with the record), not a pass over the commune: after every kind of write they must
equal a computation from scratch over the records themselves, on SQLite and PostgreSQL. A
wrong "converged" would hide a lost record, so every write path is exercised here; the sync
tests also compare the two figures wherever they read the server's summary (`server_summary`).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select, update

from desktop.ledger.storage import outbox
from sync import local
from sync.packing import unpack
from sync.protocol import batch_id, decompress
from sync.server import reference
from sync.server.accounts import Principal, ServerRole, ensure_commune
from sync.server.apply import apply_batch_safely, server_write
from sync.server.database import open_database
from sync.server.feed import recomputed_summaries, summaries
from sync.server.tables import RECORD_TABLES, record_seq
from tests.sync.conftest import CAO_BANG, QUANG_UYEN, Desktop

if TYPE_CHECKING:
    from tests.sync.conftest import DesktopFactory

DEVICE = "a" * 32
WHO = Principal(
    device_id=DEVICE,
    user_id=1,
    username="xa-quang-uyen",
    role=ServerRole.commune,
    province_code=CAO_BANG,
    commune_code=QUANG_UYEN,
)
STANDARD = "extends: nd07-2021\nprovince_code: 4\nsource: ví dụ trong kiểm thử\n"


def _first_sync(desktop: Desktop) -> list[dict[str, Any]]:
    """The laptop's whole outbox as the batches `sotn sync` sends, unpacked as the server does."""
    out = []
    with desktop.ledger.session() as session:
        while (built := local.build_batch(session, DEVICE, 0)) is not None:
            batch = decompress(built[1])
            batch["changes"] = unpack(batch.pop("packed"))
            out.append(batch)
            outbox.acknowledge(session, built[0]["last_seq"])
    return out


def _push(engine: Engine, batch: dict[str, Any]) -> Any:
    return apply_batch_safely(engine.begin, WHO, QUANG_UYEN, batch, batch["batch_id"])


def _later(template: dict[str, Any], seq: int, changes: list[dict[str, Any]]) -> dict[str, Any]:
    """A batch of hand-made changes from the same laptop, numbered from `seq`."""
    for i, change in enumerate(changes):
        change["seq"] = seq + i
        change.setdefault("at", datetime.now(UTC).isoformat())
    first, last = seq, seq + len(changes) - 1
    name = batch_id(DEVICE, template["epoch"], first, last)
    return dict(template, batch_id=name, first_seq=first, last_seq=last, changes=changes)


def _assert_kept_equals_recomputed(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        kept = summaries(conn, QUANG_UYEN)
        assert kept == recomputed_summaries(conn, QUANG_UYEN)
        return kept


def _of(batches: list[dict[str, Any]], entity: str) -> list[dict[str, Any]]:
    return [c for b in batches for c in b["changes"] if c["entity"] == entity]


def test_kept_summaries_equal_a_recomputation_after_every_kind_of_write(
    database_url: str,
    desktops: DesktopFactory,
) -> None:
    engine = open_database(database_url)
    try:
        with engine.begin() as conn:
            ensure_commune(conn, CAO_BANG, QUANG_UYEN)
        batches = _first_sync(desktops("a", households=6))
        # Forms a field check accepts but a column gives back otherwise: stored as the column
        # type, and digested as stored.
        household = _of(batches, "household")[0]
        household["after"]["declared_members"] = "4"
        member = _of(batches, "member")[0]
        member["after"]["health_insured"] = 1
        classification = _of(batches, "classification")[0]
        classification["after"]["year"] = float(classification["after"]["year"])
        for target in _of(batches, "poverty_target"):
            target["after"]["min_pct_per_year"] = int(target["after"]["min_pct_per_year"])
        for batch in batches:
            result = _push(engine, batch)
            assert not result.rejected and not result.conflicts
            _assert_kept_equals_recomputed(engine)
        assert _push(engine, batches[0]).accepted  # a replay: the stored answer, no write
        _assert_kept_equals_recomputed(engine)

        seq = batches[-1]["last_seq"] + 1
        name = household["after"]["head_name"]
        lost_parent = "f" * 32
        edits = [
            # merged edits, an edit whose "before" is stale (a conflict), a deletion
            {
                "entity": "household",
                "id": household["id"],
                "action": "update",
                "after": {"head_name": name + " Mới", "phone": "0912345678"},
                "before": {"head_name": name, "phone": household["after"].get("phone")},
            },
            {
                "entity": "household",
                "id": household["id"],
                "action": "update",
                "after": {"note": "ghi chú"},
                "before": {"note": "không khớp"},
            },
            {
                "entity": "member",
                "id": member["id"],
                "action": "update",
                "after": {"health_insured": "false"},
                "before": {"health_insured": True},
            },
            {"entity": "classification", "id": classification["id"], "action": "delete"},
        ]
        result = _push(engine, _later(batches[-1], seq, edits))
        assert result.accepted == 3 and len(result.conflicts) == 1
        _assert_kept_equals_recomputed(engine)

        # A member whose household the server lacks: PostgreSQL refuses the batch as a whole,
        # and it is applied change by change (the other path that writes records).
        orphan = dict(member, id="e" * 32, action="create")
        orphan["after"] = dict(member["after"], household_id=lost_parent, id="e" * 32)
        village = {
            "entity": "village",
            "id": "d" * 32,
            "action": "create",
            "after": {"name": "Bản Mới", "commune_code": QUANG_UYEN},
        }
        _push(engine, _later(batches[-1], seq + len(edits), [orphan, village]))
        _assert_kept_equals_recomputed(engine)

        # The province's own writes: a correction, a new record, a reference document
        # published then withdrawn.
        with engine.begin() as conn:
            server_write(conn, QUANG_UYEN, "household", household["id"], {"note": "tỉnh sửa"})
            server_write(conn, QUANG_UYEN, "village", "c" * 32, {"name": "Bản Tỉnh"}, create=True)
            reference.publish(
                conn, CAO_BANG, "poverty_standard", "cao-bang-2026", STANDARD, by="so-ld"
            )
        _assert_kept_equals_recomputed(engine)
        with engine.begin() as conn:
            reference.withdraw(conn, CAO_BANG, "poverty_standard", "cao-bang-2026")
        kept = _assert_kept_equals_recomputed(engine)
        assert kept["household"]["count"] == 6 and kept["reference_document"]["count"] == 1
    finally:
        engine.dispose()


def test_digests_not_known_yet_are_computed_at_the_next_summary(
    database_url: str,
    desktops: DesktopFactory,
) -> None:
    """A database from before the digests were kept (or whose digests a repair cleared): the
    next summary computes them from the records, stores them, and is right."""
    engine = open_database(database_url)
    try:
        with engine.begin() as conn:
            ensure_commune(conn, CAO_BANG, QUANG_UYEN)
        for batch in _first_sync(desktops("a", households=3)):
            _push(engine, batch)
        with engine.connect() as conn:
            right = recomputed_summaries(conn, QUANG_UYEN)
        with engine.begin() as conn:
            conn.execute(update(record_seq).values(digest_hi=None, digest_lo=None))
            # and one record changed behind the kept digests' back, as a data migration would
            table = RECORD_TABLES["village"]
            conn.execute(update(table).values(note="đổi khi nâng cấp"))
            conn.execute(
                update(record_seq)
                .where(record_seq.c.entity == "village")
                .values(digest_hi=None, digest_lo=None)
            )
            right_after = recomputed_summaries(conn, QUANG_UYEN)
        assert right_after["village"] != right["village"]
        assert _assert_kept_equals_recomputed(engine) == right_after
        with engine.connect() as conn:
            unknown = conn.execute(
                select(record_seq.c.record_id).where(record_seq.c.digest_hi.is_(None))
            ).all()
        assert unknown == []
    finally:
        engine.dispose()


def test_check_summaries_finds_a_record_changed_behind_the_servers_back(
    tmp_path: Path, desktops: DesktopFactory
) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite'}"

    def check(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "sync.server.main",
                "--data-dir",
                str(tmp_path),
                "--database-url",
                url,
                "check-summaries",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )

    engine = open_database(url)
    try:
        with engine.begin() as conn:
            ensure_commune(conn, CAO_BANG, QUANG_UYEN)
        for batch in _first_sync(desktops("a", households=2)):
            _push(engine, batch)
        assert check().returncode == 0
        with engine.begin() as conn:  # an admin's hand edit in the database
            table = RECORD_TABLES["household"]
            conn.execute(update(table).values(head_name="Sửa Tay"))
        found = check("--commune", str(QUANG_UYEN))
        assert found.returncode == 1, found.stderr
        assert "1 tính lại" in found.stdout
        _assert_kept_equals_recomputed(engine)
        assert check().returncode == 0
    finally:
        engine.dispose()
