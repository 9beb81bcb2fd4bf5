"""Who may do what: roles decide who approves, deletes and configures. No Qt.

The screens grey out what an officer may not do; the ledger functions that must never run for
the wrong account check again here (`require`), so no other path (a batch in a worker, a screen
that forgot) gets round it."""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, select

from desktop.ledger.errors import InputError
from desktop.ledger.records import Officer, Role


class Permission(StrEnum):
    edit = "edit"  # nhập, sửa hộ, đăng ký, hỗ trợ, mô hình, đề nghị
    approve = "approve"  # ghi kết quả rà soát, quyết định thoát nghèo, quyết định khen thưởng
    delete = "delete"  # xoá bản ghi (vẫn giữ bia mộ để đồng bộ)
    configure = "configure"  # cài đặt, thôn/xóm, tài khoản cán bộ


ALLOWED: dict[Role, frozenset[Permission]] = {
    Role.admin: frozenset(Permission),
    Role.officer: frozenset({Permission.edit}),
    Role.viewer: frozenset(),
}

REFUSED: dict[Permission, str] = {
    Permission.edit: "Tài khoản của anh/chị chỉ được xem và in.",
    Permission.approve: "Chỉ tài khoản quản trị mới được ghi quyết định, kết quả rà soát.",
    Permission.delete: "Chỉ tài khoản quản trị mới được xoá.",
    Permission.configure: "Chỉ tài khoản quản trị mới được thay đổi cài đặt và tài khoản.",
}


def may(role: Role | str, permission: Permission) -> bool:
    return permission in ALLOWED.get(Role(role), frozenset())


class NotPermitted(InputError):
    """The signed-in account may not do this; the message says so in Vietnamese."""


def require(session: Session, officer: str, permission: Permission, message: str = "") -> None:
    """Refuse with `NotPermitted` when `officer` names an account of this laptop whose role
    lacks `permission`, or an account switched off.

    Names that are no account of this laptop (`cli:<login>` for the command line, the sync's
    "máy chủ tỉnh") pass: whoever runs the command line holds the ledger file itself, and
    checking a name there would only stop honest admins."""
    account = session.exec(select(Officer).where(Officer.username == officer)).first()
    if account is None:
        return
    if not account.active or not may(account.role, permission):
        raise NotPermitted(message or REFUSED[permission])
