"""Printing jobs: what the CLI, the preview and batch printing call. Each reads the ledger once,
builds the document's data object, and writes the PDF through a temporary file.

    result = print_certificates(ledger, 2025, Path("giay-khen.pdf"), officer="lan")
    result.message   # one Vietnamese line for the officer
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.ledger.commune import current_commune
from desktop.ledger.settings import Settings, read_settings
from desktop.ledger.storage import Ledger
from desktop.printing.certificate import build_certificates
from desktop.printing.decision import build_decision, decision_doc, decision_text
from desktop.printing.dossier import build_dossier, dossier_doc, letter_text, summaries_text
from desktop.printing.fonts import document_font
from desktop.printing.giay_khen import escaped_household_certificates
from desktop.printing.household_forms import (
    build_household_form,
    form_01,
    form_04,
    registration_form,
)
from desktop.printing.households import household_by_code
from desktop.printing.layout import place_date
from desktop.printing.lists import LISTS
from desktop.printing.output import PrintError, write_atomically
from desktop.printing.poverty_certificate import build_poverty_certificate, poverty_certificate_doc
from desktop.printing.report import build_report, report_doc, report_tables
from desktop.printing.report_data import report_figures
from desktop.printing.tables import build_table_pdf, write_table_xlsx
from desktop.printing.text_sheets import TextSheet

Progress = Callable[[int, int], bool]  # (done, total) → False to cancel


@dataclass(frozen=True)
class PrintResult:
    path: Path
    pages: int
    message: str


def _need_commune(session) -> None:  # type: ignore[no-untyped-def]
    if current_commune(session) is None:
        raise PrintError("Sổ chưa thiết lập xã; chạy `sotn init` hoặc mở phần mềm trước.")


def print_certificates(
    ledger: Ledger,
    year: int,
    out: Path,
    *,
    officer: str,
    progress: Progress | None = None,
) -> PrintResult:
    """Every Giấy khen of `year` for households recognised as escaped, one per page."""
    # Register entries are made and the PDF written before the transaction commits: a file that
    # cannot be written leaves no number used.
    with ledger.session() as session:
        _need_commune(session)
        batch = escaped_household_certificates(session, year, officer=officer)
        if not batch.docs:
            raise PrintError(
                f"Năm {year} chưa có Giấy khen nào đã có quyết định khen thưởng cho hộ thoát nghèo."
            )
        font = document_font(batch.font_choice)
        total = len(batch.docs)

        def step(done: int) -> bool:
            return progress is None or progress(done, total) is not False

        pages = write_atomically(
            out,
            lambda tmp: build_certificates(tmp, batch.docs, font, batch.decoration, progress=step),
        )
    note = (
        f"; {batch.newly_registered} giấy mới vào sổ khen thưởng" if batch.newly_registered else ""
    )
    missing = (
        f"; {batch.escaped_without_award} hộ thoát nghèo năm {year} chưa có quyết định khen thưởng"
        if batch.escaped_without_award
        else ""
    )
    return PrintResult(out, pages, f"Đã in {pages} Giấy khen năm {year} vào {out}{note}{missing}")


def print_review_form(ledger: Ledger, form: str, code: str, out: Path) -> PrintResult:
    """A form of Decision 24/2021 filled for one household."""
    with ledger.session() as session:
        _need_commune(session)
        settings = read_settings(session)
        facts = household_by_code(session, code, settings.commune)
        font = document_font(settings["printing.font"])
        if form == "03":
            doc = poverty_certificate_doc(facts, settings)
            write_atomically(out, lambda tmp: build_poverty_certificate(tmp, doc, font))
            label = doc.label
        elif form in ("01", "04"):
            filled = form_01(facts, settings) if form == "01" else form_04(facts, settings)
            write_atomically(out, lambda tmp: build_household_form(tmp, filled, font))
            label = filled.label
        else:
            raise PrintError(f"Không có mẫu “{form}”; chọn 01, 03 hoặc 04.")
    return PrintResult(out, 0, f"Đã in {label} cho hộ {facts.code} ({facts.head_name}) vào {out}")


def print_registration_form(ledger: Ledger, code: str, out: Path) -> PrintResult:
    """The household's voluntary registration to escape poverty, ready to sign."""
    with ledger.session() as session:
        _need_commune(session)
        settings = read_settings(session)
        facts = household_by_code(session, code, settings.commune)
        font = document_font(settings["printing.font"])
        filled = registration_form(session, facts, settings)
        write_atomically(out, lambda tmp: build_household_form(tmp, filled, font))
    return PrintResult(
        out, 0, f"Đã in đơn đăng ký thoát nghèo của hộ {facts.code} ({facts.head_name}) vào {out}"
    )


