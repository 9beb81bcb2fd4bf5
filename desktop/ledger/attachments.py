"""Photos and scanned files of model cases, kept in the data folder by content hash.

Storing by hash means the same photo attached twice takes the space once, and a file can be
checked against its record after a copy to or from the provincial server.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from sqlmodel import Session

from desktop.ledger.errors import InputError
from desktop.ledger.paths import make_private, private_folder
from desktop.ledger.records import Attachment, ModelCase
from desktop.ledger.storage import save

MAX_BYTES = 50 * 1024 * 1024
ALLOWED_SUFFIXES = {".jpg", ".jpeg", ".png", ".pdf", ".doc", ".docx", ".xlsx", ".xls"}


def stored_path(folder: Path, sha256: str) -> Path:
    return folder / sha256[:2] / sha256


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def attach_file(
    session: Session,
    model_case: ModelCase,
    source: Path,
    attachments_folder: Path,
    *,
    officer: str,
    caption: str | None = None,
) -> Attachment:
    """Copy `source` into the data folder and record it against the model case."""
    if not source.is_file():
        raise InputError(f"Không tìm thấy tệp {source}.")
    if source.suffix.lower() not in ALLOWED_SUFFIXES:
        allowed = ", ".join(sorted(ALLOWED_SUFFIXES))
        raise InputError(
            f"Chỉ đính kèm ảnh hoặc tài liệu ({allowed}); tệp {source.name} thì không."
        )
    size = source.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"Tệp {source.name} lớn hơn {MAX_BYTES // (1024 * 1024)} MB.")
    sha = _hash(source)
    target = stored_path(attachments_folder, sha)
    if not target.exists():
        private_folder(target.parent)
        tmp = target.with_suffix(".tmp")
        shutil.copyfile(source, tmp)
        make_private(tmp)  # photos of households and ID papers: the account's alone
        os.replace(tmp, target)  # never a half-copied file under its final name
    attachment = Attachment(
        commune_code=model_case.commune_code,
        model_case_id=model_case.id,
        file_name=source.name,
        sha256=sha,
        size=size,
        caption=caption,
    )
    return save(session, attachment, officer=officer)
