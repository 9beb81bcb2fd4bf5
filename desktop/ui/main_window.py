"""The main window: villages on the left, the households of the chosen one in the middle, a
search box above. Every disk access goes through the window's Operations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger.commune import current_commune, set_up_commune
from desktop.ledger.paths import DataFolder
from desktop.ledger.queries import VillageRow, villages_with_counts
from desktop.ledger.records import Commune
from desktop.ledger.storage import Ledger, open_data_folder
from desktop.ui import texts
from desktop.ui.first_run import Choice, FirstRunDialog
from desktop.ui.household_model import HouseholdModel
from desktop.ui.operations import Operations

ALL = None  # the "all villages" entry
OFFICER = "ui"


class MainWindow(QMainWindow):
    ready = Signal()  # the ledger is open and the first households are shown

    def __init__(self, folder: DataFolder) -> None:
        super().__init__()
        self.folder = folder
        self.ledger: Ledger | None = None
        self.model: HouseholdModel | None = None
        self.operations = Operations(self)
        self.setWindowTitle("Sổ Thoát Nghèo")
        self.resize(1280, 720)
        self._build()
        self.operations.busy.connect(self._busy)
        self.operations.ledger_replaced.connect(self._reload_after_restore)

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm theo tên chủ hộ, mã hộ, số CCCD… (không cần gõ dấu)")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.villages = QListWidget()
        self.villages.setMinimumWidth(220)
        self.villages.currentItemChanged.connect(lambda *_: self._reload())

        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)

        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.table)
        splitter = QSplitter()
        splitter.addWidget(self.villages)
        splitter.addWidget(centre)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 1040])
        self.setCentralWidget(splitter)

        self.count_label = QLabel()
        self.busy_label = QLabel()
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(QLabel(f"Dữ liệu: {self.folder.root}"))
        self._menus()

    def _menus(self) -> None:
        menu = self.menuBar().addMenu("&Tệp")
        for text, slot, keys in (
            ("&Nhập danh sách hộ từ Excel…", self.import_list, None),
            ("&Xuất danh sách hộ ra Excel…", self.export_list, None),
            ("&Sao lưu dữ liệu…", self.backup, QKeySequence("Ctrl+B")),
            ("&Phục hồi từ bản sao lưu…", self.restore, None),
            ("&Thoát", self.close, QKeySequence("Ctrl+Q")),
        ):
            action = QAction(text, self)
            if keys is not None:
                action.setShortcut(keys)
            action.triggered.connect(slot)
            menu.addAction(action)

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText("Đang xử lý…" if busy else "")

    # -- start-up --------------------------------------------------------------------------

    def start(self) -> None:
        """Open the ledger off the UI thread; ask for the commune on first start."""
        self.count_label.setText("Đang mở sổ dữ liệu…")

        def work() -> tuple[Ledger, Commune | None]:
            ledger = open_data_folder(self.folder)
            with ledger.session() as session:
                return ledger, current_commune(session)

        self.operations.run(work, self._opened, title="Không mở được sổ dữ liệu")

    def _opened(self, result: tuple[Ledger, Commune | None]) -> None:
        self.ledger, commune = result
        if self.ledger.notices:  # e.g. the daily backup could not be made: the disk is full
            texts.warn(self, "Sao lưu hằng ngày", "\n\n".join(self.ledger.notices))
        if commune is None:
            self.first_run = FirstRunDialog(self, offer_demo=True)
            self.first_run.accepted.connect(lambda: self._set_up(self.first_run.choice()))
            self.first_run.rejected.connect(self.close)  # nothing to show without a commune
            self.first_run.open()
            return
        self._show_commune(commune)

    def _set_up(self, choice: Choice | None) -> None:
        if choice is None or self.ledger is None:
            return
        ledger = self.ledger
        self.count_label.setText("Đang thiết lập…" + (" và tạo dữ liệu mẫu" if choice.demo else ""))

        def work() -> Commune:
            with ledger.session() as session:
                commune = set_up_commune(session, choice.province_code, choice.commune_code)
            if choice.demo:
                from desktop.ledger.demo import make_demo

                make_demo(ledger, households=400, officer=OFFICER)
            return commune

        self.operations.run(work, self._show_commune, title="Không thiết lập được")

    def _show_commune(self, commune: Commune) -> None:
        assert self.ledger is not None
        self.setWindowTitle(f"Sổ Thoát Nghèo — {commune.name}, {commune.province_name}")
        self.model = HouseholdModel(self.ledger, self.operations)
        self.model.loaded.connect(self._loaded)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, width in enumerate((110, 250, 180, 330, 110)):
            header.resizeSection(i, width)
        header.setStretchLastSection(True)
        self.refresh_villages()

    def refresh_villages(self) -> None:
        assert self.ledger is not None
        ledger = self.ledger

        def work() -> list[VillageRow]:
            with ledger.session() as session:
                return villages_with_counts(session)

        self.operations.run(work, self._fill_villages)

    def _fill_villages(self, villages: list[VillageRow]) -> None:
        self.villages.blockSignals(True)
        self.villages.clear()
        everyone = QListWidgetItem(f"Tất cả thôn/xóm ({sum(v.households for v in villages)})")
        everyone.setData(Qt.ItemDataRole.UserRole, ALL)
        self.villages.addItem(everyone)
        for village in villages:
            item = QListWidgetItem(f"{village.name} ({village.households})")
            item.setData(Qt.ItemDataRole.UserRole, village.id)
            self.villages.addItem(item)
        self.villages.setCurrentRow(0)
        self.villages.blockSignals(False)
        self._reload()

    def _reload(self) -> None:
        if self.model is None:
            return
        item = self.villages.currentItem()
        village_id = item.data(Qt.ItemDataRole.UserRole) if item else ALL
        self.model.search(self.search.text(), village_id)

    def _loaded(self, total: int) -> None:
        self.count_label.setText(f"{total:,} hộ".replace(",", "."))
        self.ready.emit()

    # -- file menu -------------------------------------------------------------------------

    def import_list(self) -> None:
        if self.ledger is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "Chọn danh sách hộ", "", "Excel (*.xlsx)")
        if not name:
            return
        from desktop.ledger.excel.households_import import import_households
        from desktop.ledger.excel.report import write_report

        ledger, path = self.ledger, Path(name)
        report = path.with_name(f"{path.stem}-ket-qua-nhap.xlsx")

        def work() -> str:
            result = import_households(ledger, path, officer=OFFICER)
            write_report(result, report)
            return f"{result.summary()}.\n\nBáo cáo từng dòng: {report}"

        def done(summary: str) -> None:
            texts.inform(self, "Nhập danh sách hộ", summary)
            self.refresh_villages()

        self.operations.run(work, done, title="Không nhập được danh sách")

    def export_list(self) -> None:
        if self.ledger is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Lưu danh sách hộ", "danh-sach-ho.xlsx", "Excel (*.xlsx)"
        )
        if not name:
            return
        from desktop.ledger.excel.export import export_list

        ledger = self.ledger
        self.operations.run(
            lambda: export_list(ledger, "households", Path(name)),
            lambda n: texts.inform(self, "Xuất danh sách", f"Đã xuất {n} hộ vào {name}"),
            title="Không xuất được danh sách",
        )

    def backup(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Lưu bản sao lưu", "sao-luu.sqlite", "Sao lưu (*.sqlite)"
        )
        if not name:
            return
        from desktop.ledger.storage.backup import copy_database

        self.operations.run(
            lambda: copy_database(self.folder.database, Path(name)),
            lambda dest: texts.inform(self, "Sao lưu", f"Đã sao lưu vào {dest}"),
            title="Không sao lưu được",
        )

    def restore(self) -> None:
        from desktop.ui.restore_flow import restore_from_backup

        restore_from_backup(
            self,
            self.operations,
            self.folder,
            officer=OFFICER,
            done=lambda _r: self._reload_after_restore(),
            ledger=self.ledger,
        )

    def _reload_after_restore(self) -> None:
        """The ledger under the window was restored: show it as it now is."""
        if self.ledger is None:
            return
        ledger = self.ledger

        def work() -> Commune | None:
            ledger.adopt_restore()
            with ledger.session() as session:
                return current_commune(session)

        self.operations.run(work, lambda c: self._show_commune(c) if c else None)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.operations.wait()
        if self.ledger is not None:
            self.ledger.close()
        super().closeEvent(event)
