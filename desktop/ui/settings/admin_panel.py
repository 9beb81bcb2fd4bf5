"""What the administrator's tabs of Settings share (villages, officer accounts): a short table
read off the UI thread, the fields of the chosen row below it, a bar of buttons ending with what
the last change did, and writes whose refusals show beside the fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from desktop.ledger.errors import InputError
from desktop.ledger.permissions import Permission
from desktop.ui.tables import SmallTable
from desktop.ui.widgets import ErrorLabel
from desktop.ui.workspace import Workspace

Row = TypeVar("Row")


class AdminPanel(QWidget, Generic[Row]):
    """A subclass names its columns and titles, how rows are read, keyed and shown, and what
    choosing a row fills in (`chosen`); it builds its fields with `field_grid`, its buttons
    with `button_bar`, and writes through `write`."""

    shown = Signal()  # the list was read and is on screen
    done = Signal(str)  # what the last change did, in Vietnamese ("" when refused)

    headers: tuple[str, ...] = ()
    read_title = "Không đọc được danh sách"
    write_title = "Không lưu được"
    reload_after_failure = False  # show what is stored now after a write failed

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.by_key: dict[str, Row] = {}
        self.column = QVBoxLayout(self)
        self.table = SmallTable(list(self.headers))
        self.error = ErrorLabel()
        self.status = QLabel()

    # -- what a subclass says -----------------------------------------------------------------

    def read(self, session: Session) -> list[Row]:
        raise NotImplementedError

    def key(self, row: Row) -> str:
        raise NotImplementedError

    def cells(self, row: Row) -> Sequence[object]:
        raise NotImplementedError

    def chosen(self, row: Row | None) -> None:
        """Fill the fields from the chosen row (None: nothing chosen)."""

    def written(self) -> None:
        """After a change was written, before the list is read again."""

    # -- building -----------------------------------------------------------------------------

    @staticmethod
    def field_grid(
        grid: QGridLayout, fields: Sequence[tuple[str, QWidget]], per_row: int
    ) -> QGridLayout:
        """Each field after its caption (whose mnemonic focuses it), `per_row` to a row; rows
        two apart, so a line of messages fits under each."""
        for i, (text, widget) in enumerate(fields):
            row, col = (i // per_row) * 2, (i % per_row) * 2
            caption = QLabel(text)
            caption.setBuddy(widget)
            grid.addWidget(caption, row, col)
            grid.addWidget(widget, row, col + 1)
        return grid

    def button_bar(self, *buttons: QPushButton) -> QHBoxLayout:
        bar = QHBoxLayout()
        for button in buttons:
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.status)
        return bar

    def finish(self) -> None:
        """Call at the end of the subclass's __init__: choosing a row fills the fields."""
        self.table.currentCellChanged.connect(lambda *_a: self._chosen())
        self._chosen()

    # -- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        ledger, read = self.workspace.ledger, self.read

        def work() -> list[Row]:
            with ledger.read() as session:
                return read(session)

        self.workspace.operations.run(work, self._show, title=self.read_title)

    def _show(self, rows: list[Row]) -> None:
        chosen = self.table.current_key()
        self.by_key = {self.key(r): r for r in rows}
        self.table.set_rows([self.cells(r) for r in rows], keys=list(self.by_key))
        for row, key in enumerate(self.by_key):
            if key == chosen:
                self.table.selectRow(row)
        self._chosen()
        self.shown.emit()

    def select_key(self, key: str) -> None:
        for row, each in enumerate(self.by_key):
            if each == key:
                self.table.selectRow(row)

    def current(self) -> Row | None:
        return self.by_key.get(self.table.current_key() or "")

    def _chosen(self) -> None:
        self.chosen(self.current())
        self.error.show_problem("")

    @property
    def editable(self) -> bool:
        return self.workspace.may(Permission.configure)

    def allowed(self) -> bool:
        """May the signed-in officer change this? (Says why not, if not.)"""
        return self.workspace.allowed(self, Permission.configure)

    # -- writing ------------------------------------------------------------------------------

    def write(self, work: Callable[[], object], said: str) -> None:
        def done(_result: object) -> None:
            self.status.setText(said)
            self.written()
            self.done.emit(said)
            self.reload()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, InputError):  # a refusal the officer can act on: in the panel
                self.error.show_problem(str(exc))
                self.status.setText("")
                self.done.emit("")
                return
            self.workspace.operations.show_error(exc, self.write_title)
            if self.reload_after_failure:
                self.reload()

        self.workspace.operations.write(work, done, on_error=failed)
