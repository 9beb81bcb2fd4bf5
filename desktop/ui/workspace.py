"""What every screen works with, passed in explicitly (no globals): the data folder, the open
ledger, the commune, the signed-in officer and the window's operations."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from desktop.ledger.paths import DataFolder
from desktop.ledger.permissions import REFUSED, Permission, may
from desktop.ledger.records import Commune, Officer
from desktop.ledger.storage import Ledger
from desktop.ui import texts
from desktop.ui.operations import Operations


@dataclass
class Workspace:
    folder: DataFolder
    ledger: Ledger
    commune: Commune
    operations: Operations
    officer: Officer | None = None

    @property
    def officer_name(self) -> str:
        """The name every change is recorded under in the change log."""
        return self.officer.username if self.officer else "?"

    def may(self, permission: Permission) -> bool:
        return self.officer is not None and may(self.officer.role, permission)

    def allowed(self, parent: QWidget, permission: Permission) -> bool:
        """True if the officer may; otherwise says why, in Vietnamese, and returns False."""
        if self.may(permission):
            return True
        texts.warn(parent, "Không có quyền", REFUSED[permission])
        return False
