"""The screens of the navigation bar, in the order an officer's work goes."""

from __future__ import annotations

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


def _factories() -> dict[str, Callable[[Workspace], Screen]]:
    from desktop.ui.commendation.screen import CommendationScreen
    from desktop.ui.households.list import HouseholdsScreen
    from desktop.ui.model_cases.screen import ModelCasesScreen
    from desktop.ui.overview.screen import OverviewScreen
    from desktop.ui.printing.screen import PrintScreen
    from desktop.ui.registrations.review import ReviewScreen
    from desktop.ui.registrations.screen import RegistrationsScreen
    from desktop.ui.settings.screen import SettingsScreen
    from desktop.ui.sync_screen import SyncScreen

    return {
        "overview": OverviewScreen,
        "model_cases": ModelCasesScreen,
        "commendation": CommendationScreen,
        "settings": SettingsScreen,
        "households": HouseholdsScreen,
        "registrations": RegistrationsScreen,
        "review": ReviewScreen,
        "print": PrintScreen,
        "sync": SyncScreen,
    }


def build_screen(workspace: Workspace, key: str) -> Screen:
    """The screen of one navigation entry, built the first time it is opened: a window that
    opens on the household list never loads the charts or the settings."""
    factory = _factories().get(key)
    if factory is not None:
        return factory(workspace)
    title = dict(NAV)[key]
    return NotYetScreen(workspace, key, title, NOT_YET.get(key, "Màn hình này đang được xây dựng."))
