"""Where a commune's data lives: one folder holding the database, backups, attachments, logs."""

from __future__ import annotations

import os
import stat
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


# Citizen IDs, ethnicity, health and incomes (Law 91/2025 on personal data): every folder and
# file the app writes is its account's alone.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_SIDE_FILES = ("-wal", "-shm", "-journal")


def make_private(path: Path, mode: int = PRIVATE_FILE) -> None:
    """Take group and other permissions away from `path` if it has any (POSIX only)."""
    if os.name == "nt":
        return  # a Windows profile folder is already the account's own
    current = stat.S_IMODE(path.stat().st_mode)
    if current & 0o077:
        os.chmod(path, current & mode)


def private_folder(path: Path) -> Path:
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    make_private(path, PRIVATE_DIR)
    return path


def tighten_data_folder(folder: DataFolder) -> None:
    """An existing data folder made before files were private: tighten what it holds."""
    if os.name == "nt" or not folder.root.is_dir():
        return
    make_private(folder.root, PRIVATE_DIR)
    for sub in (folder.backups, folder.attachments, folder.logs, folder.standards):
        if sub.is_dir():
            make_private(sub, PRIVATE_DIR)
            for child in sub.rglob("*"):  # attachments sit one folder deeper
                make_private(child, PRIVATE_DIR if child.is_dir() else PRIVATE_FILE)
    for suffix in ("", *_SIDE_FILES):
        side = folder.database.with_name(folder.database.name + suffix)
        if side.exists():
            make_private(side, PRIVATE_FILE)


def is_ledger_file(path: Path, ledger: Path) -> bool:
    """True if `path` is the ledger itself or one of SQLite's files beside it."""
    if not ledger.exists():
        return False
    candidates = [ledger.with_name(ledger.name + s) for s in ("", *_SIDE_FILES)]
    for candidate in candidates:
        try:
            if path.exists() and candidate.exists() and os.path.samefile(path, candidate):
                return True
        except OSError:
            continue
    return False


def output_file(text: str | Path | None, *, example: str, ledger: Path | None = None) -> Path:
    """Check a path the officer chose to write to, before anything is written.

    A missing folder is refused rather than created: a typing mistake should not scatter files
    with citizen IDs into new folders the officer does not know about.
    """
    from desktop.ledger.errors import FileProblem, InputError

    if text is None or not str(text).strip():
        raise InputError(f"Chưa có tên tệp để ghi; hãy ghi tên tệp, ví dụ {example}.")
    path = Path(str(text).strip()).expanduser()
    if path.is_dir():
        raise FileProblem(f"{path} là một thư mục; hãy ghi thêm tên tệp, ví dụ {path / example}.")
    parent = path.parent
    if not parent.exists():
        raise FileProblem(
            f"Thư mục {parent} chưa có; hãy tạo thư mục đó trước hoặc chọn một thư mục khác."
        )
    if not parent.is_dir():
        raise FileProblem(f"{parent} không phải thư mục; hãy chọn một thư mục khác.")
    if ledger is not None and is_ledger_file(path, ledger):
        raise InputError(
            f"{path} chính là sổ dữ liệu đang dùng; hãy ghi ra một tệp khác (ví dụ trên USB)."
        )
    return path
