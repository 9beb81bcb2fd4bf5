"""The Registrations screen: every registration to escape poverty, its status, filters; a new
registration (wizard) and support received, from here or from the household's form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit
from sqlmodel import Session

from desktop.ledger.permissions import Permission
from desktop.ledger.registration_list import RegistrationRow, registration_rows
from desktop.ledger.vocabulary import REGISTRATION_STATUS_LABELS
from desktop.ui.list_screen import ListScreen
from desktop.ui.widgets import format_date
from desktop.ui.workspace import Workspace

ANY = "__any__"


class RegistrationsScreen(ListScreen[RegistrationRow]):
    key = "registrations"
    title = "Đăng ký thoát nghèo"
    watches = (
        "registration",
        "registration_review",
        "registrationreview",
        "support_given",
        "household",
    )
    headers = (
        "Mã hộ",
        "Chủ hộ",
        "Thôn/xóm",
        "Ngày đăng ký",
        "Năm cam kết",
        "Trạng thái",
        "Rà soát gần nhất",
    )
    widths = (100, 220, 170, 110, 110, 150)
    noun = "đăng ký"
    count_below_bar = True

    def cells(self, row: RegistrationRow) -> tuple[object, ...]:
        return (
            row.code,
            row.head_name,
            row.village_name,
            format_date(row.registered_on),
            row.target_year,
            REGISTRATION_STATUS_LABELS.get(row.status, row.status),  # type: ignore[call-overload]
            row.last_review_year,
        )

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm hộ theo tên, mã hộ, CCCD (không cần dấu)")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem("Mọi trạng thái", ANY)
        for status, label in REGISTRATION_STATUS_LABELS.items():
            self.status.addItem(label, status.value)
        self.add_to_bar(self.search, stretch=1)
        self.add_to_bar(QLabel("Trạng thái:"), self.status)
        self.new_button = self.add_button("Đăng ký &mới…", self.new_registration)
        self.support_button = self.add_button("Ghi &hỗ trợ…", self.record_support)
        self.open_button = self.add_button("Mở &hồ sơ hộ", self.open_household)
        self.search.textChanged.connect(lambda _t: self.reload())
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.setFocusProxy(self.search)

    def query(self) -> Callable[[Session], list[RegistrationRow]]:
        text, status = self.search.text(), self.status.currentData()
        return lambda session: registration_rows(
            session, text=text, status=None if status == ANY else status
        )

    def activated(self) -> None:
        self.open_household()

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
