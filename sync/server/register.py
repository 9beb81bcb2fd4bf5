"""Certificate register numbers across laptops and communes: the server reserves blocks of
numbers per issuing authority and year (`POST /sync/certificate-numbers`), names each laptop's
own series for numbers issued offline, and refuses a pushed register entry whose number another
laptop already holds (see `desktop.ledger.commendation` for the desktop's side)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from sync.protocol import NumberBlock, NumberRequest
from sync.server.auth import Caller, commune_for, engine_of
from sync.server.routes import CommuneParam
from sync.server.tables import (
    RECORD_TABLES,
    certificate_blocks,
    certificate_counters,
    communes,
    register_series,
)

log = logging.getLogger(__name__)
router = APIRouter(prefix="/sync")
CERTIFICATE = "certificate"


def _series(conn: Connection, device_id: str) -> str:
    """The device's own series ("M1", "M2", …), made on first use; unique on the server."""
    found = conn.execute(
        select(register_series.c.series).where(register_series.c.device_id == device_id)
    ).scalar()
    if found:
        return str(found)
    for _ in range(20):
        n = int(conn.execute(select(func.count()).select_from(register_series)).scalar_one()) + 1
        try:
            with conn.begin_nested():
                conn.execute(insert(register_series).values(device_id=device_id, series=f"M{n}"))
            return f"M{n}"
        except IntegrityError:  # another device took that name at the same moment
            continue
    raise RuntimeError("no free register series")


def reserve(
    conn: Connection, authority: str, year: int, count: int, device_id: str, commune_code: int
) -> NumberBlock:
    """`count` numbers no one else has, above every number the server knows for the authority
    and year (entries pushed by laptops that never had a block included)."""
    try:
        with conn.begin_nested():
            conn.execute(
                insert(certificate_counters).values(authority=authority, year=year, last=0)
            )
    except IntegrityError:
        pass  # the counter exists
    where = (certificate_counters.c.authority == authority) & (certificate_counters.c.year == year)
    last = conn.execute(
        select(certificate_counters.c.last).where(where).with_for_update()
    ).scalar_one()
    table = RECORD_TABLES[CERTIFICATE]
    issued = conn.execute(
        select(func.max(table.c.number)).where(
            table.c.authority == authority, table.c.year == year, table.c.series == ""
        )
    ).scalar()
    first = max(int(last), int(issued or 0)) + 1
    end = first + count - 1
    conn.execute(update(certificate_counters).where(where).values(last=end))
    conn.execute(
        insert(certificate_blocks).values(
            authority=authority,
            year=year,
            first=first,
            last=end,
            device_id=device_id,
            commune_code=commune_code,
            reserved_at=func.now(),
        )
    )
    series = _series(conn, device_id)
    log.info(
        "reserved %s numbers %s-%s of %s/%s for %s", count, first, end, authority, year, device_id
    )
    return NumberBlock(authority=authority, year=year, first=first, last=end, series=series)


@router.post("/certificate-numbers", response_model=NumberBlock)
def certificate_numbers(
    body: NumberRequest, who: Caller, request: Request, commune: CommuneParam = None
) -> NumberBlock:
    """Reserve register numbers for this laptop, which prints for `commune` (its own, for a
    commune's device)."""
    code, _ = commune_for(request, who, commune, write=True)
    with engine_of(request).begin() as conn:
        # Lock the commune as pushes do, so the highest issued number read here is final.
        conn.execute(select(communes.c.code).where(communes.c.code == code).with_for_update())
        return reserve(conn, body.authority.strip(), body.year, body.count, who.device_id, code)


def taken_number(conn: Connection, work: Any, change: dict[str, Any]) -> str | None:
    """Why a pushed new register entry must be refused: its number (authority, year, series,
    number) is already someone else's on the server, or another entry's of the same push.
    None when it is free. Checked before the entry is applied, so it is refused, not stored."""
    if change.get("entity") != CERTIFICATE or change.get("action") != "create":
        return None
    after = change.get("after") or {}
    try:
        number = (
            str(after.get("authority", "")),
            int(after.get("year") or 0),
            str(after.get("series") or ""),
            int(after.get("number") or 0),
        )
    except (TypeError, ValueError):
        return None  # the record's own checks refuse it
    holder = None
    for (entity, record_id), values in work.inserts.items():
        if (
            entity == CERTIFICATE
            and record_id != change["id"]
            and (
                str(values.get("authority", "")),
                int(values.get("year") or 0),
                str(values.get("series") or ""),
                int(values.get("number") or 0),
            )
            == number
        ):
            holder = f"“{values.get('recipient', '')}”"
    if holder is None:
        table = RECORD_TABLES[CERTIFICATE]
        row = conn.execute(
            select(table.c.recipient, communes.c.name)
            .join(communes, communes.c.code == table.c.commune_code)
            .where(
                table.c.authority == number[0],
                table.c.year == number[1],
                table.c.series == number[2],
                table.c.number == number[3],
                table.c.id != change["id"],
            )
        ).first()
        if row is None:
            return None
        holder = f"“{row.recipient}” ({row.name})"
    label = f"{number[2]}-{number[3]:02d}" if number[2] else f"{number[3]:02d}"
    reason = (
        f"Số vào sổ khen thưởng {label} năm {number[1]} của {number[0]} đã cấp cho {holder}; "
        "giấy này sẽ được vào sổ lại với số khác."
    )
    log.warning("device %s: register number taken: %s", work.device, reason)
    return reason
