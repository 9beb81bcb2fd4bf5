"""A model case's form: what it is, where, its results, the households taking part (found by
name without accents) and its photos and papers (the attachments panel, shared with households)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger.household_list import HouseholdFilter, household_ids, household_rows
from desktop.ledger.model_case_desk import ModelCaseFile, load_model_case, save_model_case
from desktop.ledger.permissions import Permission
from desktop.ledger.records import ModelCase
from desktop.ledger.vocabulary import MODEL_CASE_KIND_LABELS, MODEL_CASE_STATUS_LABELS
from desktop.ui import texts
from desktop.ui.attachments import AttachmentsPanel
from desktop.ui.widgets import DateField, ErrorLabel, MoneyField
from desktop.ui.workspace import Workspace

ID = Qt.ItemDataRole.UserRole


class ModelCaseForm(QDialog):
    opened = Signal()
    saved = Signal(str)

    def __init__(self, workspace: Workspace, model_case_id: str | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model_case_id = model_case_id
        self.setWindowTitle("Mô hình, điển hình")
        self.resize(900, 620)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        general = QWidget()
        form = QFormLayout(general)
        self.title = QLineEdit()
        self.kind = QComboBox()
        for value, label in MODEL_CASE_KIND_LABELS.items():
            self.kind.addItem(label, value.value)
        self.status = QComboBox()
        for status, status_label in MODEL_CASE_STATUS_LABELS.items():
            self.status.addItem(status_label, status.value)
        self.village = QComboBox()
        self.description = QPlainTextEdit()
        self.description.setMaximumHeight(80)
        self.started_on = DateField()
        self.funding = MoneyField()
        self.funding_source = QLineEdit()
        self.results = QPlainTextEdit()
        self.results.setMaximumHeight(80)
        self.errors: dict[str, ErrorLabel] = {}
        for key, label, widget in (
            ("title", "&Tên:", self.title),
            ("kind", "&Loại:", self.kind),
            ("status", "Trạng &thái:", self.status),
            ("village_id", "Thôn/&xóm:", self.village),
            ("description", "Mô tả:", self.description),
            ("started_on", "Ngày &bắt đầu:", self.started_on),
            ("funding", "&Kinh phí:", self.funding),
            ("funding_source", "&Nguồn kinh phí:", self.funding_source),
            ("results", "Kết quả:", self.results),
        ):
            form.addRow(label, widget)
            self.errors[key] = ErrorLabel()
            form.addRow("", self.errors[key])
        self.tabs.addTab(general, "&Thông tin chung")

        people = QWidget()
        column = QVBoxLayout(people)
        find = QHBoxLayout()
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("Tìm hộ để thêm (không cần gõ dấu)")
        self.found = QComboBox()
        self.add_household = QPushButton("Thêm &hộ")
        self.remove_household = QPushButton("&Bỏ hộ")
        find.addWidget(self.find_box, 1)
        find.addWidget(self.found, 1)
        find.addWidget(self.add_household)
        column.addLayout(find)
        self.households = QListWidget()
        column.addWidget(self.households, 1)
        column.addWidget(self.remove_household)
        self.tabs.addTab(people, "&Hộ tham gia")

        self.photos = AttachmentsPanel(
            workspace, ModelCase, "Ảnh mô hình, biên bản, tài liệu. Lưu mô hình trước khi đính kèm."
        )
        self.tabs.addTab(self.photos, "Ả&nh, tài liệu")

        self.buttons = texts.vietnamese_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
            )
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.find_box.textChanged.connect(self._find)
        self.add_household.clicked.connect(self._add_household)
        self.remove_household.clicked.connect(
            lambda: self.households.takeItem(self.households.currentRow())
        )
        editable = workspace.may(Permission.edit)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(editable)
        self._load()

    def _load(self) -> None:
        ledger, case_id = self.workspace.ledger, self.model_case_id

        def work() -> ModelCaseFile:
            with ledger.session() as session:
                return load_model_case(session, case_id)

        self.workspace.operations.run(work, self._show, title="Không mở được mô hình")

    def _show(self, file: ModelCaseFile) -> None:
        self.village.clear()
        self.village.addItem("— không gắn với thôn nào —", None)
        for village_id, name in file.villages:
            self.village.addItem(name, village_id)
        case = file.case
        if case is not None:
            self.setWindowTitle(f"Mô hình, điển hình — {case.title}")
            self.title.setText(case.title)
            self.kind.setCurrentIndex(max(0, self.kind.findData(str(case.kind))))
            self.status.setCurrentIndex(max(0, self.status.findData(str(case.status))))
            self.village.setCurrentIndex(max(0, self.village.findData(case.village_id)))
            self.description.setPlainText(case.description)
            self.started_on.set_value(case.started_on)
            self.funding.set_value(case.funding)
            self.funding_source.setText(case.funding_source or "")
            self.results.setPlainText(case.results or "")
        for household_id, label in file.households:
            item = QListWidgetItem(label)
            item.setData(ID, household_id)
            self.households.addItem(item)
        self.photos.set_owner(self.model_case_id)
        self.opened.emit()

    def _find(self, text: str) -> None:
        ledger = self.workspace.ledger

        def work() -> list[tuple[str, str]]:
            with ledger.session() as session:
                ids = household_ids(session, HouseholdFilter(text=text))[:30]
                rows = household_rows(session, ids)
            return [(i, f"{rows[i].code} — {rows[i].head_name}") for i in ids]

        def show(found: list[tuple[str, str]]) -> None:
            self.found.clear()
            for household_id, label in found:
                self.found.addItem(label, household_id)

        self.workspace.operations.run(work, show)

    def _add_household(self) -> None:
        household_id = self.found.currentData()
        if household_id is None or household_id in self.household_ids():
            return
        item = QListWidgetItem(self.found.currentText())
        item.setData(ID, household_id)
        self.households.addItem(item)

    def household_ids(self) -> list[str]:
        return [self.households.item(i).data(ID) for i in range(self.households.count())]

    def values(self) -> dict[str, Any]:
        return {
            "commune_code": self.workspace.commune.code,
            "title": self.title.text().strip(),
            "kind": self.kind.currentData(),
            "status": self.status.currentData(),
            "village_id": self.village.currentData(),
            "description": self.description.toPlainText().strip(),
            "started_on": self.started_on.value(),
            "funding": self.funding.value(),
            "funding_source": self.funding_source.text().strip() or None,
            "results": self.results.toPlainText().strip() or None,
        }

    def save(self) -> None:
        if not self.workspace.allowed(self, Permission.edit):
            return
        values, members = self.values(), self.household_ids()
        if self.funding.problem():
            self.errors["funding"].show_problem(self.funding.problem())
            return
        ledger, officer, case_id = (
            self.workspace.ledger,
            self.workspace.officer_name,
            self.model_case_id,
        )

        def work() -> tuple[ModelCase | None, dict[str, str]]:
            with ledger.session() as session:
                return save_model_case(session, case_id, values, members, officer=officer)

        self.workspace.operations.write(work, self._saved, title="Không lưu được mô hình")

    def _saved(self, result: tuple[ModelCase | None, dict[str, str]]) -> None:
        case, problems = result
        for key, label in self.errors.items():
            label.show_problem(problems.get(key, ""))
        if case is None:
            return
        self.model_case_id = case.id
        if self.photos.owner_id is None:
            self.photos.set_owner(case.id)
        self.saved.emit(case.id)

    def attach(self, path: str | None = None) -> None:
        self.photos.attach(path)
