"""Settings, administrators only: the commune's villages and the officer accounts after the first
run, driven through the panels' own fields and buttons; every change is audited under the
signed-in officer."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from desktop.ledger.officers import sign_in
from desktop.ledger.records import ChangeEntry, Officer, Role, Village
from desktop.ledger.storage import open_ledger


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def rows(panel):
    table = panel.table
    return [table.item(r, c).text() for r in range(table.rowCount()) for c in range(4)]


def settled(window, qtbot):
    """Every write and every reload it started has ended. A write reloads the list twice (the
    panel, and the screen on the change): waiting for one `shown` could catch the step
    before's late one, and that late reload would then clear a refusal on screen."""
    qtbot.waitUntil(lambda: not window.operations.is_busy, timeout=10_000)


def settings(window, qtbot):
    screen = window.go("settings")
    qtbot.waitUntil(lambda: screen.villages is not None and screen.villages.table.rowCount() == 2)
    qtbot.waitUntil(lambda: screen.accounts.table.rowCount() == 1)
    return screen


def test_villages_are_added_renamed_and_an_empty_one_deleted_but_not_one_with_households(
    started, qtbot, folder
):
    window = started()
    screen = settings(window, qtbot)
    panel = screen.villages
    screen.tabs.setCurrentWidget(panel)
    panel.table.clearSelection()
    panel.table.setCurrentCell(-1, -1)
    panel.name.setText("Nà Mạ")
    click(qtbot, panel.add_button)
    settled(window, qtbot)
    assert sorted(panel.names()) == ["Bản Khuổi Ky", "Nà Mạ", "Xóm Nà Lẹng"]
    panel.name.setText("na ma")  # the same name without accents: refused beside the field
    click(qtbot, panel.add_button)
    settled(window, qtbot)
    assert "đã có" in panel.error.text() and panel.error.isVisible()

    panel.choose("Nà Mạ")
    panel.name.setText("Bản Nà Mạ")
    panel.kind.setCurrentIndex(panel.kind.findData("ban"))
    click(qtbot, panel.rename_button)
    settled(window, qtbot)
    assert "Bản Nà Mạ" in panel.names()

    panel.choose("Xóm Nà Lẹng")  # has a household: refused, and says why
    click(qtbot, panel.delete_button)
    settled(window, qtbot)
    assert "còn 1 hộ" in panel.error.text() and "Xóm Nà Lẹng" in panel.names()

    panel.choose("Bản Nà Mạ")  # empty: asked (without a blocking modal), then deleted
    click(qtbot, panel.delete_button)
    question = next(w for w in panel.findChildren(QMessageBox) if w.isVisible())
    question.button(QMessageBox.StandardButton.Yes).click()
    settled(window, qtbot)
    assert "Bản Nà Mạ" not in panel.names()

    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        ma = s.exec(select(Village).where(Village.name == "Bản Nà Mạ")).one()
        assert ma.deleted and ma.kind == "ban"
        who = {e.officer for e in s.exec(select(ChangeEntry).where(ChangeEntry.record_id == ma.id))}
        assert who == {"mai"}
    ledger.close()


def test_accounts_are_added_changed_reset_and_locked_under_the_signed_in_admin(
    started, qtbot, folder
):
    window = started()
    screen = settings(window, qtbot)
    panel = screen.accounts
    screen.tabs.setCurrentWidget(panel)
    panel.table.setCurrentCell(-1, -1)
    panel.username.setText("Lan.NT")
    panel.full_name.setText("Nông Thị Lan")
    panel.role.setCurrentIndex(panel.role.findData("officer"))
    panel.password.setText("mat-khau-lan")
    panel.again.setText("mat-khau-lam")  # a typo: refused before anything is written
    click(qtbot, panel.add_button)
    assert "không giống nhau" in panel.error.text()
    panel.again.setText("mat-khau-lan")
    with qtbot.waitSignal(panel.done, timeout=10_000):
        click(qtbot, panel.add_button)
    settled(window, qtbot)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10_000)

    panel.choose("lan.nt")
    panel.role.setCurrentIndex(panel.role.findData("viewer"))
    with qtbot.waitSignal(panel.done, timeout=10_000):
        click(qtbot, panel.save_button)
    settled(window, qtbot)
    qtbot.waitUntil(lambda: "Chỉ xem" in rows(panel), timeout=10_000)
    panel.choose("lan.nt")
    panel.password.setText("mat-khau-moi-1")
    panel.again.setText("mat-khau-moi-1")
    with qtbot.waitSignal(panel.done, timeout=10_000):
        click(qtbot, panel.password_button)
    settled(window, qtbot)
    assert "mật khẩu mới" in panel.status.text()
    panel.choose("lan.nt")
    with qtbot.waitSignal(panel.done, timeout=10_000):
        click(qtbot, panel.lock_button)
    settled(window, qtbot)
    qtbot.waitUntil(lambda: "Đã khoá" in rows(panel), timeout=10_000)

    panel.choose("mai")  # the last administrator cannot lose the role
    panel.role.setCurrentIndex(panel.role.findData("officer"))
    with qtbot.waitSignal(panel.done, timeout=10_000):
        click(qtbot, panel.save_button)
    settled(window, qtbot)
    assert "quản trị" in panel.error.text()

    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        lan = s.exec(select(Officer).where(Officer.username == "lan.nt")).one()
        assert (lan.role, lan.active, lan.full_name) == (Role.viewer, False, "Nông Thị Lan")
        assert "mat-khau" not in lan.password_hash  # argon2, not the password
        entries = s.exec(select(ChangeEntry).where(ChangeEntry.record_id == lan.id)).all()
        assert {e.officer for e in entries} == {"mai"} and len(entries) == 4
        assert not any("password_hash" in (e.after or {}) for e in entries)
        lan.active = True  # the new password is the one that works
        assert sign_in(s, "lan.nt", "mat-khau-moi-1") is not None
        assert sign_in(s, "lan.nt", "mat-khau-lan") is None
        s.rollback()
    ledger.close()


def test_officers_who_are_not_administrators_do_not_see_villages_or_accounts(started, qtbot):
    window = started(role=Role.officer)
    screen = window.go("settings")
    assert screen.villages is None and screen.accounts is None
    assert [screen.tabs.tabText(i) for i in range(screen.tabs.count())] == ["Cài đặt &chung"]
