"""`sotn-server`: the provincial server's command (serve, create-user, devices)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import timedelta
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING

from sync.server.database import DATA_DIR_ENV, DATABASE_URL_ENV, ServerDatabaseError
from sync.server.uploads import DEFAULT_MAX_AGE

# How long an unfinished upload is kept (hours); `serve --abandoned-upload-hours` sets it.
UPLOAD_HOURS_ENV = "SOTN_ABANDONED_UPLOAD_HOURS"

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)


def _logging(data_dir: str | None) -> None:
    from sync.server.database import server_data_dir

    handlers: list[logging.Handler] = [logging.StreamHandler()]
    try:
        folder = server_data_dir(data_dir) / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handlers.append(
            RotatingFileHandler(folder / "server.log", maxBytes=5_000_000, backupCount=5)
        )
    except OSError as exc:
        print(f"Không ghi được nhật ký vào thư mục dữ liệu: {exc}", file=sys.stderr)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
    )


def app_from_env() -> FastAPI:
    """The app for `uvicorn --factory` (several worker processes share one PostgreSQL)."""
    from sync.server.app import create_app
    from sync.server.database import open_database

    return create_app(
        open_database(os.environ.get(DATABASE_URL_ENV), os.environ.get(DATA_DIR_ENV)),
        _upload_max_age(None),
    )


def _upload_max_age(hours: float | None) -> timedelta:
    if hours is None:
        text = os.environ.get(UPLOAD_HOURS_ENV)
        if not text:
            return DEFAULT_MAX_AGE
        try:
            hours = float(text)
        except ValueError:
            raise ValueError(f"${UPLOAD_HOURS_ENV} phải là số giờ, không phải “{text}”.") from None
    if not hours > 0:
        raise ValueError("Thời gian giữ gói gửi dở phải lớn hơn 0 giờ.")
    return timedelta(hours=hours)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server.app import create_app
    from sync.server.database import open_database

    max_age = _upload_max_age(args.abandoned_upload_hours)
    engine = open_database(args.database_url, args.data_dir)
    if args.workers > 1:
        if args.database_url:
            os.environ[DATABASE_URL_ENV] = args.database_url
        if args.data_dir:
            os.environ[DATA_DIR_ENV] = args.data_dir
        os.environ[UPLOAD_HOURS_ENV] = str(max_age.total_seconds() / 3600)
        engine.dispose()
        uvicorn.run(
            "sync.server.main:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=None,
        )
        return 0
    uvicorn.run(
        create_app(engine, max_age),
        host=args.host,
        port=args.port,
        log_config=None,
        timeout_keep_alive=30,
    )
    return 0


def cmd_clean_uploads(args: argparse.Namespace) -> int:
    """For a cron job, or by hand: the server also does it by itself while it runs."""
    from sync.server.database import open_database
    from sync.server.uploads import clean_abandoned

    max_age = _upload_max_age(args.older_than_hours)
    with open_database(args.database_url, args.data_dir).begin() as conn:
        removed = clean_abandoned(conn, max_age)
    print(f"Đã xoá {removed} gói gửi dở bị bỏ quá {max_age.total_seconds() / 3600:g} giờ.")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from sync.server.accounts import create_user
    from sync.server.database import open_database

    engine = open_database(args.database_url, args.data_dir)
    with engine.begin() as conn:
        create_user(conn, args.username, args.password, args.role, args.province, args.commune)
    print(f"Đã tạo tài khoản {args.username.strip().lower()} ({args.role}).")
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    from sync.server.accounts import list_devices
    from sync.server.database import open_database

    with open_database(args.database_url, args.data_dir).connect() as conn:
        for d in list_devices(conn):
            state = "đã thu hồi" if d["revoked_at"] else "đang dùng"
            print(f"{d['id']}  {d['username']}  {d['name']}  {state}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from sync.server.accounts import revoke_device
    from sync.server.database import open_database

    with open_database(args.database_url, args.data_dir).begin() as conn:
        if not revoke_device(conn, args.device):
            raise ValueError(f"Không có thiết bị đang dùng mã {args.device}.")
    print(f"Đã thu hồi thiết bị {args.device}.")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from sync.server.database import open_database
    from sync.server.reference import publish

    path = Path(args.file)
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"Không đọc được tệp {path}: {exc}") from exc
    name = args.name or path.stem.lower()
    with open_database(args.database_url, args.data_dir).begin() as conn:
        count = publish(conn, args.province, args.kind, name, content, args.by)
    print(f"Đã ban hành {args.kind}/{name} cho {count} xã của tỉnh {args.province}.")
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    from sync.server.database import open_database
    from sync.server.reference import withdraw

    with open_database(args.database_url, args.data_dir).begin() as conn:
        count = withdraw(conn, args.province, args.kind, args.name)
    if not count:
        raise ValueError(f"Tỉnh {args.province} chưa ban hành {args.kind}/{args.name}.")
    print(f"Đã thu hồi {args.kind}/{args.name} ở {count} xã.")
    return 0


def cmd_references(args: argparse.Namespace) -> int:
    from sync.server.database import open_database
    from sync.server.reference import listing

    with open_database(args.database_url, args.data_dir).connect() as conn:
        for d in listing(conn, args.province):
            print(f"{d['kind']}/{d['name']}  {d['source'] or '-'}  {d['communes']} xã")
    return 0


def cmd_check_summaries(args: argparse.Namespace) -> int:
    """After a hand edit or a partial restore: the kept checksums against the records."""
    from sqlalchemy import select

    from sync.server.database import open_database
    from sync.server.feed import check_kept
    from sync.server.tables import communes

    engine = open_database(args.database_url, args.data_dir)
    with engine.connect() as conn:
        codes = [int(c) for c in conn.scalars(select(communes.c.code).order_by(communes.c.code))]
    if args.commune is not None:
        if args.commune not in codes:
            raise ValueError(f"Máy chủ chưa có xã {args.commune}.")
        codes = [args.commune]
    wrong = [code for code in codes if not check_kept(engine, code)]
    for code in wrong:
        print(f"Xã {code}: tổng kiểm tra đã lưu lệch với dữ liệu; đã tính lại từ dữ liệu.")
    print(f"Đã kiểm tra {len(codes)} xã: {len(codes) - len(wrong)} khớp, {len(wrong)} tính lại.")
    return 1 if wrong else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sotn-server", description="Máy chủ tỉnh Sổ Thoát Nghèo")
    parser.add_argument("--data-dir", help="thư mục dữ liệu của máy chủ (mặc định SQLite ở đó)")
    parser.add_argument("--database-url", help=f"PostgreSQL (hoặc ${DATABASE_URL_ENV})")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="chạy máy chủ")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--abandoned-upload-hours",
        type=float,
        help=f"xoá gói gửi dở không ai gửi tiếp sau số giờ này (mặc định 48, ${UPLOAD_HOURS_ENV})",
    )
    serve.set_defaults(run=cmd_serve)
    user = sub.add_parser("create-user", help="tạo tài khoản")
    user.add_argument("--username", required=True)
    user.add_argument("--password", required=True)
    user.add_argument("--role", required=True, choices=["admin", "province", "commune"])
    user.add_argument("--province", type=int)
    user.add_argument("--commune", type=int)
    user.set_defaults(run=cmd_create_user)
    sub.add_parser("devices", help="liệt kê thiết bị đã đăng ký").set_defaults(run=cmd_devices)
    revoke = sub.add_parser("revoke-device", help="thu hồi mã của một thiết bị")
    revoke.add_argument("device")
    revoke.set_defaults(run=cmd_revoke)
    kinds = ["poverty_standard", "emulation_plan"]
    pub = sub.add_parser("publish-reference", help="ban hành chuẩn nghèo/kế hoạch thi đua của tỉnh")
    pub.add_argument("file", help="tệp YAML")
    pub.add_argument("--province", type=int, required=True)
    pub.add_argument("--kind", required=True, choices=kinds)
    pub.add_argument("--name", help="tên văn bản (mặc định: tên tệp)")
    pub.add_argument("--by", default="quản trị", help="người ban hành (ghi lại)")
    pub.set_defaults(run=cmd_publish)
    wd = sub.add_parser("withdraw-reference", help="thu hồi một văn bản đã ban hành")
    wd.add_argument("--province", type=int, required=True)
    wd.add_argument("--kind", required=True, choices=kinds)
    wd.add_argument("--name", required=True)
    wd.set_defaults(run=cmd_withdraw)
    refs = sub.add_parser("references", help="văn bản tỉnh đang áp dụng")
    refs.add_argument("--province", type=int, required=True)
    refs.set_defaults(run=cmd_references)
    clean = sub.add_parser("clean-uploads", help="xoá các gói gửi dở đã bị bỏ")
    clean.add_argument("--older-than-hours", type=float, help="mặc định 48")
    clean.set_defaults(run=cmd_clean_uploads)
    check = sub.add_parser(
        "check-summaries", help="đối chiếu tổng kiểm tra đã lưu với dữ liệu (sau khi sửa tay)"
    )
    check.add_argument("--commune", type=int, help="chỉ một xã (mặc định: mọi xã)")
    check.set_defaults(run=cmd_check_summaries)
    # Options given after the sub-command work too (`serve --database-url …`).
    for p in (serve, user, revoke, clean, pub, wd, refs, check):
        p.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS)
        p.add_argument("--database-url", dest="database_url", default=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _logging(args.data_dir)
    try:
        return int(args.run(args))
    except (ValueError, ServerDatabaseError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # a database that cannot be reached, for instance
        log.exception("sotn-server failed")
        print(f"Lỗi máy chủ: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
