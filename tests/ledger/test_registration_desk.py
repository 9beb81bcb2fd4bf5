"""Registering a household, recording support, and the yearly review in bulk."""

from datetime import date

import pytest
from sqlmodel import select

from desktop.ledger.records import Household, Registration, SupportGiven, Village
from desktop.ledger.registration_list import registration_rows
from desktop.ledger.registrations import (
    ReviewRefused,
    record_support,
    register_household,
    review_in_bulk,
)
from desktop.ledger.storage import save

C = 1576


def _households(s, n=3):
    v = save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="t")
    return v, [
        save(
            s,
            Household(commune_code=C, code=f"NL-{i}", village_id=v.id, head_name=f"Nông Văn {i}"),
            officer="t",
        )
        for i in range(n)
    ]


def _register(s, hh, **changes):
    values = dict(
        registered_on=date(2026, 2, 1),
        target_year=2026,
        causes=["lack_capital"],
        plan="Nuôi 2 con bò sinh sản",
        support_requested=["policy_credit"],
        support_requested_note=None,
        commitment="Cam kết thoát nghèo cuối năm 2026",
        household_signed=True,
        village_head="Hoàng Văn Tú",
        officer="mai",
    )
    values.update(changes)
    return register_household(s, hh.id, **values)


def test_registration_form_problems_then_a_registration(ledger):
    with ledger.session() as s:
        _v, (a, *_rest) = _households(s)
        none, problems = _register(s, a, causes=[], plan=" ", target_year=2040)
        assert none is None and set(problems) == {"causes", "plan", "target_year"}
        registration, problems = _register(s, a)
        assert problems == {} and registration.status == "registered"
        again, problems = _register(s, a)
        assert again is None and "chưa kết thúc" in problems["household_id"]


def test_support_moves_a_registration_to_supported(ledger):
    with ledger.session() as s:
        _v, (a, *_rest) = _households(s)
        registration, _ = _register(s, a)
        support = SupportGiven(
            commune_code=C,
            household_id=a.id,
            registration_id=registration.id,
            kind="policy_credit",
            value=50_000_000,
            given_on=date(2026, 3, 1),
            loan_term_months=36,
        )
        assert record_support(s, support, officer="mai") == {}
        assert s.get(Registration, registration.id).status == "supported"


def test_yearly_review_in_bulk_escaped_not_yet_withdrawn(ledger):
    with ledger.session() as s:
        v, (a, b, c) = _households(s)
        ids = [_register(s, hh)[0].id for hh in (a, b, c)]
    with pytest.raises(ReviewRefused) as refused, ledger.session() as s:
        review_in_bulk(
            s,
            year=2026,
            outcomes={ids[0]: "escaped", ids[1]: "not_yet", ids[2]: "withdrawn"},
            decision_number=None,
            decision_date=None,
            reviewed_on=date(2026, 11, 20),
            officer="mai",
        )
    assert "số quyết định" in refused.value.problems[ids[0]]["outcome_decision_number"]
    with ledger.session() as s:  # nothing of the refused review was written
        problems = review_in_bulk(
            s,
            year=2026,
            outcomes={ids[0]: "escaped", ids[1]: "not_yet", ids[2]: "withdrawn"},
            decision_number="125/QĐ-UBND",
            decision_date=date(2026, 12, 15),
            reviewed_on=date(2026, 11, 20),
            officer="mai",
        )
        assert problems == {}
    with ledger.session() as s:
        statuses = {r.id: r.status for r in s.exec(select(Registration))}
        rows = registration_rows(s, village_id=v.id, text="nong van 0")
    assert [statuses[i] for i in ids] == ["escaped", "not_yet", "withdrawn"]
    assert [r.code for r in rows] == ["NL-0"] and rows[0].last_review_year == 2026
