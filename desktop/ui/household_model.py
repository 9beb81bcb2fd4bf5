"""The household list: a table model over one search, filled a page at a time off the UI thread,
so 50,000 households never sit in memory and the window never waits on the disk."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.ledger.queries import HouseholdRow, count_households, search_households
from desktop.ledger.storage import Ledger
from desktop.ledger.vocabulary import CATEGORY_LABELS
from desktop.ui.operations import Operations

PAGE = 200
COLUMNS = ["Mã hộ", "Chủ hộ", "Thôn/xóm", "Phân loại", "Số nhân khẩu"]
Index = QModelIndex | QPersistentModelIndex


def category_text(row: HouseholdRow) -> str:
    if row.category is None:
        return "Chưa phân loại"
    return f"{CATEGORY_LABELS.get(row.category, row.category)} ({row.year})"  # type: ignore[call-overload]


class HouseholdModel(QAbstractTableModel):
    loaded = Signal(int)  # the number of households matching the search, once known

    def __init__(self, ledger: Ledger, operations: Operations) -> None:
        super().__init__()
        self._ledger = ledger
        self._operations = operations
        self._rows: list[HouseholdRow] = []
        self._total = 0
        self._search = ("", None)
        self._generation = 0  # answers to an older search are dropped
        self._fetching = False

    @property
    def total(self) -> int:
        return self._total

    def search(self, text: str = "", village_id: str | None = None) -> None:
        self._search = (text, village_id)
        self._generation += 1
        generation = self._generation

        def work() -> tuple[int, list[HouseholdRow]]:
            with self._ledger.session() as session:
                return (
                    count_households(session, text, village_id),
                    search_households(session, text, village_id=village_id, limit=PAGE),
                )

        def show(result: tuple[int, list[HouseholdRow]]) -> None:
            if generation != self._generation:
                return
            self.beginResetModel()
            self._total, self._rows = result
            self._fetching = False
            self.endResetModel()
            self.loaded.emit(self._total)

        self._operations.run(work, show)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == len(COLUMNS) - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        values = (row.code, row.head_name, row.village_name, category_text(row), row.members)
        return values[index.column()]

    def household_id(self, row: int) -> str:
        return self._rows[row].id

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, offset = self._generation, len(self._rows)
        text, village_id = self._search

        def work() -> list[HouseholdRow]:
            with self._ledger.session() as session:
                return search_households(
                    session, text, village_id=village_id, limit=PAGE, offset=offset
                )

        def add(rows: list[HouseholdRow]) -> None:
            if generation != self._generation:
                return
            self._fetching = False
            if rows:
                start = len(self._rows)
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self._rows += rows
                self.endInsertRows()

        self._operations.run(work, add)
