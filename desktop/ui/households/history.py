"""The household's history tabs in its form: classification by year, registrations to escape
poverty (with the wizard to register), support received (with the dialog to record more)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.ledger.household_file import HouseholdFile
from desktop.ledger.permissions import Permission
from desktop.ledger.vocabulary import (
    CATEGORY_LABELS,
    POVERTY_CAUSE_LABELS,
    REGISTRATION_STATUS_LABELS,
    REPAYMENT_LABELS,
    SUPPORT_KIND_LABELS,
)
from desktop.ui.tables import SmallTable
from desktop.ui.widgets import format_date, format_money
from desktop.ui.workspace import Workspace


def _label(labels: dict, value: object) -> str:  # type: ignore[type-arg]
    return labels.get(value, str(value)) if value is not None else ""


class HistoryTabs:
    TITLES = ("&Phân loại theo năm", "Đăng ký &thoát nghèo", "Hỗ trợ đã &nhận")

    def __init__(self, workspace: Workspace, form: QWidget) -> None:
        self.workspace = workspace
        self.form = form
        self.household_id: str | None = None
        self.classifications = SmallTable(
            [
                "Năm áp dụng",
                "Phân loại",
                "Chuẩn nghèo",
                "Thu nhập BQ/tháng",
                "Số chỉ số thiếu hụt",
                "Quyết định",
            ]
        )
        self.registrations = SmallTable(
            [
                "Ngày đăng ký",
                "Năm cam kết thoát nghèo",
                "Trạng thái",
                "Nguyên nhân",
                "Quyết định công nhận",
            ]
        )
        self.support = SmallTable(["Ngày", "Loại hỗ trợ", "Giá trị", "Nguồn", "Nội dung", "Trả nợ"])
        self.register_button = QPushButton("Đăng &ký thoát nghèo…")
        self.support_button = QPushButton("Ghi &hỗ trợ đã nhận…")
        self.register_button.clicked.connect(self._register)
        self.support_button.clicked.connect(self._record_support)
        self.registration_ids: list[str] = []

    def pages(self) -> list[QWidget]:
        """One page for each of TITLES."""
        return [
            self.classifications,
            self._with_button(self.registrations, self.register_button),
            self._with_button(self.support, self.support_button),
        ]

    @staticmethod
    def _with_button(table: SmallTable, button: QPushButton) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(button)
        layout.addLayout(bar)
        layout.addWidget(table)
        return page

    def show_file(self, file: HouseholdFile) -> None:
        self.household_id = file.household.id if file.household else None
        for button in (self.register_button, self.support_button):
            button.setEnabled(self.household_id is not None and self.workspace.may(Permission.edit))
        self.classifications.set_rows(
            [
                (
                    c.year,
                    _label(CATEGORY_LABELS, c.category),
                    c.standard_id,
                    format_money(c.income_per_capita),
                    c.deprivation_count,
                    " ".join(filter(None, [c.decision_number, format_date(c.decision_date)])),
                )
                for c in file.classifications
            ]
        )
        self.registration_ids = [r.id for r in file.registrations]
        self.registrations.set_rows(
            [
                (
                    format_date(r.registered_on),
                    r.target_year,
                    _label(REGISTRATION_STATUS_LABELS, r.status),
                    ", ".join(POVERTY_CAUSE_LABELS.get(c, c) for c in r.causes),
                    " ".join(
                        filter(
                            None, [r.outcome_decision_number, format_date(r.outcome_decision_date)]
                        )
                    ),
                )
                for r in file.registrations
            ],
            self.registration_ids,
        )
        self.support.set_rows(
            [
                (
                    format_date(s.given_on),
                    _label(SUPPORT_KIND_LABELS, s.kind),
                    format_money(s.value),
                    s.source,
                    s.description,
                    _label(REPAYMENT_LABELS, s.repayment),
                )
                for s in file.support
            ]
        )

    def _register(self) -> None:
        from desktop.ui.registrations.wizard import RegistrationWizard

        if self.household_id is not None:
            RegistrationWizard(self.workspace, self.form, household_id=self.household_id).open()

    def _record_support(self) -> None:
        from desktop.ui.registrations.support import SupportDialog

        if self.household_id is not None:
            SupportDialog(
                self.workspace,
                self.form,
                household_id=self.household_id,
                registration_id=self.registrations.current_key()
                or (self.registration_ids[0] if self.registration_ids else None),
            ).open()
