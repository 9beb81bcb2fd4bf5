"""Attachments (photos, scans) travel after the records, by content hash, in resumable pieces:
uploads through the same resumable upload as batches, downloads from a byte offset."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests
from sqlmodel import col, select

from desktop.ledger.attachments import stored_path
from desktop.ledger.paths import DataFolder, make_private, private_folder
from desktop.ledger.records import Attachment
from desktop.ledger.storage import Ledger

if TYPE_CHECKING:
    from sync.client import Progress
    from sync.transport import Transport

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
    """Fetch one attachment into a `.part` file, written as the bytes arrive: after a cut the
    next try asks only for what is missing (`start`), so nothing is fetched twice in full."""
    target = stored_path(folder.attachments, sha)
    part = target.with_suffix(".part")
    private_folder(target.parent)
    url = f"{transport.base}/sync/blobs/{sha}"
    for attempt in range(transport.retries * 4 + 1):
        transport._pause(min(attempt, 4))
        start = part.stat().st_size if part.exists() else 0
        transport.requests += 1
        try:
            with transport.http.get(
                url, params={"start": start}, timeout=transport.timeout, stream=True
            ) as response:
                if response.status_code >= 500:
                    continue
                if response.status_code >= 400:
                    log.info("attachment %s not fetched: %s", sha, response.status_code)
                    return False
                expected = int(response.headers.get("content-length", -1))
                got = 0
                with part.open("ab") as f:
                    for chunk in response.iter_content(64 * 1024):
                        f.write(chunk)
                        got += len(chunk)
        except (
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,
        ) as exc:
            log.info("attachment %s cut after %d bytes (%s)", sha, _size(part), type(exc).__name__)
            continue
        if got != expected:  # cut inside the body without an error: ask for the rest
            continue
        if hashlib.sha256(part.read_bytes()).hexdigest() == sha:
            make_private(part)
            part.replace(target)
            return True
        part.unlink(missing_ok=True)  # complete but wrong: start again from nothing
    return False


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0
