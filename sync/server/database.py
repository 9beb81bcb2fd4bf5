"""Opening the server's database: PostgreSQL in production, SQLite in the server's own data
folder when no URL is given, so `sotn-server serve` runs with no set-up. Schema changes are
Alembic migrations under `sync/server/migrations` (apart from the desktop's)."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, text

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
DATABASE_URL_ENV = "SOTN_DATABASE_URL"
DATA_DIR_ENV = "SOTN_SERVER_DATA_DIR"


class ServerDatabaseError(Exception):
    """A problem with the server's database an admin can act on (Vietnamese message)."""


def server_data_dir(override: str | Path | None = None) -> Path:
    chosen = override or os.environ.get(DATA_DIR_ENV) or user_data_dir("SoThoatNgheoServer", False)
    return Path(chosen).expanduser().resolve()


def database_url(url: str | None, data_dir: str | Path | None) -> str:
    """The URL given, else $SOTN_DATABASE_URL, else SQLite in the server's data folder."""
    chosen = url or os.environ.get(DATABASE_URL_ENV)
    if chosen:
        # "postgresql://" means psycopg 3 here, the driver the project installs.
        if chosen.startswith("postgresql://") or chosen.startswith("postgres://"):
            chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
        return chosen
    folder = server_data_dir(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'server.sqlite'}"


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # A few connections per process: several server processes can share one PostgreSQL.
    return create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def schema_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# Any fixed number: the lock PostgreSQL gives to one migrating process at a time.
_MIGRATION_LOCK = 0x50_7E_11


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; a database from a newer server is refused.
    Several server processes may start at once on one PostgreSQL: one migrates, under a lock,
    and the others wait for it, then find the schema already there."""
    cfg = _config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    current = schema_revision(engine)
    if current == head:
        return
    if current is not None and current not in {r.revision for r in script.walk_revisions()}:
        raise ServerDatabaseError(
            f"Cơ sở dữ liệu do phiên bản máy chủ mới hơn tạo ra (lược đồ {current}); "
            "hãy cập nhật phần mềm máy chủ."
        )
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            if MigrationContext.configure(conn).get_current_revision() == head:
                return  # another process did it while this one waited
        log.info("migrating server database %s -> head", current)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(url: str | None = None, data_dir: str | Path | None = None) -> Engine:
    engine = make_engine(database_url(url, data_dir))
    migrate(engine)
    return engine
