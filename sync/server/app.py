"""The provincial server's HTTP API (FastAPI). Accounts and devices here; sync in routes.py."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, select
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import CommuneInfo, EnrolRequest, EnrolResponse, ProblemDetail
from sync.server import accounts, uploads
from sync.server.admin import router as admin_router
from sync.server.auth import Caller, engine_of, refuse, require_admin
from sync.server.register import router as register_router
from sync.server.routes import router as sync_router
from sync.server.tables import communes

log = logging.getLogger(__name__)
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemDetail} for code in (400, 401, 403, 404, 409, 413, 422, 425)
}


def _clean_uploads(engine: Engine, max_age: timedelta) -> None:
    with engine.begin() as conn:
        removed = uploads.clean_abandoned(conn, max_age)
    if removed:
        log.info("removed %d abandoned uploads (nothing added for %s)", removed, max_age)


async def _cleaner(engine: Engine, max_age: timedelta) -> None:
    """Every so often, remove uploads abandoned for `max_age` (several server processes may
    all do it: deleting what is already gone is harmless)."""
    every = min(max(max_age.total_seconds() / 4, 0.2), 3600.0)
    while True:
        try:
            await asyncio.to_thread(_clean_uploads, engine, max_age)
        except Exception:  # a database hiccup must not end the cleaning for good
            log.exception("cleaning abandoned uploads failed")
        await asyncio.sleep(every)


def create_app(engine: Engine, upload_max_age: timedelta = uploads.DEFAULT_MAX_AGE) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(_cleaner(engine, upload_max_age))
        try:
            yield
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    app = FastAPI(
        title="Sổ Thoát Nghèo – máy chủ tỉnh",
        version="1",
        description="Đồng bộ sổ giảm nghèo giữa máy tính xã và máy chủ tỉnh (sync/PROTOCOL.md).",
        lifespan=lifespan,
    )
    app.state.engine = engine

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        log.warning("refused %s %s: invalid request", request.method, request.url.path)
        return JSONResponse(status_code=422, content={"detail": "Yêu cầu không hợp lệ."})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status_code, content={"detail": str(exc.detail)}, headers=exc.headers
        )

    @app.get("/health", responses=ERRORS)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/enrol", response_model=EnrolResponse, responses=ERRORS)
    def enrol(body: EnrolRequest, request: Request) -> EnrolResponse:
        """Register this device with an officer's account; the token is shown only once."""
        with engine_of(request).begin() as conn:
            user_id = accounts.check_password(conn, body.username, body.password)
            if user_id is None:
                refuse(
                    request,
                    401,
                    f"bad credentials for {body.username!r}",
                    "Sai tên đăng nhập hoặc mật khẩu.",
                )
            device_id, token = accounts.enrol_device(conn, user_id, body.device_name)
            who, _ = accounts.principal_for_token(conn, token)
            assert who is not None
            commune = None
            if who.commune_code is not None:
                row = conn.execute(
                    select(communes).where(communes.c.code == who.commune_code)
                ).one()
                commune = CommuneInfo(
                    code=row.code,
                    name=row.name,
                    province_code=row.province_code,
                    province_name=row.province_name,
                )
        log.info("device %s enrolled for %s", device_id, who.username)
        return EnrolResponse(
            device_id=device_id,
            token=token,
            role=who.role.value,
            province_code=who.province_code,
            commune=commune,
        )

    @app.get("/devices", responses=ERRORS)
    def list_devices(who: Caller, request: Request) -> list[dict[str, Any]]:
        require_admin(request, who)
        with engine_of(request).connect() as conn:
            rows = accounts.list_devices(conn)
        return [{k: (str(v) if v is not None else None) for k, v in r.items()} for r in rows]

    @app.post("/devices/{device_id}/revoke", responses=ERRORS)
    def revoke(device_id: str, who: Caller, request: Request) -> dict[str, bool]:
        require_admin(request, who)
        with engine_of(request).begin() as conn:
            done = accounts.revoke_device(conn, device_id)
        if not done:
            refuse(request, 404, f"no device {device_id}", "Không có thiết bị này.", who.username)
        log.info("device %s revoked by %s", device_id, who.username)
        return {"revoked": True}

    @app.get("/communes", response_model=list[CommuneInfo], responses=ERRORS)
    def list_communes(who: Caller, request: Request) -> list[CommuneInfo]:
        with engine_of(request).connect() as conn:
            rows = conn.execute(select(communes).order_by(communes.c.code)).all()
        return [
            CommuneInfo(
                code=r.code,
                name=r.name,
                province_code=r.province_code,
                province_name=r.province_name,
            )
            for r in rows
            if who.may_read(r.code, r.province_code)
        ]

    app.include_router(sync_router, responses=ERRORS)
    app.include_router(admin_router, responses=ERRORS)
    app.include_router(register_router, responses=ERRORS)
    return app
