"""Sync endpoints: hello, resumable batch and attachment uploads, pull pages, summaries, repair
reads and attachment downloads. Bodies that carry records are zstd-compressed JSON."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request, Response
from pydantic import StringConstraints
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from sync.packing import unpack
from sync.protocol import (
    EPOCH_PATTERN,
    PROTOCOL_VERSION,
    ZSTD_TYPE,
    CommuneInfo,
    HelloRequest,
    HelloResponse,
    PushResult,
    UploadState,
    compress,
    decompress,
)
from sync.server import apply, feed, uploads
from sync.server.auth import Caller, commune_for, engine_of, refuse
from sync.server.tables import RECORD_TABLES, batches, blobs, communes

log = logging.getLogger(__name__)
router = APIRouter(prefix="/sync")
MAX_BATCH = 4 * 1024 * 1024
MAX_BLOB = 50 * 1024 * 1024
FLUSH = 16 * 1024
AFTER_WAIT = 20.0
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}\.[0-9a-f]{32}\.\d{1,18}-\d{1,18}$|^blob-[0-9a-f]{64}$")
CommuneParam = Annotated[int | None, Query(ge=1, le=99999999, description="Mã xã (cấp tỉnh)")]
UploadId = Annotated[str, Path(max_length=120, description="Mã gói hoặc blob-<sha256>")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
_ZSTD: dict[int | str, dict[str, Any]] = {
    200: {"content": {ZSTD_TYPE: {"schema": {"type": "string", "format": "binary"}}}}
}
_BODY = {
    "requestBody": {
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
    }
}


def _zstd(data: Any) -> Response:
    return Response(content=compress(data), media_type=ZSTD_TYPE)


def _commune_info(conn: Any, code: int) -> CommuneInfo:
    row = conn.execute(select(communes).where(communes.c.code == code)).one()
    return CommuneInfo(
        code=row.code,
        name=row.name,
        province_code=row.province_code,
        province_name=row.province_name,
    )


@router.post("/hello", response_model=HelloResponse)
def hello(
    body: HelloRequest, who: Caller, request: Request, commune: CommuneParam = None
) -> HelloResponse:
    """Start of a sync: which of this device's changes the server holds, per epoch."""
    code, _ = commune_for(request, who, commune, write=False)
    if body.protocol != PROTOCOL_VERSION:
        refuse(request, 409, f"protocol {body.protocol}", "Phần mềm cần cập nhật để đồng bộ.")
    with engine_of(request).connect() as conn:
        acked = conn.execute(
            select(batches.c.epoch, func.max(batches.c.last_seq))
            .where(batches.c.device_id == who.device_id)
            .group_by(batches.c.epoch)
        ).all()
        return HelloResponse(
            protocol=PROTOCOL_VERSION,
            device_id=who.device_id,
            commune=_commune_info(conn, code),
            acknowledged={e: int(s) for e, s in acked},
            server_seq=feed.max_seq(conn, code),
        )


def _check_upload_id(request: Request, who: Any, upload_id: str) -> None:
    if not _UPLOAD_ID.match(upload_id) or (
        not upload_id.startswith("blob-") and not upload_id.startswith(who.device_id + ".")
    ):
        refuse(
            request,
            403,
            f"upload id {upload_id!r}",
            "Mã gói không thuộc thiết bị này.",
            who.username,
        )


@router.get("/uploads/{upload_id}", response_model=UploadState)
def upload_state(
    upload_id: UploadId, who: Caller, request: Request, commune: CommuneParam = None
) -> UploadState:
    """How many bytes of an upload arrived, and the answer if the batch was applied."""
    commune_for(request, who, commune, write=True)
    _check_upload_id(request, who, upload_id)
    with engine_of(request).connect() as conn:
        done = apply.stored_result(conn, upload_id)
        return UploadState(
            upload_id=upload_id,
            received=uploads.received(conn, upload_id, who.device_id),
            result=done,
        )


