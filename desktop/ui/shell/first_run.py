"""First start on a new laptop, in three steps: the commune (typed without accents, from the
official two-level list), its villages or a demo commune, and the first officer account.

The keyboard starts in the commune search box: "quang uyen" finds Xã Quảng Uyên in any province,
so an officer never has to open the province list first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from vietnam_provinces import Province, Ward

from desktop.ledger.officers import MIN_PASSWORD
from desktop.ledger.rules.text import fold, normalize_text
from desktop.ui.widgets import ErrorLabel

ANY = 0  # the province filter's "every province"
FOLDED = Qt.ItemDataRole.UserRole + 1
PROVINCE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Choice:
    province_code: int
    commune_code: int
    demo: bool
    villages: list[str] = field(default_factory=list)
    username: str = ""
    full_name: str = ""
    password: str = ""


class CommunePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Xã/phường mà sổ này theo dõi")
        self.setSubTitle(
            "Gõ tên xã, không cần dấu (ví dụ: quang uyen). Danh mục hai cấp từ 01/7/2025."
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Tên xã/phường, ví dụ: quang uyen")
        self.search.setClearButtonEnabled(True)
        form.addRow("&Xã/phường:", self.search)
        self.province = QComboBox()
        self.province.addItem("Mọi tỉnh/thành phố", ANY)
        provinces = sorted(Province.iter_all(), key=lambda p: fold(p.name))
        for province in provinces:
            self.province.addItem(province.name, province.code.value)
        form.addRow("&Tỉnh/thành phố:", self.province)
        layout.addLayout(form)
        self.communes = QListWidget()
        names = {p.code.value: p.name for p in provinces}
        for ward in sorted(Ward.iter_all(), key=lambda w: fold(w.name)):
            code = ward.province_code.value
            item = QListWidgetItem(f"{ward.name} — {names.get(code, '')}")
            item.setData(Qt.ItemDataRole.UserRole, ward.code.value)
            item.setData(FOLDED, fold(ward.name))
            item.setData(PROVINCE, code)
            self.communes.addItem(item)
        layout.addWidget(self.communes, 1)
        self.demo = QCheckBox("&Dùng dữ liệu mẫu (một xã giả định 400 hộ) để làm quen")
        layout.addWidget(self.demo)
        self.problem = ErrorLabel()
        layout.addWidget(self.problem)
        self.search.textChanged.connect(self._filter)
        self.province.currentIndexChanged.connect(lambda _i: self._filter(self.search.text()))
        self.communes.currentItemChanged.connect(lambda *_: self.completeChanged.emit())
        self.communes.itemDoubleClicked.connect(lambda _i: self.wizard().next())
        self.setFocusProxy(self.search)
        self._filter("")

    def _filter(self, text: str) -> None:
        wanted, province = fold(text), self.province.currentData()
        first = None
        self.communes.setUpdatesEnabled(False)
        for i in range(self.communes.count()):
            item = self.communes.item(i)
            shown = wanted in item.data(FOLDED) and province in (ANY, item.data(PROVINCE))
            item.setHidden(not shown)
            if shown and first is None:
                first = item
        self.communes.setUpdatesEnabled(True)
        if first is not None:
            self.communes.setCurrentItem(first)
        self.problem.show_problem("" if first else "Không có xã/phường nào có tên như vậy.")

    def selected(self) -> tuple[int, int] | None:
        item = self.communes.currentItem()
        if item is None or item.isHidden():
            return None
        return item.data(PROVINCE), item.data(Qt.ItemDataRole.UserRole)

    def isComplete(self) -> bool:
        return self.selected() is not None

    def initializePage(self) -> None:
        self.search.setFocus()


class VillagesPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Thôn, xóm, bản của xã")
        self.setSubTitle(
            "Mỗi dòng một thôn/xóm/bản/tổ dân phố. Có thể thêm, sửa sau trong Cài đặt."
        )
        layout = QVBoxLayout(self)
        self.villages = QPlainTextEdit()
        self.villages.setPlaceholderText("Ví dụ:\nXóm Nà Lẹng\nBản Khuổi Ky\nTổ dân phố 1")
        layout.addWidget(self.villages)
        self.problem = ErrorLabel()
        layout.addWidget(self.problem)
        self.setFocusProxy(self.villages)

    def names(self) -> list[str]:
        seen: dict[str, str] = {}
        for line in self.villages.toPlainText().splitlines():
            name = normalize_text(line)
            if name:
                seen.setdefault(fold(name), name)
        return list(seen.values())

    def validatePage(self) -> bool:
        if not self.names():
            self.problem.show_problem("Hãy nhập ít nhất một thôn/xóm.")
            return False
        return True


class OfficerPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Tài khoản cán bộ đầu tiên")
        self.setSubTitle("Tài khoản quản trị: tạo thêm tài khoản cho cán bộ khác trong Cài đặt.")
        form = QFormLayout(self)
        self.full_name = QLineEdit()
        self.username = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.errors: dict[str, ErrorLabel] = {}
        for key, label, widget in (
            ("full_name", "&Họ và tên:", self.full_name),
            ("username", "&Tên đăng nhập:", self.username),
            ("password", "&Mật khẩu:", self.password),
            ("repeat", "&Nhập lại mật khẩu:", self.repeat),
        ):
            form.addRow(label, widget)
            self.errors[key] = ErrorLabel()
            form.addRow("", self.errors[key])
        self.setFocusProxy(self.full_name)

    def problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not self.full_name.text().strip():
            problems["full_name"] = "Hãy nhập họ và tên."
        username = self.username.text().strip()
        if not username:
            problems["username"] = "Hãy nhập tên đăng nhập."
        elif " " in username:
            problems["username"] = "Tên đăng nhập không có dấu cách."
        if len(self.password.text()) < MIN_PASSWORD:
            problems["password"] = f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự."
        elif self.repeat.text() != self.password.text():
            problems["repeat"] = "Hai lần nhập mật khẩu không khớp."
        return problems

    def validatePage(self) -> bool:
        problems = self.problems()
        for key, label in self.errors.items():
            label.show_problem(problems.get(key, ""))
        return not problems


class FirstRunWizard(QWizard):
    COMMUNE, VILLAGES, OFFICER = range(3)

    def __init__(self, parent: QWidget | None = None, *, account_only: bool = False) -> None:
        super().__init__(parent)
        self.account_only = account_only
        self.setWindowTitle("Thiết lập Sổ Thoát Nghèo")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(640, 560)
        self.commune_page = CommunePage()
        self.villages_page = VillagesPage()
        self.officer_page = OfficerPage()
        self.setPage(self.COMMUNE, self.commune_page)
        self.setPage(self.VILLAGES, self.villages_page)
        self.setPage(self.OFFICER, self.officer_page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Bắt đầu")
        if account_only:  # a ledger set up by `sotn init` has its commune, not its officers
            self.removePage(self.COMMUNE)
            self.removePage(self.VILLAGES)
            self.setStartId(self.OFFICER)

    def nextId(self) -> int:
        if self.currentId() == self.COMMUNE:
            return self.OFFICER if self.commune_page.demo.isChecked() else self.VILLAGES
        return super().nextId()

    def choice(self) -> Choice | None:
        selected = (0, 0) if self.account_only else self.commune_page.selected()
        if selected is None:
            return None
        demo = self.commune_page.demo.isChecked()
        page = self.officer_page
        return Choice(
            province_code=selected[0],
            commune_code=selected[1],
            demo=demo,
            villages=[] if demo else self.villages_page.names(),
            username=page.username.text().strip().lower(),
            full_name=normalize_text(page.full_name.text()),
            password=page.password.text(),
        )
