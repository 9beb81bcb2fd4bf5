"""Server accounts and enrolled devices.

A provincial admin creates accounts (admin, province, commune); a desktop enrols once with an
officer's credentials and gets a device token. Only the token's SHA-256 is stored, so revoking
a device is deleting nothing but setting `revoked_at`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from desktop.ledger.places import official_commune
from sync.server.tables import communes, devices, users

_hasher = PasswordHasher()
MIN_PASSWORD = 8


class ServerRole(StrEnum):
    admin = "admin"  # quản trị hệ thống cấp tỉnh
    province = "province"  # cán bộ cấp tỉnh: xem mọi xã của tỉnh, sửa khi cần
    commune = "commune"  # cán bộ xã: chỉ xã mình


@dataclass(frozen=True)
class Principal:
    """Who is calling: an enrolled device and the account it enrolled with."""

    device_id: str
    user_id: int
    username: str
    role: ServerRole
    province_code: int | None
    commune_code: int | None

    def may_read(self, commune_code: int, commune_province: int) -> bool:
        if self.role is ServerRole.admin:
            return True
        if self.role is ServerRole.province:
            return self.province_code == commune_province
        return self.commune_code == commune_code

    def may_write(self, commune_code: int, commune_province: int) -> bool:
        # Province officers correct a commune's records; the admin only administers.
        if self.role is ServerRole.admin:
            return False
        return self.may_read(commune_code, commune_province)


def now() -> datetime:
    return datetime.now(UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ensure_commune(conn: Connection, province_code: int, commune_code: int) -> None:
    """Add the commune (from the official list) to the server if it is not there yet."""
    official = official_commune(province_code, commune_code)  # ValueError when they disagree
    if conn.execute(select(communes.c.code).where(communes.c.code == commune_code)).first():
        return
    conn.execute(
        insert(communes).values(
            code=official.code,
            province_code=official.province_code,
            name=official.name,
            province_name=official.province_name,
            last_seq=0,
        )
    )
    from sync.server.reference import copy_to_new_commune  # it writes through apply

    copy_to_new_commune(conn, official.province_code, official.code)


def create_user(
    conn: Connection,
    username: str,
    password: str,
    role: str,
    province_code: int | None = None,
    commune_code: int | None = None,
) -> int:
    """Create an account; ValueError (Vietnamese) when something is wrong with the request."""
    username = username.strip().lower()
    if not username or len(username) > 64:
        raise ValueError("Tên đăng nhập phải có từ 1 đến 64 ký tự.")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    try:
        chosen = ServerRole(role)
    except ValueError:
        raise ValueError("Vai trò phải là admin, province hoặc commune.") from None
    if chosen is ServerRole.commune:
        if province_code is None or commune_code is None:
            raise ValueError("Tài khoản xã cần --province và --commune.")
        ensure_commune(conn, province_code, commune_code)
    elif chosen is ServerRole.province:
        if province_code is None:
            raise ValueError("Tài khoản tỉnh cần --province.")
        commune_code = None
    else:
        province_code = commune_code = None
    if conn.execute(select(users.c.id).where(users.c.username == username)).first():
        raise ValueError(f"Tên đăng nhập “{username}” đã có.")
    result = conn.execute(
        insert(users).values(
            username=username,
            password_hash=_hasher.hash(password),
            role=chosen.value,
            province_code=province_code,
            commune_code=commune_code,
            active=True,
            created_at=now(),
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def check_password(conn: Connection, username: str, password: str) -> int | None:
    """The account id when the password matches an active account, else None."""
    row = conn.execute(
        select(users.c.id, users.c.password_hash, users.c.active).where(
            users.c.username == username.strip().lower()
        )
    ).first()
    if row is None or not row.active:
        _hasher.hash(password)  # the same work either way: timing does not reveal usernames
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return int(row.id)


def enrol_device(conn: Connection, user_id: int, name: str) -> tuple[str, str]:
    """A new device for the account: (device id, token). The token is shown once."""
    device_id = secrets.token_hex(16)
    token = secrets.token_urlsafe(32)
    conn.execute(
        insert(devices).values(
            id=device_id,
            user_id=user_id,
            name=name.strip()[:120] or "máy tính xã",
            token_hash=token_hash(token),
            created_at=now(),
        )
    )
    return device_id, token


def principal_for_token(conn: Connection, token: str) -> tuple[Principal | None, str]:
    """The caller for a token, or None and the reason (for the refusal log)."""
    row = conn.execute(
        select(
            devices.c.id,
            devices.c.revoked_at,
            users.c.id.label("user_id"),
            users.c.username,
            users.c.role,
            users.c.province_code,
            users.c.commune_code,
            users.c.active,
        )
        .join(users, users.c.id == devices.c.user_id)
        .where(devices.c.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None, "unknown token"
    if row.revoked_at is not None:
        return None, f"revoked device {row.id}"
    if not row.active:
        return None, f"inactive account {row.username}"
    return (
        Principal(
            device_id=row.id,
            user_id=row.user_id,
            username=row.username,
            role=ServerRole(row.role),
            province_code=row.province_code,
            commune_code=row.commune_code,
        ),
        "",
    )


def revoke_device(conn: Connection, device_id: str) -> bool:
    result = conn.execute(
        update(devices)
        .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
        .values(revoked_at=now())
    )
    return result.rowcount > 0


def list_devices(conn: Connection) -> list[dict[str, object]]:
    rows = conn.execute(
        select(
            devices.c.id,
            devices.c.name,
            devices.c.created_at,
            devices.c.revoked_at,
            devices.c.last_seen_at,
            users.c.username,
            users.c.commune_code,
        )
        .join(users, users.c.id == devices.c.user_id)
        .order_by(devices.c.created_at)
    )
    return [dict(r._mapping) for r in rows]
