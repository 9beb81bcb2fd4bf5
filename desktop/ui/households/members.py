"""The members of a household as an editable table: text as typed, a sex list, a problem shown
in red on its cell (with the message as a tooltip and under the table)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.ledger.household_file import HEAD

COLUMNS = [
    ("full_name", "Họ và tên"),
    ("relation", "Quan hệ với chủ hộ"),
    ("sex", "Giới tính"),
    ("birth", "Ngày/năm sinh"),
    ("ethnicity", "Dân tộc"),
    ("citizen_id", "Số CCCD/định danh"),
]
SEX = {"": "", "male": "Nam", "female": "Nữ"}
RELATIONS = [HEAD, "Vợ", "Chồng", "Con", "Bố", "Mẹ", "Ông", "Bà", "Cháu", "Anh", "Chị", "Em"]
PROBLEM = QColor("#fde2e4")
Index = QModelIndex | QPersistentModelIndex


class MembersModel(QAbstractTableModel):
    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, Any]] = []
        self.problems: dict[tuple[int, str], str] = {}

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = [dict(r) for r in rows]
        self.problems = {}
        self.endResetModel()

    def set_problems(self, problems: dict[tuple[int, str], str]) -> None:
        self.problems = problems
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1)
            )

    def add_row(self, relation: str = "") -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append({"relation": relation or (HEAD if not self.rows else "")})
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
            self.problems = {}
            self.edited.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return section + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = COLUMNS[index.column()][0]
        value = self.rows[index.row()].get(key) or ""
        problem = self.problems.get((index.row(), key))
        if role == Qt.ItemDataRole.DisplayRole:
            return SEX.get(value, value) if key == "sex" else value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.BackgroundRole and problem:
            return PROBLEM
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        key = COLUMNS[index.column()][0]
        self.rows[index.row()][key] = value
        self.problems.pop((index.row(), key), None)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down list for a column (sex) or an editable one with suggestions (relation)."""

    def __init__(self, choices: dict[str, str], *, editable: bool = False, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.choices = choices
        self.editable = editable

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(self.editable)
        for value, label in self.choices.items():
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        found = editor.findData(value)
        if found >= 0:
            editor.setCurrentIndex(found)
        elif self.editable:
            editor.setEditText(value)

    def setModelData(self, editor: QWidget, model, index: Index) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(editor, QComboBox)
        if self.editable:
            model.setData(index, editor.currentText())
        else:
            model.setData(index, editor.currentData())
