"""Emulation & commendation: proposals and their status, the decision received (admins), and
the entry in the certificate register with its number, given once and never reused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)
from sqlmodel import Session

from desktop.ledger.commendation import issue_certificate, register_label
from desktop.ledger.commendation_desk import ProposalRow, proposal_rows, record_decision
from desktop.ledger.permissions import Permission
from desktop.ledger.records import CommendationProposal
from desktop.ledger.settings import read_settings
from desktop.ledger.vocabulary import FORM_LABELS, OCCASION_LABELS, PROPOSAL_STATUS_LABELS
from desktop.ui import texts
from desktop.ui.list_screen import ListScreen
from desktop.ui.widgets import DateField, ErrorLabel
from desktop.ui.workspace import Workspace


class DecisionDialog(QDialog):
    def __init__(self, parent: QWidget, authority: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ghi quyết định khen thưởng")
        form = QFormLayout(self)
        self.approved = QRadioButton("Được khen thưởng")
        self.refused = QRadioButton("Không được khen")
        self.approved.setChecked(True)
        self.number = QLineEdit()
        self.number.setPlaceholderText("ví dụ 45/QĐ-UBND")
        self.on = DateField()
        self.authority = QLineEdit(authority)
        form.addRow(self.approved)
        form.addRow(self.refused)
        form.addRow("&Số quyết định:", self.number)
        form.addRow("&Ngày quyết định:", self.on)
        form.addRow("&Cấp quyết định:", self.authority)
        self.problem = ErrorLabel()
        form.addRow(self.problem)
        self.buttons = texts.vietnamese_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)


class CommendationScreen(ListScreen[ProposalRow]):
    key = "commendation"
    title = "Thi đua, khen thưởng"
    watches = ("commendation_proposal", "certificate")
    headers = (
        "Năm",
        "Người/tập thể",
        "Dịp",
        "Hình thức",
        "Tiêu chí đạt",
        "Trạng thái",
        "Quyết định",
        "Số vào sổ",
    )
    widths = (55, 230, 80, 150, 110, 130, 130)
    noun = "đề nghị"

    def cells(self, row: ProposalRow) -> tuple[object, ...]:
        return (
            row.year,
            row.subject_name,
            OCCASION_LABELS.get(row.occasion, row.occasion),  # type: ignore[call-overload]
            FORM_LABELS.get(row.form, row.form),
            row.criteria_met,
            PROPOSAL_STATUS_LABELS.get(row.status, row.status),  # type: ignore[call-overload]
            row.decision_number,
            row.certificate_number,
        )

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.new_button = self.add_button("Đề nghị &mới…", self.new_proposal)
        self.decision_button = self.add_button("Ghi &quyết định…", self.record_decision)
        self.register_button = self.add_button("&Vào sổ khen thưởng", self.enter_in_register)

    def query(self) -> Callable[[Session], list[ProposalRow]]:
        return proposal_rows

    def new_proposal(self) -> None:
        from desktop.ui.commendation.proposal import ProposalDialog

        if self.workspace.allowed(self, Permission.edit):
            self.dialog = ProposalDialog(self.workspace, self)
            self.dialog.open()

    def record_decision(self, dialog: DecisionDialog | None = None) -> None:
        row = self.selected()
        if row is None or not self.workspace.allowed(self, Permission.approve):
            return
        dialog = dialog or DecisionDialog(
            self, f"Chủ tịch UBND {self.workspace.commune.name.lower()}"
        )
        if (
            dialog.result() != QDialog.DialogCode.Accepted
            and dialog.exec() != QDialog.DialogCode.Accepted
        ):
            return
        ledger, officer = self.workspace.ledger, self.workspace.officer_name
        values = dict(
            approved=dialog.approved.isChecked(),
            decision_number=dialog.number.text(),
            decision_date=dialog.on.value(),
            authority=dialog.authority.text(),
        )

        def work() -> dict[str, str]:
            with ledger.session() as session:
                return record_decision(session, row.id, officer=officer, **values)  # type: ignore[arg-type]

        def done(problems: dict[str, str]) -> None:
            if problems:
                texts.warn(self, "Quyết định khen thưởng", " ".join(problems.values()))

        self.workspace.operations.write(work, done, title="Không ghi được quyết định")

    def enter_in_register(self) -> None:
        row = self.selected()
        if row is None or not self.workspace.allowed(self, Permission.approve):
            return
        ledger, officer = self.workspace.ledger, self.workspace.officer_name

        def work() -> str:
            with ledger.session() as session:
                authority = str(read_settings(session)["commendation.authority"])
                proposal = session.get(CommendationProposal, row.id)
                assert proposal is not None
                issued_on = proposal.decision_date or date.today()
                entry = issue_certificate(
                    session, proposal, authority=authority, issued_on=issued_on, officer=officer
                )
                return register_label(entry.series, entry.number)

        self.workspace.operations.write(
            work,
            lambda n: texts.inform(self, "Sổ khen thưởng", f"Đã vào sổ khen thưởng, số {n}."),
            title="Không vào sổ được",
        )
