"""Starting the desktop app: a short list of named steps (Anki's `aqt._run` shape).

`run(argv, exec_=False)` returns the application and window for tests.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler

from desktop.ledger.paths import DataFolder, data_folder

SCALE_ENV = "SOTN_UI_SCALE"


def init_scale() -> None:
    """Small, low-resolution screens: a scale factor must be set before QApplication exists."""
    scale = os.environ.get(SCALE_ENV)
    if scale:
        os.environ["QT_SCALE_FACTOR"] = scale


def init_logging(folder: DataFolder) -> None:
    folder.logs.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        folder.logs / "sotn.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "sotn", False)]:
        root.removeHandler(old)  # started again in the same process (tests): one file at a time
        old.close()
    handler.sotn = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def run(argv: list[str], *, data_dir: str | None = None, exec_: bool = True):  # type: ignore[no-untyped-def]
    init_scale()
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("Sổ Thoát Nghèo")
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 11))  # readable for tired eyes on a 14" screen
    app.setFont(font)
    folder = data_folder(data_dir)
    init_logging(folder)
    window = MainWindow(folder)
    window.show()
    window.start()
    if not exec_:
        return app, window
    return app.exec()


def main(data_dir: str | None = None) -> int:
    return int(run(sys.argv, data_dir=data_dir))


if __name__ == "__main__":
    sys.exit(main())
