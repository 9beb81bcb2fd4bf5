"""The household form: the household and its members (editable table), its classification by year,
registrations and support received. Load → check every field → save in one operation; each
problem shows beside its field; unsaved changes are guarded, and kept as a draft on disk while
the officer types, so a crash or a power cut loses nothing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger.drafts import discard_draft, load_draft, save_draft
from desktop.ledger.household_file import (
    FLAGS,
    CheckedHousehold,
    HouseholdFile,
    check_household,
    load_household,
    save_household,
)
from desktop.ledger.permissions import Permission
from desktop.ledger.records import Household
from desktop.ledger.storage import StaleRecordError
from desktop.ui import texts
from desktop.ui.attachments import AttachmentsPanel
from desktop.ui.households.history import HistoryTabs
from desktop.ui.households.members import RELATIONS, SEX, ChoiceDelegate, MembersModel
from desktop.ui.widgets import ERROR_STYLE, ErrorLabel, QuestionBar
from desktop.ui.workspace import Workspace

AREAS = {"rural": "Nông thôn", "urban": "Thành thị"}
FLAG_LABELS = {
    "ethnic_minority": "Hộ dân tộc thiểu số",
    "merit_family": "Hộ có người có công với cách mạng",
    "social_protection": "Hộ có đối tượng bảo trợ xã hội",
    "no_labour_capacity": "Hộ không có khả năng lao động",
}
DRAFT_DELAY_MS = 800


class HouseholdForm(QDialog):
    opened = Signal()  # the household is read and shown
    saved = Signal(str)  # the household's id

    def __init__(self, workspace: Workspace, household_id: str | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.household_id = household_id
        self.revisions: dict[str, int] = {}
        self._draft: tuple[Any, dict[str, Any]] | None = None  # offered back, not answered yet
        self.dirty = False
        self._filling = True
        self._saving = False
        self.setWindowTitle("Thêm hộ mới" if household_id is None else "Hồ sơ hộ")
        self.resize(1080, 640)
        self._build()
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._write_draft)
        self._load()

    @property
    def draft_key(self) -> str:
        return f"household-{self.household_id or 'new'}"

    # -- building ---------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.draft_bar = QuestionBar("&Khôi phục phần đã nhập", "&Bỏ bản nháp")
        self.draft_bar.answered.connect(self._draft_answered)
        layout.addWidget(self.draft_bar)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        main = QWidget()
        self.tabs.addTab(main, "&Hộ và thành viên")
        column = QVBoxLayout(main)
        grid = QGridLayout()
        self.code = QLineEdit()
        self.village = QComboBox()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.area = QComboBox()
        for value, label in AREAS.items():
            self.area.addItem(label, value)
        self.note = QLineEdit()
        self.fields: dict[str, QWidget] = {
            "code": self.code,
            "village_id": self.village,
            "address": self.address,
            "phone": self.phone,
            "area": self.area,
            "note": self.note,
        }
        self.errors: dict[str, ErrorLabel] = {}
        labels = {
            "code": "&Mã hộ:",
            "village_id": "&Thôn/xóm:",
            "address": "Đị&a chỉ:",
            "phone": "Điện th&oại:",
            "area": "&Khu vực:",
            "note": "Ghi &chú:",
        }
        for i, (key, widget) in enumerate(self.fields.items()):
            row, col = (i // 2) * 2, (i % 2) * 2
            caption = QLabel(labels[key])
            caption.setBuddy(widget)
            grid.addWidget(caption, row, col)
            grid.addWidget(widget, row, col + 1)
            self.errors[key] = ErrorLabel()
            grid.addWidget(self.errors[key], row + 1, col + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        column.addLayout(grid)
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
        self.members_view = QTableView()
        self.members_view.setModel(self.members)
        self.members_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.members_view.setItemDelegateForColumn(
            1, ChoiceDelegate({r: r for r in RELATIONS}, editable=True, parent=self)
        )
        self.members_view.setItemDelegateForColumn(2, ChoiceDelegate(SEX, parent=self))
        header = self.members_view.horizontalHeader()
        for i, width in enumerate((240, 150, 90, 130, 120)):
            header.resizeSection(i, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        column.addWidget(self.members_view, 1)
        self.errors["members"] = ErrorLabel()
        column.addWidget(self.errors["members"])
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5a00")
        column.addWidget(self.warnings)

        self.history = HistoryTabs(self.workspace, self)
        for widget, title in self.history.tabs():
            self.tabs.addTab(widget, title)
        self.attachments = AttachmentsPanel(
            self.workspace,
            Household,
            "Bản chụp giấy đề nghị, trang CCCD, ảnh nhà ở… Với hộ mới, hãy lưu hồ sơ trước.",
        )
        self.tabs.addTab(self.attachments, "Giấ&y tờ, ảnh")

        self.status = QLabel()
        layout.addWidget(self.status)
        self.buttons = texts.vietnamese_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
            )
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("Lưu (Ctrl+S)")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)

        self.add_member.clicked.connect(self._add_member)
        self.remove_member.clicked.connect(
            lambda: self.members.remove_row(self.members_view.currentIndex().row())
        )
        self.members.edited.connect(self._edited)
        for widget in (self.code, self.address, self.phone, self.note):
            widget.textEdited.connect(lambda _t: self._edited())
        for combo in (self.village, self.area):
            combo.currentIndexChanged.connect(lambda _i: self._edited())
        for box in self.flags.values():
            box.toggled.connect(lambda _b: self._edited())
        editable = self.workspace.may(Permission.edit)
        for widget in (
            *self.fields.values(),
            *self.flags.values(),
            self.add_member,
            self.remove_member,
        ):
            widget.setEnabled(editable)
        if not editable:
            self.members_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.save_button.setEnabled(editable)

    def _add_member(self) -> None:
        row = self.members.add_row()
        index = self.members.index(row, 0)
        self.members_view.setCurrentIndex(index)
        self.members_view.edit(index)

    # -- loading ----------------------------------------------------------------------------------

    def _load(self) -> None:
        ledger, root, key = self.workspace.ledger, self.workspace.folder.root, self.draft_key
        household_id = self.household_id
        self.status.setText("Đang mở hồ sơ…")

        def work() -> tuple[HouseholdFile, Any]:
            with ledger.session() as session:
                return load_household(session, household_id), load_draft(root, key)

        self.workspace.operations.run(work, self._show, title="Không mở được hồ sơ hộ")

    def _show(self, result: tuple[HouseholdFile, Any]) -> None:
        file, draft = result
        self.village.clear()
        self.village.addItem("— chọn thôn/xóm —", None)
        for village_id, name in file.villages:
            self.village.addItem(name, village_id)
        household = file.household
        if household is not None:
            self.setWindowTitle(f"Hồ sơ hộ {household.code} — {household.head_name}")
            self.revisions = {r.id: r.revision for r in [household, *file.members]}
            self._fill(self._values_of(household, file))
        else:
            self.members.set_rows([{"relation": "Chủ hộ"}])
        self.history.show_file(file)
        self.attachments.set_owner(self.household_id)
        self.status.setText("")
        self._filling = False
        self._draft = draft
        if draft is not None:
            self.draft_bar.ask(
                f"Hồ sơ này có phần nhập chưa lưu từ {draft[0]:%H:%M ngày %d/%m/%Y} "
                "(phần mềm đã bị tắt giữa chừng). Khôi phục phần đã nhập?"
            )
        if draft is None:
            self.code.setFocus()
        self.opened.emit()

    def _draft_answered(self, restore: bool) -> None:
        draft, self._draft = self._draft, None
        if draft is None:
            return
        if restore:
            self._filling = True
            self._fill(draft[1])
            self._filling = False
            self._edited()
        else:
            discard_draft(self.workspace.folder.root, self.draft_key)
            if self.dirty:  # typed while the question waited: that is the draft now
                self._draft_timer.start()
        self.code.setFocus()

    @staticmethod
    def _values_of(household: Household, file: HouseholdFile) -> dict[str, Any]:
        values: dict[str, Any] = {
            k: getattr(household, k) for k in ("code", "village_id", "address", "phone", "note")
        }
        values["area"] = str(household.area)
        values.update({k: getattr(household, k) for k in FLAGS})
        heads_first = sorted(file.members, key=lambda m: not m.is_head)
        values["members"] = [
            {
                "id": m.id,
                "full_name": m.full_name,
                "relation": m.relation,
                "sex": str(m.sex) if m.sex else "",
                "birth": m.birth_date.strftime("%d/%m/%Y")
                if m.birth_date
                else (str(m.birth_year) if m.birth_year else ""),
                "ethnicity": m.ethnicity or "",
                "citizen_id": m.citizen_id or "",
            }
            for m in heads_first
        ]
        return values

    def _fill(self, values: dict[str, Any]) -> None:
        for key in ("code", "address", "phone", "note"):
            widget = self.fields[key]
            assert isinstance(widget, QLineEdit)
            widget.setText(values.get(key) or "")
        self.village.setCurrentIndex(max(0, self.village.findData(values.get("village_id"))))
        self.area.setCurrentIndex(max(0, self.area.findData(values.get("area") or "rural")))
        for key, box in self.flags.items():
            box.setChecked(bool(values.get(key)))
        self.members.set_rows(values.get("members") or [])

    # -- editing, checking, saving ----------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "code": self.code.text(),
            "village_id": self.village.currentData(),
            "address": self.address.text(),
            "phone": self.phone.text(),
            "area": self.area.currentData(),
            "note": self.note.text(),
        }
        values.update({k: box.isChecked() for k, box in self.flags.items()})
        values["members"] = self.members.rows
        return values

    def _edited(self) -> None:
        if self._filling:
            return
        self.dirty = True
        if self._draft is None:  # never write over the old draft while its question waits
            self._draft_timer.start()

    def _write_draft(self) -> None:
        if not self.dirty:
            return
        root, key, values = self.workspace.folder.root, self.draft_key, self.values()
        self.workspace.operations.run(
            lambda: save_draft(root, key, values), lambda _p: None, title="Không lưu được bản nháp"
        )

    def check(self) -> CheckedHousehold:
        values = self.values()
        checked = check_household(values, values["members"], self.workspace.commune.code)
        for key, label in self.errors.items():
            label.show_problem(checked.problems.get(key, ""))
        self.members.set_problems(checked.member_problems)
        member_lines = [
            f"Dòng {row + 1}: {message}"
            for (row, _f), message in sorted(checked.member_problems.items())
        ]
        if member_lines and "members" not in checked.problems:
            self.errors["members"].show_problem("\n".join(member_lines))
        elif member_lines:
            self.errors["members"].show_problem(
                checked.problems["members"] + "\n" + "\n".join(member_lines)
            )
        self.warnings.setText("\n".join(checked.warnings))
        return checked

    def save(self) -> None:
        if self._saving or not self.workspace.allowed(self, Permission.edit):
            return
        checked = self.check()
        if not checked.ok:
            self.status.setText("Chưa lưu: hãy sửa các ô được đánh dấu đỏ.")
            self.tabs.setCurrentIndex(0)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText("Đang lưu…")
        ledger, household_id, revisions = self.workspace.ledger, self.household_id, self.revisions
        officer = self.workspace.officer_name

        def work() -> str:
            with ledger.session() as session:
                return save_household(
                    session, household_id, checked, revisions=revisions, officer=officer
                ).id

        self.workspace.operations.write(work, self._saved, on_error=self._save_failed)

    def _saved(self, household_id: str) -> None:
        self._saving = False
        self.dirty = False
        self._draft_timer.stop()
        discard_draft(self.workspace.folder.root, self.draft_key)
        self.save_button.setEnabled(True)
        self.status.setText("Đã lưu.")
        self.saved.emit(household_id)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._draft_timer.stop()
        self._write_draft()  # what was typed stays, on screen and on disk
        if isinstance(exc, StaleRecordError):
            # Someone else saved this household since it was opened: say what they changed,
            # beside the fields they changed, and keep everything typed here.
            self.status.setText(str(exc))
            self.status.setStyleSheet(ERROR_STYLE)
            if exc.entity == "household":
                for key in exc.changed:
                    if key in self.errors:
                        self.errors[key].show_problem("Vừa được người khác sửa.")
            return
        self.status.setText("Chưa lưu được.")
        self.workspace.operations.show_error(exc, "Không lưu được hồ sơ hộ")

    def reject(self) -> None:
        """The unsaved-changes guard: Close asks before anything typed is thrown away."""
        if not self.dirty or self._saving:
            super().reject()
            return
        texts.ask_then(
            self,
            "Chưa lưu",
            "Hồ sơ có thay đổi chưa lưu. Lưu trước khi đóng?",
            self._close_answered,
            {
                QMessageBox.StandardButton.Save: "Lưu",
                QMessageBox.StandardButton.Discard: "Bỏ thay đổi",
                QMessageBox.StandardButton.Cancel: "Tiếp tục sửa",
            },
            default=QMessageBox.StandardButton.Save,
        )

    def _close_answered(self, answer: QMessageBox.StandardButton) -> None:
        if answer == QMessageBox.StandardButton.Save:
            self.save()
        elif answer == QMessageBox.StandardButton.Discard:
            self._draft_timer.stop()
            discard_draft(self.workspace.folder.root, self.draft_key)
            self.dirty = False
            super().reject()
