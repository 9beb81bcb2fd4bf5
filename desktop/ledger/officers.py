"""Officer accounts on this laptop: several officers share one PC, each signs in."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlmodel import Session, select

from desktop.ledger.errors import InputError
from desktop.ledger.records import Officer, Role

_hasher = PasswordHasher()
MIN_PASSWORD = 8


def add_officer(
    session: Session, username: str, full_name: str, password: str, role: Role = Role.officer
) -> Officer:
    username = username.strip().lower()
    if len(password) < MIN_PASSWORD:
        raise InputError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    if session.exec(select(Officer).where(Officer.username == username)).first():
        raise InputError(f"Tên đăng nhập “{username}” đã có người dùng.")
    officer = Officer(
        username=username,
        full_name=full_name.strip(),
        role=role,
        password_hash=_hasher.hash(password),
    )
    session.add(officer)
    return officer


def sign_in(session: Session, username: str, password: str) -> Officer | None:
    """The officer if the password matches an active account, else None (no hint which failed)."""
    officer = session.exec(
        select(Officer).where(Officer.username == username.strip().lower())
    ).first()
    if officer is None or not officer.active or officer.password_hash is None:
        _hasher.hash(password)  # same work either way, so timing does not reveal usernames
        return None
    try:
        _hasher.verify(officer.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(officer.password_hash):
        officer.password_hash = _hasher.hash(password)
        session.add(officer)
    return officer
