"""Bugs are logged and shown as bugs; a restore under the window is noticed; the window's own
restore asks before losing work and shows the restored ledger."""

import errno
import logging
import sys
import threading

import pytest
from pydantic import ValidationError
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QWidget

from desktop.app import init_error_reporting, run
from desktop.ledger.commune import set_up_commune
from desktop.ledger.errors import LedgerReplaced
from desktop.ledger.logfile import log_to_folder
from desktop.ledger.officers import add_officer
from desktop.ledger.records import Household, Role, Village
from desktop.ledger.storage import open_ledger, save
from desktop.ledger.storage.backup import copy_database
from desktop.ledger.storage.restore import plan_restore, restore
from desktop.ui import operations as ops_module
from desktop.ui.operations import Operations
from desktop.ui.restore_flow import restore_from_backup

from .conftest import PASSWORD, sign_in


@pytest.fixture
def shown(monkeypatch):
    seen = []
    monkeypatch.setattr(ops_module.texts, "warn", lambda _p, t, x: seen.append(("warn", t, x)))
    monkeypatch.setattr(ops_module.texts, "report_bug", lambda _p, x: seen.append(("bug", x)))
    monkeypatch.setattr(ops_module.texts, "inform", lambda _p, t, x: seen.append(("info", t, x)))
    return seen


def finish(qtbot, ops, work, **kw):
    with qtbot.waitSignal(ops.busy, check_params_cb=lambda busy: not busy, timeout=10_000):
        ops.run(work, lambda _r: None, **kw)


def test_known_problems_are_told_and_bugs_including_validation_errors_are_bugs(qtbot, shown):
    widget = QWidget()
    qtbot.addWidget(widget)
    ops = Operations(widget)

    def disk_full():
        raise OSError(errno.ENOSPC, "No space left on device")

    def invalid():
        Village.model_validate({"commune_code": "x"})

    finish(qtbot, ops, disk_full, title="Không lưu được")
    finish(qtbot, ops, invalid)
    finish(qtbot, ops, lambda: {}["x"])
    assert shown[0][:2] == ("warn", "Không lưu được") and "đã đầy" in shown[0][2]
    assert shown[1][0] == "bug" and "ValidationError" in shown[1][1]
    assert shown[2][0] == "bug" and "KeyError" in shown[2][1]
    with pytest.raises(ValidationError):
        invalid()


def test_a_restore_under_the_window_is_told_and_asks_for_a_reload(qtbot, shown):
    widget = QWidget()
    qtbot.addWidget(widget)
    ops = Operations(widget)

    def replaced():
        raise LedgerReplaced("Sổ dữ liệu vừa được phục hồi")

    with qtbot.waitSignal(ops.ledger_replaced, timeout=10_000):
        ops.run(replaced, lambda _r: None)
    assert shown == [("warn", "Dữ liệu vừa được phục hồi", "Sổ dữ liệu vừa được phục hồi")]


