"""Photos and scanned files of model cases and households, kept in the data folder by hash.

Storing by hash means the same photo attached twice takes the space once, and a file can be
checked against its record after a copy to or from the provincial server.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from sqlmodel import Session, col, select

from desktop.ledger.errors import InputError
from desktop.ledger.paths import make_private, private_folder
from desktop.ledger.records import Attachment, Household, ModelCase
from desktop.ledger.storage import delete, save

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
    owner: ModelCase | Household,
    source: Path,
    attachments_folder: Path,
    *,
    officer: str,
    caption: str | None = None,
) -> Attachment:
    """Copy `source` into the data folder and record it against the model case or household."""
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
    is_household = isinstance(owner, Household)
    attachment = Attachment(
        commune_code=owner.commune_code,
        household_id=owner.id if is_household else None,
        model_case_id=None if is_household else owner.id,
        file_name=source.name,
        sha256=sha,
        size=size,
        caption=caption,
    )
    return save(session, attachment, officer=officer)


def attachments_of(session: Session, owner: ModelCase | Household) -> list[Attachment]:
    """The owner's live attachments, oldest first."""
    column = Attachment.household_id if isinstance(owner, Household) else Attachment.model_case_id
    query = (
        select(Attachment)
        .where(column == owner.id, col(Attachment.deleted).is_(False))
        .order_by(col(Attachment.modified_at), col(Attachment.id))
    )
    return list(session.exec(query))


def remove_attachment(session: Session, attachment_id: str, *, officer: str) -> None:
    """Mark the record deleted (a tombstone the sync carries). The stored file stays: the same
    file may belong to another record, and backups or a restore may still name it."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise InputError("Không tìm thấy tệp đính kèm này; có thể đã bị xoá.")
    delete(session, attachment, officer=officer)


def copy_for_viewing(attachment: Attachment, attachments_folder: Path, cache: Path) -> Path:
    """A copy under the original name, so the system viewer knows what kind of file it is
    (the store names files by hash only)."""
    source = stored_path(attachments_folder, attachment.sha256)
    if not source.is_file():
        raise InputError(
            f"Tệp {attachment.file_name} chưa có trên máy này: hãy đồng bộ để nhận tệp về."
        )
    target = private_folder(cache / attachment.id) / Path(attachment.file_name).name
    if not target.exists():
        tmp = target.with_name(target.name + ".tmp")
        shutil.copyfile(source, tmp)
        make_private(tmp)
        os.replace(tmp, target)
    return target
