"""The commune's villages (thôn/xóm/bản…) after the first run: add, rename, stop using one.
An administrator's work; every change goes through the ledger's village functions, so it is
recorded under the signed-in officer and synced like any record."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)
from sqlmodel import Session

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
from desktop.ui.settings.admin_panel import AdminPanel
from desktop.ui.workspace import Workspace


class VillagesPanel(AdminPanel[VillageRow]):
    headers = ("Tên thôn/xóm", "Loại", "Tên cũ (trước sáp nhập)", "Số hộ")
    read_title = "Không đọc được danh sách thôn"
    write_title = "Không lưu được thôn/xóm"
    reload_after_failure = True  # a stale row (changed elsewhere): show what is stored now

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        intro = QLabel(
            "Thôn, xóm, bản… của xã. Thôn/xóm còn hộ thì không xoá được: hãy chuyển các hộ "
            "sang thôn/xóm khác trước (sau sáp nhập thôn)."
        )
        intro.setWordWrap(True)
        self.column.addWidget(intro)
        self.column.addWidget(self.table, 1)

        self.name = QLineEdit()
        self.name.setPlaceholderText("Ví dụ: Nà Lẹng")
        self.kind = QComboBox()
        for value, label in VILLAGE_KIND_LABELS.items():
            self.kind.addItem(label, value.value)
        self.legacy_name = QLineEdit()
        self.legacy_name.setPlaceholderText("nếu có, giữ nguyên văn")
        grid = self.field_grid(
            QGridLayout(),
            (
                ("Tê&n:", self.name),
                ("L&oại:", self.kind),
                ("Tên cũ (sáp nhậ&p):", self.legacy_name),
            ),
            per_row=3,
        )
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(5, 1)
        grid.addWidget(self.error, 1, 1, 1, 5)
        self.column.addLayout(grid)

        self.add_button = QPushButton("Thêm thôn/xóm &mới")
        self.rename_button = QPushButton("&Lưu tên, loại")
        self.delete_button = QPushButton("&Xoá thôn/xóm")
        self.column.addLayout(
            self.button_bar(self.add_button, self.rename_button, self.delete_button)
        )
        self.add_button.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.delete_button.clicked.connect(self.remove)
        self.finish()

    def read(self, session: Session) -> list[VillageRow]:
        return list_villages(session)

    def key(self, row: VillageRow) -> str:
        return row.village.id

    def cells(self, row: VillageRow) -> tuple[object, ...]:
        village = row.village
        kind = VILLAGE_KIND_LABELS.get(VillageKind(village.kind), str(village.kind))
        return (village.name, kind, village.legacy_name or "", row.households)

    @property
    def rows(self) -> dict[str, VillageRow]:
        return self.by_key

    def names(self) -> list[str]:
        return [r.village.name for r in self.rows.values()]

    def choose(self, name: str) -> None:
        for row in self.rows.values():
            if row.village.name == name:
                self.select_key(row.village.id)

    def chosen(self, row: VillageRow | None) -> None:
        editable = self.editable
        self.add_button.setEnabled(editable)
        self.rename_button.setEnabled(editable and row is not None)
        self.delete_button.setEnabled(editable and row is not None)
        if row is not None:
            self.name.setText(row.village.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(str(row.village.kind))))
            self.legacy_name.setText(row.village.legacy_name or "")

    def add(self) -> None:
        if not self.allowed():
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

        self.write(work, f"Đã thêm “{name.strip()}”.")

    def rename(self) -> None:
        row = self.current()
        if row is None or not self.allowed():
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

        self.write(work, f"Đã lưu “{name.strip()}”.")

    def remove(self) -> None:
        row = self.current()
        if row is None or not self.allowed():
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

        self.write(work, f"Đã xoá “{village.name}”.")
