"""The commune's villages (thôn/xóm/bản…) after the first run: add, rename, stop using one.
An administrator's work; every change goes through the ledger's village functions, so it is
recorded under the signed-in officer and synced like any record."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger.errors import InputError
from desktop.ledger.permissions import Permission
from desktop.ledger.records import Village
from desktop.ledger.villages import (
    VillageRow,
    add_village,
    delete_village,
    edit_village,
    list_villages,
)
from desktop.ledger.vocabulary import VILLAGE_KIND_LABELS, VillageKind
from desktop.ui import texts
from desktop.ui.tables import SmallTable
from desktop.ui.widgets import ErrorLabel
from desktop.ui.workspace import Workspace


class VillagesPanel(QWidget):
    shown = Signal()  # the list was read and is on screen
    done = Signal(str)  # what the last change did, in Vietnamese ("" when refused)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.rows: dict[str, VillageRow] = {}
        column = QVBoxLayout(self)
        intro = QLabel(
            "Thôn, xóm, bản… của xã. Thôn/xóm còn hộ thì không xoá được: hãy chuyển các hộ "
            "sang thôn/xóm khác trước (sau sáp nhập thôn)."
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.table = SmallTable(["Tên thôn/xóm", "Loại", "Tên cũ (trước sáp nhập)", "Số hộ"])
        column.addWidget(self.table, 1)

        grid = QGridLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("Ví dụ: Nà Lẹng")
        self.kind = QComboBox()
        for value, label in VILLAGE_KIND_LABELS.items():
            self.kind.addItem(label, value.value)
        self.legacy_name = QLineEdit()
        self.legacy_name.setPlaceholderText("nếu có, giữ nguyên văn")
        for col, (text, widget) in enumerate(
            (("Tê&n:", self.name), ("L&oại:", self.kind), ("Tên cũ (sáp nhậ&p):", self.legacy_name))
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            grid.addWidget(caption, 0, col * 2)
            grid.addWidget(widget, 0, col * 2 + 1)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(5, 1)
        self.error = ErrorLabel()
        grid.addWidget(self.error, 1, 1, 1, 5)
        column.addLayout(grid)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("Thêm thôn/xóm &mới")
        self.rename_button = QPushButton("&Lưu tên, loại")
        self.delete_button = QPushButton("&Xoá thôn/xóm")
        for button in (self.add_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel()
        buttons.addWidget(self.status)
        column.addLayout(buttons)

        self.table.currentCellChanged.connect(lambda *_a: self._chosen())
        self.add_button.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.delete_button.clicked.connect(self.remove)
        self._chosen()

    def reload(self) -> None:
        ledger = self.workspace.ledger

        def work() -> list[VillageRow]:
            with ledger.read() as session:
                return list_villages(session)

        self.workspace.operations.run(work, self._show, title="Không đọc được danh sách thôn")

    def _show(self, rows: list[VillageRow]) -> None:
        chosen = self.table.current_key()
        self.rows = {r.village.id: r for r in rows}
        self.table.set_rows(
            [
                (
                    r.village.name,
                    VILLAGE_KIND_LABELS.get(VillageKind(r.village.kind), str(r.village.kind)),
                    r.village.legacy_name or "",
                    r.households,
                )
                for r in rows
            ],
            keys=[r.village.id for r in rows],
        )
        for row, village_id in enumerate(self.rows):
            if village_id == chosen:
                self.table.selectRow(row)
        self._chosen()
        self.shown.emit()

    def names(self) -> list[str]:
        return [r.village.name for r in self.rows.values()]

    def choose(self, name: str) -> None:
        for row, village in enumerate(self.rows.values()):
            if village.village.name == name:
                self.table.selectRow(row)

    def _chosen(self) -> None:
        row = self.rows.get(self.table.current_key() or "")
        editable = self.workspace.may(Permission.configure)
        self.add_button.setEnabled(editable)
        self.rename_button.setEnabled(editable and row is not None)
        self.delete_button.setEnabled(editable and row is not None)
        if row is not None:
            self.name.setText(row.village.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(str(row.village.kind))))
            self.legacy_name.setText(row.village.legacy_name or "")
        self.error.show_problem("")

    def _write(self, work: Callable[[], object], said: str) -> None:
        def done(_result: object) -> None:
            self.status.setText(said)
            self.done.emit(said)
            self.reload()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, InputError):  # a refusal the officer can act on: beside the name
                self.error.show_problem(str(exc))
                self.status.setText("")
                self.done.emit("")
                return
            self.workspace.operations.show_error(exc, "Không lưu được thôn/xóm")
            self.reload()  # a stale row (changed elsewhere): show what is stored now

        self.workspace.operations.write(work, done, on_error=failed)

    def add(self) -> None:
        if not self.workspace.allowed(self, Permission.configure):
            return
        ledger, officer, commune = (
            self.workspace.ledger,
            self.workspace.officer,
            self.workspace.commune.code,
        )
        name, kind, legacy = self.name.text(), self.kind.currentData(), self.legacy_name.text()
        assert officer is not None

        def work() -> Village:
            with ledger.session() as session:
                return add_village(
                    session,
                    commune,
                    name,
                    by=officer,
                    kind=VillageKind(kind),
                    legacy_name=legacy.strip() or None,
                )

        self._write(work, f"Đã thêm “{name.strip()}”.")

    def rename(self) -> None:
        row = self.rows.get(self.table.current_key() or "")
        if row is None or not self.workspace.allowed(self, Permission.configure):
            return
        ledger, officer, village = self.workspace.ledger, self.workspace.officer, row.village
        name, kind, legacy = self.name.text(), self.kind.currentData(), self.legacy_name.text()
        assert officer is not None

        def work() -> Village:
            with ledger.session() as session:
                return edit_village(
                    session,
                    village,
                    by=officer,
                    name=name,
                    kind=VillageKind(kind),
                    legacy_name=legacy.strip(),
                )

        self._write(work, f"Đã lưu “{name.strip()}”.")

    def remove(self) -> None:
        row = self.rows.get(self.table.current_key() or "")
        if row is None or not self.workspace.allowed(self, Permission.configure):
            return
        village = row.village
        if row.households:  # the ledger refuses, and says why: no question to answer first
            self._remove(village)
            return

        def answered(answer: QMessageBox.StandardButton) -> None:
            if answer == QMessageBox.StandardButton.Yes:
                self._remove(village)

        texts.ask_then(
            self,
            "Xoá thôn/xóm",
            f"Xoá “{village.name}” khỏi danh sách thôn/xóm của xã?",
            answered,
        )

    def _remove(self, village: Village) -> None:
        ledger, officer = self.workspace.ledger, self.workspace.officer
        assert officer is not None

        def work() -> None:
            with ledger.session() as session:
                delete_village(session, village, by=officer)

        self._write(work, f"Đã xoá “{village.name}”.")
