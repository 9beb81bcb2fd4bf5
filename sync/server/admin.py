"""What the province does on the server itself: publish reference documents to its communes
(its poverty standard, its emulation plan) and correct or add a commune's records (a decision
number, a target, a corrected field). Each change reaches the commune's devices on their next
pull; a device that changed the same field meanwhile gets a visible conflict, never an
overwrite. Province accounts act on their own province; the admin publishes for any."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from pydantic import BaseModel, Field

from desktop.ledger.records import new_id
from sync.server import reference
from sync.server.accounts import Principal, ServerRole
from sync.server.apply import BatchError, server_write
from sync.server.auth import Caller, commune_for, engine_of, refuse
from sync.server.tables import RECORD_TABLES

log = logging.getLogger(__name__)
router = APIRouter(prefix="/admin")
Kind = Annotated[str, Path(pattern=r"^(poverty_standard|emulation_plan)$")]
Name = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$", description="Tên tệp")]
Entity = Annotated[str, Path(max_length=64, description="Loại bản ghi")]
RecordId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
Province = Annotated[int | None, Query(ge=1, le=999, description="Mã tỉnh (quản trị viên)")]


class Document(BaseModel):
    content: str = Field(min_length=1, max_length=1_000_000, description="Nội dung YAML")


class Published(BaseModel):
    kind: str
    name: str
    communes: int


class Fields(BaseModel):
    fields: dict[str, Any] = Field(description="Giá trị các trường (dạng JSON như khi đồng bộ)")


def _province(request: Request, who: Principal, province: int | None) -> int:
    """The province a call is about: a province account's own, any for the admin."""
    if who.role is ServerRole.admin:
        if province is None:
            refuse(request, 400, "no province named", "Cần chọn tỉnh (tham số province).")
        return province
    if who.role is ServerRole.province and who.province_code is not None:
        if province not in (None, who.province_code):
            refuse(
                request,
                403,
                f"{who.username} on province {province}",
                "Không được ban hành cho tỉnh khác.",
                who.username,
            )
        return who.province_code
    refuse(
        request,
        403,
        f"{who.role} publishing",
        "Chỉ cán bộ cấp tỉnh được ban hành văn bản.",
        who.username,
    )


@router.put("/reference/{kind}/{name}", response_model=Published)
def publish(
    kind: Kind,
    name: Name,
    body: Annotated[Document, Body()],
    who: Caller,
    request: Request,
    province: Province = None,
) -> Published:
    """Publish (or replace) the province's poverty standard or emulation plan for all its
    communes; it is checked as the desktop reads it before anything is stored."""
    code = _province(request, who, province)
    try:
        with engine_of(request).begin() as conn:
            count = reference.publish(conn, code, kind, name, body.content, who.username)
    except (ValueError, BatchError) as exc:
        refuse(request, 400, f"document {kind}/{name}: {exc}", str(exc), who.username)
    log.info("%s published %s/%s to %d communes of %d", who.username, kind, name, count, code)
    return Published(kind=kind, name=name, communes=count)


@router.delete("/reference/{kind}/{name}", response_model=Published)
def withdraw(
    kind: Kind, name: Name, who: Caller, request: Request, province: Province = None
) -> Published:
    """Withdraw a document: the communes' bundled rules apply again after their next sync."""
    code = _province(request, who, province)
    with engine_of(request).begin() as conn:
        count = reference.withdraw(conn, code, kind, name)
    if not count:
        refuse(request, 404, f"no document {kind}/{name}", "Tỉnh chưa ban hành văn bản này.")
    log.info("%s withdrew %s/%s from %d communes of %d", who.username, kind, name, count, code)
    return Published(kind=kind, name=name, communes=count)


@router.get("/reference")
def documents(who: Caller, request: Request, province: Province = None) -> list[dict[str, Any]]:
    """The documents in force in the province."""
    code = _province(request, who, province)
    with engine_of(request).connect() as conn:
        return reference.listing(conn, code)


def _write(
    request: Request,
    who: Principal,
    commune: int,
    entity: str,
    record_id: str,
    fields: dict[str, Any],
    create: bool,
) -> dict[str, Any]:
    code, _ = commune_for(request, who, commune, write=True)
    if who.role is not ServerRole.province:
        refuse(
            request, 403, f"{who.role} correcting", "Chỉ cán bộ cấp tỉnh được sửa.", who.username
        )
    if entity not in RECORD_TABLES:
        refuse(request, 404, f"entity {entity!r}", "Không có loại bản ghi này.", who.username)
    try:
        with engine_of(request).begin() as conn:
            values = server_write(conn, code, entity, record_id, fields, create=create)
    except BatchError as exc:
        refuse(request, 400, f"{entity} {record_id}: {exc}", str(exc), who.username)
    log.info(
        "%s %s %s %s of commune %d",
        who.username,
        "added" if create else "corrected",
        entity,
        record_id,
        code,
    )
    return values


@router.post("/communes/{commune}/records/{entity}")
def add_record(
    commune: Annotated[int, Path(ge=1, le=99999999)],
    entity: Entity,
    body: Fields,
    who: Caller,
    request: Request,
) -> dict[str, Any]:
    """A record the province adds to a commune (a target it sets, for instance)."""
    return _write(request, who, commune, entity, new_id(), body.fields, True)


@router.patch("/communes/{commune}/records/{entity}/{record_id}")
def correct_record(
    commune: Annotated[int, Path(ge=1, le=99999999)],
    entity: Entity,
    record_id: RecordId,
    body: Fields,
    who: Caller,
    request: Request,
) -> dict[str, Any]:
    """A correction made at the province (a decision number, a wrong field)."""
    return _write(request, who, commune, entity, record_id, body.fields, False)
