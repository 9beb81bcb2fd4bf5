"""Small widgets every form uses: an error line beside a field, a question asked inside the form
(never a modal that waits), dates as dd/mm/yyyy (or none), money in đồng with Vietnamese
separators."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

ERROR_COLOR = "#b00020"
ERROR_STYLE = f"color: {ERROR_COLOR}"
NOTE_COLOR = "#8a5a00"  # a note, not a problem
QUESTION_STYLE = (
    "#questionBar { background: #fff4ce; border: 1px solid #d8b600; border-radius: 3px }"
)
NO_DATE = QDate(1900, 1, 1)


def format_money(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".") + " đ"


def format_number(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")


def format_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


def tint(label: QLabel, color: str) -> None:
    """Colour a label's text through its palette: a style sheet on each of a form's labels is
    parsed and applied one by one when the form opens (a third of opening a household)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
    label.setPalette(palette)


class ErrorLabel(QLabel):
    """A Vietnamese message under a field; takes no room while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A palette, not a style sheet: a form has a dozen of these, and each style sheet is
        # parsed and applied on its own when the form opens.
        tint(self, ERROR_COLOR)
        self.setWordWrap(True)
        self.hide()

    def show_problem(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class QuestionBar(QFrame):
    """A question shown across the top of a form, answered by one of two buttons. Unlike a
    message box it blocks nothing: the form stays usable, and nothing waits for an answer."""

    answered = Signal(bool)  # True: the first (yes) button

    def __init__(self, yes: str, no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionBar")
        row = QHBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.yes = QPushButton(yes)
        self.no = QPushButton(no)
        row.addWidget(self.text, 1)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        self.yes.clicked.connect(lambda: self._answer(True))
        self.no.clicked.connect(lambda: self._answer(False))
        self.hide()

    def ask(self, text: str) -> None:
        if not self.styleSheet():  # styled when first shown: most forms never ask
            self.setStyleSheet(QUESTION_STYLE)
        self.text.setText(text)
        self.show()
        self.yes.setFocus()

    def _answer(self, yes: bool) -> None:
        self.hide()
        self.answered.emit(yes)


class DateField(QDateEdit):
    """dd/mm/yyyy with a calendar; may be left empty ("chưa có") when `optional`."""

    def __init__(self, *, optional: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self._optional = optional
        if optional:
            self.setMinimumDate(NO_DATE)
            self.setSpecialValueText("chưa có")
            self.setDate(NO_DATE)
        else:
            self.setDate(QDate.currentDate())

    def value(self) -> date | None:
        qd = self.date()
        if self._optional and qd == NO_DATE:
            return None
        return date(qd.year(), qd.month(), qd.day())

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.setDate(NO_DATE if self._optional else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))


class MoneyField(QLineEdit):
    """An amount in đồng; dots, spaces and "đ" are accepted and shown as 1.500.000."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("đồng, ví dụ 1.500.000")
        self.editingFinished.connect(self._tidy)

    def problem(self) -> str:
        digits = self.text().replace(".", "").replace(" ", "").replace("đ", "").replace(",", "")
        if digits and not digits.isdigit():
            return "Số tiền chỉ gồm chữ số (ví dụ 1.500.000)."
        return ""

    def value(self) -> int | None:
        if self.problem():
            return None
        digits = self.text().replace(".", "").replace(" ", "").replace("đ", "").replace(",", "")
        return int(digits) if digits else None

    def set_value(self, value: int | None) -> None:
        self.setText(format_number(value))

    def _tidy(self) -> None:
        if not self.problem():
            self.set_value(self.value())
