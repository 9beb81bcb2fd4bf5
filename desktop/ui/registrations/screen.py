"""The Registrations screen: every registration to escape poverty, its status, filters; a new
registration (wizard) and support received, from here or from the household's form."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.ledger.permissions import Permission
from desktop.ledger.registration_list import RegistrationRow, registration_rows
from desktop.ledger.vocabulary import REGISTRATION_STATUS_LABELS
from desktop.ui.rows_model import RowsModel
from desktop.ui.screen import Screen
from desktop.ui.widgets import format_date, format_number
from desktop.ui.workspace import Workspace

ANY = "__any__"


def _cells(r: RegistrationRow) -> tuple[object, ...]:
    return (
        r.code,
        r.head_name,
        r.village_name,
        format_date(r.registered_on),
        r.target_year,
        REGISTRATION_STATUS_LABELS.get(r.status, r.status),  # type: ignore[call-overload]
        r.last_review_year,
    )


class RegistrationsScreen(Screen):
    key = "registrations"
    title = "Đăng ký thoát nghèo"
    watches = (
        "registration",
        "registration_review",
        "registrationreview",
        "support_given",
        "household",
    )

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm hộ theo tên, mã hộ, CCCD (không cần dấu)")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem("Mọi trạng thái", ANY)
        for status, label in REGISTRATION_STATUS_LABELS.items():
            self.status.addItem(label, status.value)
        self.new_button = QPushButton("Đăng ký &mới…")
        self.support_button = QPushButton("Ghi &hỗ trợ…")
        self.open_button = QPushButton("Mở &hồ sơ hộ")
        bar.addWidget(self.search, 1)
        bar.addWidget(QLabel("Trạng thái:"))
        bar.addWidget(self.status)
        for button in (self.new_button, self.support_button, self.open_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.model = RowsModel(
            [
                "Mã hộ",
                "Chủ hộ",
                "Thôn/xóm",
                "Ngày đăng ký",
                "Năm cam kết",
                "Trạng thái",
                "Rà soát gần nhất",
            ],
            _cells,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, width in enumerate((100, 220, 170, 110, 110, 150)):
            header.resizeSection(i, width)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button.clicked.connect(self.new_registration)
        self.support_button.clicked.connect(self.record_support)
        self.open_button.clicked.connect(self.open_household)
        self.table.doubleClicked.connect(lambda _i: self.open_household())
        self.setFocusProxy(self.search)

    def reload(self) -> None:
        ledger, text = self.workspace.ledger, self.search.text()
        status = self.status.currentData()

        def work() -> list[RegistrationRow]:
            with ledger.session() as session:
                return registration_rows(
                    session, text=text, status=None if status == ANY else status
                )

        def show(rows: list[RegistrationRow]) -> None:
            if text == self.search.text():
                self.model.set_rows(rows)
                self.count_label.setText(f"{format_number(len(rows))} đăng ký")

        self.workspace.operations.run(work, show)

    def selected(self) -> RegistrationRow | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def new_registration(self) -> None:
        from desktop.ui.registrations.wizard import RegistrationWizard

        if self.workspace.allowed(self, Permission.edit):
            self.wizard = RegistrationWizard(self.workspace, self)
            self.wizard.open()

    def record_support(self) -> None:
        from desktop.ui.registrations.support import SupportDialog

        row = self.selected()
        if row is None or not self.workspace.allowed(self, Permission.edit):
            return
        self.support_dialog = SupportDialog(
            self.workspace, self, household_id=row.household_id, registration_id=row.id
        )
        self.support_dialog.open()

    def open_household(self) -> None:
        from desktop.ui.households.form import HouseholdForm

        row = self.selected()
        if row is not None:
            self.form = HouseholdForm(self.workspace, row.household_id, self)
            self.form.open()
