"""Run every benchmarks/bench_*.py and print each figure beside its target."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import tempfile
from pathlib import Path

import benchmarks


def main(names: list[str]) -> int:
    modules = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    chosen = [m for m in modules if not names or m.removeprefix("bench_") in names]
    missed = 0
    with tempfile.TemporaryDirectory(prefix="sotn-bench-") as work:
        for name in chosen:
            module = importlib.import_module(f"benchmarks.{name}")
            if not names and not getattr(module, "DEFAULT", True):
                continue  # a long one, run only when named
            for figure in module.run(Path(work)):
                ok = figure["value"] <= figure["target"]
                missed += not ok
                print(
                    f"{figure['name']:<58} {figure['value']:>9.2f} {figure['unit']:<3} "
                    f"(mục tiêu ≤ {figure['target']:g}) {'đạt' if ok else 'CHƯA ĐẠT'}"
                )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
