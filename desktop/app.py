"""Starting the desktop app: a short list of named steps (Anki's `aqt._run` shape).

`run(argv, exec_=False)` returns the application and window for tests.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from types import TracebackType
from typing import Any

from desktop.ledger import preferences
from desktop.ledger.errors import bug_message
from desktop.ledger.logfile import log_file, log_to_folder
from desktop.ledger.paths import DataFolder, data_folder
from desktop.ledger.rules import province_files

SCALE_ENV = "SOTN_UI_SCALE"
log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")


def init_scale(prefs: dict[str, Any]) -> None:
    """Small, low-resolution screens: a scale factor must be set before QApplication exists."""
    scale = os.environ.get(SCALE_ENV) or str(prefs["ui_scale"])
    if scale and float(scale) != 1.0:
        os.environ["QT_SCALE_FACTOR"] = scale


def init_logging(folder: DataFolder) -> None:
    log_to_folder(folder)


def init_error_reporting(folder: DataFolder) -> None:
    """Route what nobody caught into the log: Python's uncaught exceptions (in the UI thread
    and in other threads) with their traceback, and Qt's own messages. A bug is then shown as a
    bug, without stopping the window."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def qt_message(kind: QtMsgType, context: object, message: str) -> None:
        where = getattr(context, "category", None) or "qt"
        qt_log.log(levels.get(kind, logging.WARNING), "%s: %s", where, message)

    def uncaught(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.critical("uncaught exception", exc_info=(kind, value, tb))
        if issubclass(kind, KeyboardInterrupt):
            return
        if threading.current_thread() is threading.main_thread():
            show_bug(bug_message(value, log_file(folder)))

    def uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
        exc = args.exc_value or args.exc_type()
        tb = args.exc_traceback
        log.critical("uncaught exception in %s", args.thread, exc_info=(args.exc_type, exc, tb))

    qInstallMessageHandler(qt_message)
    sys.excepthook = uncaught
    threading.excepthook = uncaught_in_thread


def show_bug(text: str) -> None:
    """A bug report that does not block: the event loop (and the officer's work) goes on."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox(
        QMessageBox.Icon.Critical, "Đã xảy ra lỗi", text, QMessageBox.StandardButton.Ok
    )
    box.button(QMessageBox.StandardButton.Ok).setText("Đóng")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def init_application(argv: list[str], folder: DataFolder) -> Any:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from desktop.ui import translation

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Sổ Thoát Nghèo")
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 11))  # readable for tired eyes on a 14" screen
    app.setFont(font)
    app._sotn_translator = translation.install(app, folder.root / "cache")  # type: ignore[attr-defined]
    return app


def init_window(folder: DataFolder, prefs: dict[str, Any]) -> Any:
    from desktop.ui.shell.main_window import MainWindow

    window = MainWindow(folder, idle_minutes=float(prefs["idle_lock_minutes"]))
    window.show()
    window.start()
    return window


def run(argv: list[str], *, data_dir: str | None = None, exec_: bool = True):  # type: ignore[no-untyped-def]
    folder = data_folder(data_dir)
    province_files.use_data_folder(folder.root)  # the province's own standard and plan
    prefs = preferences.load(folder.root)
    init_scale(prefs)
    init_logging(folder)
    app = init_application(argv, folder)
    if exec_:  # tests (exec_=False) keep pytest-qt's own hooks, which fail a test on a bug
        init_error_reporting(folder)
    window = init_window(folder, prefs)
    if not exec_:
        return app, window
    return app.exec()


def main(data_dir: str | None = None) -> int:
    return int(run(sys.argv, data_dir=data_dir))


if __name__ == "__main__":
    sys.exit(main())
