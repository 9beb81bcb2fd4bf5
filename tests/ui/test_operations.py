"""Work runs off the UI thread; its errors reach the officer in Vietnamese."""

import errno
import threading

from PySide6.QtWidgets import QWidget

from desktop.ui import operations as ops_module
from desktop.ui.operations import Operations


def test_result_comes_back_on_the_ui_thread(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    ops = Operations(widget)
    seen = {}

    def work():
        seen["worker"] = threading.current_thread()
        return 42

    with qtbot.waitSignal(ops.busy, check_params_cb=lambda busy: not busy, timeout=5_000):
        ops.run(work, lambda r: seen.update(result=r, ui=threading.current_thread()))
    assert seen["result"] == 42
    assert seen["ui"] is threading.main_thread() and seen["worker"] is not threading.main_thread()


def test_known_errors_are_shown_in_vietnamese_and_bugs_are_reported(qtbot, monkeypatch):
    widget = QWidget()
    qtbot.addWidget(widget)
    ops = Operations(widget)
    shown = []
    monkeypatch.setattr(
        ops_module.texts, "warn", lambda _p, title, text: shown.append(("warn", title, text))
    )
    monkeypatch.setattr(
        ops_module.texts, "report_bug", lambda _p, text: shown.append(("bug", text))
    )

    def disk_full():
        raise OSError(errno.ENOSPC, "No space left on device")

    def bug():
        raise KeyError("x")

    with qtbot.waitSignal(ops.busy, check_params_cb=lambda busy: not busy, timeout=5_000):
        ops.run(disk_full, lambda _r: None, title="Không lưu được")
    with qtbot.waitSignal(ops.busy, check_params_cb=lambda busy: not busy, timeout=5_000):
        ops.run(bug, lambda _r: None)
    assert shown[0][:2] == ("warn", "Không lưu được") and "đã đầy" in shown[0][2]
    assert shown[1][0] == "bug" and "KeyError" in shown[1][1]
