"""The import dialog: a dry run first, then the import with progress; a cancel writes nothing,
and closing while it runs asks first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from sqlmodel import func, select

from desktop.ledger.records import Household, Village
from desktop.ui.import_dialog import ImportDialog
from desktop.ui.operations import Operations

from ..ledger.excel.files import write_xlsx


def _list(path: Path, households: int, title: str = "DANH SÁCH HỘ NGHÈO NĂM 2026") -> Path:
    rows: list[list[object]] = [[title], ["Họ và tên chủ hộ", "Thôn", "Năm sinh", "Phân loại"]]
    rows += [[f"Người {n}", f"Xóm {n % 5}", 1970, "Hộ nghèo"] for n in range(households)]
    rows.append(["", "Xóm 1", 1970, "giàu"])
    return write_xlsx(path, rows)


def _households(ledger) -> int:
    with ledger.session() as s:
        return s.exec(select(func.count()).select_from(Household)).one()


def _previewed(qtbot, ledger, path: Path) -> ImportDialog:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ImportDialog(parent, Operations(parent), ledger, path, officer="mai")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=120_000):
        dialog.run_preview()
    return dialog


def test_preview_then_import_with_progress(qtbot, ledger, tmp_path):
    path = _list(tmp_path / "ds.xlsx", 30)
    dialog = _previewed(qtbot, ledger, path)
    assert dialog.summary.text().startswith("Chạy thử: sẽ nhập 30 hộ")
    assert "Dòng 33: Thiếu họ tên chủ hộ; Phân loại" in dialog.details.toPlainText()
    assert dialog.chosen_year() == 2026 and dialog.go.isEnabled()
    assert _households(ledger) == 0  # a dry run writes nothing
    with qtbot.waitSignal(dialog.finished_import, timeout=60_000) as done:
        dialog.go.click()
    assert _households(ledger) == 30
    assert dialog.summary.text().startswith("Đã nhập 30 hộ")
    assert Path(done.args[0].report).exists()
    assert not dialog.go.isEnabled()


def test_an_unknown_year_must_be_chosen_before_importing(qtbot, ledger, tmp_path):
    path = _list(tmp_path / "ds.xlsx", 3, title="DANH SÁCH HỘ NGHÈO")
    dialog = _previewed(qtbot, ledger, path)
    assert dialog.summary.text().startswith("Không rõ danh sách áp dụng cho năm nào")
    assert not dialog.go.isEnabled() and "chọn năm" in dialog.year_note.text()
    dialog.year.setValue(2026)
    assert dialog.go.isEnabled()
    with qtbot.waitSignal(dialog.finished_import, timeout=60_000):
        dialog.go.click()
    assert _households(ledger) == 3


def test_a_cancelled_import_writes_nothing(qtbot, ledger, tmp_path):
    path = _list(tmp_path / "ds.xlsx", 5000)
    dialog = _previewed(qtbot, ledger, path)
    operations = dialog.operations
    # Cancel as soon as the first progress arrives: the first batch is written, then undone.
    dialog._progress.moved.connect(lambda *_: dialog.stop.click())
    with qtbot.waitSignal(operations.busy, check_params_cb=lambda busy: not busy, timeout=120_000):
        dialog.go.click()
    assert "không có gì được ghi" in dialog.summary.text()
    assert _households(ledger) == 0
    with ledger.session() as s:
        assert s.exec(select(func.count()).select_from(Village)).one() == 0


def _close_at_first_progress(dialog: ImportDialog, then) -> list[tuple[bool, bool]]:  # type: ignore[no-untyped-def]
    """Close the dialog when the first batch is done; record what the officer then sees (the
    question bar shown, and no modal box), and answer through `then`."""
    seen: list[tuple[bool, bool]] = []

    def close_and_answer(*_: object) -> None:
        if seen:
            return
        dialog.close()
        seen.append((dialog.close_question.isVisible(), QApplication.activeModalWidget() is None))
        then()

    dialog._progress.moved.connect(close_and_answer)
    return seen


def test_closing_during_an_import_asks_in_a_bar_then_cancels(qtbot, ledger, tmp_path):
    path = _list(tmp_path / "ds.xlsx", 5000)
    dialog = _previewed(qtbot, ledger, path)
    dialog.show()
    seen = _close_at_first_progress(dialog, lambda: dialog.close_question.yes.click())
    with qtbot.waitSignal(
        dialog.operations.busy, check_params_cb=lambda busy: not busy, timeout=120_000
    ):
        dialog.go.click()
    assert seen == [(True, True)]  # asked without a modal box: the UI thread went on
    assert "Không có gì được ghi vào sổ" in dialog.close_question.text.text()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert _households(ledger) == 0


def test_keeping_on_after_the_close_question_finishes_the_import(qtbot, ledger, tmp_path):
    path = _list(tmp_path / "ds.xlsx", 5000)
    dialog = _previewed(qtbot, ledger, path)
    dialog.show()
    seen = _close_at_first_progress(dialog, lambda: dialog.close_question.no.click())
    with qtbot.waitSignal(dialog.finished_import, timeout=120_000):
        dialog.go.click()
    assert seen == [(True, True)]
    assert dialog.isVisible() and not dialog.close_question.isVisible()
    assert dialog.summary.text().startswith("Đã nhập 5000 hộ")
    assert _households(ledger) == 5000


def test_an_unanswered_close_question_goes_when_the_import_ends(qtbot, ledger, tmp_path):
    path = _list(tmp_path / "ds.xlsx", 5000)
    dialog = _previewed(qtbot, ledger, path)
    dialog.show()
    seen = _close_at_first_progress(dialog, lambda: None)
    with qtbot.waitSignal(dialog.finished_import, timeout=120_000):
        dialog.go.click()
    assert seen == [(True, True)]
    assert dialog.isVisible() and not dialog.close_question.isVisible()
    assert _households(ledger) == 5000
