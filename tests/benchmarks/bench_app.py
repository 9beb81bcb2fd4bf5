"""The desktop app on 50,000 households: launch to a usable window, a keystroke in search to
updated results, opening a household, memory. Offscreen Qt, each run in a child process of its
own so the figures are the app's alone; several runs (SOTN_BENCH_RUNS, default 3) so the p95 of
the keystrokes rests on some hundred samples, not ten.

By hand, against an existing ledger: `python -m benchmarks.bench_app DATA_DIR [RUNS]` (prints
every sample as JSON too)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.bench_demo import demo_folder

RUNS = int(os.environ.get("SOTN_BENCH_RUNS", "3"))

CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from desktop.ledger.officers import add_officer
from desktop.ledger.records import Officer, Role
from desktop.ledger.storage import open_ledger
from sqlmodel import select

root = sys.argv[1]
ledger = open_ledger(__import__("pathlib").Path(root) / "ledger.sqlite")
with ledger.session() as s:
    officer = s.exec(select(Officer).where(Officer.username == "bench")).first()
    if officer is None:
        officer = add_officer(s, "bench", "Cán bộ đo", "mat-khau-9", Role.admin)
ledger.close()

def wait(signal, timeout=30_000):
    loop = QEventLoop()
    signal.connect(loop.quit)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: (print("timed out", file=sys.stderr), loop.quit()))
    timer.start(timeout)
    loop.exec()
    timer.stop()
    signal.disconnect(loop.quit)

start = time.perf_counter()
from desktop.app import run
app, window = run(["sotn"], data_dir=root, exec_=False)
while getattr(window, "sign_in", None) is None:
    app.processEvents()
shown = time.perf_counter()
signed = time.perf_counter()
window.signed_in(officer)  # the password check itself (argon2) is left out on purpose
wait(window.ready)
usable = (shown - start) + (time.perf_counter() - signed)
screen = window.screens["households"]
# Typed a key at a time, as an officer types: broad prefixes ("n", "no": 6,000-15,000
# households) come first in most of them, the worst case of a search.
queries = ["nong van d", "hoang thi", "ly a", "001", "sung a p", "lo van", "ma thi", "be",
           "nguyen"]
typed = []
for q in queries:
    screen.search.clear()
    wait(screen.model.loaded)
    for ch in q:
        t = time.perf_counter()
        QTest.keyClick(screen.search, ch)
        wait(screen.model.loaded)
        typed.append((time.perf_counter() - t) * 1000)
screen.search.clear()
wait(screen.model.loaded)
opened = []
n = screen.model.rowCount()
for row in [i * (n - 1) // 9 for i in range(10)]:
    t = time.perf_counter()
    form = screen.open_form(screen.model.household_id(row))
    wait(form.opened)
    opened.append((time.perf_counter() - t) * 1000)
    form.dirty = False
    form.close()
    app.processEvents()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"usable": usable * 1000, "typed": typed, "opened": opened, "rss": rss}))
"""


def measure(folder: Path, runs: int = RUNS) -> dict[str, list[float]]:
    """Every sample of `runs` child processes on the ledger in `folder`."""
    samples: dict[str, list[float]] = {"usable": [], "typed": [], "opened": [], "rss": []}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder)], capture_output=True, text=True, check=True
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        for key in ("usable", "rss"):
            samples[key].append(figures[key])
        for key in ("typed", "opened"):
            samples[key] += figures[key]
    return samples


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def figures(samples: dict[str, list[float]]) -> list[dict]:
    result = []
    for key, name, target in (
        ("usable", "mở phần mềm đến khi dùng được (50.000 hộ)", 2000),
        ("typed", "gõ một phím tìm kiếm đến khi có kết quả", 100),
        ("opened", "mở hồ sơ một hộ", 150),
    ):
        values = samples[key]
        for label, value in (
            ("trung vị", statistics.median(values)),
            ("p95", percentile(values, 95)),
            ("chậm nhất", max(values)),
        ):
            result.append(
                {
                    "name": f"{name}, {label} ({len(values)} lần)",
                    "value": value,
                    "unit": "ms",
                    "target": target,
                }
            )
    result.append(
        {"name": "bộ nhớ tối đa (RSS)", "value": max(samples["rss"]), "unit": "MB", "target": 300}
    )
    return result


def run(work: Path) -> list[dict]:
    return figures(measure(demo_folder(work)))


if __name__ == "__main__":
    chosen = measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else RUNS)
    print(json.dumps(chosen))
    for figure in figures(chosen):
        print(f"{figure['name']:<58} {figure['value']:>9.1f} {figure['unit']}")