@router.put("/uploads/{upload_id}", response_model=UploadState, openapi_extra=_BODY)
async def upload(
    upload_id: UploadId,
    who: Caller,
    request: Request,
    offset: Annotated[int, Query(ge=0, le=MAX_BLOB)],
    total: Annotated[int, Query(ge=1, le=MAX_BLOB)],
    commune: CommuneParam = None,
    after: Annotated[
        str | None,
        Query(max_length=120, description="Gói gửi trước, phải được áp dụng trước gói này"),
    ] = None,
) -> UploadState:
    """Send bytes from `offset` of an upload of `total` bytes. Pieces are stored as they
    arrive; when all are there a batch is applied (in one transaction) and its answer returned.
    A client that sends a batch while the server still applies the one before names it in
    `after`: this batch then waits for it, and is answered 425 (bytes kept, not applied) if
    it is not applied within AFTER_WAIT seconds."""
    code, _ = await run_in_threadpool(commune_for, request, who, commune, write=True)
    _check_upload_id(request, who, upload_id)
    if after is not None:
        _check_upload_id(request, who, after)
    is_blob = upload_id.startswith("blob-")
    if total > (MAX_BLOB if is_blob else MAX_BATCH):
        refuse(request, 413, f"upload of {total} bytes", "Gói dữ liệu quá lớn.", who.username)
    engine = engine_of(request)
    done = await run_in_threadpool(_stored, engine, upload_id)
    if done is not None:
        return UploadState(upload_id=upload_id, received=total, result=done)
    have = await run_in_threadpool(_received, engine, upload_id, who.device_id)
    if offset != have:
        refuse(
            request,
            409,
            f"offset {offset} != {have}",
            f"Máy chủ đã nhận {have} byte; gửi tiếp từ đó.",
            who.username,
        )
    position = offset
    buffer = bytearray()
    try:
        async for piece in request.stream():
            if position + len(buffer) + len(piece) > total:
                refuse(request, 400, "more bytes than announced", "Gói dữ liệu dài hơn đã báo.")
            buffer += piece
            if len(buffer) >= FLUSH:
                await run_in_threadpool(_store, engine, upload_id, who.device_id, position, buffer)
                position += len(buffer)
                buffer = bytearray()
    except ClientDisconnect:
        # The link dropped: keep what arrived, so the next try sends only the rest.
        await run_in_threadpool(_store, engine, upload_id, who.device_id, position, buffer)
        log.info("upload %s cut at %d of %d bytes", upload_id, position + len(buffer), total)
        raise
    await run_in_threadpool(_store, engine, upload_id, who.device_id, position, buffer)
    position += len(buffer)
    if position < total:
        return UploadState(upload_id=upload_id, received=position)
    if after is not None and not await _applied(engine, after):
        refuse(
            request,
            425,
            f"{upload_id} waits for {after}",
            "Gói trước chưa được áp dụng; gửi lại yêu cầu này sau khi có kết quả của gói trước.",
            who.username,
        )
    result = await run_in_threadpool(_finish, request, who, code, upload_id, is_blob)
    return UploadState(upload_id=upload_id, received=total, result=result)


async def _applied(engine: Any, batch_id: str) -> bool:
    """Whether `batch_id` is applied, waiting up to AFTER_WAIT seconds for it without holding
    a thread: its upload has all its bytes and is being applied (the client sends the next
    batch only then), in this process or another."""
    deadline = time.monotonic() + AFTER_WAIT
    while await run_in_threadpool(_stored, engine, batch_id) is None:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


def _stored(engine: Any, upload_id: str) -> PushResult | None:
    with engine.connect() as conn:
        return apply.stored_result(conn, upload_id)


def _received(engine: Any, upload_id: str, device_id: str) -> int:
    with engine.connect() as conn:
        return uploads.received(conn, upload_id, device_id)


def _store(engine: Any, upload_id: str, device_id: str, offset: int, data: bytearray) -> None:
    if data:
        with engine.begin() as conn:
            uploads.store_piece(conn, upload_id, device_id, offset, bytes(data))


