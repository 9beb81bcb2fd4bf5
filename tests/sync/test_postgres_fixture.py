"""The test PostgreSQL cluster never outlives the run that made it: a run killed before its
teardown has its cluster stopped by the watchdog, and stale folders are cleaned on start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.sync.postgres import OWNER, PostgresCluster, clean_stale, postmaster_pid

ROOT = Path(__file__).resolve().parents[2]
_RUN = """
import sys
from tests.sync.postgres import PostgresCluster
c = PostgresCluster()
c.start()
print(c.root, flush=True)
sys.stdin.read()  # until killed
"""


def _gone(root: Path, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if postmaster_pid(root) is None and not root.exists():
            return True
        time.sleep(0.1)  # waiting on another process's exit: no signal to wait on
    return False


def _postgres_processes(root: Path) -> list[str]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if str(root) in line and "postgres" in line]


def test_a_killed_run_leaves_no_postgres_behind() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", _RUN],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as run:
        assert run.stdout is not None
        root = Path(run.stdout.readline().strip())
        assert postmaster_pid(root) is not None  # it runs
        run.send_signal(signal.SIGKILL)  # no teardown
        run.wait()
    assert _gone(root), _postgres_processes(root)
    assert _postgres_processes(root) == []


def test_stale_clusters_are_cleaned_and_live_ones_kept(tmp_path: Path) -> None:
    live = PostgresCluster()
    live.start()
    stale = PostgresCluster()
    stale.start()
    try:
        # The stale one's owner is a process that has ended (its watchdog is stopped first,
        # as when the whole machine was rebooted mid-run... or the watchdog was killed too).
        assert stale.watchdog is not None
        stale.watchdog.kill()
        stale.watchdog.wait()
        ended = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpid())"],
            capture_output=True,
            text=True,
            check=True,
        )
        (stale.root / OWNER).write_text(ended.stdout)
        assert postmaster_pid(stale.root) is not None
        removed = clean_stale(stale.root.parent)
        assert stale.root in removed
        assert live.root not in removed
        assert postmaster_pid(stale.root) is None and not stale.root.exists()
        assert postmaster_pid(live.root) is not None
    finally:
        live.stop()
        stale.stop()
    assert postmaster_pid(live.root) is None and not live.root.exists()


def test_a_stale_folder_without_owner_or_server_is_removed(tmp_path: Path) -> None:
    folder = tmp_path / "sotn-pg-old"
    (folder / "data").mkdir(parents=True)
    old = time.time() - 3600
    os.utime(folder, (old, old))
    assert clean_stale(tmp_path) == [folder]
    assert not folder.exists()
