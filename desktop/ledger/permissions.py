"""Who may do what: roles decide who approves, deletes and configures. Plain data, no Qt."""

from __future__ import annotations

from enum import StrEnum

from desktop.ledger.records import Role


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
