"""Consistent copies of the ledger, made with SQLite's backup API so the app may stay open.

Every copy is written to a hidden temporary file beside its target and renamed into place, so a
half-written copy never carries a backup's name; a failed copy removes its temporary file (on a
full disk it would otherwise eat the last free space). Copies are private to the account and,
when their name ends in `.gz`, compressed. The daily backups are thinned: the newest of each of
the last 7 days, 4 weeks and 6 months that have one are kept.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
import shutil
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.ledger.errors import DamagedFile, InputError, LedgerError, disk_full, explain
from desktop.ledger.paths import PRIVATE_FILE, is_ledger_file, private_folder

log = logging.getLogger(__name__)

DAILY_PREFIX = "hang-ngay-"
SAFETY_PREFIX = "truoc-phuc-hoi-"
MIGRATION_PREFIX = "truoc-nang-cap-"
GZ_MAGIC = b"\x1f\x8b"
SQLITE_MAGIC = b"SQLite format 3\x00"
# zlib level 1: a 500 MB ledger compresses about 4× in seconds; level 6 gains little more and
# takes several times as long, on the officer's time at opening.
COMPRESS_LEVEL = 1
CHUNK = 1024 * 1024
# The thinning of daily backups (days, weeks, months that have a backup), and how many of the
# newest copies of the other kinds are always kept besides.
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6
KEEP_LAST_SAFETY = 5


def _temp_beside(dest: Path, tag: str = "") -> Path:
    return dest.with_name(f".{dest.name}{tag}.tmp")


def _create_private(path: Path) -> None:
    """An empty file only this account may read, made before SQLite or gzip writes into it."""
    path.unlink(missing_ok=True)  # left by a crash
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


def _sqlite_copy(source: Path, dest: Path) -> None:
    _create_private(dest)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            out.close()
    finally:
        src.close()


class BackupCancelled(Exception):
    """The copy was given up (the window is closing); nothing was left behind."""


def compress_file(raw: Path, dest: Path, cancelled: Callable[[], bool] | None = None) -> None:
    """gzip `raw` into `dest` (both plain paths; `dest` is made private first). `cancelled`
    is asked between chunks: the compression is most of a daily backup's time."""
    _create_private(dest)
    with raw.open("rb") as source, dest.open("wb") as sink:
        with gzip.GzipFile(
            filename=dest.name.removesuffix(".gz"),
            mode="wb",
            fileobj=sink,
            compresslevel=COMPRESS_LEVEL,
            mtime=0,
        ) as packed:
            if cancelled is None:
                shutil.copyfileobj(source, packed, CHUNK)
            else:
                while chunk := source.read(CHUNK):
                    if cancelled():
                        raise BackupCancelled
                    packed.write(chunk)
        sink.flush()
        os.fsync(sink.fileno())


def copy_database(source: Path, dest: Path, *, cancelled: Callable[[], bool] | None = None) -> Path:
    """Copy the ledger at `source` to `dest`, compressed if `dest` ends in `.gz`.

    The copy is SQLite's backup API in one step: one consistent snapshot, while the app goes
    on writing (in WAL mode a reader never blocks a writer, and a one-step backup is never
    restarted by a write). Raises a LedgerError (Vietnamese) for what the officer can fix: a
    full disk, a read-only place, a path that is a folder; leaves nothing behind when it fails
    or is cancelled (`BackupCancelled`).
    """
    if is_ledger_file(dest, source):
        raise InputError(f"{dest} chính là sổ dữ liệu đang dùng; hãy sao lưu ra một tệp khác.")
    raw = _temp_beside(dest, ".sqlite" if dest.suffix == ".gz" else "")
    packed = _temp_beside(dest)
    try:
        _sqlite_copy(source, raw)
        if dest.suffix == ".gz":
            compress_file(raw, packed, cancelled)
            raw.unlink()
            os.replace(packed, dest)
        else:
            os.replace(raw, dest)
    except BaseException as exc:
        for tmp in (raw, packed):
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                log.warning("could not remove %s", tmp)
        if isinstance(exc, LedgerError | BackupCancelled):
            raise
        known = explain(exc, dest)
        if isinstance(known, DamagedFile):  # what is damaged is what was read, not the copy
            known = explain(exc, source)
        if known is not None:
            raise known from exc
        raise
    return dest


def unique_name(folder: Path, stem: str, suffix: str) -> Path:
    """Reserve `folder/stem{suffix}` (or `stem-2{suffix}`, …) by creating it empty, so two
    copies made in the same second never overwrite each other. A name is taken if either its
    plain or its compressed form exists (a plain copy is compressed later under its name)."""
    private_folder(folder)
    plain = suffix.removesuffix(".gz")
    for n in range(1, 1000):
        name = stem if n == 1 else f"{stem}-{n}"
        if any((folder / f"{name}{s}").exists() for s in (plain, plain + ".gz")):
            continue
        path = folder / f"{name}{suffix}"
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        except FileExistsError:
            continue
        return path
    raise FileExistsError(folder / f"{stem}{suffix}")


