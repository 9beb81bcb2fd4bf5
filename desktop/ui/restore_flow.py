"""Tệp → Phục hồi từ bản sao lưu: check the backup off the UI thread, show what would be lost
and ask, then restore; the window reloads what it shows from the restored ledger."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.ledger.paths import DataFolder
from desktop.ledger.storage import Ledger
from desktop.ledger.storage.restore import Restored, RestorePlan, prepare_restore, restore
from desktop.ui import texts
from desktop.ui.operations import Operations


def ask_to_lose(parent: QWidget, plan: RestorePlan) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Phục hồi từ bản sao lưu",
        f"{plan.summary()}\n\n{plan.loss.describe()}\n\nPhục hồi và bỏ các thay đổi đó khỏi sổ?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.button(QMessageBox.StandardButton.Yes).setText("Phục hồi")
    box.button(QMessageBox.StandardButton.No).setText("Không phục hồi")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def restore_from_backup(
    parent: QWidget,
    operations: Operations,
    folder: DataFolder,
    *,
    officer: str,
    done: Callable[[Restored], None],
    ledger: Ledger | None = None,
    choose: Callable[[], str] | None = None,
    confirm: Callable[[QWidget, RestorePlan], bool] = ask_to_lose,
) -> None:
    """The whole flow; `choose` and `confirm` stand in for the dialogs in tests. `ledger`, the
    window's own, takes the restored ledger as its own at once."""
    name = (choose or (lambda: _choose(parent, folder)))()
    if not name:
        return

    def planned(plan: RestorePlan) -> None:
        if plan.loss.total and not confirm(parent, plan):
            operations.run(plan.discard, lambda _r: None)
            return

        def work() -> Restored:
            try:
                result = restore(plan, officer=officer)
            finally:
                plan.discard()
            if ledger is not None:
                ledger.adopt_restore()
            return result

        def restored(result: Restored) -> None:
            kept = f"\n\nDữ liệu cũ được giữ tại {result.safety_copy}" if result.safety_copy else ""
            texts.inform(parent, "Phục hồi", f"Đã phục hồi từ {plan.backup}.{kept}")
            done(result)

        operations.write(work, restored, title="Không phục hồi được")

    operations.run(
        lambda: prepare_restore(Path(name), folder), planned, title="Không phục hồi được"
    )


def _choose(parent: QWidget, folder: DataFolder) -> str:
    name, _ = QFileDialog.getOpenFileName(
        parent,
        "Chọn bản sao lưu để phục hồi",
        str(folder.backups),
        "Bản sao lưu (*.sqlite *.sqlite.gz *.gz);;Mọi tệp (*)",
    )
    return name
