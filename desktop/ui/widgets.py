"""Small widgets every form uses: an error line beside a field, dates as dd/mm/yyyy (or none),
money in đồng with Vietnamese separators."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QWidget

ERROR_STYLE = "color: #b00020"
NO_DATE = QDate(1900, 1, 1)


def format_money(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".") + " đ"


def format_number(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")


def format_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


class ErrorLabel(QLabel):
    """A Vietnamese message under a field; takes no room while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_problem(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


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
