"""Opening the ledger database. This is the only module that connects to it, so that encryption
at rest (SQLCipher, a key wrapped per officer) can be added here alone."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from desktop.ledger.errors import LedgerError, LedgerReplaced, bug_message, busy, explain
from desktop.ledger.paths import (
    PRIVATE_FILE,
    DataFolder,
    make_private,
    private_folder,
    tighten_data_folder,
)
from desktop.ledger.storage.backup import (
    MIGRATION_PREFIX,
    BackupCancelled,
    backup_file,
    daily_backup,
)

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")

__all__ = ["Ledger", "LedgerError", "open_data_folder", "open_ledger"]


BUSY_TIMEOUT = 10.0  # seconds a writer waits for another before giving up
# Page cache per connection, in KiB. Every pooled connection keeps its own cache for as long as
# it lives, so a large one multiplies: readers get a small one (the OS caches the file anyway),
# and a bulk insert raises its own connection's cache for its transaction (`bulk_cache`): random
# UUID keys scatter index writes, and 64 MB keeps a 50,000-household import fast.
CACHE_KIB = 4_096
BULK_CACHE_KIB = 65_536
_BULK = "sotn_bulk_cache"  # marks (in the pool record's info) a connection with the bulk cache
_ATTACHED = "sotn_attached"  # in-memory databases attached to a pooled connection (their names)
# Execution option that marks a connection as a writer: its transactions start IMMEDIATE.
_WRITER = "sotn_writer"
# Execution option naming the Ledger whose restore generation a writer checks at BEGIN.
_LEDGER = "sotn_ledger"
REPLACED = (
    "Sổ dữ liệu vừa được phục hồi từ một bản sao lưu (bởi lệnh hoặc cửa sổ khác) trong lúc "
    "phần mềm đang mở. Thao tác vừa rồi chưa được thực hiện; hãy xem lại dữ liệu đã phục hồi "
    "rồi làm lại nếu cần."
)


def is_writer(session: Session) -> bool:
    """Whether `session` writes in a writer transaction of a Ledger (`Ledger.session`, or any
    session on `Ledger.writer`): begun IMMEDIATE, and checked against a restore."""
    return bool(session.connection().get_execution_options().get(_WRITER, False))


def _is_busy(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # SQLAlchemy's recipe for the sqlite3 driver: the driver must not open transactions itself
    # (it would open them late, at the first write); `_on_begin` does it instead.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    # WAL lets a backup or a reader run while the app writes; NORMAL is safe with WAL and
    # survives a power cut with at most the last transaction lost, never a corrupt file.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cur.close()


def bulk_cache(conn: Connection, kib: int = BULK_CACHE_KIB) -> None:
    """Give this connection a bulk insert's page cache until it goes back to the pool. The first
    call decides the size: an import of a whole list asks for less (memory over speed)."""
    if not conn.info.get(_BULK):
        conn.exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")
        conn.info[_BULK] = True


def attach_memory(conn: Connection, name: str) -> None:
    """An in-memory database attached to this connection as `name` until the connection goes
    back to the pool (SQLite cannot detach one inside a transaction)."""
    attached: set[str] = conn.info.setdefault(_ATTACHED, set())
    if name not in attached:
        conn.exec_driver_sql(f"ATTACH ':memory:' AS \"{name}\"")
        attached.add(name)


def _on_checkin(dbapi_connection: sqlite3.Connection, record: ConnectionPoolEntry) -> None:
    # Shrinking the cache frees its pages: a connection back from a bulk insert must not keep
    # 64 MB for the rest of the session.
    if record.info.pop(_BULK, False):
        dbapi_connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    for name in record.info.pop(_ATTACHED, ()):
        dbapi_connection.execute(f'DETACH "{name}"')


def _on_begin(conn: Connection) -> None:
    """Start every write transaction as a writer (BEGIN IMMEDIATE).

    A deferred transaction that reads, then writes, can find another writer got in between:
    two saves would hand out the same certificate number, or check a revision that is already
    stale. Taking the write lock at BEGIN makes read-then-write atomic; a second writer waits
    (busy_timeout), and if the first does not finish in time it gets `LedgerBusy`.
    Readers (`Ledger.read`, plain `engine.connect()`) start a plain BEGIN: in WAL mode they
    see one consistent snapshot and never wait for a writer.
    """
    options = conn.get_execution_options()
    writer = options.get(_WRITER, False)
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")
    except OperationalError as exc:
        if _is_busy(exc):
            raise busy() from exc
        raise
    # Every write transaction, whatever path it takes (a unit of work, the bulk path, a
    # migration), checks first that no restore replaced the ledger since it was opened: work
    # planned on what the officer saw must not land on other data. With the write lock held,
    # no restore can happen until this transaction ends.
    ledger: Ledger | None = options.get(_LEDGER)
    if writer and ledger is not None and restore_generation(conn) != ledger.generation:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("ROLLBACK")
        raise LedgerReplaced(REPLACED)


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def restore_generation(conn: Connection) -> int:
    """How many times this ledger file was restored from a backup.

    Kept in SQLite's header field `user_version` (Alembic keeps its revision in a table), so
    it is read without touching a table; a restore writes it into the restored copy before the
    copy replaces the ledger, so it changes in the same step as the data.
    """
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


@dataclass
class Ledger:
    path: Path
    engine: Engine
    generation: int = 0
    # What the officer should know after opening (a daily backup that could not be made).
    notices: list[str] = field(default_factory=list)

    @property
    def writer(self) -> Engine:
        """The engine whose transactions start as writers (BEGIN IMMEDIATE), each refused
        with LedgerReplaced if a restore replaced the ledger since it was opened."""
        return self.engine.execution_options(**{_WRITER: True, _LEDGER: self})

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work, holding the write lock (BEGIN IMMEDIATE) from its first statement
        to its end: committed if the block ends normally, rolled back otherwise.

        Refused with LedgerReplaced if another program restored a backup since this ledger
        was opened: work planned on what the officer saw must not land on other data.
        """
        with Session(self.writer, expire_on_commit=False) as session:
            try:
                self._same_ledger(session)
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                if _is_busy(exc):
                    raise busy() from exc
                raise
            except BaseException:
                session.rollback()
                raise

    def _same_ledger(self, session: Session) -> None:
        # A writer's BEGIN has checked already (`_on_begin`); a reader checks here.
        if restore_generation(session.connection()) != self.generation:
            raise LedgerReplaced(REPLACED)

    def adopt_restore(self) -> None:
        """Accept the ledger as it now is, after the officer was told of a restore."""
        with self.engine.connect() as conn:
            self.generation = restore_generation(conn)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look at one consistent snapshot; never waits for a writer.

        Refused with LedgerReplaced too after a restore by another program: the window must
        learn of it at the next thing the officer looks at, not show other data silently."""
        # Closing ends the transaction without expiring what was read: the records stay
        # usable (a form edits them, then saves them in `session()`).
        with Session(self.engine, expire_on_commit=False) as session:
            self._same_ledger(session)
            yield session

    @contextmanager
    def rollback_journal(self) -> Iterator[bool]:
        """A rollback journal instead of the WAL for one large transaction into a ledger no
        other connection has open (yields whether the switch happened); WAL again after.

        In WAL mode every page of a 500 MB demo is written twice (into the WAL, then by the
        checkpoint into the file), and a page written again within the transaction makes SQLite
        rewrite the checksum of every later frame at commit. With a rollback journal new pages
        go straight into the file, and only the pages the ledger had before are journaled.
        Atomicity is the same: a transaction killed midway leaves a hot journal, which SQLite
        rolls back at the next opening before `_on_connect` turns WAL on again. If another
        connection has the ledger open, the mode stays WAL and the block runs as usual.
        """
        self.engine.dispose()  # idle pooled connections would keep the file in WAL
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            try:
                mode = raw.execute("PRAGMA journal_mode=TRUNCATE").fetchone()[0]
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise
                mode = "wal"  # another connection has it open: it stays as it is
            switched = mode == "truncate"
        try:
            yield switched
        finally:
            if switched:
                with self.engine.connect() as conn:
                    raw = conn.connection.driver_connection
                    assert raw is not None
                    raw.execute("PRAGMA journal_mode=WAL")

    def checkpoint(self) -> None:
        """Fold the WAL into the main file. SQLite refuses it inside a transaction, and every
        statement through SQLAlchemy runs in one (see `_on_begin`): the driver runs it alone."""
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.engine.dispose()


def _create_private(path: Path) -> None:
    try:
        private_folder(path.parent)
        if not path.exists():
            # SQLite gives its -wal and -shm files the ledger's permissions.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
        make_private(path)
    except OSError as exc:
        raise (explain(exc, path.parent) or LedgerError(str(exc))) from exc


def open_ledger(
    path: Path,
    *,
    migrate: bool = True,
    copy_before_migrating: bool = True,
    busy_timeout: float = BUSY_TIMEOUT,
) -> Ledger:
    """Open (creating if needed) the ledger at `path` and bring its schema up to date.

    A read-only folder or file and a full disk are said as such, never as a damaged ledger.
    """
    _create_private(path)
    # The app reads and writes from worker threads; the pool hands each connection to one
    # thread at a time, so sqlite3's same-thread check only gets in the way.
    # `timeout` is SQLite's busy timeout: how long a writer waits for another to finish.
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": busy_timeout}
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "checkin", _on_checkin)
    ledger = Ledger(path, engine)
    try:
        ledger.adopt_restore()  # before migrating: the migration writes as a writer
        if migrate:
            _migrate(ledger, copy_first=copy_before_migrating)
    except LedgerError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        known = explain(exc, path)
        if known is None:
            raise
        raise known from exc
    return ledger


def open_data_folder(folder: DataFolder, *, backup: bool = True) -> Ledger:
    """Open a commune's ledger as the app and the CLI do: private, migrated, and (unless
    `backup` is False: the app makes it in the background once the ledger is open, see
    `make_daily_backup`) with today's backup made.

    The daily backup never stops the officer from opening and reading the ledger: whatever goes
    wrong with it becomes a notice.
    """
    try:
        tighten_data_folder(folder)
    except OSError as exc:  # a folder shared by an administrator: keep working
        log.warning("could not make %s private: %s", folder.root, exc)
    ledger = open_ledger(folder.database)
    if backup:
        notice = make_daily_backup(folder)
        if notice:
            ledger.notices.append(notice)
    return ledger


def make_daily_backup(
    folder: DataFolder, *, cancelled: Callable[[], bool] | None = None
) -> str | None:
    """Today's backup if none was made yet; what went wrong, for the officer, or None.

    Safe beside the app's own writes (a consistent snapshot, see `copy_database`); a cancelled
    backup leaves nothing and says nothing: the next opening makes it."""
    try:
        daily_backup(folder.database, folder.backups, cancelled=cancelled)
    except BackupCancelled:
        log.info("daily backup cancelled")
        return None
    except Exception as exc:
        known = explain(exc, folder.backups)
        if known is None:
            log.error("daily backup failed", exc_info=exc)
            reason = bug_message(exc)
        else:
            log.warning("daily backup failed: %s", known)
            reason = str(known)
        return f"Chưa sao lưu hằng ngày được. {reason}"
    return None


def schema_revision(ledger: Ledger) -> str | None:
    with ledger.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _migrate(ledger: Ledger, *, copy_first: bool = True) -> None:
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
        if copy_first:  # a migration that fails halfway must never cost the officer their data
            copy = backup_file(
                ledger.path, ledger.path.parent / "backups", f"{MIGRATION_PREFIX}{current}"
            )
            log.info(
                "backed up %s to %s before migrating %s -> %s", ledger.path, copy, current, head
            )
    with ledger.writer.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
