"""The `sotn` command: with no sub-command it opens the desktop app; otherwise it parses
arguments, calls the ledger, and prints one clear line (errors in Vietnamese, exit 1)."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.ledger.errors import LedgerError, bug_message, explain
from desktop.ledger.logfile import current_log_file, log_to_folder
from desktop.ledger.paths import DATA_DIR_ENV, DataFolder, data_folder, output_file
from desktop.ledger.rules import province_files

if TYPE_CHECKING:
    from desktop.ledger.storage import Ledger

log = logging.getLogger(__name__)
OFFICER_ENV = "SOTN_OFFICER"


class CliError(LedgerError):
    """A problem to report in one Vietnamese line."""


def _officer() -> str:
    return os.environ.get(OFFICER_ENV) or f"cli:{getpass.getuser()}"


def cmd_init(args: argparse.Namespace, folder: DataFolder) -> str:
    from desktop.ledger.commune import set_up_commune
    from desktop.ledger.places import official_commune

    official_commune(args.province, args.commune)  # unknown codes: refused before any file
    ledger = _open(folder)
    try:
        with ledger.session() as session:
            commune = set_up_commune(session, args.province, args.commune, officer=_officer())
    finally:
        ledger.close()
    return f"Đã thiết lập sổ cho {commune.name}, {commune.province_name} tại {folder.root}"


def _commune_province(folder: DataFolder) -> int | None:
    """The province of the commune this data folder keeps, if it was set up."""
    if not folder.database.exists():
        return None
    from desktop.ledger.commune import current_commune
    from desktop.ledger.storage import open_ledger

    ledger = open_ledger(folder.database)
    try:
        with ledger.session() as session:
            commune = current_commune(session)
    finally:
        ledger.close()
    return commune.province_code if commune else None


def _income(text: str) -> int:
    from desktop.ledger.rules.values import InvalidValue, parse_money

    try:
        amount = parse_money(text)
    except InvalidValue as exc:
        raise CliError(f"--income: {exc}") from exc
    if amount is None:
        raise CliError("--income: cần thu nhập bình quân đầu người/tháng (vd. 1.500.000).")
    return amount


def cmd_classify(args: argparse.Namespace, folder: DataFolder) -> str:
    from desktop.ledger.rules.classify import classify_household
    from desktop.ledger.vocabulary import AREA_LABELS, CATEGORY_LABELS, Area, Category

    deprived: int | list[str]
    text = args.deprived.strip()
    deprived = int(text) if text.isdigit() else [c.strip() for c in text.split(",") if c.strip()]
    # The same standard the app uses for this commune: its province's own, if it has one.
    province = args.province if args.province is not None else _commune_province(folder)
    result = classify_household(
        year=args.year,
        area=args.area,
        income=_income(args.income),
        deprivations=deprived,
        province_code=province,
        standards_dir=folder.standards,
    )
    standard = result.standard
    if args.json:
        return json.dumps(
            {
                "category": result.category,
                "category_label": CATEGORY_LABELS[Category(result.category)],
                "standard": standard.id,
                "standard_name": standard.name,
                "standard_note": standard.in_force_note(),
                "province_code": standard.province_code,
                "provisional": standard.provisional,
                "list_year": args.year,
                "review_year": args.year - 1,
            },
            ensure_ascii=False,
        )
    label = CATEGORY_LABELS[Category(result.category)]
    note = " Chuẩn tạm thời, cần đối chiếu văn bản." if standard.provisional else ""
    return (
        f"{label} – {standard.in_force_note()}; {standard.name}"
        f" ({AREA_LABELS[Area(args.area)].lower()}, danh sách năm {args.year},"
        f" rà soát cuối năm {args.year - 1}).{note} [{result.category}, {standard.id}]"
    )


def cmd_demo(args: argparse.Namespace, folder: DataFolder) -> str:
    from desktop.ledger.demo import make_demo

    ledger = _open(folder)
    try:
        # The command has the new ledger to itself: its one large transaction writes each page
        # once, through a rollback journal, instead of twice through the WAL.
        with ledger.rollback_journal():
            summary = make_demo(
                ledger, households=args.households, seed=args.seed, officer=_officer()
            )
    finally:
        ledger.close()
    return (
        f"Đã tạo dữ liệu mẫu cho {summary.commune}: {summary.households} hộ, "
        f"{summary.members} nhân khẩu, {summary.villages} thôn/xóm, "
        f"{summary.registrations} hộ đăng ký thoát nghèo, tại {folder.root}"
    )


def cmd_import(args: argparse.Namespace, folder: DataFolder) -> str:
    from desktop.ledger.excel.households_import import import_households
    from desktop.ledger.excel.report import os_reason, write_report

    ledger = _open(folder)
    try:
        result = import_households(
            ledger, Path(args.file), officer=_officer(), dry_run=args.dry_run, year=args.year
        )
    finally:
        ledger.close()
    if not args.report:
        return result.summary()
    try:
        return f"{result.summary()}; báo cáo: {write_report(result, Path(args.report))}"
    except OSError as exc:
        # The rows are in the ledger: saying "failed" would make the officer import them again.
        done = "" if result.dry_run else " Danh sách ĐÃ được nhập vào sổ: đừng nhập lại tệp này."
        return f"{result.summary()}\nKhông ghi được báo cáo {args.report}: {os_reason(exc)}.{done}"


def cmd_export(args: argparse.Namespace, folder: DataFolder) -> str:
    from desktop.ledger.excel.export import export_list

    out = output_file(args.out, example=f"{args.list}.xlsx", ledger=folder.database)
    ledger = _open(folder)
    try:
        count = export_list(ledger, args.list, out)
    finally:
        ledger.close()
    return f"Đã xuất {count} dòng vào {out}"


def cmd_backup(args: argparse.Namespace, folder: DataFolder) -> str:
    from desktop.ledger.storage.backup import copy_database

    if not folder.database.exists():
        raise CliError(f"Chưa có dữ liệu tại {folder.root} để sao lưu.")
    out = output_file(args.out, example="sao-luu.sqlite.gz", ledger=folder.database)
    dest = copy_database(folder.database, out)
    return f"Đã sao lưu vào {dest}"


def _confirm(question: str) -> bool:
    """Ask on the terminal; a script (no terminal) must say --yes instead."""
    if not sys.stdin.isatty():
        return False
    sys.stderr.write(f"{question} Gõ “co” để đồng ý: ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in {"co", "có", "c", "y", "yes"}


def cmd_restore(args: argparse.Namespace, folder: DataFolder) -> str:
    from desktop.ledger.storage.database import open_ledger
    from desktop.ledger.storage.restore import plan_restore, restore

    source = Path(args.file).expanduser()
    with plan_restore(source, folder, live_damaged=args.ledger_damaged) as plan:
        if plan.loss.total and not args.yes:
            print(f"{plan.summary()} {plan.loss.describe()}", file=sys.stderr)
            if not _confirm("Phục hồi và bỏ các thay đổi đó khỏi sổ?"):
                raise CliError(
                    "Chưa phục hồi gì. Nếu chắc chắn, chạy lại với --yes (các thay đổi trên "
                    "vẫn được giữ trong bản lưu giữ trước phục hồi)."
                )
        done = restore(plan, officer=_officer())
        lost = f" {plan.loss.describe()}" if plan.loss.total else ""
    open_ledger(folder.database).close()  # opens as the app will
    kept = f"; dữ liệu cũ được giữ tại {done.safety_copy}" if done.safety_copy else ""
    return f"Đã phục hồi từ {source} ({plan.commune or 'chưa thiết lập xã'}){kept}.{lost}"


def _open(folder: DataFolder) -> Ledger:
    """The ledger as the app opens it; what the officer should know goes to stderr."""
    from desktop.ledger.storage import open_data_folder

    ledger = open_data_folder(folder)
    for notice in ledger.notices:
        print(f"Cảnh báo: {notice}", file=sys.stderr)
    return ledger


def cmd_print(args: argparse.Namespace, folder: DataFolder) -> str:
    from desktop.printing.commands import run_print

    return run_print(args, folder, _officer())


COMMANDS: dict[str, Callable[[argparse.Namespace, DataFolder], str]] = {
    "init": cmd_init,
    "classify": cmd_classify,
    "demo": cmd_demo,
    "import": cmd_import,
    "export": cmd_export,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "print": cmd_print,
}


def _sync_commands() -> None:
    from sync.commands import cmd_enrol, cmd_sync

    COMMANDS.update(enrol=cmd_enrol, sync=cmd_sync)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(f"Câu lệnh chưa đúng: {message}. Xem `sotn --help`.")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sotn", description="Sổ Thoát Nghèo: sổ theo dõi giảm nghèo của xã.")
    parser.add_argument(
        "--data-dir", help=f"thư mục dữ liệu (mặc định: ${DATA_DIR_ENV} hoặc thư mục người dùng)"
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("init", help="thiết lập sổ cho một xã")
    p.add_argument("--province", type=int, required=True, help="mã tỉnh (vd. 4: Cao Bằng)")
    p.add_argument("--commune", type=int, required=True, help="mã xã (vd. 1576: Xã Quảng Uyên)")

    p = sub.add_parser("classify", help="phân loại hộ theo chuẩn nghèo của năm áp dụng")
    p.add_argument("--year", type=int, required=True, help="năm áp dụng danh sách")
    p.add_argument(
        "--area",
        choices=["rural", "urban"],
        required=True,
        help="rural: nông thôn, urban: thành thị",
    )
    p.add_argument(
        "--income",
        required=True,
        help="thu nhập bình quân đầu người/tháng, đồng (vd. 1500000 hoặc 1.500.000)",
    )
    p.add_argument(
        "--deprived", required=True, help="số chỉ số thiếu hụt, hoặc mã cách nhau dấu phẩy"
    )
    p.add_argument(
        "--province",
        type=int,
        help="mã tỉnh có chuẩn nghèo riêng (mặc định: tỉnh của xã trong thư mục dữ liệu)",
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("demo", help="tạo một xã mẫu để làm quen (trong thư mục dữ liệu trống)")
    p.add_argument("--households", type=int, default=400, help="số hộ (mặc định 400)")
    p.add_argument(
        "--seed", type=int, default=2025, help="số khởi tạo ngẫu nhiên (cùng số cho cùng dữ liệu)"
    )

    p = sub.add_parser("import", help="nhập danh sách hộ (.xlsx, .xls, .ods, .csv)")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="chạy thử: chỉ báo cáo, không ghi")
    p.add_argument("--report", help="ghi báo cáo từng dòng ra tệp .xlsx")
    p.add_argument("--year", type=int, help="năm áp dụng của phân loại trong danh sách")

    p = sub.add_parser("export", help="xuất một danh sách ra Excel")
    p.add_argument(
        "list", choices=["households", "registrations", "support", "model-cases", "proposals"]
    )
    p.add_argument("--out", required=True, help="tệp .xlsx")

    p = sub.add_parser("backup", help="sao lưu dữ liệu (kể cả khi phần mềm đang mở)")
    p.add_argument("--out", required=True, help="tệp sao lưu (.sqlite, hoặc .sqlite.gz để nén)")

    p = sub.add_parser("restore", help="phục hồi dữ liệu từ tệp sao lưu (.sqlite hoặc .sqlite.gz)")
    p.add_argument("file")
    p.add_argument(
        "--yes", action="store_true", help="đồng ý bỏ các thay đổi sau bản sao lưu, không hỏi"
    )
    p.add_argument(
        "--ledger-damaged",
        action="store_true",
        help="sổ hiện tại hỏng, không đọc được: phục hồi đè lên, giữ tệp hỏng trong backups",
    )

    from desktop.printing.commands import add_print_parser

    add_print_parser(sub)

    from sync.commands import add_parsers  # sotn enrol, sotn sync

    add_parsers(sub)
    _sync_commands()
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    folder: DataFolder | None = None
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            from desktop.app import main as run_app

            return run_app(data_dir=args.data_dir)
        folder = data_folder(args.data_dir)
        log_to_folder(folder)  # the file is made on the first message only
        province_files.use_data_folder(folder.root)  # the province's own standard and plan
        print(COMMANDS[args.command](args, folder))
        return 0
    except LedgerError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        known = explain(exc, folder.root if folder else None)
        if known is not None:
            print(f"Lỗi: {known}", file=sys.stderr)
            return 1
        log.error("sotn %s failed", " ".join(argv), exc_info=exc)
        print(f"Lỗi phần mềm: {bug_message(exc, current_log_file())}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
