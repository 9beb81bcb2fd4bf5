"""The screens of the navigation bar, in the order an officer's work goes."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QVBoxLayout

from desktop.ui.screen import Screen
from desktop.ui.workspace import Workspace


class NotYetScreen(Screen):
    """A task whose screen is being built in another piece of work; says so plainly."""

    def __init__(self, workspace: Workspace, key: str, title: str, text: str) -> None:
        super().__init__(workspace)
        self.key, self.title = key, title
        layout = QVBoxLayout(self)
        label = QLabel(f"<h2>{title}</h2><p>{text}</p>")
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addStretch(1)


NAV = (
    ("overview", "Tổng quan"),
    ("households", "Hộ gia đình"),
    ("registrations", "Đăng ký thoát nghèo"),
    ("review", "Rà soát hằng năm"),
    ("model_cases", "Mô hình, điển hình"),
    ("commendation", "Thi đua, khen thưởng"),
    ("print", "In và báo cáo"),
    ("sync", "Đồng bộ"),
    ("settings", "Cài đặt"),
)
NOT_YET: dict[str, str] = {}


# Each screen's module is imported when the screen is first opened: printing (reportlab), the
# charts and sync cost a second or more of imports that the household list does not need.
SCREENS: dict[str, tuple[str, str]] = {
    "overview": ("desktop.ui.overview.screen", "OverviewScreen"),
    "model_cases": ("desktop.ui.model_cases.screen", "ModelCasesScreen"),
    "commendation": ("desktop.ui.commendation.screen", "CommendationScreen"),
    "settings": ("desktop.ui.settings.screen", "SettingsScreen"),
    "households": ("desktop.ui.households.list", "HouseholdsScreen"),
    "registrations": ("desktop.ui.registrations.screen", "RegistrationsScreen"),
    "review": ("desktop.ui.registrations.review", "ReviewScreen"),
    "print": ("desktop.ui.printing.screen", "PrintScreen"),
    "sync": ("desktop.ui.sync_screen", "SyncScreen"),
}


def build_screen(workspace: Workspace, key: str) -> Screen:
    """The screen of one navigation entry, built the first time it is opened: a window that
    opens on the household list never loads the charts or the settings."""
    if key in SCREENS:
        module, name = SCREENS[key]
        factory: Callable[[Workspace], Screen] = getattr(importlib.import_module(module), name)
        return factory(workspace)
    title = dict(NAV)[key]
    return NotYetScreen(workspace, key, title, NOT_YET.get(key, "Màn hình này đang được xây dựng."))
