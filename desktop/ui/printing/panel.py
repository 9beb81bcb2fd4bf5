"""The print screen: pick a document and its year or household, preview it, then print it through
the system print dialog, save it as PDF or export it to Excel. Everything slow (making the PDF,
rendering the preview, sending pages to the printer) runs in a worker with a progress bar and a
cancel button; the PDF is made once, in a private folder of the data folder, and reused."""

from __future__ import annotations

import logging
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger.errors import bug_message, explain
from desktop.ledger.storage import Ledger
from desktop.printing.catalogue import DOCUMENTS, document, make
from desktop.printing.jobs import PrintResult
from desktop.printing.output import Cancelled, PrintError, write_atomically
from desktop.ui import texts
from desktop.ui.printing.render import page_count, print_pdf, render_pages
from desktop.ui.printing.worker import PrintWorker, Step

log = logging.getLogger(__name__)
PREVIEW_DPI = 80
PREVIEW_PAGES = 30  # a batch of 1,000 certificates previews its first pages only


class PrintPanel(QWidget):
    """Usable on its own (the navigation's "In và báo cáo") or inside `PrintDialog`."""

    preview_ready = Signal(int)  # pages in the document
    done = Signal(str)  # a Vietnamese line saying what was made, saved or printed
    failed = Signal(str)

    def __init__(self, ledger: Ledger, *, officer: str, work_dir: Path | None = None) -> None:
        super().__init__()
        self.ledger, self.officer = ledger, officer
        self._dir = Path(tempfile.mkdtemp(prefix="in-", dir=work_dir))
        self.pdf: Path | None = None
        self._made_for: tuple[str, int, str] | None = None
        self.worker = PrintWorker(self)
        self._build()
        self.worker.busy.connect(self._busy)
        self.worker.progress.connect(self._progress)
        self.destroyed.connect(lambda *_: shutil.rmtree(self._dir, ignore_errors=True))

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.kind = QComboBox()
        for d in DOCUMENTS:
            self.kind.addItem(d.label, d.key)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year - (1 if date.today().month < 11 else 0))
        self.household = QLineEdit()
        self.household.setPlaceholderText("Mã hộ, ví dụ QU-00001")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: long names
        form.addRow("Văn bản:", self.kind)
        form.addRow("Năm:", self.year)
        form.addRow("Mã hộ:", self.household)
        self.preview_button = QPushButton("&Xem trước")
        self.print_button = QPushButton("&In…")
        self.save_button = QPushButton("&Lưu PDF…")
        self.excel_button = QPushButton("Xuất &Excel…")
        self.cancel_button = QPushButton("Hủy")
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.ask_and_print)
        self.save_button.clicked.connect(self.ask_and_save)
        self.excel_button.clicked.connect(self.ask_and_export)
        self.cancel_button.clicked.connect(self.worker.cancel)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        side = QVBoxLayout()
        side.addLayout(form)
        for button in (self.preview_button, self.print_button, self.save_button, self.excel_button):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(self.status)
        side.addWidget(self.progress)
        side.addWidget(self.cancel_button)
        left = QWidget()
        left.setLayout(side)
        left.setFixedWidth(360)
        self.pages = QVBoxLayout()
        self.pages.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget()
        holder.setLayout(self.pages)
        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.page_area.setWidget(holder)
        holder.setStyleSheet("background: #8a8a8a;")
        row = QHBoxLayout(self)
        row.addWidget(left)
        row.addWidget(self.page_area, 1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self._busy(False)

    def _kind_changed(self) -> None:
        d = document(self.kind.currentData())
        self.year.setEnabled(d.needs == "year")
        self.household.setEnabled(d.needs == "household")
        self.excel_button.setVisible(d.excel)

    def _busy(self, busy: bool) -> None:
        for w in (
            self.preview_button,
            self.print_button,
            self.save_button,
            self.excel_button,
            self.kind,
            self.year,
            self.household,
        ):
            w.setEnabled(not busy)
        if not busy:
            self._kind_changed()
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    # -- actions ---------------------------------------------------------------------------

    def choice(self) -> tuple[str, int, str]:
        return self.kind.currentData(), self.year.value(), self.household.text().strip()

    def select(self, key: str, *, year: int | None = None, household: str = "") -> None:
        self.kind.setCurrentIndex(self.kind.findData(key))
        if year is not None:
            self.year.setValue(year)
        self.household.setText(household)

    def _make(self, then: Any) -> None:
        """Make the chosen document's PDF (once for the same choice), then call `then(path)`."""
        choice = self.choice()
        if self.pdf is not None and self._made_for == choice:
            then(self.pdf)
            return
        key, year, household = choice
        out = self._dir / f"{key.replace(':', '-')}-{year}.pdf"
        ledger, officer = self.ledger, self.officer
        self.status.setText("Đang tạo văn bản…")

        def work(step: Step) -> PrintResult:
            return make(
                ledger, key, out, year=year, household=household, officer=officer, progress=step
            )

        def made(result: PrintResult) -> None:
            self.pdf, self._made_for = result.path, choice
            self.status.setText(result.message.replace(str(out), "bản xem trước"))
            then(result.path)

        self.worker.start(work, made, self._failed)

    def preview(self) -> None:
        self._make(self._render)

    def _render(self, path: Path) -> None:
        def work(step: Step) -> tuple[int, list[QImage]]:
            total = page_count(path)
            images = []
            for first in range(0, min(total, PREVIEW_PAGES)):
                images += render_pages(path, PREVIEW_DPI, first=first, last=first + 1)
                if not step(first + 1, min(total, PREVIEW_PAGES)):
                    raise Cancelled()
            return total, images

        self.worker.start(work, self._show, self._failed)

    def _show(self, result: tuple[int, list[QImage]]) -> None:
        total, images = result
        while self.pages.count():
            item = self.pages.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for image in images:
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setStyleSheet("background: white; margin: 6px;")
            self.pages.addWidget(page)
        if total > len(images):
            self.pages.addWidget(QLabel(f"… và {total - len(images)} trang nữa (có trong bản in)."))
        self.preview_ready.emit(total)

    def ask_and_print(self) -> None:
        self._make(self._ask_printer)

    def _ask_printer(self, path: Path) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        first = render_pages(path, 10, first=0, last=1)[0]
        landscape = first.width() > first.height()
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        )
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("In văn bản")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Send the chosen document to `printer` (already set up) in the worker."""

        def send(path: Path) -> None:
            self.status.setText("Đang gửi tới máy in…")
            self.worker.start(
                lambda step: print_pdf(path, printer, step=step),
                lambda pages: self._done(f"Đã gửi {pages} trang tới máy in."),
                self._failed,
            )

        self._make(send)

    def ask_and_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Lưu PDF", self._suggested(".pdf"), "PDF (*.pdf)"
        )
        if name:
            self.save_pdf(Path(name))

    def save_pdf(self, target: Path) -> None:
        def copy(path: Path) -> None:
            self.worker.start(
                lambda _step: write_atomically(target, lambda tmp: shutil.copyfile(path, tmp)),
                lambda _r: self._done(f"Đã lưu {target}"),
                self._failed,
            )

        self._make(copy)

    def ask_and_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Xuất Excel", self._suggested(".xlsx"), "Excel (*.xlsx)"
        )
        if name:
            self.export_excel(Path(name))

    def export_excel(self, target: Path) -> None:
        key, year, household = self.choice()
        ledger, officer = self.ledger, self.officer
        self.worker.start(
            lambda step: make(
                ledger, key, target, year=year, household=household, officer=officer, progress=step
            ),
            lambda result: self._done(result.message),
            self._failed,
        )

    def _suggested(self, suffix: str) -> str:
        key, year, household = self.choice()
        return f"{key.replace(':', '-')}-{household or year}{suffix}"

    def _done(self, message: str) -> None:
        self.status.setText(message)
        self.done.emit(message)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, PrintError):  # Cancelled too
            message = str(exc)
        else:
            known = explain(exc)
            if known is None:
                log.error("printing failed", exc_info=exc)
                texts.report_bug(self, bug_message(exc))
                message = "Đã xảy ra lỗi khi in; chi tiết đã ghi vào nhật ký."
            else:
                message = str(known)
        self.status.setText(message)
        self.failed.emit(message)


class PrintDialog(QDialog):
    """The print screen in its own window, opened from the main window's menu."""

    def __init__(
        self, parent: QWidget | None, ledger: Ledger, *, officer: str, work_dir: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("In và báo cáo")
        self.resize(1200, 700)  # fits 1366×768 with the taskbar
        self.panel = PrintPanel(ledger, officer=officer, work_dir=work_dir)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.panel)

    def reject(self) -> None:
        if self.panel.worker.running:
            self.panel.worker.cancel()  # the worker stops between pages; nothing half-written
        super().reject()
