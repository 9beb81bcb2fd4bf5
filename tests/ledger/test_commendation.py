"""The certificate register hands out each number once per authority and year."""

from datetime import date

import pytest

from desktop.ledger.commendation import issue_certificate
from desktop.ledger.records import CommendationProposal, ProposalStatus, SubjectType
from desktop.ledger.storage import delete, save

C = 1576
AUTHORITY = "Chủ tịch UBND xã Quảng Uyên"


def proposal(s, name, status=ProposalStatus.approved):
    return save(
        s,
        CommendationProposal(
            commune_code=C,
            subject_type=SubjectType.household,
            subject_name=name,
            year=2025,
            form="giay_khen",
            status=status,
            decision_number="15/QĐ-UBND",
            achievement="Đã có thành tích vươn lên thoát nghèo bền vững năm 2025",
        ),
        officer="lan",
    )


def test_numbers_follow_on_per_year_and_are_never_reused(ledger):
    with ledger.session() as s:
        first = issue_certificate(
            s,
            proposal(s, "Hộ ông Lục Văn Tám"),
            authority=AUTHORITY,
            issued_on=date(2025, 12, 22),
            officer="lan",
        )
        second = issue_certificate(
            s,
            proposal(s, "Hộ bà Hoàng Thị Mai"),
            authority=AUTHORITY,
            issued_on=date(2025, 12, 22),
            officer="lan",
        )
        delete(s, second, officer="lan")
        third = issue_certificate(
            s,
            proposal(s, "Hộ ông Nông Văn Dũng"),
            authority=AUTHORITY,
            issued_on=date(2025, 12, 23),
            officer="lan",
        )
        next_year = issue_certificate(
            s,
            proposal(s, "Xóm Nà Lẹng"),
            authority=AUTHORITY,
            issued_on=date(2026, 1, 5),
            officer="lan",
        )
        other = issue_certificate(
            s,
            proposal(s, "HTX miến dong"),
            authority="UBND tỉnh Cao Bằng",
            issued_on=date(2025, 12, 23),
            officer="lan",
        )
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert next_year.number == 1 and other.number == 1
    assert first.recipient == "Hộ ông Lục Văn Tám" and first.decision_number == "15/QĐ-UBND"


def test_only_approved_proposals_enter_the_register(ledger):
    with ledger.session() as s, pytest.raises(ValueError, match="quyết định khen thưởng"):
        issue_certificate(
            s,
            proposal(s, "Hộ ông A", ProposalStatus.proposed),
            authority=AUTHORITY,
            issued_on=date(2025, 12, 22),
            officer="lan",
        )


def _account(s, username, role, active=True):
    from sqlmodel import select

    from desktop.ledger.officers import add_officer
    from desktop.ledger.records import Officer, Role

    if s.exec(select(Officer)).first() is None:  # accounts after the first are an admin's doing
        add_officer(s, "quan-tri", "Quản trị", "mat-khau-dai", Role.admin)
        s.flush()
    officer = add_officer(s, username, f"Cán bộ {username}", "mat-khau-dai", role, by="quan-tri")
    officer.active = active
    s.add(officer)


def test_a_viewer_or_a_switched_off_account_gets_no_register_number(ledger):
    from sqlmodel import select

    from desktop.ledger.permissions import NotPermitted
    from desktop.ledger.records import Certificate, Role

    with ledger.session() as s:
        _account(s, "xem", Role.viewer)
        _account(s, "nghi", Role.officer, active=False)
        _account(s, "lan", Role.officer)
        waiting = proposal(s, "Hộ ông Lục Văn Tám")
    for who in ("xem", "nghi"):
        with (
            ledger.session() as s,
            pytest.raises(NotPermitted, match="không được cấp số vào sổ khen thưởng"),
        ):
            issue_certificate(
                s, waiting, authority=AUTHORITY, issued_on=date(2025, 12, 22), officer=who
            )
    with ledger.session() as s:
        assert s.exec(select(Certificate)).all() == []
        entry = issue_certificate(
            s, waiting, authority=AUTHORITY, issued_on=date(2025, 12, 22), officer="lan"
        )
    assert entry.number == 1
