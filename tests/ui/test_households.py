"""The Households screen: search without accents by any member, filters, sorting, and the
household form (create with members, inline problems, unsaved-changes guard, drafts)."""

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox
from sqlmodel import select

from desktop.ledger.drafts import load_draft, save_draft
from desktop.ledger.records import Attachment, ChangeEntry, Household, Member, Role
from desktop.ledger.storage import open_ledger, save


def rows(model, column=1):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_search_any_member_without_accents_then_filter_and_sort(started, qtbot):
    window = started()
    screen = window.screens["households"]
    model = screen.model
    assert sorted(rows(model)) == ["Nông Văn Dũng", "Sùng A Pháo"]
    assert screen.count_label.text() == "2 hộ"
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        qtbot.keyClicks(screen.search, "hoang thi lan")  # the wife, not the head
    assert rows(model) == ["Nông Văn Dũng"]
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        screen.search.clear()
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        screen.category.setCurrentIndex(screen.category.findData("poor"))
    assert rows(model) == ["Nông Văn Dũng"] and rows(model, 3) == ["Hộ nghèo (2026)"]
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        screen.category.setCurrentIndex(0)
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        screen.ethnicity.setCurrentIndex(screen.ethnicity.findData("Mông"))
    assert rows(model) == ["Sùng A Pháo"]
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        screen.ethnicity.setCurrentIndex(0)
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        screen.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert rows(model) == ["Sùng A Pháo", "Nông Văn Dũng"]


def test_rows_are_read_by_id_as_they_are_shown(started, qtbot):
    window = started(households=450)
    model = window.screens["households"].model
    assert model.total == model.rowCount() == 452
    last = model.rowCount() - 1
    assert not model.is_read(last)
    assert model.index(last, 0).data() == "…"  # asks for the block, shows it when read
    # as a view does on each repaint: ask again until the block is there
    qtbot.waitUntil(lambda: model.index(last, 0).data() != "…", timeout=5_000)
    assert model.index(last, 0).data().startswith(("KK-", "NL-"))


def open_new_form(window, qtbot):
    screen = window.screens["households"]
    form = screen.add_household() or screen.forms[-1]
    qtbot.waitUntil(lambda: form.village.count() > 1, timeout=5_000)
    return screen, form


def test_a_new_household_with_members_is_checked_then_saved_under_the_officer(
    started, qtbot, folder
):
    window = started()
    screen, form = open_new_form(window, qtbot)
    form.save()  # nothing typed: every problem beside its field, nothing written
    assert form.errors["code"].isVisible() and "Mã hộ" in form.errors["code"].text()
    assert form.errors["village_id"].text() == "Hãy chọn thôn/xóm."
    qtbot.keyClicks(form.code, "NL-002")
    form.village.setCurrentIndex(form.village.findText("Xóm Nà Lẹng"))
    members = form.members
    members.setData(members.index(0, 0), "Lường Văn Khánh")
    members.setData(members.index(0, 3), "12/03/1975")
    members.setData(members.index(0, 5), "0040750012")  # too short
    form.add_member.click()
    members.setData(members.index(1, 0), "Lường Thị Hoa")
    members.setData(members.index(1, 1), "Vợ")
    form.save()
    assert members.problems and "12 chữ số" in members.problems[(0, "citizen_id")]
    assert "Dòng 1" in form.errors["members"].text()
    members.setData(members.index(0, 5), "004075001234")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    with qtbot.waitSignal(screen.model.loaded, timeout=5_000):
        pass  # the list refreshes itself from the operation's changes
    assert "Lường Văn Khánh" in rows(screen.model)
    with qtbot.waitSignal(screen.model.loaded, timeout=5_000):
        qtbot.keyClicks(screen.search, "luong thi hoa")
    assert rows(screen.model) == ["Lường Văn Khánh"]
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        hh = s.exec(select(Household).where(Household.code == "NL-002")).one()
        names = {m.full_name for m in s.exec(select(Member).where(Member.household_id == hh.id))}
        who = {e.officer for e in s.exec(select(ChangeEntry).where(ChangeEntry.record_id == hh.id))}
    ledger.close()
    assert names == {"Lường Văn Khánh", "Lường Thị Hoa"} and who == {"mai"}
    assert load_draft(folder.root, "household-new") is None  # saved: the draft is gone


