"""Importing a household list in the app: a dry run first (what would be imported, refused and
why, which old fonts were converted, the list's year), then the import with progress and a
cancel button. A cancelled import writes nothing; closing the dialog while it runs asks first,
in a bar inside the dialog (no modal box: nothing waits for the answer).

The work runs through the window's `Operations` (the preview as a read, the import on the
serial writer); the UI thread never waits on the file or the ledger.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger.excel.households_import import (
    ImportCancelled,
    ImportResult,
    Outcome,
    import_households,
)
from desktop.ledger.storage import Ledger
from desktop.ui.operations import Operations
from desktop.ui.widgets import QuestionBar

FILE_FILTER = "Danh sách hộ (*.xlsx *.xls *.ods *.csv *.txt)"
CHANGES = ("household", "member", "village", "classification")
SHOWN_REFUSALS = 300


class _Progress(QObject):
    """Emitted from the worker thread; Qt queues it to the dialog on the UI thread."""

    moved = Signal(int, int)


@dataclass
class Done:
    result: ImportResult
    report: Path | None
    report_problem: str | None = None


class ImportDialog(QDialog):
    """One list, from preview to import: open it, then `run_preview()`. `finished_import`
    carries the `Done` of an import."""

    finished_import = Signal(object)
    preview_ready = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        operations: Operations,
        ledger: Ledger,
        path: Path,
        *,
        officer: str,
    ) -> None:
        super().__init__(parent)
        self.operations, self.ledger, self.path, self.officer = operations, ledger, path, officer
        self.setWindowTitle("Nhập danh sách hộ")
        self.setMinimumWidth(640)
        self._cancel = threading.Event()
        self._running: str | None = None  # "preview" or "import"
        self._preview: ImportResult | None = None
        self._close_after = False  # the officer closed the dialog during the work
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)
        self._build()

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Tệp: <b>{self.path.name}</b>"))
        self.summary = QLabel("Đang đọc và kiểm tra danh sách (chạy thử, chưa ghi gì)…")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        # Closing during the work asks here; the import goes on until the officer answers.
        self.close_question = QuestionBar("Hủy nhập và đóng", "Tiếp tục nhập", self)
        self.close_question.answered.connect(self._close_answered)
        layout.addWidget(self.close_question)
        year_row = QHBoxLayout()
        self.year_label = QLabel("Năm áp dụng của danh sách:")
        self.year = QSpinBox()
        self.year.setRange(2016, date.today().year + 2)
        self.year.setSpecialValueText("chưa rõ")
        self.year.setMinimum(2015)
        self.year.setValue(2015)  # "chưa rõ"
        self.year.valueChanged.connect(self._year_changed)
        self.year_note = QLabel("")
        year_row.addWidget(self.year_label)
        year_row.addWidget(self.year)
        year_row.addWidget(self.year_note, 1)
        layout.addLayout(year_row)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Các dòng bị từ chối và lý do sẽ hiện ở đây.")
        layout.addWidget(self.details, 1)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        layout.addWidget(self.bar)
        buttons = QHBoxLayout()
        self.again = QPushButton("Chạy thử lại")
        self.again.clicked.connect(self.run_preview)
        self.stop = QPushButton("Hủy nhập")
        self.stop.clicked.connect(self.cancel)
        self.go = QPushButton("Nhập vào sổ")
        self.go.setDefault(True)
        self.go.clicked.connect(self.run_import)
        self.close_button = QPushButton("Đóng")
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.again)
        buttons.addStretch(1)
        for button in (self.stop, self.go, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._set_state()

    def _set_state(self) -> None:
        running = self._running is not None
        preview = self._preview
        self.bar.setVisible(running)
        self.stop.setVisible(running)
        self.again.setEnabled(not running)
        self.year.setEnabled(not running)
        can_import = (
            not running
            and preview is not None
            and preview.count(Outcome.imported) > 0
            and (self.chosen_year() is not None or not preview.year_unknown)
        )
        self.go.setEnabled(can_import)

    def _year_changed(self, _value: int) -> None:
        if self._preview is not None and self._preview.year_unknown:
            self.year_note.setText("" if self.chosen_year() else "← chọn năm danh sách áp dụng")
        self._set_state()

    def chosen_year(self) -> int | None:
        return None if self.year.value() == self.year.minimum() else self.year.value()

    # -- work ---------------------------------------------------------------------------------

    def _work(self, *, dry_run: bool) -> Any:
        ledger, path, officer, year = self.ledger, self.path, self.officer, self.chosen_year()
        cancel, progress = self._cancel, self._progress

        def work() -> Any:
            result = import_households(
                ledger,
                path,
                officer=officer,
                dry_run=dry_run,
                year=year,
                progress=lambda done, total: progress.moved.emit(done, total or 0),
                cancelled=cancel.is_set,
            )
            if dry_run:
                return result
            return _with_report(result, path)

        return work

    def run_preview(self) -> None:
        self._start("preview")
        self.summary.setText("Đang đọc và kiểm tra danh sách (chạy thử, chưa ghi gì)…")
        self.operations.run(self._work(dry_run=True), self._previewed, on_error=self._failed)

    def run_import(self) -> None:
        self._start("import")
        self.summary.setText("Đang nhập vào sổ…")
        self.operations.write(
            self._work(dry_run=False),
            self._imported,
            changes=CHANGES,
            on_error=self._failed,
            title="Không nhập được danh sách",
        )

    def _start(self, what: str) -> None:
        self._cancel.clear()
        self._running = what
        self.bar.setRange(0, 0)
        self._set_state()

    def cancel(self) -> None:
        if self._running is not None:
            self._cancel.set()
            self.stop.setEnabled(False)
            self.summary.setText("Đang hủy… không có gì được ghi vào sổ.")

    def _moved(self, done: int, total: int) -> None:
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(f"{done:,} / {total:,} dòng".replace(",", "."))

    def _previewed(self, result: ImportResult) -> None:
        self._preview = result
        if result.year is not None and self.chosen_year() is None:
            self.year.blockSignals(True)
            self.year.setValue(result.year)
            self.year.blockSignals(False)
        self.year_note.setText(
            f"({result.year_source})" if result.year_source and result.year else ""
        )
        if result.year_unknown and self.chosen_year() is None:
            self.year_note.setText("← chọn năm danh sách áp dụng trước khi nhập")
        self.summary.setText(result.summary())
        self.details.setPlainText(_refusals(result))
        self.preview_ready.emit(result)
        self._stopped()

    def _imported(self, done: Done) -> None:
        self._preview = None
        text = done.result.summary() + "."
        if done.report is not None:
            text += f"\n\nBáo cáo từng dòng: {done.report}"
        if done.report_problem:
            text += f"\n\n{done.report_problem}"
        self.summary.setText(text)
        self.details.setPlainText(_refusals(done.result))
        self.finished_import.emit(done)
        self._stopped()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportCancelled):
            self.summary.setText(str(exc))
        else:
            self.summary.setText("Không đọc hoặc không nhập được danh sách.")
            self.operations.show_error(exc, "Không nhập được danh sách")
        self._stopped()

    # -- closing ------------------------------------------------------------------------------

    def is_running(self) -> bool:
        return self._running is not None

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing while an import runs: ask in the bar, then cancel (nothing written) and close
        when the work has stopped; neither the question nor the work holds the UI thread."""
        if self._running is None:
            super().closeEvent(event)
            return
        event.ignore()
        if self._cancel.is_set() or self.close_question.isVisible():
            return
        self.close_question.ask(
            "Danh sách đang được nhập. Hủy nhập và đóng? Không có gì được ghi vào sổ."
        )

    def _close_answered(self, yes: bool) -> None:
        if not yes:
            return
        if self._running is None:  # the work ended while the question was shown
            self.close()
            return
        self._close_after = True
        self.cancel()

    def _stopped(self) -> None:
        self._running = None
        self.close_question.hide()  # nothing left to cancel
        self.stop.setEnabled(True)
        self._set_state()
        if self._close_after:
            self.close()

    def reject(self) -> None:
        if self._running is None:
            super().reject()
        else:  # Esc during the work asks the same question as the close button
            self.close()


def _with_report(result: ImportResult, path: Path) -> Done:
    from desktop.ledger.excel.report import os_reason, write_report

    report = path.with_name(f"{path.stem}-ket-qua-nhap.xlsx")
    try:
        return Done(result, write_report(result, report))
    except OSError as exc:
        # The rows are in the ledger: saying "failed" would make the officer import them again.
        return Done(
            result,
            None,
            f"Không ghi được báo cáo {report}: {os_reason(exc)}. "
            "Danh sách ĐÃ được nhập vào sổ: đừng nhập lại tệp này.",
        )


def _refusals(result: ImportResult) -> str:
    lines = [
        f"Dòng {r.row}: " + "; ".join(reason.rstrip(".") for reason in r.reasons)
        for r in result.rows
        if r.outcome == Outcome.refused
    ]
    more = len(lines) - SHOWN_REFUSALS
    shown = lines[:SHOWN_REFUSALS]
    if more > 0:
        shown.append(f"… và {more} dòng nữa (xem báo cáo từng dòng).")
    return "\n".join(shown) or "Không có dòng nào bị từ chối."
