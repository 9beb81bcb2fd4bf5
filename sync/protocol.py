"""What travels between a commune's desktop and the provincial server (see sync/PROTOCOL.md).

Shared by the client and the server: the JSON shapes (pydantic models, which also make the
server's OpenAPI description), the compression of batches and pages, and the per-record digest
that proves both sides hold the same records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

import orjson
import zstandard
from pydantic import BaseModel, Field

PROTOCOL_VERSION = 1
ZSTD_TYPE = "application/zstd"  # zstd-compressed JSON, for batches, pages and record lists
# A pushed batch is kept under this many compressed bytes. Uploads resume at the byte where a
# cut stopped them, so a batch may be large: fewer round trips, one transaction each.
MAX_BATCH_BYTES = 256 * 1024
# A pull page is about this size compressed: a cut page is fetched again whole, so it is small.
PAGE_WIRE_BYTES = 32 * 1024
# Fields that differ between copies of the same record without meaning anything: the local
# revision counter, the local clock, and derived search keys.
NOT_CONTENT = frozenset({"revision", "modified_at", "search_text"})
_LEVEL = 9


def compress(data: Any) -> bytes:
    # Deterministic for the same data: a batch rebuilt after a restart is the same bytes, so
    # an interrupted upload of it resumes where it stopped.
    return zstandard.ZstdCompressor(level=_LEVEL).compress(
        orjson.dumps(data, default=jsonable, option=orjson.OPT_NON_STR_KEYS)
    )


def decompress(blob: bytes, *, max_size: int = 64 * 1024 * 1024) -> Any:
    """The JSON inside a zstd frame; ValueError when it is not one (bad input, not a bug)."""
    try:
        raw = zstandard.ZstdDecompressor().decompress(blob, max_output_size=max_size)
        return orjson.loads(raw)
    except (zstandard.ZstdError, orjson.JSONDecodeError) as exc:
        raise ValueError(f"dữ liệu nén không hợp lệ: {exc}") from exc


def jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def wire_value(value: Any) -> Any:
    """A column value as JSON carries it (dates as ISO text, enums as their value)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def record_digest(values: Mapping[str, Any]) -> int:
    """64 bits that change when any content field of a record changes (tombstone included)."""
    # orjson writes dates, times and enums exactly as `wire_value` would (ISO text, the enum's
    # value), so column values and wire values digest alike without converting each one: the
    # checksums of a whole commune are computed on every sync.
    content = {k: v for k, v in values.items() if k not in NOT_CONTENT}
    raw = orjson.dumps(content, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big")


def summarize(digests: Iterable[int]) -> tuple[int, str]:
    """Count and order-free checksum of a record type's digests."""
    count = 0
    total = 0
    for d in digests:
        count += 1
        total = (total + d) & 0xFFFFFFFFFFFFFFFF
    return count, f"{total:016x}"


# --- JSON shapes -----------------------------------------------------------------------------


class EnrolRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    device_name: str = Field(default="", max_length=120)


class CommuneInfo(BaseModel):
    code: int
    name: str
    province_code: int
    province_name: str


class EnrolResponse(BaseModel):
    device_id: str
    token: str
    role: str
    province_code: int | None
    commune: CommuneInfo | None


EPOCH_PATTERN = r"^[0-9a-f]{32}$"


class HelloRequest(BaseModel):
    protocol: int = PROTOCOL_VERSION
    epoch: str = Field(pattern=EPOCH_PATTERN, description="Kỳ hiện tại của sổ (đổi khi phục hồi)")


class HelloResponse(BaseModel):
    protocol: int
    device_id: str
    commune: CommuneInfo
    # The newest change seq the server holds from this device, per epoch: a laptop restored
    # from a backup learns which of its entries the server already has.
    acknowledged: dict[str, int]
    server_seq: int


class TypeSummary(BaseModel):
    count: int
    checksum: str


class Conflict(BaseModel):
    """One field the device and the server changed differently since they last agreed."""

    entity: str
    record_id: str
    field: str  # "deleted" for an edit against a deletion
    kind: str  # "field", "edit_vs_delete", "delete_vs_edit"
    server_value: Any = None
    device_value: Any = None


class Rejected(BaseModel):
    seq: int
    entity: str
    record_id: str
    reason: str


class PushResult(BaseModel):
    batch_id: str
    last_seq: int
    accepted: int
    unchanged: int
    conflicts: list[Conflict]
    rejected: list[Rejected]
    server_seq: int


class UploadState(BaseModel):
    upload_id: str
    received: int
    result: PushResult | None = None


class ProblemDetail(BaseModel):
    detail: str


# A pushed batch (zstd JSON, the body of PUT /sync/uploads/{id}):
#   {"batch_id", "device_id", "epoch", "first_seq", "last_seq", "cursor",
#    "changes": [{"seq", "entity", "id", "action", "before", "after", "officer", "at"}]}
# A pull page (zstd JSON, GET /sync/pull):
#   {"records": [{"e": entity, "s": seq, "v": {column: value}}], "cursor": int, "more": bool,
#    "summary": {entity: {"count", "checksum"}} on the last page}


def batch_id(device_id: str, epoch: str, first_seq: int, last_seq: int) -> str:
    return f"{device_id}.{epoch}.{first_seq}-{last_seq}"


class NumberRequest(BaseModel):
    """Ask for certificate register numbers for this laptop (`POST /sync/certificate-numbers`)."""

    authority: str = Field(min_length=1, max_length=200, description="Cơ quan cấp Giấy khen")
    year: int = Field(ge=2000, le=2100)
    count: int = Field(ge=1, le=500)


class NumberBlock(BaseModel):
    """Numbers `first`..`last` are this laptop's alone; `series` is its own series for numbers
    issued offline once they are used up."""

    authority: str
    year: int
    first: int
    last: int
    series: str
