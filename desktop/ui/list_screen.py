"""The scaffolding of a screen that lists records read whole (registrations, model cases,
proposals): a bar of buttons and filters, the count, a table over `RowsModel`, and the rows read
off the UI thread, only the newest read shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from desktop.ui.rows_model import RowsModel
from desktop.ui.screen import Screen
from desktop.ui.widgets import format_number
from desktop.ui.workspace import Workspace

Row = TypeVar("Row")


def row_table(model: QAbstractItemModel, widths: Sequence[int]) -> QTableView:
    """A table of whole rows, one selected at a time, columns as wide as `widths` (the last
    one stretches)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for i, width in enumerate(widths):
        header.resizeSection(i, width)
    header.setStretchLastSection(True)
    return table


class ListScreen(Screen, Generic[Row]):
    """A subclass names its columns, how a row becomes cells, and what to read (`query`);
    it adds its buttons and filters to the bar with `add_to_bar`."""

    headers: tuple[str, ...] = ()
    widths: tuple[int, ...] = ()
    noun = ""  # the count reads "12 {noun}"
    count_below_bar = False  # the count on a line of its own instead of at the bar's end

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        layout = QVBoxLayout(self)
        self.bar = QHBoxLayout()
        layout.addLayout(self.bar)
        self.count_label = QLabel()
        if self.count_below_bar:
            layout.addWidget(self.count_label)
        else:
            self.bar.addStretch(1)
            self.bar.addWidget(self.count_label)
        self.model = RowsModel(self.headers, self.cells)
        self.table = row_table(self.model, self.widths)
        layout.addWidget(self.table, 1)
        self.table.doubleClicked.connect(lambda _i: self.activated())
        self._reads = 0  # reads asked for; an older one's answer is not shown

    def cells(self, row: Row) -> Sequence[object]:
        raise NotImplementedError

    def query(self) -> Callable[[Session], Sequence[Row]]:
        """Called on the UI thread (to take the filters' values); what it returns reads the
        rows on a worker thread."""
        raise NotImplementedError

    def activated(self) -> None:
        """A row was double-clicked."""

    def add_to_bar(self, *widgets: QWidget, stretch: int = 0) -> None:
        at = self.bar.count() - (0 if self.count_below_bar else 2)  # before the stretch and count
        for widget in widgets:
            self.bar.insertWidget(at, widget, stretch)
            at += 1

    def add_button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda: slot())
        self.add_to_bar(button)
        return button

    def reload(self) -> None:
        ledger, read = self.workspace.ledger, self.query()
        self._reads += 1
        asked = self._reads

        def work() -> Sequence[Row]:
            with ledger.read() as session:
                return read(session)

        def show(rows: Sequence[Row]) -> None:
            if asked == self._reads:
                self.model.set_rows(rows)
                self.count_label.setText(f"{format_number(len(rows))} {self.noun}")

        self.workspace.operations.run(work, show)

    def selected(self) -> Row | None:
        """The row under the cursor, or None."""
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None
