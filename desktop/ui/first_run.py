"""First start on a new laptop: choose the province and commune from the official list, and
whether to fill the ledger with a demo commune to explore."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from vietnam_provinces import Province, Ward

from desktop.ledger.rules.text import fold
from desktop.ui.texts import vietnamese_buttons

CAO_BANG = 4


@dataclass(frozen=True)
class Choice:
    province_code: int
    commune_code: int
    demo: bool


class FirstRunDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, offer_demo: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thiết lập Sổ Thoát Nghèo")
        self.setMinimumSize(520, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Chào mừng! Hãy chọn tỉnh/thành phố và xã/phường mà sổ này theo dõi.\n"
            "Danh mục theo đơn vị hành chính hai cấp từ ngày 01/7/2025."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        layout.addWidget(QLabel("Tỉnh/thành phố:"))
        self.province = QComboBox()
        for province in sorted(Province.iter_all(), key=lambda p: fold(p.name)):
            self.province.addItem(province.name, province.code.value)
        layout.addWidget(self.province)

        layout.addWidget(QLabel("Xã/phường (gõ tên, không cần dấu):"))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Ví dụ: quang uyen")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.communes = QListWidget()
        layout.addWidget(self.communes, 1)

        self.demo = QCheckBox("Tạo dữ liệu mẫu (một xã giả định) để làm quen với phần mềm")
        self.demo.setChecked(offer_demo)
        self.demo.setVisible(offer_demo)
        layout.addWidget(self.demo)

        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        layout.addWidget(self.problem)
        self.buttons = vietnamese_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.province.currentIndexChanged.connect(self._fill_communes)
        self.search.textChanged.connect(self._filter)
        self.communes.itemDoubleClicked.connect(lambda _item: self._accept())
        self.province.setCurrentIndex(self.province.findData(CAO_BANG))
        self._fill_communes()

    def _fill_communes(self) -> None:
        code = self.province.currentData()
        self.communes.clear()
        wards = [w for w in Ward.iter_all() if w.province_code.value == code]
        for ward in sorted(wards, key=lambda w: fold(w.name)):
            item = QListWidgetItem(ward.name)
            item.setData(Qt.ItemDataRole.UserRole, ward.code.value)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(ward.name))
            self.communes.addItem(item)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        wanted = fold(text)
        first = None
        for i in range(self.communes.count()):
            item = self.communes.item(i)
            hidden = wanted not in item.data(Qt.ItemDataRole.UserRole + 1)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.communes.setCurrentItem(first)

    def choice(self) -> Choice | None:
        item = self.communes.currentItem()
        if item is None or item.isHidden():
            return None
        return Choice(
            self.province.currentData(), item.data(Qt.ItemDataRole.UserRole), self.demo.isChecked()
        )

    def _accept(self) -> None:
        if self.choice() is None:
            self.problem.setText("Hãy chọn một xã/phường trong danh sách.")
            return
        self.accept()
