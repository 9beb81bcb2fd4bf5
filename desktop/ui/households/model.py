"""The household list model: the ids of the current search, rows read by id in blocks as they
are shown (Anki's browser table). Every read runs off the UI thread; a row not read yet shows
"…" for the moment it takes.

Searches never pile up: while one runs, only the newest request waits behind it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.ledger.household_list import (
    HouseholdFilter,
    HouseholdRow,
    SortKey,
    household_rows,
)
from desktop.ledger.household_search import HouseholdSearch
from desktop.ledger.storage import Ledger
from desktop.ledger.vocabulary import CATEGORY_LABELS
from desktop.ui.operations import Operations

BLOCK = 100
COLUMNS = ["Mã hộ", "Chủ hộ", "Thôn/xóm", "Phân loại", "Nhân khẩu", "Đăng ký thoát nghèo"]
SORTS = [SortKey.code, SortKey.head, SortKey.village, SortKey.category, SortKey.members, None]
Index = QModelIndex | QPersistentModelIndex


def category_text(row: HouseholdRow) -> str:
    if row.category is None:
        return "Chưa phân loại"
    return f"{CATEGORY_LABELS.get(row.category, row.category)} ({row.year})"  # type: ignore[call-overload]


class HouseholdModel(QAbstractTableModel):
    loaded = Signal(int)  # the number of households the search keeps, once known

    def __init__(self, ledger: Ledger, operations: Operations) -> None:
        super().__init__()
        self._ledger = ledger
        self._operations = operations
        self._ids: list[str] = []
        self._rows: dict[str, HouseholdRow] = {}
        self._asked: set[int] = set()  # blocks being read
        self.filter = HouseholdFilter()
        self._generation = 0
        self._searching = False
        self._queued: HouseholdFilter | None = None
        self._search = HouseholdSearch()
        self._preparing = False

    @property
    def total(self) -> int:
        return len(self._ids)

    def forget(self) -> None:
        """The ledger changed: the next search reads everything again."""
        self._search.forget()

    def search(self, f: HouseholdFilter | None = None) -> None:
        """Run the search `f` (or the current one again, after a change)."""
        if f is None:
            self.forget()
        wanted = f or self.filter
        if self._searching:
            self._queued = wanted
            return
        self._searching = True
        self.filter = wanted
        ledger, search = self._ledger, self._search

        def work() -> tuple[list[str], dict[str, HouseholdRow]]:
            with ledger.read() as session:
                ids = search.ids(session, wanted)
                return ids, household_rows(session, ids[:BLOCK])

        self._operations.run(work, self._show, on_error=self._failed)

    def _show(self, result: tuple[list[str], dict[str, HouseholdRow]]) -> None:
        self._searching = False
        if self._queued is not None:
            queued, self._queued = self._queued, None
            self.search(queued)  # a newer request: this answer is already out of date
            return
        self._generation += 1
        self.beginResetModel()
        self._ids, self._rows = result
        self._asked = {0} if self._ids else set()
        self.endResetModel()
        self.loaded.emit(len(self._ids))
        self._prepare()

    def _prepare(self) -> None:
        """Ready the next keystrokes' fast path while the officer looks at the list."""
        if self._preparing or not self._search.needs_preparing:
            return
        self._preparing = True
        ledger, search = self._ledger, self._search

        def work() -> None:
            with ledger.read() as session:
                search.prepare(session)

        def done(_result: object = None) -> None:
            self._preparing = False

        # A failure here costs only speed: the searches themselves report what went wrong.
        self._operations.run(work, done, on_error=done)

    def _failed(self, exc: BaseException) -> None:
        self._searching = False
        self._queued = None
        self._operations.show_error(exc, "Không tìm được")

    # -- Qt's side ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows.get(self._ids[index.row()])
        if row is None:
            self._fetch(index.row() // BLOCK)
            return "…" if column == 0 else ""
        values = (
            row.code,
            row.head_name,
            row.village_name,
            category_text(row),
            row.members,
            "Đã đăng ký" if row.registered else "",
        )
        return values[column]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORTS[column] if 0 <= column < len(SORTS) else None
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.filter.sort, self.filter.descending):
            self.search(self.filter.with_(sort=key, descending=descending))

    # -- rows by id -------------------------------------------------------------------------------

    def household_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, household_id: str) -> int:
        try:
            return self._ids.index(household_id)
        except ValueError:
            return -1

    def is_read(self, row: int) -> bool:
        return self._ids[row] in self._rows

    def _fetch(self, block: int) -> None:
        if block in self._asked:
            return
        self._asked.add(block)
        generation, ledger = self._generation, self._ledger
        ids = self._ids[block * BLOCK : (block + 1) * BLOCK]

        def work() -> dict[str, HouseholdRow]:
            with ledger.read() as session:
                return household_rows(session, ids)

        def add(rows: dict[str, HouseholdRow]) -> None:
            if generation != self._generation:
                return
            self._rows.update(rows)
            first, last = block * BLOCK, min(len(self._ids), (block + 1) * BLOCK) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

        self._operations.run(work, add)
