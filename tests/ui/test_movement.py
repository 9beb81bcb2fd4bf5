"""Overview figures open the lists behind them; a model case with households and a photo; a
commendation proposal through decision and the register; settings generated and saved."""

from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from sqlmodel import select

from desktop.ledger.records import Attachment, Certificate, CommendationProposal, ModelCase
from desktop.ledger.settings import read_settings
from desktop.ledger.storage import open_ledger


def test_overview_figures_open_the_households_behind_them(started, qtbot):
    window = started()
    screen = window.go("overview")
    qtbot.waitUntil(lambda: screen.data is not None, timeout=10_000)
    assert screen.cards["households"].value == "2"
    assert screen.cards["poor"].value == "1"
    assert screen.by_year.series() and screen.by_village.series()
    households = window.screens["households"]
    with qtbot.waitSignal(households.model.loaded, timeout=5_000):
        screen.cards["poor"].click()
    assert window.current_screen() is households
    assert [households.model.index(r, 1).data() for r in range(households.model.rowCount())] == [
        "Nông Văn Dũng"
    ]
    assert "2026" in households.extra_label.text()
    with qtbot.waitSignal(households.model.loaded, timeout=5_000):
        households.clear_extra.click()  # the year goes; "poor" stays in its own box
    assert households.category.currentData() == "poor" and households.extra_label.isHidden()


def test_a_model_case_with_a_household_and_a_photo_thumbnail(started, qtbot, folder, tmp_path):
    window = started()
    screen = window.go("model_cases")
    screen.open_case(None)
    form = screen.form
    qtbot.waitUntil(lambda: form.village.count() > 1, timeout=5_000)
    form.save()  # no title: refused beside the field
    qtbot.waitUntil(lambda: form.errors["title"].isVisible(), timeout=5_000)
    form.title.setText("Mô hình nuôi bò sinh sản")
    form.funding.setText("120.000.000")
    with qtbot.waitSignal(form.found.model().rowsInserted, timeout=5_000):
        qtbot.keyClicks(form.find_box, "nong van")
    form._add_household()
    assert form.households.count() == 1
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    photo = tmp_path / "bo.png"
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7d44"))
    image.save(str(photo))
    form.attach(str(photo))
    qtbot.waitUntil(lambda: form.photos.list.count() == 1, timeout=10_000)
    # the 4:3 photo itself, not the generic file icon shown until it is scaled
    qtbot.waitUntil(
        lambda: form.photos.list.item(0).icon().pixmap(QSize(160, 160)).size() == QSize(160, 120),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=10_000)
    assert screen.model.index(0, 6).data() == 1 and screen.model.index(0, 7).data() == 1
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        case = s.exec(select(ModelCase)).one()
        assert case.funding == 120_000_000
        assert s.exec(select(Attachment)).one().file_name == "bo.png"
    ledger.close()


def test_a_proposal_with_its_criteria_then_the_decision_and_the_register(
    started, qtbot, folder, monkeypatch
):
    window = started()
    monkeypatch.setattr("desktop.ui.texts.inform", lambda *_a: None)
    screen = window.go("commendation")
    screen.new_proposal()
    dialog = screen.dialog
    dialog.subject_type.setCurrentIndex(dialog.subject_type.findData("household"))
    assert dialog.criteria  # the household criteria of the plan
    dialog.subject_name.setText("Hộ ông Nông Văn Dũng")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors["criteria_met"].isVisible(), timeout=5_000)
    next(iter(dialog.criteria.values())).setChecked(True)
    dialog.achievement.setPlainText("Vươn lên thoát nghèo bền vững năm 2026")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=5_000)
    screen.table.selectRow(0)
    from desktop.ui.commendation.screen import DecisionDialog

    decision = DecisionDialog(screen, "Chủ tịch UBND xã Quảng Uyên")
    decision.number.setText("45/QĐ-UBND")
    decision.on.set_value(date(2026, 12, 20))
    decision.setResult(DecisionDialog.DialogCode.Accepted)
    with qtbot.waitSignal(window.operations.changed, timeout=10_000):
        screen.record_decision(decision)
    qtbot.waitUntil(lambda: screen.model.index(0, 5).data() == "Đã khen thưởng", timeout=5_000)
    screen.table.selectRow(0)
    with qtbot.waitSignal(window.operations.changed, timeout=10_000):
        screen.enter_in_register()
    qtbot.waitUntil(lambda: screen.model.index(0, 7).data() == 1, timeout=5_000)
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        proposal = s.exec(select(CommendationProposal)).one()
        certificate = s.exec(select(Certificate)).one()
    ledger.close()
    assert proposal.status == "approved" and proposal.decision_number == "45/QĐ-UBND"
    assert (certificate.number, certificate.year) == (1, 2026)


def test_settings_are_generated_from_the_declaration_and_saved(started, qtbot, folder, monkeypatch):
    window = started()
    monkeypatch.setattr("desktop.ui.texts.inform", lambda *_a: None)
    screen = window.go("settings")
    name = screen.fields["signer.name"]
    qtbot.waitUntil(lambda: screen.fields["issuer.abbreviation"].text() == "UBND", timeout=5_000)
    name.setText("Hoàng Văn Tú")
    screen.prefs["ui_scale"].setCurrentIndex(screen.prefs["ui_scale"].findData(1.25))
    with qtbot.waitSignal(window.operations.changed, timeout=10_000):
        screen.save()
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        assert read_settings(s)["signer.name"] == "Hoàng Văn Tú"
    ledger.close()
    from desktop.ledger import preferences

    assert preferences.load(folder.root)["ui_scale"] == 1.25
