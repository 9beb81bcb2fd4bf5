"""The server's migrations make exactly the schema its tables declare, on SQLite and
PostgreSQL; and the server never loads the desktop's UI or Qt."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sync.server.database import open_database
from sync.server.tables import RECORD_TABLES, metadata


def test_migrations_match_the_tables(database_url: str) -> None:
    engine = open_database(database_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_server_holds_every_synced_record_type() -> None:
    from desktop.ledger.records import SYNCED_RECORDS

    assert list(RECORD_TABLES) == [m.__tablename__ for m in SYNCED_RECORDS]


def test_server_never_imports_qt() -> None:
    code = (
        "import sys, sync.server.app, sync.server.main\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'desktop.ui'))]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
