"""Resumable uploads: the bytes of a batch or an attachment arrive in pieces, each stored as it
comes, so after a cut the client asks how much arrived and sends only the rest."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, delete, func, insert, select

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
