"""Shared fixtures: a real ledger file in a temporary data folder, set up for one commune."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.ledger.commune import set_up_commune
from desktop.ledger.paths import DataFolder
from desktop.ledger.storage import Ledger, open_ledger

CAO_BANG, QUANG_UYEN = 4, 1576


@pytest.fixture(autouse=True)
def _bundled_rules_only() -> Iterator[None]:
    """A `sotn` run names its data folder for the province's rule files: not past its test."""
    yield
    from desktop.ledger.rules import province_files

    province_files.use_data_folder(None)


@pytest.fixture
def folder(tmp_path: Path) -> DataFolder:
    return DataFolder(tmp_path / "data")


@pytest.fixture
def ledger(folder: DataFolder) -> Iterator[Ledger]:
    ledger = open_ledger(folder.database)
    with ledger.session() as session:
        set_up_commune(session, CAO_BANG, QUANG_UYEN)
    yield ledger
    ledger.close()


class Mounts:
    """Real full disks and read-only places, made with tmpfs and read-only bind mounts.

    Root ignores file permissions, so chmod cannot make a read-only folder for the tests; a
    mount can. Tests that need one are skipped where mounting is not allowed.
    """

    def __init__(self) -> None:
        self.mounted: list[Path] = []

    def _mount(self, *args: str) -> None:
        import subprocess

        target = Path(args[-1])
        done = subprocess.run(["mount", *args], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount here ({done.stderr.strip()}): needs root")
        self.mounted.append(target)

    def small_disk(self, path: Path, size: str) -> Path:
        """A tmpfs of `size` (e.g. "1m") at `path`, so writing more fails with ENOSPC."""
        path.mkdir(parents=True, exist_ok=True)
        self._mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path))
        return path

    def read_only(self, path: Path) -> Path:
        """`path` (a folder or a file) made read-only in place, as a locked USB stick is."""
        self._mount("--bind", str(path), str(path))
        self._mount("-o", "remount,ro,bind", str(path))
        self.mounted.pop()  # one mount point, unmounted once
        return path

    def fill(self, path: Path, leave: int = 0) -> None:
        """Fill the disk holding `path` until `leave` bytes are free."""
        import shutil

        free = shutil.disk_usage(path).free - leave
        with (path / "lap-day.bin").open("wb") as f:
            block = b"\0" * 65536
            while free > 0:
                try:
                    f.write(block[: min(free, len(block))])
                    f.flush()
                except OSError:
                    break
                free -= len(block)

    def release(self) -> None:
        import subprocess

        for target in reversed(self.mounted):
            subprocess.run(["umount", "-l", str(target)], check=False)
        self.mounted.clear()


@pytest.fixture
def mounts() -> Iterator[Mounts]:
    made = Mounts()
    yield made
    made.release()
