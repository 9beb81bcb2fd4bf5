"""Who is calling, and what they may touch. Every refusal is logged with its reason."""

from __future__ import annotations

import logging
from typing import Annotated, NoReturn

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select, update

from sync.server.accounts import Principal, ServerRole, now, principal_for_token
from sync.server.tables import communes, devices

log = logging.getLogger("sync.server.refusals")
_bearer = HTTPBearer(auto_error=False, description="Mã thiết bị nhận khi đăng ký máy")


def refuse(request: Request, status: int, reason: str, message: str, who: str = "-") -> NoReturn:
    client = request.client.host if request.client else "?"
    log.warning(
        "refused %s %s from %s (%s): %s", request.method, request.url.path, client, who, reason
    )
    raise HTTPException(status_code=status, detail=message)


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        refuse(request, 401, "no token", "Thiết bị chưa đăng ký: thiếu mã thiết bị.")
    engine = engine_of(request)
    with engine.begin() as conn:
        who, reason = principal_for_token(conn, credentials.credentials)
        if who is not None:
            conn.execute(
                update(devices).where(devices.c.id == who.device_id).values(last_seen_at=now())
            )
    if who is None:
        refuse(request, 401, reason, "Mã thiết bị không hợp lệ hoặc đã bị thu hồi.")
    return who


Caller = Annotated[Principal, Depends(principal)]


def commune_for(
    request: Request, who: Principal, commune: int | None, *, write: bool
) -> tuple[int, int]:
    """The commune a call is about, as (code, province code), if the caller may touch it.
    A commune's device needs not name it; a provincial caller must."""
    code = commune if commune is not None else who.commune_code
    if code is None:
        refuse(request, 400, "no commune named", "Cần chọn xã (tham số commune).", who.username)
    with engine_of(request).connect() as conn:
        row = conn.execute(
            select(communes.c.code, communes.c.province_code).where(communes.c.code == code)
        ).first()
    if row is None:
        if who.role is ServerRole.commune:
            refuse(
                request, 403, f"commune {code} unknown", "Không được truy cập xã này.", who.username
            )
        refuse(request, 404, f"commune {code} unknown", "Máy chủ chưa có xã này.", who.username)
    allowed = (
        who.may_write(code, row.province_code) if write else who.may_read(code, row.province_code)
    )
    if not allowed:
        refuse(
            request,
            403,
            f"{who.role} {who.username} on commune {code}",
            "Không được truy cập dữ liệu của xã này.",
            who.username,
        )
    return int(row.code), int(row.province_code)


def require_admin(request: Request, who: Principal) -> None:
    if who.role is not ServerRole.admin:
        refuse(
            request,
            403,
            f"{who.role} is not admin",
            "Chỉ quản trị viên được làm việc này.",
            who.username,
        )
