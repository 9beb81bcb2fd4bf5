"""Vietnamese texts for Qt's own buttons and dialogs.

PySide6's wheels ship no qtbase_vi.qm, so standard buttons would say "OK" and "Cancel"; every
dialog goes through these helpers instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

BUTTONS = {
    QDialogButtonBox.StandardButton.Ok: "Đồng ý",
    QDialogButtonBox.StandardButton.Cancel: "Hủy",
    QDialogButtonBox.StandardButton.Yes: "Có",
    QDialogButtonBox.StandardButton.No: "Không",
    QDialogButtonBox.StandardButton.Save: "Lưu",
    QDialogButtonBox.StandardButton.Close: "Đóng",
}


def vietnamese_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    for standard, text in BUTTONS.items():
        button = box.button(standard)
        if button is not None:
            button.setText(text)
    return box


def _message(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> None:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("Đóng")
    box.exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _message(parent, QMessageBox.Icon.Information, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _message(parent, QMessageBox.Icon.Warning, title, text)


def report_bug(parent: QWidget | None, text: str) -> None:
    _message(parent, QMessageBox.Icon.Critical, "Đã xảy ra lỗi", text)


def ask(parent: QWidget | None, title: str, text: str) -> QMessageBox.StandardButton:
    """A yes/no question; No is the default, so Enter never confirms by accident."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.button(QMessageBox.StandardButton.Yes).setText("Có")
    box.button(QMessageBox.StandardButton.No).setText("Không")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return QMessageBox.StandardButton(box.exec())


def ask_then(
    parent: QWidget,
    title: str,
    text: str,
    answer: Callable[[QMessageBox.StandardButton], None],
    buttons: dict[QMessageBox.StandardButton, str] | None = None,
    default: QMessageBox.StandardButton = QMessageBox.StandardButton.No,
) -> QMessageBox:
    """A question that does not block: `answer` gets the button pressed. Used when closing,
    where a blocking dialog would stall shutdown (and tests tearing windows down)."""
    buttons = buttons or {
        QMessageBox.StandardButton.Yes: "Có",
        QMessageBox.StandardButton.No: "Không",
    }
    flags = QMessageBox.StandardButton.NoButton
    for button in buttons:
        flags |= button
    box = QMessageBox(QMessageBox.Icon.Question, title, text, flags, parent)
    for button, label in buttons.items():
        box.button(button).setText(label)
    box.setDefaultButton(default)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda result: answer(QMessageBox.StandardButton(result)))
    box.open()
    return box
