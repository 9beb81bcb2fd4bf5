"""Every printable document in one list, for the app's print screen: its Vietnamese name, what it
needs (a year or a household), whether it also goes to Excel, and the job that makes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.ledger.storage import Ledger
from desktop.printing import jobs
from desktop.printing.output import PrintError


@dataclass(frozen=True)
class Document:
    key: str
    label: str
    needs: str  # "year" or "household"
    excel: bool = False
    batch: bool = False  # many pages of one kind: printed in a worker with progress


DOCUMENTS: tuple[Document, ...] = (
    Document("report", "Báo cáo kết quả phong trào thi đua năm", "year", excel=True),
    Document("certificates", "Giấy khen cho hộ thoát nghèo trong năm", "year", batch=True),
    Document(
        "decision", "Mẫu số 02 – Quyết định công nhận danh sách (kèm danh sách)", "year", excel=True
    ),
    Document("list:registrations", "Danh sách hộ đăng ký thoát nghèo", "year", excel=True),
    Document("list:escaped", "Danh sách hộ thoát nghèo", "year", excel=True),
    Document("list:support", "Danh sách hỗ trợ đã nhận", "year", excel=True),
    Document("list:model-cases", "Danh sách mô hình, điển hình", "year", excel=True),
    Document("dossier", "Hồ sơ đề nghị tặng Giấy khen", "year", excel=True),
    Document("form", "Đơn tự nguyện đăng ký thoát nghèo", "household"),
    Document("review-form:01", "Mẫu số 01 – Giấy đề nghị rà soát", "household"),
    Document("review-form:03", "Mẫu số 03 – Giấy chứng nhận hộ nghèo, hộ cận nghèo", "household"),
    Document("review-form:04", "Mẫu số 04 – Giấy đề nghị công nhận thoát nghèo", "household"),
)


def document(key: str) -> Document:
    return next(d for d in DOCUMENTS if d.key == key)


def make(
    ledger: Ledger,
    key: str,
    out: Path,
    *,
    year: int | None = None,
    household: str = "",
    officer: str,
    progress: jobs.Progress | None = None,
) -> jobs.PrintResult:
    """Make document `key` at `out` (.pdf, or .xlsx where `excel` is true)."""
    kind, _, detail = key.partition(":")
    if document(key).needs == "year" and year is None:
        raise PrintError("Hãy chọn năm.")
    if document(key).needs == "household" and not household.strip():
        raise PrintError("Hãy nhập mã hộ.")
    y = year or 0
    if kind == "report":
        return jobs.print_report(ledger, y, out)
    if kind == "certificates":
        return jobs.print_certificates(ledger, y, out, officer=officer, progress=progress)
    if kind == "decision":
        return jobs.print_decision(ledger, y, out)
    if kind == "list":
        return jobs.print_list(ledger, detail, y, out)
    if kind == "dossier":
        return jobs.print_dossier(ledger, y, "giay_khen", out)
    if kind == "form":
        return jobs.print_registration_form(ledger, household, out)
    return jobs.print_review_form(ledger, detail, household, out)
