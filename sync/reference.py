"""The province's reference documents on the desktop: kept in the ledger as records received
from the server (origin "server", never sent back), and written into the data folder where the
rules read a province's own files (`standards/`, `emulation/`). A file the sync wrote says so
on its first line; only such files are replaced or removed, never one an officer put there."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from sqlmodel import Session, select

from desktop.ledger.paths import DataFolder, private_folder
from desktop.ledger.records import ReferenceDocument, ReferenceKind
from desktop.ledger.rules import province_files

log = logging.getLogger(__name__)
MARK = "# Văn bản do máy chủ tỉnh gửi về qua đồng bộ; sửa trên máy chủ, không sửa tệp này.\n"


def folder_for(folder: DataFolder, kind: ReferenceKind) -> Path:
    return folder.standards if kind is ReferenceKind.poverty_standard else folder.root / "emulation"


def write_reference_files(session: Session, folder: DataFolder) -> int:
    """Bring the data folder's province files in line with the documents in the ledger;
    returns how many files were written or removed."""
    changed = 0
    docs = session.exec(select(ReferenceDocument)).all()
    wanted: dict[Path, str] = {}
    for doc in docs:
        path = folder_for(folder, ReferenceKind(doc.kind)) / f"{doc.name}.yaml"
        if not doc.deleted:
            wanted[path] = MARK + doc.content
        else:
            wanted.setdefault(path, "")
    for path, text in wanted.items():
        current = _read(path)
        if current is not None and not current.startswith(MARK):
            log.warning("%s was put there by hand: left as it is", path)
            continue
        if not text:
            if current is not None:
                path.unlink()
                changed += 1
            continue
        if current != text:
            _write(path, text)
            changed += 1
    if changed:
        province_files.forget()
    return changed


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _write(path: Path, text: str) -> None:
    private_folder(path.parent)
    fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temp, path)  # a reader sees the old file or the new one, never half
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
