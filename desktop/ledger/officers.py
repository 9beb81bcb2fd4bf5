"""Officer accounts on this laptop: several officers share one PC, each signs in.

Every change to an account is audited in the change log (entity "officer", by revision): its
creation, a new name, role or active state, a password set or changed, and every sign-in.
The password hash never enters the log: a password change is logged as `password_changed`.
Managing accounts needs the `configure` permission (an administrator); the functions check
it themselves, so no screen can forget. At least one active administrator always remains.
"""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlmodel import Session, col, select

from desktop.ledger.errors import InputError
from desktop.ledger.permissions import REFUSED, Permission, may
from desktop.ledger.records import ChangeAction, Officer, Role
from desktop.ledger.records.base import utcnow
from desktop.ledger.storage.audit import record_change

_hasher = PasswordHasher()
MIN_PASSWORD = 8
ENTITY = "officer"
# What the audit trail shows of an account (never the password hash).
_SHOWN = ("username", "full_name", "role", "active")


def _shown(officer: Officer) -> dict[str, Any]:
    return {name: getattr(officer, name) for name in _SHOWN}


def _log(
    session: Session,
    officer: Officer,
    action: ChangeAction,
    by: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    if action is not ChangeAction.create:
        officer.revision += 1
    session.add(officer)
    record_change(
        session,
        entity=ENTITY,
        record_id=officer.id,
        revision=officer.revision,
        action=action,
        officer=by,
        before=before,
        after=after,
    )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")


def _account(session: Session, username: str) -> Officer:
    officer = session.exec(
        select(Officer).where(Officer.username == username.strip().lower())
    ).first()
    if officer is None:
        raise InputError(f"Không có tài khoản “{username}”.")
    return officer


def _admin(session: Session, by: Officer | str) -> str:
    """The acting administrator's username, as stored now (a role may have just changed)."""
    username = by if isinstance(by, str) else by.username
    acting = _account(session, username)
    if not acting.active or not may(acting.role, Permission.configure):
        raise InputError(REFUSED[Permission.configure])
    return acting.username


def list_officers(session: Session) -> list[Officer]:
    return list(session.exec(select(Officer).order_by(col(Officer.username))).all())


def add_officer(
    session: Session,
    username: str,
    full_name: str,
    password: str,
    role: Role = Role.officer,
    *,
    by: Officer | str | None = None,
) -> Officer:
    """A new account. `by` is the administrator making it; None only for the first account
    of a new ledger (the set-up wizard makes it an administrator)."""
    username = username.strip().lower()
    if by is None:
        if session.exec(select(Officer)).first() is not None:
            raise InputError(REFUSED[Permission.configure])
        actor = username
    else:
        actor = _admin(session, by)
    if not username or not full_name.strip():
        raise InputError("Hãy nhập tên đăng nhập và họ tên.")
    _check_password(password)
    if session.exec(select(Officer).where(Officer.username == username)).first():
        raise InputError(f"Tên đăng nhập “{username}” đã có người dùng.")
    officer = Officer(
        username=username,
        full_name=full_name.strip(),
        role=role,
        password_hash=_hasher.hash(password),
    )
    _log(session, officer, ChangeAction.create, actor, None, _shown(officer))
    return officer


def edit_officer(
    session: Session,
    username: str,
    *,
    by: Officer | str,
    full_name: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
) -> Officer:
    """Change an account's name, role or active state (an administrator's work)."""
    actor = _admin(session, by)
    officer = _account(session, username)
    wanted: dict[str, Any] = {
        "full_name": full_name.strip() if full_name is not None else None,
        "role": role,
        "active": active,
    }
    changes = {k: v for k, v in wanted.items() if v is not None and getattr(officer, k) != v}
    if "full_name" in changes and not changes["full_name"]:
        raise InputError("Họ tên không được để trống.")
    if not changes:
        return officer
    stays_admin = changes.get("role", officer.role) is Role.admin and changes.get(
        "active", officer.active
    )
    if officer.role is Role.admin and officer.active and not stays_admin:
        others = session.exec(
            select(Officer).where(
                Officer.role == Role.admin, col(Officer.active).is_(True), Officer.id != officer.id
            )
        ).first()
        if others is None:
            raise InputError(
                "Đây là tài khoản quản trị cuối cùng: hãy cho một tài khoản khác quyền quản trị "
                "trước, để sổ luôn có người quản trị."
            )
    before = {k: getattr(officer, k) for k in changes}
    for key, value in changes.items():
        setattr(officer, key, value)
    _log(session, officer, ChangeAction.update, actor, before, changes)
    return officer


def set_password(session: Session, username: str, password: str, *, by: Officer | str) -> None:
    """An administrator sets a new password (an officer who forgot theirs)."""
    actor = _admin(session, by)
    _check_password(password)
    officer = _account(session, username)
    officer.password_hash = _hasher.hash(password)
    _log(session, officer, ChangeAction.update, actor, None, {"password_changed": True})


def change_own_password(session: Session, username: str, current: str, new: str) -> None:
    """An officer changes their own password, proving the current one first."""
    _check_password(new)
    officer = _account(session, username)
    if not _matches(officer, current):
        raise InputError("Mật khẩu hiện tại không đúng.")
    officer.password_hash = _hasher.hash(new)
    _log(session, officer, ChangeAction.update, officer.username, None, {"password_changed": True})


def _matches(officer: Officer, password: str) -> bool:
    if officer.password_hash is None:
        return False
    try:
        return bool(_hasher.verify(officer.password_hash, password))
    except (VerifyMismatchError, InvalidHashError):
        return False


def sign_in(session: Session, username: str, password: str) -> Officer | None:
    """The officer if the password matches an active account, else None (no hint which failed).

    A sign-in is recorded (`signed_in_at`, and a change-log entry), in the caller's writer
    transaction."""
    officer = session.exec(
        select(Officer).where(Officer.username == username.strip().lower())
    ).first()
    if officer is None or not officer.active or officer.password_hash is None:
        _hasher.hash(password)  # same work either way, so timing does not reveal usernames
        return None
    if not _matches(officer, password):
        return None
    assert officer.password_hash is not None
    if _hasher.check_needs_rehash(officer.password_hash):
        officer.password_hash = _hasher.hash(password)
    before = {"signed_in_at": officer.signed_in_at}
    officer.signed_in_at = utcnow()
    _log(
        session,
        officer,
        ChangeAction.update,
        officer.username,
        before,
        {"signed_in_at": officer.signed_in_at},
    )
    return officer
