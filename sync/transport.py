"""The sync's HTTP transport (requests, no Qt): the device token, a cut connection retried a
few times, and the resumable upload of a batch or an attachment (PUT from a byte offset; after
a cut the server is asked how much arrived). The protocol loop over it is `sync/client.py`.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from typing import Any

import requests

from desktop.ledger.errors import LedgerError
from sync.protocol import UploadState

log = logging.getLogger(__name__)


class SyncError(LedgerError):
    """The sync stopped; the message is one Vietnamese line (`sotn sync` prints it and exits
    1, as for any problem an officer can act on). The next run resumes."""


class Transport:
    """HTTP with the device token, retrying a cut connection a few times."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        retries: int = 5,
        timeout: float = 60.0,
        backoff: float = 0.5,
        http: requests.Session | None = None,
    ) -> None:
        self.base = base_url.rstrip("/")
        self.http = http or requests.Session()
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"
        self.retries = retries
        self.timeout = timeout
        self.backoff = backoff
        self.requests = 0
        self._lock = threading.Lock()
        self.stopped = threading.Event()  # set when the sync gives up: workers stop retrying

    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response | None:
        """One request; None when the link dropped (before, during or after the body)."""
        with self._lock:
            self.requests += 1
        try:
            # Shared by the upload threads: its connection pool gives a request running beside
            # another its own connection, and reuses an idle one otherwise.
            response = self.http.request(method, self.base + path, timeout=self.timeout, **kwargs)
        except (
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,
        ) as exc:
            log.info("%s %s cut (%s)", method, path, type(exc).__name__)
            return None
        # A response cut inside its headers can look complete: the server always says how
        # long its answer is, so anything else is a cut.
        length = response.headers.get("content-length")
        if length is None or int(length) != len(response.content):
            log.info("%s %s: truncated response", method, path)
            return None
        return response

    def _pause(self, attempt: int) -> None:
        if attempt:
            time.sleep(min(self.backoff * 2 ** (attempt - 1), 8.0))

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        last = "Mất kết nối tới máy chủ tỉnh"
        for attempt in range(self.retries + 1):
            self._pause(attempt)
            response = self._send(method, path, **kwargs)
            if response is None:
                continue
            if response.status_code >= 500:
                last = f"Máy chủ tỉnh gặp lỗi ({response.status_code})"
                continue
            if response.status_code >= 400:
                raise SyncError(_detail(response))
            return response
        raise SyncError(
            f"{last} sau {self.retries + 1} lần thử; lần đồng bộ sau sẽ tiếp tục từ chỗ đã dừng."
        )

    def content(self, method: str, path: str, **kwargs: Any) -> bytes:
        return self.call(method, path, **kwargs).content

    def upload(
        self,
        upload_id: str,
        blob: bytes,
        params: dict[str, Any],
        *,
        after: str | None = None,
        sent: threading.Event | None = None,
    ) -> UploadState:
        """Send `blob`, resuming from what the server already has after each cut.

        `after`: the batch sent before this one, not yet answered; the server applies this one
        only after it, or answers 425 and this returns with all bytes there and no result.
        `sent` is set once every byte has been handed to the connection (or the upload ended),
        so the next batch can start while the server works on this one."""
        total = len(blob)
        path = f"/sync/uploads/{upload_id}"
        extra = {"after": after} if after else {}
        # From the start; a server that already has part of it answers 409 and is then asked.
        offset: int | None = 0
        try:
            return self._upload(path, upload_id, blob, total, params, extra, sent, offset)
        finally:
            if sent is not None:
                sent.set()

    def _upload(
        self,
        path: str,
        upload_id: str,
        blob: bytes,
        total: int,
        params: dict[str, Any],
        extra: dict[str, Any],
        sent: threading.Event | None,
        offset: int | None,
    ) -> UploadState:
        for attempt in range(self.retries * 4 + 1):
            if self.stopped.is_set():
                raise SyncError("Đồng bộ đã dừng; lần sau sẽ gửi tiếp.")
            if offset is None:
                state = UploadState.model_validate(self.call("GET", path, params=params).json())
                if state.result is not None:
                    return state
                offset = state.received
            response = self._send(
                "PUT",
                path,
                data=_Body(blob[offset:], sent),
                params={**params, **extra, "offset": offset, "total": total},
                headers={"Content-Type": "application/octet-stream"},
            )
            if response is not None and response.status_code == 425:
                return UploadState(upload_id=upload_id, received=total)
            if response is None or response.status_code == 409 or response.status_code >= 500:
                offset = None  # ask how much arrived
                self._pause(min(attempt, 4) + 1)
                continue
            if response.status_code >= 400:
                raise SyncError(_detail(response))
            state = UploadState.model_validate(response.json())
            if state.result is not None or (
                upload_id.startswith("blob-") and state.received >= total
            ):
                return state
            offset = state.received
        raise SyncError("Không gửi hết được dữ liệu lên máy chủ; lần sau sẽ gửi tiếp.")


class _Body(io.BytesIO):
    """An upload body that tells when its last byte has been handed to the connection."""

    def __init__(self, data: bytes, sent: threading.Event | None) -> None:
        super().__init__(data)
        self._sent = sent

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        if not chunk and self._sent is not None:
            self._sent.set()
        return chunk


def _detail(response: requests.Response) -> str:
    try:
        return str(response.json()["detail"])
    except (ValueError, KeyError, TypeError):
        return f"Máy chủ từ chối yêu cầu ({response.status_code})."
