"""A commendation proposal: the subject, the criteria checklist of its subject type (from the
province's emulation plan), the form of commendation and the achievement."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger.commendation_desk import save_proposal
from desktop.ledger.rules.emulation import commendation_forms_for, criteria_for
from desktop.ledger.vocabulary import OCCASION_LABELS, SubjectType
from desktop.ui import texts
from desktop.ui.widgets import ErrorLabel
from desktop.ui.workspace import Workspace

SUBJECT_LABELS = {
    SubjectType.household: "Hộ gia đình (nghèo, cận nghèo, mới thoát nghèo)",
    SubjectType.better_off_household: "Hộ khá giúp hộ nghèo",
    SubjectType.individual: "Cá nhân",
    SubjectType.official: "Cán bộ, công chức",
    SubjectType.village: "Thôn, xóm, bản",
    SubjectType.enterprise: "Doanh nghiệp, hợp tác xã",
    SubjectType.other_organisation: "Tổ chức khác",
}


class ProposalDialog(QDialog):
    saved = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle("Đề nghị khen thưởng")
        self.resize(760, 620)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.subject_type = QComboBox()
        for value, label in SUBJECT_LABELS.items():
            self.subject_type.addItem(label, value.value)
        self.subject_name = QLineEdit()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.occasion = QComboBox()
        for occasion, occasion_label in OCCASION_LABELS.items():
            self.occasion.addItem(occasion_label, occasion.value)
        self.form = QComboBox()
        self.achievement = QPlainTextEdit()
        self.achievement.setMaximumHeight(90)
        self.errors: dict[str, ErrorLabel] = {}
        for key, label, widget in (
            ("subject_type", "Đối &tượng:", self.subject_type),
            ("subject_name", "Tên người/&tập thể:", self.subject_name),
            ("year", "&Năm:", self.year),
            ("occasion", "&Dịp:", self.occasion),
            ("form", "&Hình thức khen:", self.form),
            ("achievement", "Thành tích:", self.achievement),
        ):
            form.addRow(label, widget)
            self.errors[key] = ErrorLabel()
            form.addRow("", self.errors[key])
        layout.addLayout(form)
        self.criteria_box = QGroupBox("Tiêu chí đã đạt (theo kế hoạch thi đua)")
        self.criteria_layout = QVBoxLayout(self.criteria_box)
        layout.addWidget(self.criteria_box, 1)
        self.errors["criteria_met"] = ErrorLabel()
        layout.addWidget(self.errors["criteria_met"])
        self.buttons = texts.vietnamese_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            )
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.criteria: dict[str, QCheckBox] = {}
        self.subject_type.currentIndexChanged.connect(lambda _i: self._fill_criteria())
        self.year.valueChanged.connect(lambda _v: self._fill_criteria())
        self._fill_criteria()

    def _fill_criteria(self) -> None:
        province, year = self.workspace.commune.province_code, self.year.value()
        for box in self.criteria.values():
            box.setParent(None)
        self.criteria = {}
        for criterion in criteria_for(self.subject_type.currentData(), province, year):
            box = QCheckBox(
                f"{criterion.label}: {criterion.text}" if criterion.text else criterion.label
            )
            self.criteria[criterion.code] = box
            self.criteria_layout.addWidget(box)
        chosen = self.form.currentData()
        self.form.clear()
        for option in commendation_forms_for(province, year):
            self.form.addItem(option.name, option.code)
        self.form.setCurrentIndex(max(0, self.form.findData(chosen)))

    def save(self) -> None:
        data = {
            "commune_code": self.workspace.commune.code,
            "subject_type": self.subject_type.currentData(),
            "subject_name": self.subject_name.text().strip(),
            "year": self.year.value(),
            "occasion": self.occasion.currentData(),
            "form": self.form.currentData() or "",
            "achievement": self.achievement.toPlainText().strip(),
            "criteria_met": [code for code, box in self.criteria.items() if box.isChecked()],
        }
        ledger, officer = self.workspace.ledger, self.workspace.officer_name

        def work():  # type: ignore[no-untyped-def]
            with ledger.session() as session:
                return save_proposal(session, data, officer=officer)

        self.workspace.operations.write(work, self._done, title="Không lưu được đề nghị")

    def _done(self, result) -> None:  # type: ignore[no-untyped-def]
        proposal, problems = result
        for key, label in self.errors.items():
            label.show_problem(problems.get(key, ""))
        if proposal is not None:
            self.saved.emit()
            self.accept()
