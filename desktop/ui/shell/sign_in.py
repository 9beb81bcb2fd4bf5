"""Signing in: several officers share one laptop, and every change is recorded under the one
signed in. The same dialog unlocks a session locked after idle time."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from desktop.ledger.officers import sign_in
from desktop.ledger.records import Officer
from desktop.ledger.storage import Ledger
from desktop.ui.operations import Operations
from desktop.ui.texts import vietnamese_buttons
from desktop.ui.widgets import ErrorLabel


class SignInDialog(QDialog):
    signed_in = Signal(object)  # the Officer

    def __init__(
        self,
        ledger: Ledger,
        operations: Operations,
        parent: QWidget | None = None,
        *,
        commune_name: str = "",
        locked_by: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._ledger = ledger
        self._operations = operations
        self.setWindowTitle("Khóa phiên làm việc" if locked_by else "Đăng nhập")
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        intro = QLabel(
            f"Phiên làm việc đã khóa vì lâu không dùng. Đăng nhập lại để tiếp tục.\n{commune_name}"
            if locked_by
            else f"Sổ Thoát Nghèo — {commune_name}\nĐăng nhập bằng tài khoản cán bộ của anh/chị."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.username = QLineEdit(locked_by or "")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form.addRow("&Tên đăng nhập:", self.username)
        form.addRow("&Mật khẩu:", self.password)
        self.problem = ErrorLabel()
        form.addRow(self.problem)
        self.buttons = vietnamese_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Đăng nhập")
        if locked_by:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Thoát phần mềm")
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        (self.password if locked_by else self.username).setFocus()

    def try_sign_in(self) -> None:
        username, password = self.username.text(), self.password.text()
        if not username.strip() or not password:
            self.problem.show_problem("Hãy nhập tên đăng nhập và mật khẩu.")
            return
        self.buttons.setEnabled(False)
        ledger = self._ledger

        def work() -> Officer | None:
            with ledger.session() as session:  # a rehashed password is saved with the sign-in
                return sign_in(session, username, password)

        self._operations.run(work, self._answered, title="Không đăng nhập được")

    def _answered(self, officer: Officer | None) -> None:
        self.buttons.setEnabled(True)
        if officer is None:
            self.problem.show_problem("Sai tên đăng nhập hoặc mật khẩu.")
            self.password.clear()
            self.password.setFocus()
            return
        self.signed_in.emit(officer)
        self.accept()
