"""`sotn print …`: the arguments, and the call to the printing job. Imports reportlab only when a
document is actually printed, so `sotn --help` stays quick."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.ledger.errors import InputError
from desktop.ledger.paths import DataFolder

LISTS = ("registrations", "escaped", "support", "model-cases")


def add_print_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("print", help="in giấy khen, biểu mẫu, danh sách, báo cáo ra tệp PDF")
    docs = p.add_subparsers(dest="document", required=True, parser_class=type(p))

    def out(q: argparse.ArgumentParser) -> None:
        q.add_argument("--out", required=True, help="tệp PDF (hoặc .xlsx với danh sách, báo cáo)")

    q = docs.add_parser("report", help="báo cáo kết quả phong trào thi đua hằng năm")
    q.add_argument("--year", type=int, required=True)
    out(q)
    q = docs.add_parser(
        "certificates", help="Giấy khen cho hộ thoát nghèo được công nhận trong năm"
    )
    q.add_argument("--year", type=int, required=True, help="năm rà soát, công nhận thoát nghèo")
    out(q)
    q = docs.add_parser("list", help="danh sách theo năm, theo thôn (PDF hoặc .xlsx)")
    q.add_argument("kind", choices=LISTS)
    q.add_argument("--year", type=int, required=True)
    out(q)
    q = docs.add_parser("decision", help="Mẫu số 02: quyết định công nhận danh sách, kèm danh sách")
    q.add_argument("--year", type=int, required=True, help="năm rà soát (danh sách năm sau)")
    out(q)
    q = docs.add_parser(
        "dossier", help="hồ sơ đề nghị khen thưởng: tờ trình, danh sách, thành tích"
    )
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--form", default="giay_khen", help="hình thức khen thưởng (mặc định giay_khen)")
    out(q)
    q = docs.add_parser("form", help="đơn tự nguyện đăng ký thoát nghèo của một hộ")
    q.add_argument("--household", required=True, help="mã hộ")
    out(q)
    q = docs.add_parser("review-form", help="Mẫu số 01, 03, 04 (Quyết định 24/2021/QĐ-TTg)")
    q.add_argument("form", choices=["01", "03", "04"])
    q.add_argument("--household", required=True, help="mã hộ")
    out(q)


def run_print(args: argparse.Namespace, folder: DataFolder, officer: str) -> str:
    from desktop.ledger.storage import open_data_folder
    from desktop.printing import jobs

    if not folder.database.exists():
        raise InputError(f"Chưa có dữ liệu tại {folder.root}; chạy `sotn init` hoặc `sotn demo`.")
    ledger = open_data_folder(folder)
    out = Path(args.out)
    try:
        if args.document == "report":
            result = jobs.print_report(ledger, args.year, out)
        elif args.document == "certificates":
            result = jobs.print_certificates(ledger, args.year, out, officer=officer)
        elif args.document == "list":
            result = jobs.print_list(ledger, args.kind, args.year, out)
        elif args.document == "decision":
            result = jobs.print_decision(ledger, args.year, out)
        elif args.document == "dossier":
            result = jobs.print_dossier(ledger, args.year, args.form, out)
        elif args.document == "form":
            result = jobs.print_registration_form(ledger, args.household, out)
        elif args.document == "review-form":
            result = jobs.print_review_form(ledger, args.form, args.household, out)
        else:  # argparse refuses anything else
            raise ValueError(f"Không in được “{args.document}”.")
    finally:
        ledger.close()
    return result.message
