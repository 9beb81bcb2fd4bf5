"""Opening the ledger database. This is the only module that connects to it, so that encryption
at rest (SQLCipher, a key wrapped per officer) can be added here alone."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

from desktop.ledger.paths import DataFolder
from desktop.ledger.storage.backup import backup_file, daily_backup

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


class LedgerError(Exception):
    """An environment problem an officer can act on; the message is Vietnamese."""


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_connection.cursor()
    # WAL lets a backup or a reader run while the app writes; NORMAL is safe with WAL and
    # survives a power cut with at most the last transaction lost, never a corrupt file.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    # Random UUID keys scatter index writes; a 64 MB page cache keeps bulk imports fast.
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@dataclass
class Ledger:
    path: Path
    engine: Engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed if the block ends normally, rolled back otherwise."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def open_ledger(path: Path, *, migrate: bool = True) -> Ledger:
    """Open (creating if needed) the ledger at `path` and bring its schema up to date."""
    try:
        # Citizen IDs, ethnicity and incomes: the folder is the officer's account's alone.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise LedgerError(f"Không tạo được thư mục dữ liệu {path.parent}: {exc}") from exc
    # The app reads and writes from worker threads; the pool hands each connection to one
    # thread at a time, so sqlite3's same-thread check only gets in the way.
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    ledger = Ledger(path, engine)
    if migrate:
        try:
            _migrate(ledger)
        except (sqlite3.DatabaseError, DatabaseError) as exc:
            engine.dispose()
            raise LedgerError(
                f"Tệp dữ liệu {path} bị hỏng hoặc không phải sổ dữ liệu: {exc}"
            ) from exc
        except Exception:
            engine.dispose()
            raise
    return ledger


def open_data_folder(folder: DataFolder) -> Ledger:
    """Open a commune's ledger as the app and the CLI do: migrated, with today's backup made."""
    ledger = open_ledger(folder.database)
    try:
        daily_backup(folder.database, folder.backups)
    except OSError as exc:  # a full disk must not stop the officer from working
        log.warning("daily backup failed: %s", exc)
    return ledger


def schema_revision(ledger: Ledger) -> str | None:
    with ledger.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _migrate(ledger: Ledger) -> None:
    cfg = _alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    current = schema_revision(ledger)
    if current == head:
        return
    if current is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise LedgerError(
                "Dữ liệu này do một phiên bản mới hơn của Sổ Thoát Nghèo tạo ra "
                f"(lược đồ {current}). Hãy cập nhật phần mềm trước khi mở."
            )
        # A migration that fails halfway must never cost the officer their data.
        copy = backup_file(ledger.path, ledger.path.parent / "backups", f"truoc-nang-cap-{current}")
        log.info("backed up %s to %s before migrating %s -> %s", ledger.path, copy, current, head)
    with ledger.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
