"""Recording support a household received (hỗ trợ đã nhận), from its registration."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop.ledger.records import SupportGiven
from desktop.ledger.records.validation import check_record
from desktop.ledger.registrations import record_support
from desktop.ledger.vocabulary import REPAYMENT_LABELS, SUPPORT_KIND_LABELS, SupportKind
from desktop.ui import texts
from desktop.ui.widgets import DateField, ErrorLabel, MoneyField
from desktop.ui.workspace import Workspace


class SupportDialog(QDialog):
    saved = Signal()

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget,
        *,
        household_id: str,
        registration_id: str | None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.household_id, self.registration_id = household_id, registration_id
        self.setWindowTitle("Ghi hỗ trợ đã nhận")
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.kind = QComboBox()
        for kind, label in SUPPORT_KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.given_on = DateField(optional=False)
        self.value = MoneyField()
        self.source = QLineEdit()
        self.source.setPlaceholderText("Ví dụ: Ngân hàng CSXH huyện, Chương trình MTQG…")
        self.description = QLineEdit()
        self.term = QSpinBox()
        self.term.setRange(0, 600)
        self.term.setSpecialValueText("—")
        self.term.setSuffix(" tháng")
        self.purpose = QLineEdit()
        self.repayment = QComboBox()
        self.repayment.addItem("—", None)
        for value, label in REPAYMENT_LABELS.items():
            self.repayment.addItem(label, value.value)
        self.errors: dict[str, ErrorLabel] = {}
        for key, label, widget in (
            ("kind", "&Loại hỗ trợ:", self.kind),
            ("given_on", "&Ngày hỗ trợ:", self.given_on),
            ("value", "&Giá trị (đồng):", self.value),
            ("source", "N&guồn:", self.source),
            ("description", "Nội &dung:", self.description),
            ("loan_term_months", "&Thời hạn vay:", self.term),
            ("loan_purpose", "&Mục đích vay:", self.purpose),
            ("repayment", "Tình hình t&rả nợ:", self.repayment),
        ):
            form.addRow(label, widget)
            self.errors[key] = ErrorLabel()
            form.addRow("", self.errors[key])
        self.buttons = texts.vietnamese_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self._credit_fields())
        self._credit_fields()

    def _credit_fields(self) -> None:
        credit = self.kind.currentData() == SupportKind.policy_credit.value
        for widget in (self.term, self.purpose, self.repayment):
            widget.setEnabled(credit)

    def save(self) -> None:
        credit = self.kind.currentData() == SupportKind.policy_credit.value
        data = {
            "commune_code": self.workspace.commune.code,
            "household_id": self.household_id,
            "registration_id": self.registration_id,
            "kind": self.kind.currentData(),
            "given_on": self.given_on.value(),
            "value": self.value.value(),
            "source": self.source.text().strip() or None,
            "description": self.description.text().strip() or None,
            "loan_term_months": (self.term.value() or None) if credit else None,
            "loan_purpose": (self.purpose.text().strip() or None) if credit else None,
            "repayment": self.repayment.currentData() if credit else None,
        }
        support, problems = check_record(SupportGiven, data)
        if self.value.problem():
            problems["value"] = self.value.problem()
        for key, label in self.errors.items():
            label.show_problem(problems.get(key, ""))
        if problems or support is None:
            return
        ledger, officer = self.workspace.ledger, self.workspace.officer_name

        def work() -> dict[str, str]:
            with ledger.session() as session:
                return record_support(session, support, officer=officer)

        self.workspace.operations.write(work, self._done, title="Không lưu được khoản hỗ trợ")

    def _done(self, problems: dict[str, str]) -> None:
        if problems:
            texts.warn(self, "Hỗ trợ", " ".join(problems.values()))
        self.saved.emit()
        self.accept()
