"""Settings, generated from the declarations: the commune's settings (resources/settings.yaml,
stored in the ledger) and this laptop's preferences (UI scale, idle lock); for administrators,
two more tabs manage the commune's villages and the officer accounts. Only administrators may
change settings; every field shows its problem beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger import preferences
from desktop.ledger.permissions import Permission
from desktop.ledger.settings import SettingDef, Settings, declaration, read_settings, write_settings
from desktop.ui import texts
from desktop.ui.screen import Screen
from desktop.ui.settings.accounts import AccountsPanel
from desktop.ui.settings.villages import VillagesPanel
from desktop.ui.widgets import ErrorLabel
from desktop.ui.workspace import Workspace

EDITABLE = ("line", "text", "int", "bool", "choice", "month_day")


def editor_for(definition: SettingDef) -> QWidget:
    kind = definition.type
    if kind == "text":
        widget = QPlainTextEdit()
        widget.setMaximumHeight(70)
        return widget
    if kind == "int":
        spin = QSpinBox()
        spin.setRange(0, 1_000_000)
        return spin
    if kind == "bool":
        return QCheckBox()
    if kind == "choice":
        combo = QComboBox()
        for value, label in definition.choices.items():
            combo.addItem(label, value)
        return combo
    return QLineEdit()


def value_of(widget: QWidget) -> Any:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def show_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(0, widget.findData(value)))
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))


class SettingsScreen(Screen):
    key = "settings"
    title = "Cài đặt"
    watches = ("setting", "village", "officer")

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        outer = QVBoxLayout(self)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        general = QWidget()
        self.tabs.addTab(general, "Cài đặt &chung")
        page = QVBoxLayout(general)
        page.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        column = QVBoxLayout(body)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        decl = declaration()
        laptop = QGroupBox("Máy tính này")
        form = QFormLayout(laptop)
        self.prefs: dict[str, QComboBox] = {}
        for pref in preferences.PREFERENCES:
            combo = QComboBox()
            for choice in pref.choices:
                combo.addItem(
                    f"{round(choice * 100)} %" if pref.key == "ui_scale" else f"{choice} phút",
                    choice,
                )
            form.addRow(pref.label + ":", combo)
            self.prefs[pref.key] = combo
        column.addWidget(laptop)
        for section, heading in decl.sections.items():
            group = QGroupBox(heading)
            form = QFormLayout(group)
            for definition in decl.settings:
                if definition.section != section or definition.type not in EDITABLE:
                    continue
                widget = editor_for(definition)
                widget.setToolTip(definition.help)
                label = QLabel(definition.label + ":")
                label.setToolTip(definition.help)
                label.setWordWrap(True)
                form.addRow(label, widget)
                self.errors[definition.key] = ErrorLabel()
                form.addRow("", self.errors[definition.key])
                self.fields[definition.key] = widget
            column.addWidget(group)
        column.addStretch(1)
        scroll.setWidget(body)
        page.addWidget(scroll, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.status = QLabel()
        bar.addWidget(self.status)
        self.save_button = QPushButton("&Lưu cài đặt")
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.save_button)
        page.addLayout(bar)
        self.villages: VillagesPanel | None = None
        self.accounts: AccountsPanel | None = None
        if workspace.may(Permission.configure):  # administrators only: not even shown to others
            self.villages = VillagesPanel(workspace)
            self.accounts = AccountsPanel(workspace)
            self.tabs.addTab(self.villages, "&Thôn, xóm")
            self.tabs.addTab(self.accounts, "Tài khoản cán &bộ")
        editable = workspace.may(Permission.configure)
        body.setEnabled(editable)
        self.save_button.setEnabled(editable)
        if not editable:
            self.status.setText("Chỉ tài khoản quản trị được thay đổi cài đặt.")

    def reload(self) -> None:
        ledger, root = self.workspace.ledger, self.workspace.folder.root

        def work() -> tuple[Settings, dict[str, Any]]:
            with ledger.session() as session:
                return read_settings(session), preferences.load(root)

        self.workspace.operations.run(work, self._show)
        for panel in (self.villages, self.accounts):
            if panel is not None:
                panel.reload()

    def _show(self, result: tuple[Settings, dict[str, Any]]) -> None:
        settings, prefs = result
        for key, widget in self.fields.items():
            show_value(widget, settings[key])
        for key, combo in self.prefs.items():
            combo.setCurrentIndex(max(0, combo.findData(prefs[key])))

    def save(self) -> None:
        if not self.workspace.allowed(self, Permission.configure):
            return
        changes = {key: value_of(widget) for key, widget in self.fields.items()}
        prefs = {key: combo.currentData() for key, combo in self.prefs.items()}
        ledger, officer, root = (
            self.workspace.ledger,
            self.workspace.officer_name,
            self.workspace.folder.root,
        )

        def work() -> dict[str, str]:
            with ledger.session() as session:
                problems = write_settings(session, changes, officer=officer)
            if not problems:
                preferences.store(root, prefs)
            return problems

        def done(problems: dict[str, str]) -> None:
            for key, label in self.errors.items():
                label.show_problem(problems.get(key, ""))
            self.status.setText("Chưa lưu: sửa các ô đánh dấu đỏ." if problems else "Đã lưu.")
            if not problems:
                texts.inform(self, "Cài đặt", "Đã lưu. Cỡ giao diện áp dụng khi mở lại phần mềm.")

        self.workspace.operations.write(
            work, done, changes=("setting",), title="Không lưu được cài đặt"
        )
