"""Register a household through the wizard, record support, review it as escaped in bulk."""

from PySide6.QtWidgets import QWizard
from sqlmodel import select

from desktop.ledger.records import Registration, RegistrationReview, SupportGiven
from desktop.ledger.storage import open_ledger


def test_register_support_and_review_a_household_as_escaped(started, qtbot, folder, monkeypatch):
    window = started()
    monkeypatch.setattr("desktop.ui.texts.inform", lambda *_a: None)
    screen = window.go("registrations")
    qtbot.waitUntil(lambda: screen.count_label.text() == "0 đăng ký", timeout=5_000)
    screen.new_registration()
    wizard = screen.wizard
    qtbot.keyClicks(wizard.search, "nong van dung")
    qtbot.waitUntil(lambda: wizard.picks.count() == 1, timeout=5_000)
    wizard.next()
    assert wizard.currentId() == 1
    wizard.next()  # no cause chosen: refused
    assert wizard.currentId() == 1 and wizard.errors["causes"].isVisible()
    wizard.causes["lack_capital"].setChecked(True)
    wizard.causes["lack_skills"].setChecked(True)
    wizard.next()
    wizard.plan.setPlainText("Nuôi 2 con bò sinh sản, trồng 1 ha thạch đen")
    wizard.target_year.setValue(2026)
    wizard.next()
    wizard.support["policy_credit"].setChecked(True)
    wizard.next()
    assert "2026" in wizard.commitment.toPlainText()
    wizard.signed.setChecked(True)
    with qtbot.waitSignal(wizard.saved, timeout=10_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.print_button.isEnabled()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=5_000)
    assert screen.model.index(0, 5).data() == "Đã đăng ký"

    screen.table.selectRow(0)
    screen.record_support()
    dialog = screen.support_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("policy_credit"))
    qtbot.keyClicks(dialog.value, "50.000.000")
    dialog.term.setValue(36)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: screen.model.index(0, 5).data() == "Đang được hỗ trợ", timeout=5_000)

    review = window.go("review")
    review.year.setValue(2026)
    qtbot.waitUntil(lambda: review.model.rowCount() == 1, timeout=5_000)
    review.table.selectRow(0)
    review.mark_selected("escaped")
    review.record()  # escaped needs the decision
    assert "số và ngày quyết định" in review.problem.text()
    qtbot.keyClicks(review.decision_number, "125/QD-UBND")
    review.decision_date.set_value(__import__("datetime").date(2026, 12, 15))
    with qtbot.waitSignal(window.operations.changed, timeout=10_000):
        review.record()
    qtbot.waitUntil(lambda: review.model.rowCount() == 0, timeout=5_000)  # no longer open
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        registration = s.exec(select(Registration)).one()
        support = s.exec(select(SupportGiven)).one()
        reviewed = s.exec(select(RegistrationReview)).one()
    ledger.close()
    assert (
        registration.status == "escaped" and registration.outcome_decision_number == "125/QD-UBND"
    )
    assert registration.causes == ["lack_capital", "lack_skills"]
    assert support.value == 50_000_000 and support.loan_term_months == 36
    assert reviewed.year == 2026 and reviewed.result == "escaped"


def test_an_officer_may_not_record_review_outcomes(started, qtbot, monkeypatch):
    from desktop.ledger.records import Role

    window = started(role=Role.officer)
    warned = []
    monkeypatch.setattr("desktop.ui.texts.warn", lambda _p, _t, text: warned.append(text))
    review = window.go("review")
    review.record()
    assert warned and "quản trị" in warned[0]