def backup_file(source: Path, folder: Path, label: str, *, compressed: bool = True) -> Path:
    """A copy of `source` in `folder` named for `label` and the time, never overwriting one."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = unique_name(folder, f"{label}-{stamp}", ".sqlite.gz" if compressed else ".sqlite")
    try:
        return copy_database(source, dest)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def free_space_for_copy(source: Path, folder: Path) -> None:
    """Refuse to start a copy that would fill the disk: the ledger still has to grow."""
    size = source.stat().st_size
    free = shutil.disk_usage(folder).free
    if free < size + 64 * 1024 * 1024:
        raise disk_full(folder, "bản sao lưu hằng ngày")


def daily_backup(
    source: Path,
    folder: Path,
    *,
    today: date | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path | None:
    """Make today's compressed backup if there is none yet, then thin the old ones.

    The app runs it in the background after the ledger is open; `cancelled` lets it stop
    within a moment when the window closes (the next opening makes it)."""
    if not source.exists():
        return None
    today = today or date.today()
    private_folder(folder)
    made = None
    if not any(folder.glob(f"{DAILY_PREFIX}{today.isoformat()}.sqlite*")):
        free_space_for_copy(source, folder)
        made = copy_database(
            source, folder / f"{DAILY_PREFIX}{today.isoformat()}.sqlite.gz", cancelled=cancelled
        )
    prune(folder)
    return made


# -- thinning -------------------------------------------------------------------------------

_STAMP = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:-(\d{2})(\d{2})(\d{2}))?(?:-(\d+))?\.sqlite")


def _when(path: Path) -> datetime | None:
    """When a backup was made, from its name; copies made in the same second (`-2`, `-3`)
    are ordered by their number."""
    match = _STAMP.search(path.name)
    if match is None or path.name.endswith(".tmp"):
        return None
    y, mo, d, h, mi, s, n = match.groups()
    try:
        return datetime(
            int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), int(n or 1)
        )
    except ValueError:
        return None


def to_keep(
    stamps: Iterable[datetime],
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
    last: int = 1,
) -> set[datetime]:
    """Which of `stamps` a thinning keeps: the `last` newest, and the newest in each of the most
    recent `daily` days, `weekly` ISO weeks and `monthly` months that have one."""
    ordered = sorted(set(stamps), reverse=True)
    keep = set(ordered[:last])
    for count, key in (
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ):
        seen: list[object] = []
        for stamp in ordered:
            k = key(stamp)
            if k not in seen:
                seen.append(k)
                if len(seen) > count:
                    break
                keep.add(stamp)
    return keep


def prune(folder: Path) -> list[Path]:
    """Thin the daily backups, the safety copies kept before restores and before upgrades."""
    removed: list[Path] = []
    for prefix, last in (
        (DAILY_PREFIX, 1),
        (SAFETY_PREFIX, KEEP_LAST_SAFETY),
        (MIGRATION_PREFIX, KEEP_LAST_SAFETY),
    ):
        made = {path: _when(path) for path in folder.glob(f"{prefix}*.sqlite*")}
        kept = to_keep([when for when in made.values() if when is not None], last=last)
        for path, when in made.items():
            if when is not None and when not in kept:
                path.unlink(missing_ok=True)
                removed.append(path)
    # A copy cut short by a crash or a power cut: a day old, nobody is still writing it.
    stale = time.time() - 86_400
    for tmp in folder.glob(".*.tmp"):
        if tmp.stat().st_mtime < stale:
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    if removed:
        log.info("thinned %d old backups in %s", len(removed), folder)
    return removed


# -- reading a backup -----------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    """A private working copy of a backup, plain SQLite, ready to check and migrate."""

    path: Path
    compressed: bool


def working_copy(backup: Path, folder: Path) -> Opened:
    """Decompress (or copy) `backup` into a hidden private file in `folder`."""
    if not backup.is_file():
        raise InputError(f"Không tìm thấy tệp sao lưu {backup}.")
    with backup.open("rb") as f:
        head = f.read(16)
    compressed = head[:2] == GZ_MAGIC
    if not compressed and head != SQLITE_MAGIC:
        raise InputError(f"Tệp {backup.name} không phải bản sao lưu Sổ Thoát Nghèo.")
    private_folder(folder)
    dest = unique_name(folder, ".dang-phuc-hoi", ".sqlite")
    try:
        need = backup.stat().st_size * (5 if compressed else 1)
        if shutil.disk_usage(folder).free < need:
            raise disk_full(folder, "bản sao tạm để kiểm tra tệp sao lưu")
        if compressed:
            _decompress(backup, dest)
        else:
            shutil.copyfile(backup, dest)
            wal = backup.with_name(backup.name + "-wal")
            if wal.exists():  # a copy taken from a live ledger: its last changes are here
                shutil.copyfile(wal, dest.with_name(dest.name + "-wal"))
    except BaseException as exc:
        discard(dest)
        known = explain(exc, folder)
        if known is not None and known is not exc:
            raise known from exc
        raise
    return Opened(dest, compressed)


def _decompress(backup: Path, dest: Path) -> None:
    try:
        with gzip.open(backup, "rb") as source, dest.open("wb") as sink:
            shutil.copyfileobj(source, sink, CHUNK)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputError(
            f"Tệp {backup.name} bị hỏng, không giải nén được ({exc}); hãy dùng một bản sao lưu "
            "khác."
        ) from exc


def discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
