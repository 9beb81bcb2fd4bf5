"""Yearly review (rà soát hằng năm): for a year and a village, go through the households that
registered and record the outcome of each in bulk, with the commune's decision number and date.
Recording outcomes is an approval: only an administrator may."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from desktop.ledger.permissions import Permission
from desktop.ledger.queries import VillageRow, villages_with_counts
from desktop.ledger.registration_list import RegistrationRow, registration_rows
from desktop.ledger.registrations import ReviewRefused, review_in_bulk
from desktop.ledger.rules.registration import OPEN
from desktop.ledger.vocabulary import REGISTRATION_STATUS_LABELS
from desktop.ui import texts
from desktop.ui.list_screen import row_table
from desktop.ui.rows_model import RowsModel
from desktop.ui.screen import Screen
from desktop.ui.widgets import DateField, ErrorLabel
from desktop.ui.workspace import Workspace

OUTCOMES = {
    "": "— chưa ghi —",
    "escaped": "Đã thoát nghèo",
    "not_yet": "Chưa thoát nghèo",
    "withdrawn": "Rút đăng ký",
}
ANY = "__any__"
PROBLEM = QColor("#fde2e4")
Index = QModelIndex | QPersistentModelIndex


class ReviewModel(RowsModel):
    """The registrations of the review with an editable outcome column."""

    def __init__(self) -> None:
        super().__init__(
            ["Mã hộ", "Chủ hộ", "Thôn/xóm", "Năm cam kết", "Trạng thái", "Kết quả rà soát"],
            lambda r: (
                r.code,
                r.head_name,
                r.village_name,
                r.target_year,
                REGISTRATION_STATUS_LABELS.get(r.status, r.status),
                "",
            ),
        )
        self.outcomes: dict[str, str] = {}
        self.problems: dict[str, str] = {}

    def set_rows(self, rows: Any) -> None:
        self.outcomes, self.problems = {}, {}
        super().set_rows(rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == 5 else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 5:
            rid = self.rows[index.row()].id
            if role == Qt.ItemDataRole.DisplayRole:
                return OUTCOMES[self.outcomes.get(rid, "")]
            if role == Qt.ItemDataRole.EditRole:
                return self.outcomes.get(rid, "")
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.problems.get(rid)
        if (
            index.isValid()
            and role == Qt.ItemDataRole.BackgroundRole
            and self.rows[index.row()].id in self.problems
        ):
            return PROBLEM
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 5 or value not in OUTCOMES:
            return False
        rid = self.rows[index.row()].id
        if value:
            self.outcomes[rid] = value
        else:
            self.outcomes.pop(rid, None)
        self.dataChanged.emit(index, index)
        return True

    def set_all(self, rows: list[int], value: str) -> None:
        for row in rows:
            self.setData(self.index(row, 5), value)


class ReviewScreen(Screen):
    key = "review"
    title = "Rà soát hằng năm"
    watches = ("registration", "registrationreview", "village")

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        from desktop.ui.households.members import ChoiceDelegate

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.village = QComboBox()
        bar.addWidget(QLabel("Năm rà soát:"))
        bar.addWidget(self.year)
        bar.addWidget(QLabel("Thôn/xóm:"))
        bar.addWidget(self.village, 1)
        layout.addLayout(bar)
        mark = QHBoxLayout()
        mark.addWidget(QLabel("Ghi cho các dòng đang chọn:"))
        self.mark_buttons = {}
        for value in ("escaped", "not_yet", "withdrawn"):
            button = QPushButton(OUTCOMES[value])
            button.clicked.connect(lambda _c=False, v=value: self.mark_selected(v))
            mark.addWidget(button)
            self.mark_buttons[value] = button
        mark.addStretch(1)
        layout.addLayout(mark)
        self.model = ReviewModel()
        self.table = row_table(self.model, (100, 220, 170, 110, 150))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setItemDelegateForColumn(5, ChoiceDelegate(OUTCOMES, parent=self))
        layout.addWidget(self.table, 1)
        decision = QHBoxLayout()
        self.decision_number = QLineEdit()
        self.decision_number.setPlaceholderText("ví dụ 125/QĐ-UBND")
        self.decision_date = DateField()
        self.record_button = QPushButton("&Ghi kết quả rà soát")
        decision.addWidget(QLabel("Quyết định công nhận thoát nghèo số:"))
        decision.addWidget(self.decision_number)
        decision.addWidget(QLabel("ngày:"))
        decision.addWidget(self.decision_date)
        decision.addStretch(1)
        decision.addWidget(self.record_button)
        layout.addLayout(decision)
        self.problem = ErrorLabel()
        layout.addWidget(self.problem)
        self.year.valueChanged.connect(lambda _v: self._load_rows())
        self.village.currentIndexChanged.connect(lambda _i: self._load_rows())
        self.record_button.clicked.connect(self.record)
        self._filling = False

    def reload(self) -> None:
        ledger = self.workspace.ledger

        def work() -> list[VillageRow]:
            with ledger.session() as session:
                return villages_with_counts(session)

        def fill(villages: list[VillageRow]) -> None:
            self._filling = True
            chosen = self.village.currentData()
            self.village.clear()
            self.village.addItem("Tất cả thôn/xóm", ANY)
            for v in villages:
                self.village.addItem(v.name, v.id)
            self.village.setCurrentIndex(max(0, self.village.findData(chosen)))
            self._filling = False
            self._load_rows()

        self.workspace.operations.run(work, fill)

    def _load_rows(self) -> None:
        if self._filling:
            return
        ledger, village = self.workspace.ledger, self.village.currentData()

        def work() -> list[RegistrationRow]:
            with ledger.session() as session:
                return registration_rows(
                    session,
                    village_id=None if village in (ANY, None) else village,
                    statuses=tuple(s.value for s in OPEN),
                )

        self.workspace.operations.run(work, self.model.set_rows)

    def mark_selected(self, value: str) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        self.model.set_all(rows, value)

    def record(self) -> None:
        if not self.workspace.allowed(self, Permission.approve):
            return
        outcomes = dict(self.model.outcomes)
        if not outcomes:
            self.problem.show_problem("Chưa ghi kết quả cho hộ nào.")
            return
        if "escaped" in outcomes.values() and (
            not self.decision_number.text().strip() or self.decision_date.value() is None
        ):
            self.problem.show_problem(
                "Hộ được công nhận thoát nghèo cần số và ngày quyết định của UBND xã."
            )
            return
        self.problem.show_problem("")
        ledger, officer, year = (
            self.workspace.ledger,
            self.workspace.officer_name,
            self.year.value(),
        )
        number = self.decision_number.text().strip() or None
        on = self.decision_date.value()

        def work() -> int:
            with ledger.session() as session:
                review_in_bulk(
                    session,
                    year=year,
                    outcomes=outcomes,
                    decision_number=number,
                    decision_date=on,
                    reviewed_on=date.today(),
                    officer=officer,
                )
            return len(outcomes)

        def refused(exc: BaseException) -> None:
            if isinstance(exc, ReviewRefused):
                self.model.problems = {k: " ".join(v.values()) for k, v in exc.problems.items()}
                self.model.layoutChanged.emit()
                self.problem.show_problem(str(exc))
            else:
                self.workspace.operations.show_error(exc, "Không ghi được kết quả rà soát")

        def done(n: int) -> None:
            texts.inform(self, "Rà soát", f"Đã ghi kết quả rà soát năm {year} cho {n} hộ.")

        self.workspace.operations.write(work, done, on_error=refused)