def test_closing_with_unsaved_changes_asks_and_a_draft_is_kept(started, qtbot, folder, monkeypatch):
    window = started()
    _screen, form = open_new_form(window, qtbot)
    qtbot.keyClicks(form.code, "NL-777")
    qtbot.waitUntil(lambda: load_draft(folder.root, "household-new") is not None, timeout=5_000)
    assert load_draft(folder.root, "household-new")[1]["code"] == "NL-777"
    monkeypatch.setattr(
        "desktop.ui.texts.ask_then",
        lambda _p, _t, _x, answer, *a, **k: answer(QMessageBox.StandardButton.Cancel),
    )
    form.reject()
    assert form.isVisible()  # "keep editing"
    form.dirty = False


def test_a_draft_left_by_a_crash_is_offered_back_without_a_modal(started, qtbot, folder):
    window = started()
    save_draft(folder.root, "household-new", {"code": "NL-888", "members": [{"full_name": "Bé"}]})
    _screen, form = open_new_form(window, qtbot)
    qtbot.waitUntil(form.draft_bar.isVisible, timeout=5_000)
    assert "chưa lưu" in form.draft_bar.text.text() and form.code.text() == ""
    assert not [w for w in form.findChildren(QMessageBox) if w.isVisible()]
    qtbot.keyClicks(form.address, "Na Leng")  # the form works while the question waits
    qtbot.mouseClick(form.draft_bar.yes, Qt.MouseButton.LeftButton)
    assert form.code.text() == "NL-888" and form.draft_bar.isHidden()
    assert form.members.rows[0]["full_name"] == "Bé" and form.dirty
    form.dirty = False


def test_a_draft_can_be_thrown_away(started, qtbot, folder):
    window = started()
    save_draft(folder.root, "household-new", {"code": "NL-889", "members": []})
    _screen, form = open_new_form(window, qtbot)
    qtbot.waitUntil(form.draft_bar.isVisible, timeout=5_000)
    qtbot.mouseClick(form.draft_bar.no, Qt.MouseButton.LeftButton)
    assert form.code.text() == "" and load_draft(folder.root, "household-new") is None


def open_household(window, qtbot, code="NL-001"):
    screen = window.screens["households"]
    row = rows(screen.model, 0).index(code)
    screen.open_household(row)
    form = screen.forms[-1]
    qtbot.waitUntil(lambda: form.code.text() == code, timeout=5_000)
    return form


def test_a_save_over_another_officers_newer_save_is_refused_and_keeps_what_was_typed(
    started, qtbot, folder
):
    window = started()
    first, second = open_household(window, qtbot), open_household(window, qtbot)
    first.phone.setText("0912345678")
    first._edited()
    with qtbot.waitSignal(first.saved, timeout=10_000):
        first.save()
    qtbot.keyClicks(second.address, "Na Leng, gan truong")
    with qtbot.waitSignal(window.workspace.operations.written, timeout=10_000):
        second.save()
    assert second.isVisible() and "Điện thoại" in second.status.text()
    assert "vừa được người khác sửa (mai)" in second.status.text()
    assert second.errors["phone"].text() == "Vừa được người khác sửa."
    assert second.address.text() == "Na Leng, gan truong"  # nothing typed is lost
    qtbot.waitUntil(lambda: load_draft(folder.root, second.draft_key) is not None, timeout=5_000)
    assert load_draft(folder.root, second.draft_key)[1]["address"] == "Na Leng, gan truong"
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        hh = s.exec(select(Household).where(Household.code == "NL-001")).one()
        assert (hh.phone, hh.address) == ("0912345678", None)  # nothing of the second written
    ledger.close()
    second.dirty = False