def _table_out(out: Path) -> bool:
    return out.suffix.lower() == ".xlsx"


def print_list(ledger: Ledger, kind: str, year: int, out: Path) -> PrintResult:
    """A list for `year` (registrations, escaped, support, model-cases) to PDF, or to .xlsx."""
    if kind not in LISTS:
        raise PrintError(f"Không có danh sách “{kind}”; chọn một trong: {', '.join(LISTS)}.")
    with ledger.session() as session:
        _need_commune(session)
        settings = read_settings(session)
        doc = LISTS[kind](session, year, settings)
    if doc.row_count == 0:
        raise PrintError(f"{doc.title[:1]}{doc.title[1:].lower()}: không có hộ nào trong sổ.")
    if _table_out(out):
        write_atomically(out, lambda tmp: write_table_xlsx([doc], tmp))
    else:
        font = document_font(settings["printing.font"])
        write_atomically(
            out,
            lambda tmp: build_table_pdf(
                tmp,
                [doc],
                font,
                issuer=settings.lines("issuer.name"),
                place_and_date=place_date(settings["issuer.place"], date.today()),
                signer=signer(settings),
            ),
        )
    return PrintResult(out, 0, f"Đã in {doc.title.lower()} ({doc.row_count} dòng) vào {out}")


def signer(settings: Settings) -> tuple[str, str, str]:
    return settings["signer.capacity"], settings["signer.title"], settings["signer.name"]


def print_decision(ledger: Ledger, year: int, out: Path) -> PrintResult:
    """Mẫu số 02 after the review of `year`, with its four lists (to .xlsx: the decision's text
    on the first sheet, then one sheet per list)."""
    with ledger.session() as session:
        _need_commune(session)
        settings = read_settings(session)
        doc = decision_doc(session, year, settings)
    if _table_out(out):
        text = TextSheet("Quyết định", decision_text(doc))
        write_atomically(out, lambda tmp: write_table_xlsx(list(doc.lists), tmp, before=[text]))
    else:
        font = document_font(settings["printing.font"])
        write_atomically(out, lambda tmp: build_decision(tmp, doc, font))
    f = doc.figures
    return PrintResult(
        out,
        0,
        f"Đã in {doc.label} (rà soát cuối năm {year}): {f['poor']} hộ nghèo, {f['near_poor']} hộ "
        f"cận nghèo, {f['escaped']} hộ thoát nghèo, {f['escaped_near']} hộ thoát cận nghèo, "
        f"vào {out}",
    )


def print_report(ledger: Ledger, year: int, out: Path, *, today: date | None = None) -> PrintResult:
    """The yearly movement report to the province (to .xlsx: its figures as tables)."""
    with ledger.session() as session:
        _need_commune(session)
        settings = read_settings(session)
        try:
            figures = report_figures(session, year, settings)
        except ValueError as exc:
            raise PrintError(str(exc)) from exc
    doc = report_doc(figures, settings, today or date.today())
    if _table_out(out):
        write_atomically(out, lambda tmp: write_table_xlsx(report_tables(doc), tmp))
    else:
        font = document_font(settings["printing.font"])
        write_atomically(out, lambda tmp: build_report(tmp, doc, font))
    deadline = f" (hạn gửi {figures.deadline})" if figures.deadline else ""
    return PrintResult(out, 0, f"Đã lập báo cáo phong trào năm {year}{deadline} vào {out}")


def print_dossier(ledger: Ledger, year: int, form: str, out: Path) -> PrintResult:
    """The commendation dossier of `year` for one form (to .xlsx: the proposal letter, the list
    of subjects, the summaries of achievements)."""
    with ledger.session() as session:
        _need_commune(session)
        settings = read_settings(session)
        doc = dossier_doc(session, year, form, settings)
    if _table_out(out):
        letter = TextSheet("Tờ trình", letter_text(doc))
        summaries = TextSheet("Tóm tắt thành tích", summaries_text(doc))
        write_atomically(
            out,
            lambda tmp: write_table_xlsx([doc.table], tmp, before=[letter], after=[summaries]),
        )
    else:
        font = document_font(settings["printing.font"])
        write_atomically(out, lambda tmp: build_dossier(tmp, doc, font))
    return PrintResult(
        out,
        0,
        f"Đã in hồ sơ đề nghị khen thưởng năm {year}: {len(doc.summaries)} đề nghị, vào {out}",
    )
