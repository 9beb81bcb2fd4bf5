"""What the main window expects of a screen: loaded the first time it is shown, refreshed when
an operation changed what it shows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.operations import OpChanges
from desktop.ui.workspace import Workspace


class Screen(QWidget):
    key = ""
    title = ""
    watches: tuple[str, ...] = ()  # tables whose changes make this screen reload

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._loaded = False
        self._stale = False

    def shown(self) -> None:
        """Called each time the officer opens the screen."""
        if not self._loaded or self._stale:
            self._loaded, self._stale = True, False
            self.reload()

    def changed(self, changes: OpChanges, visible: bool) -> None:
        if not changes.touches(*self.watches):
            return
        if visible:
            self.reload()
        else:
            self._stale = True  # reload when next shown, not while hidden

    def reload(self) -> None:
        """Read what the screen shows (through the workspace's operations)."""
