"""Start-up: the first-run wizard, signing in, the navigation bar and the status bar."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from sqlmodel import select

from desktop.app import run
from desktop.ledger.commune import current_commune
from desktop.ledger.records import ChangeEntry, Officer, Role, Village
from desktop.ledger.storage import open_ledger

from .conftest import PASSWORD, fill, sign_in


def first_run(qtbot, folder):
    _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: hasattr(window, "first_run") and window.first_run.isVisible(), timeout=10_000
    )
    return window, window.first_run


def test_first_run_typing_goes_to_the_commune_box_and_sets_everything_up(qtbot, folder):
    window, wizard = first_run(qtbot, folder)
    page = wizard.commune_page
    assert page.search.hasFocus()  # not the province list: "quang uyen" must not pick Quảng Ngãi
    qtbot.keyClicks(wizard.focusWidget(), "quang uyen")
    assert page.selected() == (4, 1576)
    assert page.province.currentData() == 0  # untouched
    wizard.next()
    assert wizard.currentId() == wizard.VILLAGES
    wizard.next()  # no village yet: refused, with the reason
    assert (
        wizard.currentId() == wizard.VILLAGES
        and "ít nhất một" in wizard.villages_page.problem.text()
    )
    wizard.villages_page.villages.setPlainText("Xóm Nà Lẹng\nbản khuổi ky\n Xóm  Nà Lẹng\n")
    wizard.next()
    officer = wizard.officer_page
    assert officer.full_name.hasFocus()
    officer.full_name.setText("Hoàng Thị Mai")  # keyClicks types ASCII only
    qtbot.keyClicks(officer.username, "Mai")
    qtbot.keyClicks(officer.password, "ngan")
    assert not officer.validatePage() and "ít nhất 8" in officer.errors["password"].text()
    officer.password.setText(PASSWORD)
    officer.repeat.setText(PASSWORD)
    with qtbot.waitSignal(window.ready, timeout=15_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert window.windowTitle() == "Sổ Thoát Nghèo — Xã Quảng Uyên, Cao Bằng"
    assert "Hoàng Thị Mai" in window.officer_label.text()
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        assert current_commune(s).name == "Xã Quảng Uyên"
        assert {v.name for v in s.exec(select(Village))} == {"bản khuổi ky", "Xóm Nà Lẹng"}
        admin = s.exec(select(Officer)).one()
        assert (admin.username, admin.role) == ("mai", Role.admin)
        assert {e.officer for e in s.exec(select(ChangeEntry))} == {"mai"}  # not "ui"
    ledger.close()


def test_first_run_cancel_closes_the_app(qtbot, folder):
    window, wizard = first_run(qtbot, folder)
    qtbot.keyClicks(wizard.commune_page.search, "khong co xa nay")
    assert not wizard.commune_page.isComplete()
    assert "Không có xã" in wizard.commune_page.problem.text()
    wizard.reject()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)


def test_a_wrong_password_is_refused_then_the_officer_signs_in(qtbot, folder):
    fill(folder)
    _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
    qtbot.addWidget(window)
    dialog = sign_in(qtbot, window, password="sai-mat-khau")
    qtbot.waitUntil(lambda: "Sai tên đăng nhập" in dialog.problem.text(), timeout=10_000)
    assert window.workspace is None
    with qtbot.waitSignal(window.ready, timeout=15_000):
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Tổng quan",
        "Hộ gia đình",
        "Đăng ký thoát nghèo",
        "Rà soát hằng năm",
        "Mô hình, điển hình",
        "Thi đua, khen thưởng",
        "In và báo cáo",
        "Đồng bộ",
        "Cài đặt",
    ]
    assert "Xã Quảng Uyên" in window.commune_label.text()
    qtbot.waitUntil(lambda: "Chờ đồng bộ" in window.pending_label.text(), timeout=5_000)


def test_the_session_locks_when_idle_and_another_officer_can_unlock(started, qtbot):
    window = started()
    window.lock()
    assert window.stack.currentWidget() is window.locked_page
    assert not window.centralWidget().isEnabled()
    with qtbot.waitSignal(window.sign_in.signed_in, timeout=10_000):
        sign_in(qtbot, window)
    assert window.stack.currentWidget() is window.screens["households"]
    assert window.centralWidget().isEnabled()


def test_ready_is_told_once_not_at_every_search(started, qtbot):
    # `ready` means "signed in, the list is shown": the daily backup and the app benchmark
    # wait for it, so a search must not tell it again.
    window = started()
    told = []
    window.ready.connect(lambda: told.append(1))
    model = window.screens["households"].model
    for text in ("n", "no", ""):
        with qtbot.waitSignal(model.loaded, timeout=5_000):
            window.screens["households"].search.setText(text)
    assert told == []


def test_closing_while_work_runs_asks_and_closes_when_it_ends(started, qtbot, monkeypatch):
    import threading

    from desktop.ui import texts

    window = started()
    release = threading.Event()
    window.operations.write(lambda: release.wait(10), lambda _r: None)
    monkeypatch.setattr(
        texts,
        "ask_then",
        lambda _p, _t, _x, answer, *a, **k: answer(QMessageBox.StandardButton.Yes),
    )
    window.close()
    assert window.isVisible() and not window.centralWidget().isEnabled()  # waits, never blocks
    release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
