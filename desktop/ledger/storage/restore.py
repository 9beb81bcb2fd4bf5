"""Restoring the ledger from a backup, so that a restore can never cost the officer work.

Before anything is replaced, a private working copy of the backup is checked: that it is a
ledger, intact (`PRAGMA integrity_check`), made by this version or an older one, and of this
commune. What the live ledger holds that the backup lacks (records changed since) is counted
from the change log, for the officer to confirm.

The replacement holds SQLite's writer lock from the safety copy to the end: the backup API
takes the ledger's write lock at its first page, and only then, with no other writer able to
commit, is the safety copy taken and the ledger checked unchanged since the plan. A writer that
comes meanwhile waits and then lands on the restored data, so committed work is always either
in the safety copy or in the ledger, never lost between them. (Refusing while another program
has the ledger open was the alternative; SQLite cannot tell an idle open window from none, and
a waiting writer is harmless once the swap is atomic.) Other programs notice the restore through
the restore generation (`database.restore_generation`) and refuse to continue on stale views.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlmodel import Session

from desktop.ledger.errors import (
    DamagedFile,
    InputError,
    LedgerBusy,
    LedgerError,
    busy,
    explain,
)
from desktop.ledger.paths import DataFolder, is_ledger_file, make_private
from desktop.ledger.records import Commune
from desktop.ledger.records.base import ChangeAction, ChangeEntry, new_id, utcnow
from desktop.ledger.storage import backup as backups
from desktop.ledger.storage.database import MIGRATIONS, open_ledger
from desktop.ledger.storage.outbox import device_id_of, start_epoch

log = logging.getLogger(__name__)
WAIT_FOR_WRITER_S = 30.0  # an import of 10,000 rows holds the writer lock for a few seconds
ENTITY_LABELS = {
    "household": "hộ",
    "member": "nhân khẩu",
    "classification": "kết quả phân loại",
    "registration": "đăng ký thoát nghèo",
    "registrationreview": "lần rà soát đăng ký",
    "support_given": "khoản hỗ trợ",
    "model_case": "mô hình, điển hình",
    "model_case_household": "hộ tham gia mô hình",
    "attachment": "tệp đính kèm",
    "commendation_proposal": "đề nghị khen thưởng",
    "certificate": "giấy khen trong sổ",
    "village": "thôn/xóm",
    "poverty_target": "chỉ tiêu giảm nghèo",
}


@dataclass(frozen=True)
class Loss:
    """What the live ledger holds that the backup does not: records changed since."""

    records: dict[str, int] = field(default_factory=dict)  # entity → records
    newest: str | None = None  # when the newest of those changes was made (ISO text)

    @property
    def total(self) -> int:
        return sum(self.records.values())

    def describe(self) -> str:
        if not self.total:
            return "Không mất thay đổi nào: bản sao lưu có đủ mọi thay đổi của sổ hiện tại."
        parts = ", ".join(
            f"{n} {ENTITY_LABELS.get(entity, entity)}" for entity, n in sorted(self.records.items())
        )
        when = f" (thay đổi mới nhất lúc {_local(self.newest)})" if self.newest else ""
        return (
            f"Sổ hiện tại có {self.total} bản ghi được thêm hoặc sửa sau bản sao lưu này, sẽ mất "
            f"khi phục hồi: {parts}{when}. Chúng vẫn được giữ trong bản lưu giữ trước phục hồi."
        )


@dataclass
class RestorePlan:
    backup: Path
    folder: DataFolder
    prepared: Path  # private working copy, checked and migrated to this version's schema
    commune: str | None
    backup_newest: str | None  # the newest change the backup holds (ISO text)
    loss: Loss
    live_mark: tuple[int, int] | None  # (newest change-log seq, restore generation) at planning
    live_damaged: bool = False

    def discard(self) -> None:
        backups.discard(self.prepared)

    def summary(self) -> str:
        newest = (
            f", thay đổi mới nhất lúc {_local(self.backup_newest)}" if self.backup_newest else ""
        )
        return f"Bản sao lưu {self.backup.name} ({self.commune or 'chưa thiết lập xã'}{newest})."


@dataclass(frozen=True)
class Restored:
    safety_copy: Path | None
    generation: int


def _local(iso: str | None) -> str:
    if not iso:
        return "?"
    try:
        at = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if at.tzinfo is not None:
        at = at.astimezone()
    return at.strftime("%H:%M %d/%m/%Y")


def _known_revisions() -> set[str]:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}


def _check(path: Path, name: str) -> None:
    """Refuse, in one line, a working copy that is not an intact ledger this version can use."""
    try:
        conn = sqlite3.connect(path)
        try:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"Tệp {name} không phải bản sao lưu Sổ Thoát Nghèo ({exc}).") from exc
    if verdict != "ok":
        raise InputError(
            f"Bản sao lưu {name} bị hỏng ({verdict}); chưa thay đổi gì. Hãy dùng một bản khác."
        )
    if not {"change_log", "household", "commune"} <= tables or revision is None:
        raise InputError(f"Tệp {name} không phải bản sao lưu Sổ Thoát Nghèo.")
    if revision not in _known_revisions():
        raise InputError(
            f"Bản sao lưu {name} do một phiên bản mới hơn của Sổ Thoát Nghèo tạo ra (lược đồ "
            f"{revision}); chưa thay đổi gì. Hãy cập nhật phần mềm trước khi phục hồi."
        )


def _commune(path: Path) -> Commune | None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT code, name, province_code, province_name FROM commune"
        ).fetchone()
    finally:
        conn.close()
    if row is None:
        return None
    return Commune(code=row[0], name=row[1], province_code=row[2], province_name=row[3])


def _newest_change(conn: sqlite3.Connection, schema: str = "main") -> str | None:
    row = conn.execute(f'SELECT max("at") FROM {schema}.change_log').fetchone()
    return row[0] if row else None


def _mark(conn: sqlite3.Connection) -> tuple[int, int]:
    seq = conn.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0]
    return int(seq), int(conn.execute("PRAGMA user_version").fetchone()[0])


def _loss(live: Path, prepared: Path) -> tuple[Loss, tuple[int, int]]:
    """Records whose live change-log entries the backup lacks (matched on entity, record and
    revision: a record edited after the backup has a revision the backup never saw)."""
    conn = sqlite3.connect(f"file:{live}?mode=ro", uri=True)
    try:
        conn.execute("ATTACH DATABASE ? AS bk", (f"file:{prepared}?mode=ro",))
        missing = (
            "FROM change_log l WHERE NOT EXISTS (SELECT 1 FROM bk.change_log b WHERE "
            "b.record_id = l.record_id AND b.entity = l.entity AND b.revision = l.revision)"
        )
        rows = conn.execute(
            f"SELECT entity, count(DISTINCT record_id) {missing} GROUP BY entity"
        ).fetchall()
        newest = conn.execute(f'SELECT max(l."at") {missing}').fetchone()[0]
        mark = _mark(conn)
    finally:
        conn.close()
    return Loss({entity: n for entity, n in rows}, newest), mark


def _live_state(live: Path, prepared: Path) -> tuple[Commune | None, Loss, tuple[int, int]]:
    try:
        return _commune(live), *_loss(live, prepared)
    except sqlite3.DatabaseError as exc:
        known = explain(exc, live)
        if isinstance(known, DamagedFile):
            raise DamagedFile(
                f"Sổ dữ liệu hiện tại ({live}) bị hỏng, không đọc được để so sánh ({exc}). Hãy "
                "dùng `sotn restore --ledger-damaged TỆP` để phục hồi đè lên (tệp hỏng được "
                "giữ lại trong thư mục backups)."
            ) from exc
        raise


def prepare_restore(backup: Path, folder: DataFolder, *, live_damaged: bool = False) -> RestorePlan:
    """Check `backup` against the ledger in `folder` and say what a restore would lose.

    Nothing in the data folder changes but a private working copy in `backups/`, which
    `RestorePlan.discard()` removes (`plan_restore` does it for a `with` block).
    `live_damaged`: the ledger itself cannot be read, so it is not compared, only kept aside.
    """
    live = folder.database
    if is_ledger_file(backup, live):
        raise InputError(
            f"{backup} chính là sổ dữ liệu đang dùng, không phải bản sao lưu; hãy chọn một tệp "
            f"trong {folder.backups} hoặc trên USB."
        )
    opened = backups.working_copy(backup, folder.backups)
    try:
        _check(opened.path, backup.name)
        theirs = _commune(opened.path)
        # Bring an older backup to this version's schema now, on the copy, so the ledger is
        # replaced by something that opens.
        open_ledger(opened.path, copy_before_migrating=False).close()
        conn = sqlite3.connect(opened.path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            backup_newest = _newest_change(conn)
        finally:
            conn.close()
        ours, loss, mark = None, Loss(), None
        if live.exists() and live.stat().st_size and not live_damaged:
            ours, loss, mark = _live_state(live, opened.path)
        if ours is not None and (theirs is None or theirs.code != ours.code):
            whose = f"{theirs.name}, {theirs.province_name}" if theirs else "chưa thiết lập xã"
            raise InputError(
                f"Bản sao lưu {backup.name} là của {whose}, không phải của {ours.name}, "
                f"{ours.province_name}; chưa thay đổi gì. Mỗi thư mục dữ liệu giữ sổ của một xã."
            )
    except BaseException as exc:
        backups.discard(opened.path)
        if isinstance(exc, LedgerError):
            raise
        known = explain(exc, folder.backups)
        if known is None:
            raise
        raise known from exc
    commune = f"{theirs.name}, {theirs.province_name}" if theirs else None
    return RestorePlan(
        backup, folder, opened.path, commune, backup_newest, loss, mark, live_damaged
    )


@contextmanager
def plan_restore(
    backup: Path, folder: DataFolder, *, live_damaged: bool = False
) -> Iterator[RestorePlan]:
    plan = prepare_restore(backup, folder, live_damaged=live_damaged)
    try:
        yield plan
    finally:
        plan.discard()


def _stamp(plan: RestorePlan, generation: int, safety: Path | None, officer: str) -> None:
    """Write into the working copy what must arrive with the data in one step: the new restore
    generation and the change-log entry that records the restore."""
    device = None if plan.live_damaged else device_id_of(plan.folder.database)
    ledger = open_ledger(plan.prepared, migrate=False)
    try:
        with Session(ledger.engine) as session:
            # The entries written from now on (this one first) belong to a new epoch.
            start_epoch(session, f"Phục hồi từ {plan.backup.name}", device=device)
            session.add(
                ChangeEntry(
                    entity="ledger_restore",
                    record_id=new_id(),
                    revision=1,
                    action=ChangeAction.create,
                    officer=officer,
                    at=utcnow(),
                    before=None,
                    after={
                        "backup": plan.backup.name,
                        "backup_newest_change": plan.backup_newest,
                        "safety_copy": safety.name if safety else None,
                        "records_lost": plan.loss.records,
                    },
                )
            )
            session.commit()
        with ledger.engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA user_version = {int(generation)}")
        ledger.checkpoint()
    finally:
        ledger.close()


class _Changed(Exception):
    pass


class _Waited(Exception):
    pass


def restore(plan: RestorePlan, *, officer: str) -> Restored:
    """Replace the ledger with the planned backup, keeping a safety copy of the ledger first."""
    live = plan.folder.database
    generation = (plan.live_mark[1] if plan.live_mark else 0) + 1
    safety = None
    if live.exists() and live.stat().st_size:
        safety = backups.unique_name(
            plan.folder.backups,
            f"{backups.SAFETY_PREFIX}{datetime.now():%Y%m%d-%H%M%S}",
            ".sqlite",
        )
    try:
        _stamp(plan, generation, safety, officer)
        if plan.live_damaged:
            _replace_damaged(plan, live, safety)
        else:
            _replace(plan, live, safety)
    except BaseException:
        if safety is not None:
            safety.unlink(missing_ok=True)
        raise
    if safety is not None and not plan.live_damaged:
        safety = _compress_safety_copy(safety)
    backups.prune(plan.folder.backups)
    log.info("restored %s from %s; safety copy %s", live, plan.backup, safety)
    return Restored(safety, generation)


def _replace_damaged(plan: RestorePlan, live: Path, safety: Path | None) -> None:
    """A ledger SQLite cannot read cannot take the backup API's pages: its bytes are kept as
    they are (with its last changes, if any, in the -wal beside it), and a new file is made."""
    if safety is not None:
        shutil.copyfile(live, safety)
        wal = live.with_name(live.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, safety.with_name(safety.name + "-wal"))
    backups.discard(live)
    _replace(plan, live, None)


def _replace(plan: RestorePlan, live: Path, safety: Path | None) -> None:
    if not live.exists() or not live.stat().st_size:
        open_ledger(live, migrate=False).close()  # a private, empty file for the copy
    src = sqlite3.connect(plan.prepared)
    dest = sqlite3.connect(live, timeout=5)
    started = time.monotonic()
    first = True

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal first
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            if time.monotonic() - started > WAIT_FOR_WRITER_S:
                raise _Waited
            return
        if not first:
            return
        first = False
        # The first page is written but not committed: this connection now holds the writer
        # lock, and readers (the safety copy among them) still see the ledger as it was.
        if remaining == 0:
            raise AssertionError("a ledger is never one page")
        if plan.live_mark is not None:  # what the officer was shown is still all that is lost
            reader = sqlite3.connect(f"file:{live}?mode=ro", uri=True)
            try:
                now = _mark(reader)
            finally:
                reader.close()
            if now != plan.live_mark:
                raise _Changed
        if safety is not None:
            backups.copy_database(live, safety)

    try:
        src.backup(dest, pages=1, progress=progress)
    except _Changed:
        raise LedgerError(
            "Trong lúc chuẩn bị phục hồi, sổ dữ liệu vừa có thay đổi mới; chưa phục hồi gì. "
            "Hãy chạy lại lệnh phục hồi để xem lại những gì sẽ mất."
        ) from None
    except _Waited:
        raise LedgerBusy(f"{busy()} Chưa phục hồi gì.") from None
    finally:
        dest.close()
        src.close()
    make_private(live)


def _compress_safety_copy(raw: Path) -> Path:
    """Compress the safety copy once the ledger is free again (made plain, inside the lock,
    because that is fastest)."""
    packed = raw.with_name(raw.name + ".gz")
    try:
        backups.compress_file(raw, packed)
    except Exception as exc:  # keep the plain copy: it is complete
        packed.unlink(missing_ok=True)
        log.warning("could not compress %s: %s", raw, exc)
        return raw
    raw.unlink()
    return packed
