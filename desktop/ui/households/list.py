"""The Households screen: instant search by any member's name, code or ID number without accents,
filters (village, classification, ethnicity, registered or not), sorting by column, the count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger.household_list import UNCLASSIFIED, HouseholdFilter, ethnicities_in_use
from desktop.ledger.permissions import Permission
from desktop.ledger.queries import VillageRow, villages_with_counts
from desktop.ledger.vocabulary import CATEGORY_LABELS
from desktop.ui.households.model import HouseholdModel
from desktop.ui.list_screen import row_table
from desktop.ui.screen import Screen
from desktop.ui.widgets import format_number
from desktop.ui.workspace import Workspace

if TYPE_CHECKING:
    from desktop.ui.households.form import HouseholdForm

ANY = "__any__"


class HouseholdsScreen(Screen):
    key = "households"
    title = "Hộ gia đình"
    watches = ("household", "member", "classification", "registration", "village")
    loaded = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace)
        self.model = HouseholdModel(workspace.ledger, workspace.operations)
        self.model.loaded.connect(self._counted)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            "Tìm theo tên bất kỳ thành viên, mã hộ, số CCCD… (không cần gõ dấu)   Ctrl+F"
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.apply())
        top.addWidget(self.search, 1)
        self.add_button = QPushButton("&Thêm hộ…")
        self.add_button.setToolTip("Thêm hộ mới (Ctrl+N)")
        self.add_button.clicked.connect(self.add_household)
        top.addWidget(self.add_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.village = QComboBox()
        self.category = QComboBox()
        self.ethnicity = QComboBox()
        self.registered = QComboBox()
        self.category.addItem("Mọi phân loại", ANY)
        for category, label in CATEGORY_LABELS.items():
            self.category.addItem(label, category.value)
        self.category.addItem("Chưa phân loại", UNCLASSIFIED)
        self.registered.addItem("Đăng ký hay chưa: tất cả", ANY)
        self.registered.addItem("Đã đăng ký thoát nghèo", True)
        self.registered.addItem("Chưa đăng ký thoát nghèo", False)
        for label, combo in (
            ("Thôn/xóm:", self.village),
            ("Phân loại:", self.category),
            ("Dân tộc:", self.ethnicity),
            ("", self.registered),
        ):
            if label:
                filters.addWidget(QLabel(label))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _i: self.apply())
            filters.addWidget(combo)
        self.extra_label = QLabel()
        self.clear_extra = QPushButton("Bỏ lọc này")
        self.clear_extra.clicked.connect(self._clear_extra)
        filters.addWidget(self.extra_label)
        filters.addWidget(self.clear_extra)
        self.extra: dict[str, object] = {}
        self._show_extra()
        filters.addStretch(1)
        self.count_label = QLabel()
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.table = row_table(self.model, (110, 230, 170, 250, 90))
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.doubleClicked.connect(lambda index: self.open_household(index.row()))
        layout.addWidget(self.table, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_household)
        for keys in ("Return", "Enter"):
            QShortcut(QKeySequence(keys), self.table, self._open_current)
        self.setFocusProxy(self.search)
        self._filling = False
        self.forms: list[QWidget] = []

    # -- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        ledger = self.workspace.ledger
        self.model.forget()  # first shown, or the ledger changed: no order kept from before

        def work() -> tuple[list[VillageRow], list[str]]:
            with ledger.read() as session:
                return villages_with_counts(session), ethnicities_in_use(session)

        self.workspace.operations.run(work, self._fill_filters)

    def _fill_filters(self, result: tuple[list[VillageRow], list[str]]) -> None:
        villages, ethnicities = result
        self._filling = True
        chosen_village, chosen_ethnicity = self.village.currentData(), self.ethnicity.currentData()
        self.village.clear()
        self.village.addItem(f"Tất cả ({format_number(sum(v.households for v in villages))})", ANY)
        for village in villages:
            self.village.addItem(
                f"{village.name} ({format_number(village.households)})", village.id
            )
        self.ethnicity.clear()
        self.ethnicity.addItem("Mọi dân tộc", ANY)
        for name in ethnicities:
            self.ethnicity.addItem(name, name)
        for combo, chosen in ((self.village, chosen_village), (self.ethnicity, chosen_ethnicity)):
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        self._filling = False
        self.apply()

    def current_filter(self) -> HouseholdFilter:
        def value(combo: QComboBox) -> object:
            data = combo.currentData()
            return None if data == ANY else data

        return self.model.filter.with_(
            category_year=self.extra.get("category_year"),
            ethnic_minority=self.extra.get("ethnic_minority"),
            text=self.search.text(),
            village_id=value(self.village),
            category=value(self.category),
            ethnicity=value(self.ethnicity),
            registered=value(self.registered),
        )

    def apply(self) -> None:
        if not self._filling and self._loaded:
            self.model.search(self.current_filter())

    def show_filter(self, f: HouseholdFilter) -> None:
        """Open the list on `f` (the Overview's figures use this)."""
        self._filling = True
        self.extra = {
            k: v
            for k, v in (("category_year", f.category_year), ("ethnic_minority", f.ethnic_minority))
            if v is not None
        }
        self._show_extra()
        self.search.setText(f.text)
        for combo, wanted in (
            (self.village, f.village_id),
            (self.category, f.category),
            (self.ethnicity, f.ethnicity),
            (self.registered, f.registered),
        ):
            combo.setCurrentIndex(max(0, combo.findData(ANY if wanted is None else wanted)))
        self._filling = False
        self.model.search(self.current_filter())

    def _show_extra(self) -> None:
        words = []
        if self.extra.get("category_year"):
            words.append(f"phân loại năm {self.extra['category_year']}")
        if self.extra.get("ethnic_minority"):
            words.append("hộ dân tộc thiểu số")
        self.extra_label.setText("Lọc thêm: " + ", ".join(words) if words else "")
        self.extra_label.setVisible(bool(words))
        self.clear_extra.setVisible(bool(words))

    def _clear_extra(self) -> None:
        self.extra = {}
        self._show_extra()
        self.apply()

    def _counted(self, total: int) -> None:
        self.count_label.setText(f"{format_number(total)} hộ")
        self.loaded.emit(total)

    # -- households -------------------------------------------------------------------------------

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_household(index.row())

    def open_household(self, row: int) -> None:
        self.open_form(self.model.household_id(row))

    def add_household(self) -> None:
        if self.workspace.allowed(self, Permission.edit):
            self.open_form(None)

    def open_form(self, household_id: str | None) -> HouseholdForm:
        from desktop.ui.households.form import HouseholdForm

        form = HouseholdForm(self.workspace, household_id, self)
        self.forms.append(form)
        form.finished.connect(lambda _r: self.forms.remove(form) if form in self.forms else None)
        form.open()
        return form
