"""Officers who use this laptop. Accounts stay on the device and never travel to the server."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from desktop.ledger.records.base import new_id
from desktop.ledger.vocabulary import Role


class Officer(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    username: str = Field(min_length=1, max_length=64, unique=True, description="Tên đăng nhập")
    full_name: str = Field(min_length=1, max_length=120, description="Họ tên")
    role: Role = Field(default=Role.officer, description="Vai trò")
    password_hash: str | None = Field(default=None, max_length=255)
    active: bool = True
    # Every change to an account (and every sign-in) is logged like a record's, by revision.
    revision: int = Field(default=1, ge=1, sa_column_kwargs={"server_default": "1"})
    signed_in_at: datetime | None = Field(default=None, description="Lần đăng nhập gần nhất")
