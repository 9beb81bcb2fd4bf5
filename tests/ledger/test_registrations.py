"""Registrations move through their lifecycle in the ledger, each move audited."""

from datetime import date

from sqlmodel import select

from desktop.ledger.records import (
    ChangeEntry,
    Classification,
    Household,
    Registration,
    RegistrationReview,
    RegistrationStatus,
    ReviewResult,
    Village,
)
from desktop.ledger.registrations import change_status, record_review, registration_follow_up
from desktop.ledger.storage import save

C = 1576


def _registered(s):
    v = save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="lan")
    hh = save(
        s,
        Household(commune_code=C, code="NL-1", village_id=v.id, head_name="Lục Văn Tám"),
        officer="lan",
    )
    reg = Registration(
        commune_code=C,
        household_id=hh.id,
        registered_on=date(2023, 3, 1),
        target_year=2025,
        causes=["lack_capital"],
        plan="Nuôi 2 con bò sinh sản",
    )
    return hh, save(s, reg, officer="lan")


def test_reviews_then_decision_lead_to_escape_and_relapse_shows(ledger):
    with ledger.session() as s:
        hh, reg = _registered(s)
        review = RegistrationReview(
            commune_code=C, registration_id=reg.id, year=2024, result=ReviewResult.on_track
        )
        assert record_review(s, reg, review, officer="lan") == {}
        assert reg.status == RegistrationStatus.reviewed
        refused = change_status(s, reg, RegistrationStatus.escaped, officer="lan")
        assert "outcome_decision_number" in refused and reg.status == RegistrationStatus.reviewed
        ok = change_status(
            s,
            reg,
            RegistrationStatus.escaped,
            officer="chu-tich",
            decision_number="125/QĐ-UBND",
            decision_date=date(2025, 12, 20),
        )
        assert ok == {} and reg.escaped_year == 2025
        for year, cat in [(2026, "near_poor"), (2027, "poor")]:
            save(
                s,
                Classification(
                    commune_code=C, household_id=hh.id, year=year, category=cat, standard_id="x"
                ),
                officer="lan",
            )
        fu = registration_follow_up(s, reg)
        entries = s.exec(select(ChangeEntry).where(ChangeEntry.record_id == reg.id)).all()
    assert fu is not None and fu.relapsed_years == (2027,)
    assert [e.action for e in entries] == ["create", "update", "update"]
    assert entries[-1].officer == "chu-tich"
    assert entries[-1].after["status"] == "escaped"
