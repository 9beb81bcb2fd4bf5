"""Resumable uploads: the bytes of a batch or an attachment arrive in pieces, each stored as it
comes, so after a cut the client asks how much arrived and sends only the rest.

An upload that never completes (a laptop that disappeared mid-batch, a photo never finished)
would keep its pieces for ever: `clean_abandoned` removes uploads whose newest piece is older
than the server's limit (`--abandoned-upload-hours`). A laptop that comes back after that
simply starts the upload again from byte 0: its batch is rebuilt from its outbox."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select, tuple_

from sync.server.accounts import now
from sync.server.tables import blobs, uploads


def received(conn: Connection, upload_id: str, device_id: str) -> int:
    value = conn.execute(
        select(func.max(uploads.c.offset + uploads.c.length)).where(
            uploads.c.id == upload_id, uploads.c.device_id == device_id
        )
    ).scalar()
    return int(value or 0)


def store_piece(conn: Connection, upload_id: str, device_id: str, offset: int, data: bytes) -> None:
    if data:
        conn.execute(
            insert(uploads).values(
                id=upload_id,
                offset=offset,
                device_id=device_id,
                length=len(data),
                data=data,
                received_at=now(),
            )
        )


def assemble(conn: Connection, upload_id: str, device_id: str) -> bytes:
    rows = conn.execute(
        select(uploads.c.data)
        .where(uploads.c.id == upload_id, uploads.c.device_id == device_id)
        .order_by(uploads.c.offset)
    )
    return b"".join(r.data for r in rows)


def discard(conn: Connection, upload_id: str, device_id: str) -> None:
    conn.execute(delete(uploads).where(uploads.c.id == upload_id, uploads.c.device_id == device_id))


def store_blob(conn: Connection, sha256: str, commune_code: int, data: bytes) -> bool:
    """Keep an attachment's bytes if they match their hash; False when they do not."""
    if hashlib.sha256(data).hexdigest() != sha256:
        return False
    if conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha256)).first() is None:
        conn.execute(
            insert(blobs).values(
                sha256=sha256, commune_code=commune_code, size=len(data), data=data
            )
        )
    return True


DEFAULT_MAX_AGE = timedelta(hours=48)


def clean_abandoned(conn: Connection, max_age: timedelta, at: datetime | None = None) -> int:
    """Remove the uploads nobody has added to for `max_age`; returns how many were removed.
    `at` is the server's clock unless given (tests give a clock of their own)."""
    cutoff = (at or now()) - max_age
    stale = conn.execute(
        select(uploads.c.id, uploads.c.device_id)
        .group_by(uploads.c.id, uploads.c.device_id)
        .having(func.max(uploads.c.received_at) < cutoff)
    ).all()
    for i in range(0, len(stale), 200):
        part = [(r.id, r.device_id) for r in stale[i : i + 200]]
        conn.execute(delete(uploads).where(tuple_(uploads.c.id, uploads.c.device_id).in_(part)))
    return len(stale)
