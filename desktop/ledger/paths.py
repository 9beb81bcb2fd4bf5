"""Where a commune's data lives: one folder holding the database, backups, attachments, logs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

DATA_DIR_ENV = "SOTN_DATA_DIR"


@dataclass(frozen=True)
class DataFolder:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "ledger.sqlite"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def standards(self) -> Path:
        """A province's own poverty standards (see rules.standards)."""
        return self.root / "standards"


def data_folder(override: str | Path | None = None) -> DataFolder:
    """The folder named on the command line, else $SOTN_DATA_DIR, else the user's data folder."""
    chosen = override or os.environ.get(DATA_DIR_ENV) or user_data_dir("SoThoatNgheo", False)
    return DataFolder(Path(chosen).expanduser().resolve())
