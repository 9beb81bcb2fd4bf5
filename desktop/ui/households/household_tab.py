"""The first tab of the household form: the household's fields, its flags, the declared number
of members (Số nhân khẩu) and the members in an editable table. Values in and out as plain
text, as typed; each problem shows beside its field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger.household_file import (
    DECLARED_MAX,
    FLAGS,
    CheckedHousehold,
    declared_members,
    listed_rows,
    members_note,
)
from desktop.ui.households.members import RELATIONS, SEX, ChoiceDelegate, MembersModel
from desktop.ui.widgets import NOTE_COLOR, ErrorLabel, tint

AREAS = {"rural": "Nông thôn", "urban": "Thành thị"}
FLAG_LABELS = {
    "ethnic_minority": "Hộ dân tộc thiểu số",
    "merit_family": "Hộ có người có công với cách mạng",
    "social_protection": "Hộ có đối tượng bảo trợ xã hội",
    "no_labour_capacity": "Hộ không có khả năng lao động",
}
TEXT_FIELDS = ("code", "address", "phone", "declared_members", "note")
LABELS = {
    "code": "&Mã hộ:",
    "village_id": "&Thôn/xóm:",
    "address": "Đị&a chỉ:",
    "phone": "Điện th&oại:",
    "area": "&Khu vực:",
    "declared_members": "&Số nhân khẩu:",
    "note": "Ghi &chú:",
}


class HouseholdTab(QWidget):
    edited = Signal()  # anything typed or chosen by the officer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        self.code = QLineEdit()
        self.village = QComboBox()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.area = QComboBox()
        for value, label in AREAS.items():
            self.area.addItem(label, value)
        self.declared = QLineEdit()
        self.declared.setPlaceholderText(f"để trống nếu danh sách không ghi (1–{DECLARED_MAX})")
        self.note = QLineEdit()
        self.fields: dict[str, QWidget] = {
            "code": self.code,
            "village_id": self.village,
            "address": self.address,
            "phone": self.phone,
            "area": self.area,
            "declared_members": self.declared,
            "note": self.note,
        }
        self.errors: dict[str, ErrorLabel] = {}
        column.addLayout(self._grid())
        flags = QHBoxLayout()
        self.flags: dict[str, QCheckBox] = {}
        for key in FLAGS:
            self.flags[key] = QCheckBox(FLAG_LABELS[key])
            flags.addWidget(self.flags[key])
        flags.addStretch(1)
        column.addLayout(flags)

        members_bar = QHBoxLayout()
        members_bar.addWidget(QLabel("<b>Thành viên</b> (dòng đầu là chủ hộ)"))
        members_bar.addStretch(1)
        self.add_member = QPushButton("Thêm thành &viên")
        self.remove_member = QPushButton("&Xoá thành viên")
        members_bar.addWidget(self.add_member)
        members_bar.addWidget(self.remove_member)
        column.addLayout(members_bar)
        self.members = MembersModel()
        self.members_view = self._members_view()
        column.addWidget(self.members_view, 1)
        self.errors["members"] = ErrorLabel()
        column.addWidget(self.errors["members"])
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        tint(self.warnings, NOTE_COLOR)
        column.addWidget(self.warnings)

        self.add_member.clicked.connect(self._add_member)
        self.remove_member.clicked.connect(
            lambda: self.members.remove_row(self.members_view.currentIndex().row())
        )
        self.members.edited.connect(self._changed)
        for name in TEXT_FIELDS:
            widget = self.fields[name]
            assert isinstance(widget, QLineEdit)
            widget.textEdited.connect(lambda _t: self._changed())
        for combo in (self.village, self.area):
            combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        for box in self.flags.values():
            box.toggled.connect(lambda _b: self.edited.emit())

    def _grid(self) -> QGridLayout:
        grid = QGridLayout()
        for i, (key, widget) in enumerate(self.fields.items()):
            row, col = (i // 2) * 2, (i % 2) * 2
            caption = QLabel(LABELS[key])
            caption.setBuddy(widget)
            grid.addWidget(caption, row, col)
            grid.addWidget(widget, row, col + 1)
            self.errors[key] = ErrorLabel()
            grid.addWidget(self.errors[key], row + 1, col + 1)
        # The declared number's note (not a problem) sits under it, where the officer looks.
        self.declared_note = QLabel()
        self.declared_note.setWordWrap(True)
        tint(self.declared_note, NOTE_COLOR)
        self.declared_note.hide()
        row = (list(self.fields).index("declared_members") // 2) * 2 + 1
        grid.addWidget(self.declared_note, row, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _members_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.members)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        view.setItemDelegateForColumn(
            1, ChoiceDelegate({r: r for r in RELATIONS}, editable=True, parent=self)
        )
        view.setItemDelegateForColumn(2, ChoiceDelegate(SEX, parent=self))
        header = view.horizontalHeader()
        for i, width in enumerate((240, 150, 90, 130, 120)):
            header.resizeSection(i, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return view

    def _add_member(self) -> None:
        row = self.members.add_row()
        index = self.members.index(row, 0)
        self.members_view.setCurrentIndex(index)
        self.members_view.edit(index)

    def _changed(self) -> None:
        self.check_declared()
        self.edited.emit()

    def check_declared(self) -> None:
        """As the officer types: the number's problem beside it, or the gentle note."""
        number, problem = declared_members(self.declared.text())
        self.errors["declared_members"].show_problem(problem or "")
        note = members_note(number, len(listed_rows(self.members.rows)))
        self.declared_note.setText(note or "")
        self.declared_note.setVisible(bool(note))

    def set_editable(self, editable: bool) -> None:
        for widget in (
            *self.fields.values(),
            *self.flags.values(),
            self.add_member,
            self.remove_member,
        ):
            widget.setEnabled(editable)
        if not editable:
            self.members_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def set_villages(self, villages: list[tuple[str, str]]) -> None:
        self.village.clear()
        self.village.addItem("— chọn thôn/xóm —", None)
        for village_id, name in villages:
            self.village.addItem(name, village_id)

    # -- values in and out ------------------------------------------------------------------

    def fill(self, values: dict[str, Any]) -> None:
        for key in TEXT_FIELDS:
            widget = self.fields[key]
            assert isinstance(widget, QLineEdit)
            value = values.get(key)
            widget.setText("" if value is None else str(value))
        self.village.setCurrentIndex(max(0, self.village.findData(values.get("village_id"))))
        self.area.setCurrentIndex(max(0, self.area.findData(values.get("area") or "rural")))
        for key, box in self.flags.items():
            box.setChecked(bool(values.get(key)))
        self.members.set_rows(values.get("members") or [])
        self.check_declared()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: self.fields[key].text() for key in TEXT_FIELDS}  # type: ignore[attr-defined]
        values["village_id"] = self.village.currentData()
        values["area"] = self.area.currentData()
        values.update({k: box.isChecked() for k, box in self.flags.items()})
        values["members"] = self.members.rows
        return values

    def show_check(self, checked: CheckedHousehold) -> None:
        for key, label in self.errors.items():
            label.show_problem(checked.problems.get(key, ""))
        self.members.set_problems(checked.member_problems)
        member_lines = [
            f"Dòng {row + 1}: {message}"
            for (row, _f), message in sorted(checked.member_problems.items())
        ]
        if member_lines:
            self.errors["members"].show_problem(
                "\n".join(filter(None, [checked.problems.get("members"), *member_lines]))
            )
        self.warnings.setText("\n".join(checked.warnings))
        self.declared_note.setText(checked.note or "")
        self.declared_note.setVisible(bool(checked.note))