def _finish(
    request: Request, who: Any, code: int, upload_id: str, is_blob: bool
) -> PushResult | None:
    engine = engine_of(request)
    with engine.connect() as conn:
        data = uploads.assemble(conn, upload_id, who.device_id)
    if is_blob:
        with engine.begin() as conn:
            ok = uploads.store_blob(conn, upload_id.removeprefix("blob-"), code, data)
            uploads.discard(conn, upload_id, who.device_id)
        if not ok:
            refuse(request, 400, "blob hash mismatch", "Tệp đính kèm bị hỏng khi gửi; gửi lại.")
        return None
    try:
        batch = decompress(data, max_size=64 * MAX_BATCH)
        if isinstance(batch, dict) and "packed" in batch and "changes" not in batch:
            batch["changes"] = unpack(batch.pop("packed"))
        result = apply.apply_batch_safely(engine.begin, who, code, batch, upload_id)
    except (ValueError, apply.BatchError) as exc:
        with engine.begin() as conn:
            uploads.discard(conn, upload_id, who.device_id)
        refuse(request, 400, f"bad batch: {exc}", str(exc), who.username)
    with engine.begin() as conn:
        uploads.discard(conn, upload_id, who.device_id)
    log.info(
        "batch %s: %d accepted, %d conflicts, %d rejected",
        upload_id,
        result.accepted,
        len(result.conflicts),
        len(result.rejected),
    )
    return result


@router.get("/pull", response_class=Response, responses=_ZSTD)
def pull(
    who: Caller,
    request: Request,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    epoch: Annotated[str | None, Query(pattern=EPOCH_PATTERN)] = None,
    commune: CommuneParam = None,
) -> Response:
    """Records changed after `cursor` in the commune's own order, a page at a time; the last
    page carries the count and checksum of every record type."""
    code, _ = commune_for(request, who, commune, write=False)
    with engine_of(request).connect() as conn:
        return _zstd(feed.pull_page(conn, code, cursor, who.device_id, epoch))


@router.get("/summary")
def summary(who: Caller, request: Request, commune: CommuneParam = None) -> dict[str, Any]:
    code, _ = commune_for(request, who, commune, write=False)
    with engine_of(request).connect() as conn:
        return feed.summaries(conn, code)


@router.get("/records/{entity}", response_class=Response, responses=_ZSTD)
def records(
    entity: Annotated[str, Path(max_length=64)],
    who: Caller,
    request: Request,
    after_id: Annotated[str, Query(max_length=32)] = "",
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
    commune: CommuneParam = None,
) -> Response:
    """Every record of one type, for a repair pull when the checksums differ."""
    code, _ = commune_for(request, who, commune, write=False)
    if entity not in RECORD_TABLES:
        refuse(request, 404, f"entity {entity!r}", "Không có loại bản ghi này.", who.username)
    with engine_of(request).connect() as conn:
        return _zstd(feed.records_page(conn, code, entity, after_id, limit))


@router.post("/blobs/missing")
def missing_blobs(
    hashes: Annotated[list[Sha256], Body(max_length=1000)],
    who: Caller,
    request: Request,
    commune: CommuneParam = None,
) -> dict[str, list[str]]:
    """Which of these attachment hashes the server lacks."""
    code, _ = commune_for(request, who, commune, write=True)
    with engine_of(request).connect() as conn:
        have = {
            r.sha256
            for r in conn.execute(
                select(blobs.c.sha256).where(
                    blobs.c.sha256.in_(hashes), blobs.c.commune_code == code
                )
            )
        }
    return {"missing": [h for h in hashes if h not in have]}


@router.get("/blobs/{sha256}", response_class=Response, responses=_ZSTD)
def get_blob(
    sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")],
    who: Caller,
    request: Request,
    start: Annotated[int, Query(ge=0)] = 0,
    commune: CommuneParam = None,
) -> Response:
    """An attachment's bytes from `start` on, so a cut download resumes."""
    code, _ = commune_for(request, who, commune, write=False)
    with engine_of(request).connect() as conn:
        row = conn.execute(
            select(blobs.c.data).where(blobs.c.sha256 == sha256, blobs.c.commune_code == code)
        ).first()
    if row is None:
        refuse(request, 404, f"blob {sha256}", "Máy chủ chưa có tệp này.", who.username)
    return Response(content=bytes(row.data)[start:], media_type="application/octet-stream")
