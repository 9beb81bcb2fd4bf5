"""Qt's own texts in Vietnamese. PySide6's wheels ship no qtbase_vi.qm, so a translator made
in code answers for the texts Qt draws itself (standard buttons, message boxes, file dialogs,
line-edit menus). Context and source text are Qt's own, as in its .ts files."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

log = logging.getLogger(__name__)

_TEXTS: dict[str, str] = {
    "OK": "Đồng ý",
    "&OK": "&Đồng ý",
    "Cancel": "Hủy",
    "&Cancel": "&Hủy",
    "Yes": "Có",
    "&Yes": "&Có",
    "No": "Không",
    "&No": "&Không",
    "Yes to &All": "Có với &tất cả",
    "N&o to All": "K&hông với tất cả",
    "Save": "Lưu",
    "&Save": "&Lưu",
    "Save All": "Lưu tất cả",
    "Open": "Mở",
    "&Open": "&Mở",
    "Close": "Đóng",
    "&Close": "Đón&g",
    "Apply": "Áp dụng",
    "Reset": "Đặt lại",
    "Help": "Trợ giúp",
    "Discard": "Bỏ thay đổi",
    "Don't Save": "Không lưu",
    "Close without Saving": "Đóng không lưu",
    "Retry": "Thử lại",
    "Ignore": "Bỏ qua",
    "Abort": "Dừng",
    "Restore Defaults": "Khôi phục mặc định",
    "Show Details...": "Xem chi tiết…",
    "Hide Details...": "Ẩn chi tiết…",
    "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại",
    "Cu&t": "Cắ&t",
    "&Copy": "&Sao chép",
    "&Paste": "&Dán",
    "Delete": "Xoá",
    "Select All": "Chọn tất cả",
    "Look in:": "Tìm trong:",
    "File &name:": "&Tên tệp:",
    "Files of type:": "Loại tệp:",
    "Directory:": "Thư mục:",
    "&Choose": "&Chọn",
    "Back": "Quay lại",
    "Go back": "Quay lại",
    "Forward": "Tiếp",
    "Parent Directory": "Thư mục cha",
    "Create New Folder": "Tạo thư mục mới",
    "New Folder": "Thư mục mới",
    "List View": "Dạng danh sách",
    "Detail View": "Dạng chi tiết",
    "Name": "Tên",
    "Size": "Kích thước",
    "Type": "Loại",
    "Date Modified": "Ngày sửa",
    "All Files (*)": "Mọi tệp (*)",
    "My Computer": "Máy tính",
    "Computer": "Máy tính",
    "&Rename": "Đổi &tên",
    "&Delete": "&Xoá",
    "Show &hidden files": "Hiện tệp &ẩn",
    "< &Back": "< &Quay lại",
    "&Next >": "&Tiếp >",
    "&Next": "&Tiếp",
    "&Finish": "&Hoàn tất",
    "&Back": "&Quay lại",
    "Commit": "Xác nhận",
    "Done": "Xong",
    "Print": "In",
    "&Print": "&In",
    "Printer": "Máy in",
    "Page Setup": "Thiết lập trang",
    "Print Preview": "Xem trước khi in",
    "Copies": "Số bản",
    "Portrait": "Dọc",
    "Landscape": "Ngang",
}


# Qt looks a text up by its class ("context"); the same words serve several classes.
CONTEXTS = (
    "QPlatformTheme",
    "QDialogButtonBox",
    "QMessageBox",
    "QFileDialog",
    "QFileSystemModel",
    "QWizard",
    "QLineEdit",
    "QWidgetTextControl",
    "QAbstractSpinBox",
    "QCalendarWidget",
    "QInputDialog",
    "QPrintDialog",
    "QPrintPreviewDialog",
    "QPageSetupWidget",
    "QUnixPrintWidget",
    "QPrintPropertiesWidget",
    "QErrorMessage",
)


def _ts() -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="vi">'
    ]
    for context in CONTEXTS:
        parts.append(f"<context><name>{context}</name>")
        for source, text in _TEXTS.items():
            parts.append(
                f"<message><source>{escape(source)}</source>"
                f"<translation>{escape(text)}</translation></message>"
            )
        parts.append("</context>")
    parts.append("</TS>")
    return "\n".join(parts)


def _lrelease() -> str | None:
    import PySide6

    for candidate in (
        Path(PySide6.__file__).parent / "lrelease",
        Path(PySide6.__file__).parent / "lrelease.exe",
    ):
        if candidate.exists():
            return str(candidate)
    return shutil.which("lrelease")


def compiled_translation(cache: Path) -> Path | None:
    """The .qm for these texts, compiled once by Qt's own lrelease and kept in `cache`.

    (A QTranslator subclass answering in Python would be simpler, but PySide6 6.12 loses a
    reference to None on every call of an overridden translate(), and the app soon crashes.)
    """
    source = _ts()
    digest = hashlib.sha256(source.encode()).hexdigest()[:12]
    target = cache / f"qt_vi-{digest}.qm"
    if target.exists():
        return target
    tool = _lrelease()
    if tool is None:
        log.warning("lrelease not found: Qt's own texts stay in English")
        return None
    cache.mkdir(parents=True, exist_ok=True)
    ts = target.with_suffix(".ts")
    ts.write_text(source, encoding="utf-8")
    tmp = target.with_suffix(".qm.tmp")
    done = subprocess.run(
        [tool, "-silent", str(ts), "-qm", str(tmp)], capture_output=True, text=True, check=False
    )
    ts.unlink(missing_ok=True)
    if done.returncode != 0 or not tmp.exists():
        log.warning("lrelease failed: %s", done.stderr.strip())
        return None
    os.replace(tmp, target)
    return target


def install(app: QCoreApplication, cache: Path) -> QTranslator | None:
    """Install the translator; the caller keeps the returned object alive."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    try:
        compiled = compiled_translation(cache)
    except OSError as exc:  # a read-only or full disk: English buttons, not a failed start
        log.warning("no Vietnamese Qt texts: %s", exc)
        return None
    if compiled is None:
        return None
    translator = QTranslator(app)
    if not translator.load(str(compiled)):
        log.warning("could not load %s", compiled)
        return None
    app.installTranslator(translator)
    return translator
