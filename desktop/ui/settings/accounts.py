"""Officer accounts after the first run: add an officer, change a name or role, set a new
password for one who forgot theirs, lock or unlock an account. An administrator's work; the
ledger's account functions check the right again, keep one administrator at least, hash
passwords (argon2) and audit every change under the signed-in officer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ledger.errors import InputError
from desktop.ledger.officers import add_officer, edit_officer, list_officers, set_password
from desktop.ledger.permissions import Permission
from desktop.ledger.records import Officer, Role
from desktop.ledger.vocabulary import ROLE_LABELS
from desktop.ui.tables import SmallTable
from desktop.ui.widgets import ErrorLabel
from desktop.ui.workspace import Workspace

ROLE_HELP = "Quản trị: duyệt, xoá, cài đặt · Cán bộ: nhập, sửa · Chỉ xem: xem và in"


class AccountsPanel(QWidget):
    shown = Signal()  # the list was read and is on screen
    done = Signal(str)  # what the last change did, in Vietnamese ("" when refused)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.officers: dict[str, Officer] = {}  # by username
        column = QVBoxLayout(self)
        self.table = SmallTable(
            ["Tên đăng nhập", "Họ tên", "Vai trò", "Trạng thái", "Đăng nhập gần nhất"]
        )
        column.addWidget(self.table, 1)

        grid = QGridLayout()
        self.username = QLineEdit()
        self.username.setPlaceholderText("ví dụ: lan.nt")
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for value, label in ROLE_LABELS.items():
            self.role.addItem(label, value.value)
        self.role.setToolTip(ROLE_HELP)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("ít nhất 8 ký tự")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        fields = (
            ("Tên đăng &nhập:", self.username),
            ("&Họ tên:", self.full_name),
            ("&Vai trò:", self.role),
            ("Mật khẩ&u:", self.password),
            ("Nhập lạ&i mật khẩu:", self.again),
        )
        self.errors: dict[str, ErrorLabel] = {}
        for i, (text, widget) in enumerate(fields):
            row, col = (i // 3) * 2, (i % 3) * 2
            caption = QLabel(text)
            caption.setBuddy(widget)
            grid.addWidget(caption, row, col)
            grid.addWidget(widget, row, col + 1)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        self.error = ErrorLabel()
        grid.addWidget(self.error, 4, 0, 1, 6)
        column.addLayout(grid)
        hint = QLabel(ROLE_HELP)
        hint.setStyleSheet("color: #555")
        column.addWidget(hint)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("Thêm tài khoản &mới")
        self.save_button = QPushButton("&Lưu họ tên, vai trò")
        self.password_button = QPushButton("Đặt lại mật &khẩu")
        self.lock_button = QPushButton("Kh&oá tài khoản")
        for button in (self.add_button, self.save_button, self.password_button, self.lock_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel()
        buttons.addWidget(self.status)
        column.addLayout(buttons)

        self.table.currentCellChanged.connect(lambda *_a: self._chosen())
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.password_button.clicked.connect(self.reset_password)
        self.lock_button.clicked.connect(self.toggle_active)
        self._chosen()

    # -- reading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        ledger = self.workspace.ledger

        def work() -> list[Officer]:
            with ledger.read() as session:
                return list_officers(session)

        self.workspace.operations.run(work, self._show, title="Không đọc được các tài khoản")

    def _show(self, officers: list[Officer]) -> None:
        chosen = self.table.current_key()
        self.officers = {o.username: o for o in officers}
        self.table.set_rows(
            [
                (
                    o.username,
                    o.full_name,
                    ROLE_LABELS.get(Role(o.role), str(o.role)),
                    "Đang dùng" if o.active else "Đã khoá",
                    o.signed_in_at.astimezone().strftime("%H:%M %d/%m/%Y")
                    if o.signed_in_at
                    else "chưa",
                )
                for o in officers
            ],
            keys=[o.username for o in officers],
        )
        for row, username in enumerate(self.officers):
            if username == chosen:
                self.table.selectRow(row)
        self._chosen()
        self.shown.emit()

    def choose(self, username: str) -> None:
        for row, name in enumerate(self.officers):
            if name == username:
                self.table.selectRow(row)

    def _current(self) -> Officer | None:
        return self.officers.get(self.table.current_key() or "")

    def _chosen(self) -> None:
        officer = self._current()
        editable = self.workspace.may(Permission.configure)
        self.add_button.setEnabled(editable)
        for button in (self.save_button, self.password_button, self.lock_button):
            button.setEnabled(editable and officer is not None)
        if officer is None:  # a new account: the least a mistake can give away
            self.role.setCurrentIndex(self.role.findData(Role.officer.value))
        else:
            self.username.setText(officer.username)
            self.full_name.setText(officer.full_name)
            self.role.setCurrentIndex(max(0, self.role.findData(str(officer.role))))
            self.lock_button.setText("Kh&oá tài khoản" if officer.active else "Mở kh&oá tài khoản")
        self.password.clear()
        self.again.clear()
        self.error.show_problem("")

    # -- changing ---------------------------------------------------------------------------------

    def _write(self, work: Callable[[], object], said: str) -> None:
        def done(_result: object) -> None:
            self.status.setText(said)
            self.password.clear()
            self.again.clear()
            self.done.emit(said)
            self.reload()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, InputError):  # a refusal the officer can act on, in the panel
                self.error.show_problem(str(exc))
                self.status.setText("")
                self.done.emit("")
                return
            self.workspace.operations.show_error(exc, "Không lưu được tài khoản")

        self.workspace.operations.write(work, done, on_error=failed)

    def _new_password(self) -> str | None:
        """The password typed twice, or None after saying what is wrong."""
        if self.password.text() != self.again.text():
            self.error.show_problem("Hai lần nhập mật khẩu không giống nhau.")
            return None
        return self.password.text()

    def add(self) -> None:
        if not self.workspace.allowed(self, Permission.configure):
            return
        password = self._new_password()
        if password is None:
            return
        ledger, by = self.workspace.ledger, self.workspace.officer_name
        username, full_name = self.username.text(), self.full_name.text()
        role = Role(self.role.currentData())

        def work() -> Officer:
            with ledger.session() as session:
                return add_officer(session, username, full_name, password, role, by=by)

        self._write(work, f"Đã thêm tài khoản “{username.strip().lower()}”.")

    def save(self) -> None:
        officer = self._current()
        if officer is None or not self.workspace.allowed(self, Permission.configure):
            return
        ledger, by, username = self.workspace.ledger, self.workspace.officer_name, officer.username
        full_name, role = self.full_name.text(), Role(self.role.currentData())

        def work() -> Officer:
            with ledger.session() as session:
                return edit_officer(session, username, by=by, full_name=full_name, role=role)

        self._write(work, f"Đã lưu tài khoản “{username}”.")

    def reset_password(self) -> None:
        officer = self._current()
        if officer is None or not self.workspace.allowed(self, Permission.configure):
            return
        password = self._new_password()
        if password is None:
            return
        ledger, by, username = self.workspace.ledger, self.workspace.officer_name, officer.username

        def work() -> None:
            with ledger.session() as session:
                set_password(session, username, password, by=by)

        self._write(
            work,
            f"Đã đặt mật khẩu mới cho “{username}”: hãy báo riêng cho người dùng tài khoản này.",
        )

    def toggle_active(self) -> None:
        officer = self._current()
        if officer is None or not self.workspace.allowed(self, Permission.configure):
            return
        if officer.username == self.workspace.officer_name and officer.active:
            self.error.show_problem(
                "Không thể tự khoá tài khoản đang đăng nhập; hãy nhờ một quản trị khác."
            )
            return
        ledger, by, username, active = (
            self.workspace.ledger,
            self.workspace.officer_name,
            officer.username,
            not officer.active,
        )

        def work() -> Officer:
            with ledger.session() as session:
                return edit_officer(session, username, by=by, active=active)

        self._write(work, f"Đã {'mở khoá' if active else 'khoá'} tài khoản “{username}”.")
