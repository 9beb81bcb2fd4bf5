"""Fixtures for sync tests: a real `sotn-server` process on 127.0.0.1, on SQLite and on a
throw-away PostgreSQL cluster, and accounts made through the server's own code."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import requests

from tests.sync.postgres import PostgresCluster, free_port

CAO_BANG, QUANG_UYEN, THUC_PHAN = 4, 1576, 1273
HA_NOI = 1


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite'}"
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database()


@dataclass
class ServerProcess:
    """`sotn-server serve` in its own process; `restart()` stops and starts it on the same port."""

    database_url: str
    data_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    serve_options: list[str] = field(default_factory=list)  # e.g. a short upload limit

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.data_dir / "logs" / "server.log"

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "sync.server.main",
            "--data-dir",
            str(self.data_dir),
            "--database-url",
            self.database_url,
            "serve",
            "--port",
            str(self.port),
            *self.serve_options,
        ]
        with (self.data_dir / "stderr.txt").open("ab") as err:
            self.process = subprocess.Popen(command, stdout=err, stderr=err, env=os.environ.copy())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.data_dir / "stderr.txt").read_text())
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def create_user(
        self,
        username: str,
        role: str,
        province: int | None = None,
        commune: int | None = None,
        password: str = "mat-khau-123",
    ) -> None:
        from sync.server.accounts import create_user
        from sync.server.database import open_database

        engine = open_database(self.database_url)
        try:
            with engine.begin() as conn:
                create_user(conn, username, password, role, province, commune)
        finally:
            engine.dispose()

    def enrol(self, username: str, password: str = "mat-khau-123") -> dict[str, object]:
        response = requests.post(
            self.url + "/enrol",
            json={"username": username, "password": password, "device_name": "test"},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    data_dir = tmp_path / "server-data"
    data_dir.mkdir()
    proc = ServerProcess(database_url, data_dir)
    proc.start()
    yield proc
    proc.stop()


@dataclass
class Desktop:
    """A commune laptop: its own data folder and ledger file."""

    folder: DataFolder
    ledger: Ledger

    def sync(self, **kwargs: object) -> SyncReport:
        from sync.client import SyncClient

        kwargs.setdefault("backoff", 0.05)
        return SyncClient(self.ledger, self.folder, **kwargs).sync()  # type: ignore[arg-type]

    def summary(self) -> dict[str, dict[str, object]]:
        """Computed from scratch, not from the digests the sync keeps: a kept checksum gone
        stale would show here as a difference from the server's."""
        with self.ledger.read() as session:
            return summaries_from_scratch(session, QUANG_UYEN)

    def close(self) -> None:
        self.ledger.close()


@pytest.fixture
def desktops(tmp_path: Path) -> Iterator[DesktopFactory]:
    made: list[Desktop] = []

    def make(
        name: str,
        server: ServerProcess | None = None,
        username: str = "xa-quang-uyen",
        households: int = 0,
    ) -> Desktop:
        desktop = _make_desktop(tmp_path, name, server, username, households, len(made) + 7)
        made.append(desktop)
        return desktop

    yield make
    for d in made:
        d.close()


def _make_desktop(
    root: Path,
    name: str,
    server: ServerProcess | None = None,
    username: str = "xa-quang-uyen",
    households: int = 0,
    seed: int = 7,
) -> Desktop:
    """A laptop with its own data folder: `households` demo households, enrolled if a server
    is given (an empty folder then pulls the commune)."""
    from desktop.cli import main as sotn
    from desktop.ledger.commune import set_up_commune
    from desktop.ledger.demo import make_demo
    from desktop.ledger.paths import DataFolder
    from desktop.ledger.storage import open_ledger

    folder = DataFolder(root / name)
    if households:
        ledger = open_ledger(folder.database)
        with ledger.session() as session:
            set_up_commune(session, CAO_BANG, QUANG_UYEN)
        make_demo(ledger, households=households, seed=seed, officer="demo")
        ledger.close()
    if server is not None:
        code = sotn(
            [
                "--data-dir",
                str(folder.root),
                "enrol",
                "--server",
                server.url,
                "--username",
                username,
                "--password",
                "mat-khau-123",
            ]
        )
        assert code == 0
    return Desktop(folder, open_ledger(folder.database))


if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlmodel import Session

    from desktop.ledger.paths import DataFolder
    from desktop.ledger.storage import Ledger
    from sync.client import SyncReport

    DesktopFactory = Callable[..., Desktop]


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """One server on SQLite, for the fault tests that run many syncs."""
    data_dir = tmp_path / "server-data"
    data_dir.mkdir()
    proc = ServerProcess(f"sqlite:///{tmp_path / 'server.sqlite'}", data_dir)
    proc.start()
    proc.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    yield proc
    proc.stop()


def point_at(desktop: Desktop, url: str) -> None:
    """Send this laptop's syncs through `url` (a proxy) from now on."""
    from desktop.ledger.records import SyncState

    with desktop.ledger.session() as session:
        state = session.get(SyncState, 1)
        assert state is not None
        state.server_url = url
        session.add(state)


def first_batch_middle(desktop: Desktop) -> int:
    """A byte count inside the laptop's first upload: where a test stalls or cuts the link.

    Measured, not guessed: how many bytes a batch takes changes with its packing."""
    from sync import local

    with desktop.ledger.read() as session:
        state = local.sync_state(session)
        assert state is not None
        built = local.build_batch(session, state.device_id, state.cursor)
        assert built is not None
        return len(built[1]) // 2


def server_summary(server: ServerProcess) -> dict[str, dict[str, object]]:
    """The server's summary of the commune; the kept digests' sums must equal a computation
    from scratch over its records (a wrong "converged" would hide a lost record)."""
    from sync.server.database import open_database
    from sync.server.feed import recomputed_summaries, summaries

    engine = open_database(server.database_url)
    try:
        with engine.connect() as conn:
            kept = summaries(conn, QUANG_UYEN)
            assert kept == recomputed_summaries(conn, QUANG_UYEN)
            return kept
    finally:
        engine.dispose()


def summaries_from_scratch(session: Session, commune_code: int) -> dict[str, dict[str, object]]:
    """Count and checksum per record type, every record digested now (the first algorithm)."""
    from sync.protocol import record_digest, summarize
    from sync.wire import MODELS

    out: dict[str, dict[str, object]] = {}
    for entity, model in MODELS.items():
        table = model.__table__  # type: ignore[attr-defined]
        rows = session.execute(table.select().where(table.c.commune_code == commune_code))
        count, checksum = summarize(record_digest(r._asdict()) for r in rows)
        out[entity] = {"count": count, "checksum": checksum}
    return out
