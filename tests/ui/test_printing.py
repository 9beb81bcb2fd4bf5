"""The print screen on real widgets: preview, save as PDF, Excel, printing through a QPrinter
(to a PDF file here), a batch cancelled midway, and a bad household code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QSize
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel

from desktop.ledger.demo import make_demo
from desktop.ledger.settings import write_settings
from desktop.ledger.storage import open_ledger
from desktop.ui.printing.panel import PrintDialog

WAIT = 120_000  # ms; the machine is shared, the worker is not slow


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("print-ui") / "ledger.sqlite"
    ledger = open_ledger(path)
    make_demo(ledger, households=400, seed=2025)
    with ledger.session() as s:
        write_settings(s, {"signer.name": "Nông Thị Hằng"}, officer="test")
    ledger.close()
    return path


@pytest.fixture
def dialog(qtbot, demo_db, tmp_path):
    path = tmp_path / "ledger.sqlite"
    shutil.copy(demo_db, path)
    ledger = open_ledger(path)
    dialog = PrintDialog(None, ledger, officer="lan", work_dir=tmp_path)
    qtbot.addWidget(dialog)
    dialog.resize(QSize(1366, 720))
    dialog.show()
    yield dialog
    dialog.panel.worker.cancel()
    ledger.close()


def test_the_preview_shows_every_page_of_the_report(qtbot, dialog, tmp_path):
    panel = dialog.panel
    panel.select("report", year=2025)
    with qtbot.waitSignal(panel.preview_ready, timeout=WAIT) as shown:
        panel.preview_button.click()
    assert shown.args[0] >= 2
    pages = [
        w
        for w in panel.page_area.widget().findChildren(QLabel)
        if w.pixmap() is not None and not w.pixmap().isNull()
    ]
    assert len(pages) == shown.args[0]
    assert pages[0].pixmap().height() > pages[0].pixmap().width()  # A4 portrait
    qtbot.waitUntil(lambda: pages[0].isVisible(), timeout=WAIT)
    dialog.grab().save(str(tmp_path / "man-hinh-in.png"))
    with qtbot.waitSignal(panel.done, timeout=WAIT):
        panel.save_pdf(tmp_path / "bao-cao.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "bao-cao.pdf").pages)
    assert "BÁO CÁO" in text and "Nông Thị Hằng" in text


def test_a_list_goes_to_excel(qtbot, dialog, tmp_path):
    panel = dialog.panel
    panel.select("list:escaped", year=2024)
    assert panel.excel_button.isVisible()
    with qtbot.waitSignal(panel.done, timeout=WAIT) as done:
        panel.export_excel(tmp_path / "thoat-ngheo.xlsx")
    assert "thoát nghèo" in done.args[0]
    sheet = load_workbook(tmp_path / "thoat-ngheo.xlsx").active
    assert sheet["A1"].value == "DANH SÁCH HỘ THOÁT NGHÈO NĂM 2024"


def test_certificates_print_to_the_printer_one_per_page(qtbot, dialog, tmp_path):
    panel = dialog.panel
    panel.select("certificates", year=2024)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "may-in.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    with qtbot.waitSignal(panel.done, timeout=WAIT) as done:
        panel.print_to(printer)
    assert done.args[0] == "Đã gửi 8 trang tới máy in."
    printed = PdfReader(tmp_path / "may-in.pdf")
    assert len(printed.pages) == 8
    box = printed.pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_a_batch_can_be_cancelled_and_leaves_nothing(qtbot, dialog, tmp_path, monkeypatch):
    import desktop.ui.printing.panel as panel_module

    panel = dialog.panel
    panel.select("certificates", year=2023)
    real_make = panel_module.make

    def make(*args, progress, **kwargs):
        # The officer presses Hủy while the third page is being made (from the worker thread, so
        # the test does not depend on how fast the machine is).
        def step(done, total):
            if done == 3:
                panel.worker.cancel()
            return progress(done, total)

        return real_make(*args, progress=step, **kwargs)

    monkeypatch.setattr(panel_module, "make", make)
    with qtbot.waitSignal(panel.failed, timeout=WAIT) as failed:
        panel.preview_button.click()
    assert failed.args[0] == "Đã huỷ in; không có tệp nào được ghi."
    assert panel.pdf is None
    assert not list(panel._dir.iterdir())
    assert panel.preview_button.isEnabled()


def test_an_unknown_household_is_said_plainly(qtbot, dialog):
    panel = dialog.panel
    panel.select("review-form:03", household="KHONG-CO")
    assert panel.household.isEnabled() and not panel.year.isEnabled()
    with qtbot.waitSignal(panel.failed, timeout=WAIT) as failed:
        panel.preview_button.click()
    assert failed.args[0] == "Không có hộ mã “KHONG-CO” trong sổ."
    assert "KHONG-CO" in panel.status.text()


def test_a_viewer_is_told_giay_khen_need_another_account(qtbot, demo_db, tmp_path):
    from desktop.ledger.officers import add_officer
    from desktop.ledger.records import Role

    path = tmp_path / "ledger.sqlite"
    shutil.copy(demo_db, path)
    ledger = open_ledger(path)
    with ledger.session() as s:
        add_officer(s, "xem", "Hà Thị Xem", "mat-khau-dai", Role.viewer)
    dialog = PrintDialog(None, ledger, officer="xem", work_dir=tmp_path)
    qtbot.addWidget(dialog)
    panel = dialog.panel
    panel.select("certificates", year=2024)
    with qtbot.waitSignal(panel.failed, timeout=WAIT) as failed:
        panel.preview_button.click()
    assert failed.args[0].startswith("Tài khoản chỉ xem không được cấp số vào sổ khen thưởng")
    assert panel.pdf is None
    ledger.close()


def test_the_navigation_screen_embeds_the_panel(qtbot, demo_db, tmp_path):
    from PySide6.QtWidgets import QWidget

    from desktop.ledger.commune import current_commune
    from desktop.ledger.paths import DataFolder
    from desktop.ui.operations import Operations
    from desktop.ui.printing.screen import PrintScreen
    from desktop.ui.screens import build_screen
    from desktop.ui.workspace import Workspace

    path = tmp_path / "data" / "ledger.sqlite"
    path.parent.mkdir()
    shutil.copy(demo_db, path)
    ledger = open_ledger(path)
    with ledger.session() as s:
        commune = current_commune(s)
    host = QWidget()
    qtbot.addWidget(host)
    workspace = Workspace(DataFolder(path.parent), ledger, commune, Operations(host))
    screen = build_screen(workspace, "print")
    assert isinstance(screen, PrintScreen)
    qtbot.addWidget(screen)
    screen.shown()
    assert screen.panel is not None and screen.panel.kind.count() == 12
    assert screen.panel._dir.parent == path.parent  # work files stay in the private data folder
    ledger.close()
