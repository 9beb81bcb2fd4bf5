"""`sotn demo --households 50000`, the whole command as an officer would run it; target 30 s.
Leaves the demo ledger in `work/demo50k` for the search benchmark."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HOUSEHOLDS = 50_000


def demo_folder(work: Path) -> Path:
    folder = work / "demo50k"
    if not (folder / "ledger.sqlite").exists():
        _make(folder)
    return folder


def _make(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.cli",
            "--data-dir",
            str(folder),
            "demo",
            "--households",
            str(HOUSEHOLDS),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def run(work: Path) -> list[dict]:
    seconds = _make(work / "demo50k")
    return [
        {
            "name": f"sotn demo --households {HOUSEHOLDS}",
            "value": seconds,
            "unit": "s",
            "target": 30,
        }
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(run(Path(tmp)))
