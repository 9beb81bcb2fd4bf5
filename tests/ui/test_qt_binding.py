"""The pinned Qt binding must not lose references to None: PySide6 6.12.0 on Python 3.11 drops
one on every call of a method returning nothing (QLabel.setText, QListWidgetItem.setHidden…),
and the app aborts ("deallocating None") after some tens of thousands of calls: minutes of use."""

import sys

from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem


def test_calls_returning_nothing_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    items = QListWidget()
    qtbot.addWidget(items)
    item = QListWidgetItem("Xóm Nà Lẹng")
    items.addItem(item)
    before = sys.getrefcount(None)
    for _ in range(2_000):
        label.setText("Đang xử lý…")
        item.setHidden(False)
    assert sys.getrefcount(None) >= before - 50  # a few may be held elsewhere meanwhile