def test_uncaught_exceptions_and_qt_messages_go_to_the_log(qtbot, folder, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr("desktop.app.show_bug", lambda text: shown.append(text))
    shown: list[str] = []
    log_to_folder(folder)
    init_error_reporting(folder)
    try:
        try:
            {}["khong-co"]
        except KeyError:
            sys.excepthook(*sys.exc_info())
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
        from PySide6.QtCore import qWarning

        qWarning("cảnh báo của Qt")
    finally:
        qInstallMessageHandler(None)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = (folder.logs / "sotn.log").read_text(encoding="utf-8")
    assert "Traceback" in text and "KeyError: 'khong-co'" in text
    assert "ZeroDivisionError" in text and "cảnh báo của Qt" in text
    assert len(shown) == 1 and "lỗi của phần mềm" in shown[0]
    assert QtMsgType.QtWarningMsg is not None


def make_ledger(folder):
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        set_up_commune(s, 4, 1576)
        add_officer(s, "mai", "Hoàng Thị Mai", PASSWORD, Role.admin)
        village = save(s, Village(commune_code=1576, name="Xóm Nà Lẹng"), officer="t")
        save(
            s,
            Household(commune_code=1576, code="NL-1", village_id=village.id, head_name="Nông A"),
            officer="t",
        )
    return ledger


def test_the_window_asks_before_losing_work_then_shows_the_restored_ledger(
    qtbot, folder, tmp_path, shown
):
    ledger = make_ledger(folder)
    backup = copy_database(folder.database, tmp_path / "sao-luu.sqlite.gz")
    with ledger.session() as s:
        village = save(s, Village(commune_code=1576, name="Bản Mới"), officer="t")
        save(
            s,
            Household(commune_code=1576, code="BM-1", village_id=village.id, head_name="Lý B"),
            officer="t",
        )
    ledger.close()
    _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        sign_in(qtbot, window)
    count_label = window.screens["households"].count_label
    assert count_label.text() == "2 hộ"
    asked = []

    def refuse(_parent, plan):
        asked.append(plan.loss.describe())
        return False

    with qtbot.waitSignal(window.operations.busy, check_params_cb=lambda b: not b, timeout=10_000):
        restore_from_backup(
            window,
            window.operations,
            folder,
            officer="t",
            done=lambda _r: None,
            choose=lambda: str(backup),
            confirm=refuse,
        )
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert "1 hộ" in asked[0] and "1 thôn/xóm" in asked[0]
    with qtbot.waitSignal(window.ready, timeout=20_000):
        restore_from_backup(
            window,
            window.operations,
            folder,
            officer="t",
            done=lambda _r: window.reload_after_restore(),
            ledger=window.ledger,
            choose=lambda: str(backup),
            confirm=lambda _p, _plan: True,
        )
    assert count_label.text() == "1 hộ"
    assert any(kind == "info" and "Dữ liệu cũ được giữ tại" in text for kind, _t, text in shown)


def test_a_restore_by_another_program_is_noticed_by_the_open_window(qtbot, folder, tmp_path, shown):
    ledger = make_ledger(folder)
    backup = copy_database(folder.database, tmp_path / "sao-luu.sqlite")
    ledger.close()
    _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        sign_in(qtbot, window)
    count_label = window.screens["households"].count_label
    with plan_restore(backup, folder) as plan:  # as `sotn restore` in another window would
        restore(plan, officer="t")
    # The next thing the officer does notices, or a read already under way (the status bar,
    # while the daily backup holds a reading thread) noticed first: either way the window says
    # so and shows the restored ledger.
    window.screens["households"].reload()
    qtbot.waitUntil(
        lambda: (
            any(t == "Dữ liệu vừa được phục hồi" for _k, t, *_ in shown)
            and count_label.text() == "1 hộ"
        ),
        timeout=20_000,
    )


def test_a_full_disk_is_told_after_opening_and_the_officer_keeps_working(
    qtbot, folder, mounts, shown
):
    make_ledger(folder).close()
    mounts.small_disk(folder.backups, "64k")
    _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        sign_in(qtbot, window)
    qtbot.waitUntil(lambda: any(t == "Sao lưu hằng ngày" for _k, t, *_ in shown), timeout=10_000)
    [(_kind, _title, text)] = [s for s in shown if s[1] == "Sao lưu hằng ngày"]
    assert "đã đầy" in text and "xoá bớt" in text
    assert window.screens["households"].count_label.text() == "1 hộ"


def test_the_daily_backup_is_made_after_the_list_is_shown_not_before_signing_in(qtbot, folder):
    # A compressed copy of a 50,000-household ledger takes tens of seconds: the first launch of
    # the day must not wait for it.
    make_ledger(folder).close()
    _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: getattr(window, "sign_in", None) is not None, timeout=10_000)
    assert not list(folder.backups.glob("hang-ngay-*"))
    with qtbot.waitSignal(window.ready, timeout=10_000):
        sign_in(qtbot, window)
    qtbot.waitUntil(
        lambda: bool(list(folder.backups.glob("hang-ngay-*.sqlite.gz"))), timeout=10_000
    )
