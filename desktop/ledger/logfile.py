"""The rotating log in the data folder's `logs/`, shared by the app and the CLI.

The file is opened on the first message only: a command that logs nothing (a refused
`sotn init`) creates nothing.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop.ledger.paths import DataFolder

LOG_NAME = "sotn.log"
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


class _PrivateRotatingFile(RotatingFileHandler):
    """A rotating file made with its folder on first use, both private to the account."""

    def _open(self):  # type: ignore[no-untyped-def]
        folder = Path(self.baseFilename).parent
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        return super()._open()


def log_file(folder: DataFolder) -> Path:
    return folder.logs / LOG_NAME


def log_to_folder(folder: DataFolder, level: int = logging.INFO) -> Path:
    """Send this process's log to `folder`'s rotating file (replacing an earlier folder's)."""
    path = log_file(folder)
    handler = _PrivateRotatingFile(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "sotn", False)]:
        root.removeHandler(old)  # started again in the same process (tests): one file at a time
        old.close()
    handler.sotn = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return path


def current_log_file() -> Path | None:
    for handler in logging.getLogger().handlers:
        if getattr(handler, "sotn", False):
            return Path(handler.baseFilename)  # type: ignore[attr-defined]
    return None
