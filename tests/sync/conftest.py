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
