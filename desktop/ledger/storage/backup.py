"""Consistent copies of the ledger, made with SQLite's backup API so the app may stay open."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

DAILY_PREFIX = "hang-ngay-"


def copy_database(source: Path, dest: Path) -> Path:
    """Copy `source` to `dest` through a temporary file, so `dest` is never half-written."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(tmp)
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            out.close()
    finally:
        src.close()
    os.replace(tmp, dest)
    return dest


def backup_file(source: Path, folder: Path, label: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return copy_database(source, folder / f"{label}-{stamp}.sqlite")


def daily_backup(
    source: Path, folder: Path, *, keep: int = 14, today: date | None = None
) -> Path | None:
    """Make today's backup if there is none yet, and keep only the newest `keep` daily ones."""
    if not source.exists():
        return None
    today = today or date.today()
    target = folder / f"{DAILY_PREFIX}{today.isoformat()}.sqlite"
    made = None
    if not target.exists():
        made = copy_database(source, target)
    dailies = sorted(folder.glob(f"{DAILY_PREFIX}*.sqlite"))
    for old in dailies[:-keep]:
        old.unlink()
    return made


def check_backup(path: Path) -> str | None:
    """A Vietnamese reason why `path` is not a usable ledger backup, or None if it is."""
    if not path.is_file():
        return f"Không tìm thấy tệp {path}."
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"Tệp {path.name} không phải bản sao lưu Sổ Thoát Nghèo ({exc})."
    if ok != "ok":
        return f"Tệp {path.name} bị hỏng: {ok}."
    if not {"change_log", "household", "alembic_version"} <= tables:
        return f"Tệp {path.name} không phải bản sao lưu Sổ Thoát Nghèo."
    return None


def restore_database(backup: Path, target: Path) -> None:
    """Replace the ledger's content with `backup` in one step; readers never see a mix."""
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(target)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
