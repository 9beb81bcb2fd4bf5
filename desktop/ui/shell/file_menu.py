"""The File menu: import a list (its own dialog: preview, progress, cancel), export, back up,
lock the session, quit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

from desktop.ui import texts

if TYPE_CHECKING:
    from desktop.ui.shell.main_window import MainWindow


def fill(window: MainWindow, menu: QMenu) -> None:
    for text, slot, keys in (
        ("&Nhập danh sách hộ từ Excel…", lambda: import_list(window), None),
        ("&Xuất danh sách hộ ra Excel…", lambda: export_list(window), None),
        ("&Sao lưu dữ liệu…", lambda: backup(window), "Ctrl+B"),
        ("&Phục hồi từ bản sao lưu…", lambda: restore(window), None),
        ("&Khóa phiên làm việc", window.lock, "Ctrl+L"),
        ("&Thoát", window.close, "Ctrl+Q"),
    ):
        action = QAction(text, window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        menu.addAction(action)


def import_list(window: MainWindow) -> None:
    workspace = window.workspace
    if workspace is None:
        return
    from desktop.ui.import_dialog import FILE_FILTER, ImportDialog

    name, _ = QFileDialog.getOpenFileName(window, "Chọn danh sách hộ", "", FILE_FILTER)
    if not name:
        return
    dialog = ImportDialog(
        window, window.operations, workspace.ledger, Path(name), officer=workspace.officer_name
    )
    dialog.open()
    dialog.run_preview()


def export_list(window: MainWindow, kind: str = "households") -> None:
    workspace = window.workspace
    if workspace is None:
        return
    name, _ = QFileDialog.getSaveFileName(
        window, "Lưu danh sách", f"danh-sach-{kind}.xlsx", "Excel (*.xlsx)"
    )
    if not name:
        return
    from desktop.ledger.excel.export import export_list as export

    ledger = workspace.ledger
    window.operations.run(
        lambda: export(ledger, kind, Path(name)),
        lambda n: texts.inform(window, "Xuất danh sách", f"Đã xuất {n} dòng vào {name}"),
        title="Không xuất được danh sách",
    )


def backup(window: MainWindow) -> None:
    name, _ = QFileDialog.getSaveFileName(
        window, "Lưu bản sao lưu", "sao-luu.sqlite", "Sao lưu (*.sqlite)"
    )
    if not name:
        return
    from desktop.ledger.storage.backup import copy_database

    window.operations.run(
        lambda: copy_database(window.folder.database, Path(name)),
        lambda dest: texts.inform(window, "Sao lưu", f"Đã sao lưu vào {dest}"),
        title="Không sao lưu được",
    )


def restore(window: MainWindow) -> None:
    from desktop.ledger.permissions import Permission
    from desktop.ui.restore_flow import restore_from_backup

    workspace = window.workspace
    if workspace is None or not workspace.allowed(window, Permission.configure):
        return
    restore_from_backup(
        window,
        window.operations,
        window.folder,
        officer=workspace.officer_name,
        done=lambda _r: window.reload_after_restore(),
        ledger=workspace.ledger,
    )
