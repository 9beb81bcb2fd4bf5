"""Attachments (photos, scans) travel after the records, by content hash, in resumable pieces:
uploads through the same resumable upload as batches, downloads from a byte offset."""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from desktop.ledger.attachments import stored_path
from desktop.ledger.paths import DataFolder
from desktop.ledger.records import Attachment
from desktop.ledger.storage import Ledger

if TYPE_CHECKING:
    from sync.client import Progress, Transport

log = logging.getLogger(__name__)


def sync_attachments(
    ledger: Ledger, folder: DataFolder, transport: Transport, progress: Progress
) -> tuple[int, int]:
    """(sent, received): files the server lacks go up, files this ledger lacks come down."""
    with ledger.read() as session:
        hashes = sorted(
            set(session.exec(select(Attachment.sha256).where(col(Attachment.deleted).is_(False))))
        )
    if not hashes:
        return 0, 0
    here = [h for h in hashes if stored_path(folder.attachments, h).exists()]
    sent = 0
    for i in range(0, len(here), 500):
        missing = transport.call("POST", "/sync/blobs/missing", json=here[i : i + 500]).json()
        for sha in missing["missing"]:
            progress("Gửi ảnh, tệp đính kèm", sent, len(here))
            data = stored_path(folder.attachments, sha).read_bytes()
            transport.upload(f"blob-{sha}", data, {})
            sent += 1
    received = 0
    for sha in (h for h in hashes if h not in here):
        progress("Nhận ảnh, tệp đính kèm", received, len(hashes) - len(here))
        if _download(transport, folder, sha):
            received += 1
    return sent, received


def _download(transport: Any, folder: DataFolder, sha: str) -> bool:
    target = stored_path(folder.attachments, sha)
    part = target.with_suffix(".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(transport.retries + 1):
        start = part.stat().st_size if part.exists() else 0
        try:
            body = transport.call("GET", f"/sync/blobs/{sha}", params={"start": start}).content
        except Exception as exc:
            log.info("attachment %s not fetched: %s", sha, exc)
            return False
        with part.open("ab") as f:
            f.write(body)
        data = part.read_bytes()
        if hashlib.sha256(data).hexdigest() == sha:
            part.replace(target)
            return True
        if start == 0 or not body:
            part.unlink(missing_ok=True)
    return False
