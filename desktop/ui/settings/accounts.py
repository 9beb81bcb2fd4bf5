"""Officer accounts after the first run: add an officer, change a name or role, set a new
password for one who forgot theirs, lock or unlock an account. An administrator's work; the
ledger's account functions check the right again, keep one administrator at least, hash
passwords (argon2) and audit every change under the signed-in officer."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from sqlmodel import Session

from desktop.ledger.officers import add_officer, edit_officer, list_officers, set_password
from desktop.ledger.records import Officer, Role
from desktop.ledger.vocabulary import ROLE_LABELS
from desktop.ui.settings.admin_panel import AdminPanel
from desktop.ui.workspace import Workspace

ROLE_HELP = "Quản trị: duyệt, xoá, cài đặt · Cán bộ: nhập, sửa · Chỉ xem: xem và in"


class AccountsPanel(AdminPanel[Officer]):
    headers = ("Tên đăng nhập", "Họ tên", "Vai trò", "Trạng thái", "Đăng nhập gần nhất")
    read_title = "Không đọc được các tài khoản"
    write_title = "Không lưu được tài khoản"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.column.addWidget(self.table, 1)
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
        grid = self.field_grid(
            QGridLayout(),
            (
                ("Tên đăng &nhập:", self.username),
                ("&Họ tên:", self.full_name),
                ("&Vai trò:", self.role),
                ("Mật khẩ&u:", self.password),
                ("Nhập lạ&i mật khẩu:", self.again),
            ),
            per_row=3,
        )
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        grid.addWidget(self.error, 4, 0, 1, 6)
        self.column.addLayout(grid)
        hint = QLabel(ROLE_HELP)
        hint.setStyleSheet("color: #555")
        self.column.addWidget(hint)

        self.add_button = QPushButton("Thêm tài khoản &mới")
        self.save_button = QPushButton("&Lưu họ tên, vai trò")
        self.password_button = QPushButton("Đặt lại mật &khẩu")
        self.lock_button = QPushButton("Kh&oá tài khoản")
        self.column.addLayout(
            self.button_bar(
                self.add_button, self.save_button, self.password_button, self.lock_button
            )
        )
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.password_button.clicked.connect(self.reset_password)
        self.lock_button.clicked.connect(self.toggle_active)
        self.finish()

    def read(self, session: Session) -> list[Officer]:
        return list_officers(session)

    def key(self, row: Officer) -> str:
        return row.username

    def cells(self, row: Officer) -> tuple[object, ...]:
        signed_in = row.signed_in_at
        return (
            row.username,
            row.full_name,
            ROLE_LABELS.get(Role(row.role), str(row.role)),
            "Đang dùng" if row.active else "Đã khoá",
            signed_in.astimezone().strftime("%H:%M %d/%m/%Y") if signed_in else "chưa",
        )

    @property
    def officers(self) -> dict[str, Officer]:  # by username
        return self.by_key

    def choose(self, username: str) -> None:
        self.select_key(username)

    def chosen(self, row: Officer | None) -> None:
        editable = self.editable
        self.add_button.setEnabled(editable)
        for button in (self.save_button, self.password_button, self.lock_button):
            button.setEnabled(editable and row is not None)
        if row is None:  # a new account: the least a mistake can give away
            self.role.setCurrentIndex(self.role.findData(Role.officer.value))
        else:
            self.username.setText(row.username)
            self.full_name.setText(row.full_name)
            self.role.setCurrentIndex(max(0, self.role.findData(str(row.role))))
            self.lock_button.setText("Kh&oá tài khoản" if row.active else "Mở kh&oá tài khoản")
        self.password.clear()
        self.again.clear()

    def written(self) -> None:
        self.password.clear()
        self.again.clear()

    def _new_password(self) -> str | None:
        """The password typed twice, or None after saying what is wrong."""
        if self.password.text() != self.again.text():
            self.error.show_problem("Hai lần nhập mật khẩu không giống nhau.")
            return None
        return self.password.text()

    def add(self) -> None:
        if not self.allowed():
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

        self.write(work, f"Đã thêm tài khoản “{username.strip().lower()}”.")

    def save(self) -> None:
        officer = self.current()
        if officer is None or not self.allowed():
            return
        ledger, by, username = self.workspace.ledger, self.workspace.officer_name, officer.username
        full_name, role = self.full_name.text(), Role(self.role.currentData())

        def work() -> Officer:
            with ledger.session() as session:
                return edit_officer(session, username, by=by, full_name=full_name, role=role)

        self.write(work, f"Đã lưu tài khoản “{username}”.")

    def reset_password(self) -> None:
        officer = self.current()
        if officer is None or not self.allowed():
            return
        password = self._new_password()
        if password is None:
            return
        ledger, by, username = self.workspace.ledger, self.workspace.officer_name, officer.username

        def work() -> None:
            with ledger.session() as session:
                set_password(session, username, password, by=by)

        self.write(
            work,
            f"Đã đặt mật khẩu mới cho “{username}”: hãy báo riêng cho người dùng tài khoản này.",
        )

    def toggle_active(self) -> None:
        officer = self.current()
        if officer is None or not self.allowed():
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

        self.write(work, f"Đã {'mở khoá' if active else 'khoá'} tài khoản “{username}”.")
