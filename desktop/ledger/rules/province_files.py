"""Where the rules read a province's own files for the data folder in use.

A province's poverty standard and emulation plan reach a commune from the provincial server
(`sync/reference.py` writes them into the data folder) or are put there by hand. The app and
the `sotn` command name their data folder once (`use_data_folder`), so every rule that looks
for the province's standard or plan finds it there, else uses the bundled ones in resources/.
"""

from __future__ import annotations

from pathlib import Path

_root: Path | None = None


def use_data_folder(root: Path | None) -> None:
    """Read province files from this data folder from now on (None: bundled files only)."""
    global _root
    _root = root
    forget()


def standards_dir() -> Path | None:
    return None if _root is None else _root / "standards"


def plans_dir() -> Path | None:
    return None if _root is None else _root / "emulation"


def forget() -> None:
    """The files changed (a sync brought new ones): read them again."""
    from desktop.ledger.rules import emulation, standards

    standards.cached_standards.cache_clear()
    emulation.load_plans.cache_clear()
