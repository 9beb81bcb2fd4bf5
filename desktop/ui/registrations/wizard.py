"""Registering a household to escape poverty, step by step: household → causes → plan →
support requested → commitment → save, then print the form for the household to sign."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.ledger.household_list import HouseholdFilter, household_ids, household_rows
from desktop.ledger.records import Registration
from desktop.ledger.registrations import register_household
from desktop.ledger.vocabulary import POVERTY_CAUSE_LABELS, SUPPORT_KIND_LABELS
from desktop.ui import texts
from desktop.ui.widgets import DateField, ErrorLabel
from desktop.ui.workspace import Workspace

Item = QListWidgetItem
PICK_LIMIT = 50


def _checklist(labels: dict) -> tuple[QWidget, dict[str, QCheckBox]]:  # type: ignore[type-arg]
    page = QWidget()
    layout = QVBoxLayout(page)
    boxes = {}
    for key, label in labels.items():
        boxes[str(key)] = QCheckBox(label)
        layout.addWidget(boxes[str(key)])
    layout.addStretch(1)
    return page, boxes


class RegistrationWizard(QWizard):
    saved = Signal(str)  # the registration's id

    def __init__(
        self, workspace: Workspace, parent: QWidget, *, household_id: str | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.household_id = household_id
        self.household_code = ""
        self.setWindowTitle("Đăng ký tự nguyện thoát nghèo")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(760, 560)
        self.errors: dict[str, ErrorLabel] = {}
        self.addPage(self._household_page())
        self.addPage(self._causes_page())
        self.addPage(self._plan_page())
        self.addPage(self._support_page())
        self.addPage(self._commitment_page())
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Lưu đăng ký")
        self._saved = False

    def _page(self, title: str, subtitle: str, key: str) -> tuple[QWizardPage, QVBoxLayout]:
        page = QWizardPage()
        page.setTitle(title)
        page.setSubTitle(subtitle)
        layout = QVBoxLayout(page)
        self.errors[key] = ErrorLabel()
        return page, layout

    def _household_page(self) -> QWizardPage:
        page, layout = self._page(
            "1. Hộ đăng ký", "Gõ tên chủ hộ hoặc thành viên, mã hộ.", "household_id"
        )
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tìm hộ (không cần gõ dấu)")
        self.picks = QListWidget()
        self.chosen = QLabel()
        layout.addWidget(self.search)
        layout.addWidget(self.picks, 1)
        layout.addWidget(self.chosen)
        layout.addWidget(self.errors["household_id"])
        self.search.textChanged.connect(self._find)
        self.picks.currentItemChanged.connect(self._picked)
        if self.household_id is not None:
            self.search.setEnabled(False)
            self.picks.setEnabled(False)
            self._describe(self.household_id)
        page.setFocusProxy(self.search)
        return page

    def _find(self, text: str) -> None:
        ledger = self.workspace.ledger

        def work() -> list[tuple[str, str]]:
            with ledger.session() as session:
                ids = household_ids(session, HouseholdFilter(text=text))[:PICK_LIMIT]
                rows = household_rows(session, ids)
            return [
                (i, f"{rows[i].code} — {rows[i].head_name} ({rows[i].village_name})") for i in ids
            ]

        def show(found: list[tuple[str, str]]) -> None:
            if text != self.search.text():
                return
            self.picks.clear()
            for household_id, label in found:
                item = Item(label)
                item.setData(256, household_id)
                self.picks.addItem(item)
            if found:
                self.picks.setCurrentRow(0)

        self.workspace.operations.run(work, show)

    def _picked(self, item: Item | None) -> None:
        self.household_id = item.data(256) if item is not None else None
        self.chosen.setText(f"Hộ đã chọn: {item.text()}" if item is not None else "")
        self.household_code = item.text().split(" — ")[0] if item is not None else ""

    def _describe(self, household_id: str) -> None:
        ledger = self.workspace.ledger

        def work() -> str:
            with ledger.session() as session:
                row = household_rows(session, [household_id])[household_id]
            self.household_code = row.code
            return f"Hộ: {row.code} — {row.head_name} ({row.village_name})"

        self.workspace.operations.run(work, self.chosen.setText)

    def _causes_page(self) -> QWizardPage:
        page, layout = self._page("2. Nguyên nhân nghèo", "Chọn các nguyên nhân hộ nêu.", "causes")
        checklist, self.causes = _checklist(POVERTY_CAUSE_LABELS)
        layout.addWidget(checklist)
        layout.addWidget(self.errors["causes"])
        return page

    def _plan_page(self) -> QWizardPage:
        page, layout = self._page(
            "3. Kế hoạch thoát nghèo", "Phương án sản xuất, kinh doanh, việc làm.", "plan"
        )
        form = QFormLayout()
        self.plan = QPlainTextEdit()
        self.plan.setPlaceholderText("Ví dụ: Nuôi 2 con bò sinh sản, trồng 1 ha thạch đen…")
        self.registered_on = DateField(optional=False)
        self.target_year = QSpinBox()
        self.target_year.setRange(2000, 2100)
        self.target_year.setValue(date.today().year + 1)
        form.addRow("&Kế hoạch:", self.plan)
        form.addRow("", self.errors["plan"])
        form.addRow("&Ngày đăng ký:", self.registered_on)
        form.addRow("Năm &cam kết thoát nghèo:", self.target_year)
        self.errors["target_year"] = ErrorLabel()
        form.addRow("", self.errors["target_year"])
        layout.addLayout(form)
        page.setFocusProxy(self.plan)
        return page

    def _support_page(self) -> QWizardPage:
        page, layout = self._page(
            "4. Nhu cầu hỗ trợ", "Hộ đề nghị được hỗ trợ những gì.", "support"
        )
        checklist, self.support = _checklist(SUPPORT_KIND_LABELS)
        layout.addWidget(checklist)
        self.support_note = QLineEdit()
        self.support_note.setPlaceholderText("Ghi chú: số tiền vay, giống gì…")
        layout.addWidget(self.support_note)
        return page

    def _commitment_page(self) -> QWizardPage:
        page, layout = self._page(
            "5. Cam kết", "Cam kết của hộ và xác nhận của thôn.", "commitment"
        )
        form = QFormLayout()
        self.commitment = QPlainTextEdit()
        self.signed = QCheckBox("Hộ đã ký vào giấy đăng ký")
        self.village_head = QLineEdit()
        form.addRow("Cam kết của &hộ:", self.commitment)
        form.addRow("", self.signed)
        form.addRow("&Trưởng thôn xác nhận:", self.village_head)
        layout.addLayout(form)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.print_button = QPushButton("&In giấy đăng ký để hộ ký…")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_form)
        layout.addWidget(self.print_button)
        return page

    def initializePage(self, page_id: int) -> None:
        super().initializePage(page_id)
        if page_id == 4 and not self.commitment.toPlainText():
            self.commitment.setPlainText(
                f"Gia đình tôi tự nguyện đăng ký và cam kết phấn đấu thoát nghèo trong năm "
                f"{self.target_year.value()}."
            )

    def validateCurrentPage(self) -> bool:
        page = self.currentId()
        if page == 0 and self.household_id is None:
            self.errors["household_id"].show_problem("Hãy chọn hộ đăng ký.")
            return False
        if page == 1 and not self.chosen_causes():
            self.errors["causes"].show_problem("Chọn ít nhất một nguyên nhân nghèo.")
            return False
        if page == 2 and not self.plan.toPlainText().strip():
            self.errors["plan"].show_problem("Ghi kế hoạch, phương án sản xuất của hộ.")
            return False
        if page == 4 and not self._saved:
            self.save()
            return False  # the wizard closes once saved, after the print offer
        return True

    def chosen_causes(self) -> list[str]:
        return [k for k, box in self.causes.items() if box.isChecked()]

    def save(self) -> None:
        if self.household_id is None:
            return
        ledger, officer, household_id = (
            self.workspace.ledger,
            self.workspace.officer_name,
            self.household_id,
        )
        values = dict(
            registered_on=self.registered_on.value() or date.today(),
            target_year=self.target_year.value(),
            causes=self.chosen_causes(),
            plan=self.plan.toPlainText(),
            support_requested=[k for k, box in self.support.items() if box.isChecked()],
            support_requested_note=self.support_note.text().strip() or None,
            commitment=self.commitment.toPlainText().strip() or None,
            household_signed=self.signed.isChecked(),
            village_head=self.village_head.text().strip() or None,
        )

        def work() -> tuple[Registration | None, dict[str, str]]:
            with ledger.session() as session:
                return register_household(session, household_id, officer=officer, **values)  # type: ignore[arg-type]

        self.status.setText("Đang lưu…")
        self.workspace.operations.write(work, self._saved_or_not, title="Không lưu được đăng ký")

    def _saved_or_not(self, result: tuple[Registration | None, dict[str, str]]) -> None:
        registration, problems = result
        if registration is None:
            self.status.setText("Chưa lưu: " + " ".join(problems.values()))
            return
        self._saved = True
        self.status.setText("Đã lưu đăng ký. In giấy đăng ký để hộ và trưởng thôn ký.")
        self.print_button.setEnabled(True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Xong")
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.saved.emit(registration.id)

    def print_form(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Lưu giấy đăng ký", f"dang-ky-{self.household_code}.pdf", "PDF (*.pdf)"
            )
        if not path:
            return
        from desktop.printing.jobs import print_registration_form

        ledger, code = self.workspace.ledger, self.household_code
        self.workspace.operations.run(
            lambda: print_registration_form(ledger, code, Path(path)),
            lambda _r: self._open_pdf(path),
            title="Không in được giấy đăng ký",
        )

    @staticmethod
    def _open_pdf(path: str) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def reject(self) -> None:
        if not self._saved and self.currentId() > 0 and self.household_id is not None:
            texts.ask_then(
                self,
                "Chưa lưu",
                "Đăng ký chưa được lưu. Bỏ những gì đã nhập?",
                lambda answer: (
                    super(RegistrationWizard, self).reject()
                    if answer == texts.QMessageBox.StandardButton.Yes
                    else None
                ),
            )
            return
        super().reject()
