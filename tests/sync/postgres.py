"""A throw-away PostgreSQL cluster for the tests: initdb and pg_ctl under a temporary folder, on
a free loopback port. PostgreSQL refuses to run as root, so as root it runs as `postgres`.

A test run can be killed (a timeout, a CI job cancelled, SIGKILL) before its teardown runs; its
cluster must not outlive it. So every cluster folder names the process that made it
(`owner.pid`), a watchdog in its own session stops the cluster when that process is gone, and
each new cluster first removes the stale ones left by runs that died (`clean_stale`).
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PREFIX = "sotn-pg-"
OWNER = "owner.pid"
# A folder without an owner file comes from an older fixture, or is being made right now:
# removed only once no postmaster runs in it and it is this old, or when it is very old.
_UNOWNED_IDLE_AGE = 10 * 60
_UNOWNED_AGE = 3 * 3600

# Run by the watchdog process: wait for the owner to end, then stop the cluster and remove it.
_WATCHDOG = """
import os, select, shutil, subprocess, sys, time
owner, pg_ctl, data, root = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
as_owner = sys.argv[5:]
try:
    fd = os.pidfd_open(owner)
    select.select([fd], [], [])
except (AttributeError, OSError):
    while True:
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            break
        time.sleep(1)
if os.path.exists(os.path.join(data, "postmaster.pid")):
    subprocess.run([*as_owner, pg_ctl, "-D", data, "-m", "immediate", "stop"],
                   capture_output=True, cwd=root)
shutil.rmtree(root, ignore_errors=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _owner_prefix() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _as_cluster_owner(args: list[str]) -> list[str]:
    return [*_owner_prefix(), *args]


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (ended, not yet reaped by its parent) is gone for our purpose.
    with suppress(OSError):
        status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return status != "Z"
    return True


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def postmaster_pid(root: Path) -> int | None:
    """The pid of the postmaster running in a cluster folder, None when none runs."""
    pid = _read_pid(root / "data" / "postmaster.pid")
    return pid if pid is not None and _alive(pid) else None


def _is_stale(root: Path) -> bool:
    owner = _read_pid(root / OWNER)
    if owner is not None:
        return not _alive(owner)
    try:
        age = time.time() - root.stat().st_mtime
    except OSError:
        return False
    if postmaster_pid(root) is None:
        return age > _UNOWNED_IDLE_AGE
    return age > _UNOWNED_AGE


def clean_stale(tmp: Path | None = None) -> list[Path]:
    """Stop and remove the clusters left by test runs that died; returns the folders removed."""
    bin_dir = _bin_dir()
    removed = []
    for root in sorted(Path(tmp or tempfile.gettempdir()).glob(PREFIX + "*")):
        if not root.is_dir() or not _is_stale(root):
            continue
        if bin_dir is not None and postmaster_pid(root) is not None:
            subprocess.run(
                _as_cluster_owner(
                    [str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "stop"]
                ),
                capture_output=True,
                cwd=root,
            )
        pid = postmaster_pid(root)
        if pid is not None:  # pg_ctl could not stop it (a broken data folder)
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGQUIT)
        shutil.rmtree(root, ignore_errors=True)
        removed.append(root)
    return removed


class PostgresCluster:
    """A cluster of its own under a temporary folder; `new_database()` gives each test a fresh
    database so tests do not see each other's rows."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is missing: run installer/system-deps.sh")
        clean_stale()
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.root / OWNER).write_text(f"{os.getpid()}\n")
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.data = self.root / "data"
        self.port = free_port()
        self.count = 0
        self.watchdog: subprocess.Popen[bytes] | None = None

    def _run(self, *args: str) -> None:
        subprocess.run(
            _as_cluster_owner([str(self.bin / args[0]), *args[1:]]),
            check=True,
            capture_output=True,
            text=True,
            cwd=self.root,
        )

    def start(self) -> None:
        # Watch first: a run killed during initdb or start leaves nothing either.
        self.watchdog = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WATCHDOG,
                str(os.getpid()),
                str(self.bin / "pg_ctl"),
                str(self.data),
                str(self.root),
                *_owner_prefix(),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a kill of the test run's process group spares it
        )
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        # A test cluster: durability off (fsync) for speed; loopback only.
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c fsync=off -c full_page_writes=off "
            "-c synchronous_commit=off -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.root / "log"),
            "start",
        )

    def new_database(self) -> str:
        self.count += 1
        name = f"sotn{self.count}"
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            if self.watchdog is not None:
                self.watchdog.kill()
                self.watchdog.wait()
                self.watchdog = None


@contextmanager
def postgres_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