def test_household_attachments_with_thumbnails_open_and_removal(started, qtbot, folder, tmp_path):
    window = started()
    form = open_household(window, qtbot)
    panel = form.attachments
    form.tabs.setCurrentWidget(panel)
    photo = tmp_path / "nha-o.png"
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#8a5a00"))
    image.save(str(photo))
    scan = tmp_path / "giay-de-nghi.pdf"
    scan.write_bytes(b"%PDF-1.4 giay de nghi")
    qtbot.waitUntil(lambda: panel.attach_button.isEnabled(), timeout=5_000)
    panel.attach(str(photo))
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10_000)
    panel.attach(str(scan))
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=10_000)
    assert [panel.list.item(i).text() for i in range(2)] == ["nha-o.png", "giay-de-nghi.pdf"]
    qtbot.waitUntil(
        lambda: panel.list.item(0).icon().pixmap(QSize(160, 160)).size() == QSize(160, 120),
        timeout=10_000,
    )
    opened = []
    panel.open_file = lambda path: opened.append(path) or True  # no system viewer runs here
    panel.list.setCurrentRow(1)
    with qtbot.waitSignal(panel.opened_file, timeout=10_000):
        qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened[0].name == "giay-de-nghi.pdf" and opened[0].read_bytes() == scan.read_bytes()
    panel.list.setCurrentRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    question = next(w for w in panel.findChildren(QMessageBox) if w.isVisible())
    question.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10_000)
    assert panel.list.item(0).text() == "giay-de-nghi.pdf"
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        hh = s.exec(select(Household).where(Household.code == "NL-001")).one()
        kept = s.exec(select(Attachment).where(Attachment.household_id == hh.id)).all()
        assert sorted((a.file_name, a.deleted) for a in kept) == [
            ("giay-de-nghi.pdf", False),
            ("nha-o.png", True),  # a tombstone, for the sync to carry
        ]
        removal = s.exec(
            select(ChangeEntry).where(
                ChangeEntry.action == "delete", ChangeEntry.entity == "attachment"
            )
        ).one()
        assert removal.officer == "mai"
    ledger.close()


def test_a_viewer_cannot_add_or_change_households(started, qtbot, monkeypatch):
    window = started(role=Role.viewer)
    warned = []
    monkeypatch.setattr("desktop.ui.texts.warn", lambda _p, title, text: warned.append(text))
    window.screens["households"].add_household()
    assert warned and "chỉ được xem" in warned[0]


def test_the_declared_number_of_members_is_shown_checked_as_typed_and_saved(started, qtbot, folder):
    window = started()
    ledger = open_ledger(folder.database)
    with ledger.session() as s:  # as an import of a one-row-per-household list leaves it
        hh = s.exec(select(Household).where(Household.code == "NL-001")).one()
        hh.declared_members = 7
        save(s, hh, officer="t")
    ledger.close()
    form = open_household(window, qtbot)
    tab = form.main
    listed = len([r for r in form.members.rows if r.get("full_name")])
    assert tab.declared.text() == "7"
    assert tab.declared_note.isVisible()  # a gentle note, not a problem
    note = f"Số nhân khẩu ghi 7, danh sách thành viên có {listed} người."
    assert tab.declared_note.text() == note
    tab.declared.clear()
    qtbot.keyClicks(tab.declared, "bay")
    assert "số nguyên" in form.errors["declared_members"].text()
    assert form.errors["declared_members"].isVisible() and not tab.declared_note.isVisible()
    tab.declared.clear()
    qtbot.keyClicks(tab.declared, "41")
    assert form.errors["declared_members"].text() == "Số nhân khẩu không được lớn hơn 40."
    form.save()  # refused: the problem stays beside the field, nothing written
    assert form.isVisible() and form.errors["declared_members"].isVisible()
    tab.declared.clear()
    qtbot.keyClicks(tab.declared, str(listed))
    assert not form.errors["declared_members"].isVisible() and not tab.declared_note.isVisible()
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        hh = s.exec(select(Household).where(Household.code == "NL-001")).one()
        assert hh.declared_members == listed
    ledger.close()
