"""The navigation bar's "In và báo cáo": the print panel, made the first time it is shown."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from desktop.ui.printing.panel import PrintPanel
from desktop.ui.screen import Screen
from desktop.ui.workspace import Workspace


class PrintScreen(Screen):
    key = "print"
    title = "In và báo cáo"

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.panel: PrintPanel | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def reload(self) -> None:
        if self.panel is None:
            ws = self.workspace
            self.panel = PrintPanel(ws.ledger, officer=ws.officer_name, work_dir=ws.folder.root)
            self._layout.addWidget(self.panel)
