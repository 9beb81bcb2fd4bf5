"""The household form: the household and its members (editable table), its classification by year,
registrations and support received. Load → check every field → save in one operation; each
problem shows beside its field; unsaved changes are guarded, and kept as a draft on disk while
the officer types, so a crash or a power cut loses nothing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
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
from desktop.ui.households.household_tab import HouseholdTab
from desktop.ui.widgets import ERROR_STYLE, QuestionBar
from desktop.ui.workspace import Workspace

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
        self._file: HouseholdFile | None = None
        self._drafts_writing = 0  # draft writes under way
        self._draft_unwanted = False  # saved or thrown away since: remove what they write
        self._load()  # read while the widgets are made: its answer comes after them
        self._build()
        self.status.setText("Đang mở hồ sơ…")
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._write_draft)

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
        self.main = HouseholdTab()
        self.tabs.addTab(self.main, "&Hộ và thành viên")
        # The form's fields by name, as tests and the rest of the form use them.
        main = self.main
        self.code, self.village, self.address, self.phone = (
            main.code,
            main.village,
            main.address,
            main.phone,
        )
        self.members, self.add_member, self.errors = main.members, main.add_member, main.errors
        # The history tabs are made when first shown: opening a household stays quick.
        self.history: HistoryTabs | None = None
        self._history_pages: list[QVBoxLayout] = []
        for title in HistoryTabs.TITLES:
            page = QWidget()
            self._history_pages.append(QVBoxLayout(page))
            self._history_pages[-1].setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(self._tab_shown)
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
        main.edited.connect(self._edited)
        editable = self.workspace.may(Permission.edit)
        main.set_editable(editable)
        self.save_button.setEnabled(editable)

    def _tab_shown(self, index: int) -> None:
        if self.history is None and 1 <= index <= len(self._history_pages):
            self.history = HistoryTabs(self.workspace, self)
            for layout, page in zip(self._history_pages, self.history.pages(), strict=True):
                layout.addWidget(page)
            if self._file is not None:
                self.history.show_file(self._file)

    # -- loading ----------------------------------------------------------------------------------

    def _load(self) -> None:
        ledger, root, key = self.workspace.ledger, self.workspace.folder.root, self.draft_key
        household_id = self.household_id

        def work() -> tuple[HouseholdFile, Any]:
            with ledger.read() as session:  # a snapshot: never waits for a writer
                return load_household(session, household_id), load_draft(root, key)

        self.workspace.operations.run(work, self._show, title="Không mở được hồ sơ hộ")

    def _show(self, result: tuple[HouseholdFile, Any]) -> None:
        file, draft = result
        self._file = file
        self.main.set_villages(file.villages)
        household = file.household
        if household is not None:
            self.setWindowTitle(f"Hồ sơ hộ {household.code} — {household.head_name}")
            self.revisions = {r.id: r.revision for r in [household, *file.members]}
            self.main.fill(self._values_of(household, file))
        else:
            self.members.set_rows([{"relation": "Chủ hộ"}])
        if self.history is not None:
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
            self.main.fill(draft[1])
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
        values["declared_members"] = household.declared_members
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

    # -- editing, checking, saving ----------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return self.main.values()

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
        self._draft_unwanted = False
        self._drafts_writing += 1

        def failed(exc: BaseException) -> None:
            self._draft_written()
            self.workspace.operations.show_error(exc, "Không lưu được bản nháp")

        self.workspace.operations.run(
            lambda: save_draft(root, key, values), self._draft_written, on_error=failed
        )

    def _draft_written(self, _result: object = None) -> None:
        self._drafts_writing -= 1
        if self._draft_unwanted and not self._drafts_writing:
            discard_draft(self.workspace.folder.root, self.draft_key)

    def _discard_draft(self) -> None:
        """Saved, or thrown away: no draft, not even one whose writing began before."""
        self._draft_timer.stop()
        self._draft_unwanted = True
        discard_draft(self.workspace.folder.root, self.draft_key)

    def check(self) -> CheckedHousehold:
        values = self.values()
        checked = check_household(values, values["members"], self.workspace.commune.code)
        self.main.show_check(checked)
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
        self._discard_draft()
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
            self._discard_draft()
            self.dirty = False
            super().reject()
