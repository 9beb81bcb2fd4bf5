"""`sotn enrol` and `sotn sync`: the sync from the command line (admins, scripts, tests)."""

from __future__ import annotations

import argparse
import getpass
import logging
import platform

from desktop.ledger.paths import DataFolder

log = logging.getLogger(__name__)


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("enrol", help="đăng ký máy này với máy chủ tỉnh (một lần)")
    p.add_argument("--server", required=True, help="địa chỉ máy chủ, vd. https://sotn.tinh.vn")
    p.add_argument("--username", required=True)
    p.add_argument("--password", help="mật khẩu (bỏ trống để gõ khi được hỏi)")
    p.add_argument("--device-name", default="", help="tên máy (mặc định: tên máy tính)")
    p = sub.add_parser("sync", help="đồng bộ với máy chủ tỉnh (gửi và nhận đến khi xong)")
    p.add_argument("--retries", type=int, default=5, help="số lần thử lại khi mất kết nối")
    p.add_argument("--no-attachments", action="store_true", help="để ảnh, tệp đính kèm lần sau")


def cmd_enrol(args: argparse.Namespace, folder: DataFolder) -> str:
    from desktop.ledger.commune import current_commune, set_up_commune
    from desktop.ledger.errors import InputError
    from desktop.ledger.records import SyncState
    from desktop.ledger.storage import open_data_folder
    from sync.client import enrol

    password = args.password or getpass.getpass("Mật khẩu: ")
    # A SyncError (wrong password, no server) is one Vietnamese line and exit 1, as any
    # problem the officer can act on.
    answer = enrol(args.server, args.username, password, args.device_name or platform.node())
    if answer.commune is None:
        raise InputError("Tài khoản này không gắn với xã nào; máy tính xã cần tài khoản cấp xã.")
    ledger = open_data_folder(folder)
    try:
        with ledger.session() as session:
            existing = current_commune(session)
            fresh = existing is None
            set_up_commune(session, answer.commune.province_code, answer.commune.code)
            state = session.get(SyncState, 1) or SyncState(server_url="", device_id="", token="")
            state.server_url = args.server.rstrip("/")
            state.device_id = answer.device_id
            state.token = answer.token
            state.last_error = None
            session.add(state)
        message = f"Đã đăng ký máy với máy chủ tỉnh cho {answer.commune.name}"
        if fresh:  # a replacement laptop: bring the whole commune back now
            report = _run_sync(ledger, folder, retries=5, attachments=True)
            message += f"; đã nhận {report.pulled} bản ghi của xã"
        return message
    finally:
        ledger.close()


def _run_sync(ledger, folder: DataFolder, *, retries: int, attachments: bool):  # type: ignore[no-untyped-def]
    from sync.client import SyncClient

    return SyncClient(ledger, folder, retries=retries, attachments=attachments).sync()


def cmd_sync(args: argparse.Namespace, folder: DataFolder) -> str:
    from desktop.ledger.storage import open_data_folder
    from sync import local

    ledger = open_data_folder(folder)
    try:
        report = _run_sync(
            ledger, folder, retries=args.retries, attachments=not args.no_attachments
        )
        with ledger.read() as session:
            conflicts = local.open_conflicts(session)
    finally:
        ledger.close()
    lines = [
        f"Đã gửi {report.pushed} thay đổi, nhận {report.pulled} bản ghi từ tỉnh "
        f"({report.requests} yêu cầu)."
    ]
    if report.attachments_sent or report.attachments_received:
        lines.append(
            f"Tệp đính kèm: gửi {report.attachments_sent}, nhận {report.attachments_received}."
        )
    if report.repaired:
        lines.append(f"Đã đối chiếu lại: {', '.join(report.repaired)}.")
    if report.resent:
        lines.append(f"Đã gửi lại {report.resent} bản ghi máy chủ không còn giữ.")
    lines.append(
        "Dữ liệu hai bên khớp nhau."
        if report.converged
        else "Dữ liệu hai bên CHƯA khớp: xem nhật ký và đồng bộ lại."
    )
    for c in conflicts:
        lines.append(
            f"Xung đột {c.id}: {c.entity} {c.record_id} trường {c.field}: "
            f"máy này {c.local_value!r}, máy chủ {c.server_value!r}"
        )
    return "\n".join(lines)
