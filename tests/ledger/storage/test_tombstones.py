"""Deleting a household takes its children with it, each tombstone logged like any change;
the legal history (proposals, decisions, the certificate register) stays."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from desktop.ledger.records import (
    Certificate,
    ChangeEntry,
    Classification,
    CommendationProposal,
    Household,
    Member,
    ModelCase,
    ModelCaseHousehold,
    Registration,
    RegistrationReview,
    SupportGiven,
    Village,
)
from desktop.ledger.records.base import SyncedRecord
from desktop.ledger.storage import Ledger, delete, outbox, save
from desktop.ledger.vocabulary import Category, ReviewResult

C = 1576


def _household(s: Session, code: str, village: Village) -> dict[str, SyncedRecord]:
    hh = save(
        s,
        Household(commune_code=C, code=code, village_id=village.id, head_name="Lò Văn Pó"),
        officer="lan",
    )
    made: dict[str, SyncedRecord] = {"household": hh}
    made["member"] = save(
        s, Member(commune_code=C, household_id=hh.id, full_name="Lò Văn Pó"), officer="lan"
    )
    made["classification"] = save(
        s,
        Classification(
            commune_code=C,
            household_id=hh.id,
            year=2026,
            category=Category.poor,
            standard_id="nd07-2021",
        ),
        officer="lan",
    )
    reg = save(
        s,
        Registration(
            commune_code=C, household_id=hh.id, registered_on=date(2025, 3, 1), target_year=2027
        ),
        officer="lan",
    )
    made["registration"] = reg
    made["registrationreview"] = save(
        s,
        RegistrationReview(
            commune_code=C, registration_id=reg.id, year=2025, result=ReviewResult.on_track
        ),
        officer="lan",
    )
    made["support_given"] = save(
        s,
        SupportGiven(
            commune_code=C,
            household_id=hh.id,
            registration_id=reg.id,
            kind="policy_credit",
            given_on=date(2025, 5, 1),
        ),
        officer="lan",
    )
    case = save(
        s,
        ModelCase(commune_code=C, title="Nuôi bò sinh sản", kind="model", village_id=village.id),
        officer="lan",
    )
    made["model_case_household"] = save(
        s,
        ModelCaseHousehold(commune_code=C, model_case_id=case.id, household_id=hh.id),
        officer="lan",
    )
    return made


def test_deleting_a_household_tombstones_its_children_and_logs_each(ledger: Ledger) -> None:
    with ledger.session() as s:
        village = save(s, Village(commune_code=C, name="Bản Khuổi"), officer="lan")
        doomed = _household(s, "QU-001", village)
        kept = _household(s, "QU-002", village)
    with ledger.session() as s:
        acked = outbox.pending(s, limit=10_000)[-1].seq
        outbox.acknowledge(s, acked)
    with ledger.session() as s:
        delete(s, s.get(Household, doomed["household"].id), officer="minh")

    with ledger.read() as s:
        for entity, record in doomed.items():
            stored = s.get(type(record), record.id)
            assert stored.deleted, entity
            assert stored.revision == record.revision + 1, entity
        for entity, record in kept.items():
            assert not s.get(type(record), record.id).deleted, entity
        assert not s.exec(select(ModelCase)).first().deleted  # the model case itself stays
        log = s.exec(select(ChangeEntry).where(ChangeEntry.seq > acked)).all()
        sent = outbox.pending(s)
    # One delete entry per record, household first, by the officer who deleted it.
    assert sorted((e.entity, e.record_id) for e in log) == sorted(
        (entity, r.id) for entity, r in doomed.items()
    )
    assert log[0].entity == "household"
    assert {(e.action, e.officer) for e in log} == {("delete", "minh")}
    assert all(e.before == {"deleted": False} and e.after == {"deleted": True} for e in log)
    # ...and the sync outbox carries every one of them.
    assert {(e.entity, e.record_id) for e in sent} == {(e.entity, e.record_id) for e in log}


def test_legal_history_stays_when_its_household_is_deleted(ledger: Ledger) -> None:
    with ledger.session() as s:
        village = save(s, Village(commune_code=C, name="Bản Khuổi"), officer="lan")
        hh = _household(s, "QU-001", village)["household"]
        proposal = save(
            s,
            CommendationProposal(
                commune_code=C,
                year=2025,
                subject_type="household",
                household_id=hh.id,
                subject_name="Hộ Lò Văn Pó",
                form="giay_khen",
                decision_number="12/QĐ-UBND",
                decision_date=date(2025, 12, 20),
            ),
            officer="lan",
        )
        certificate = save(
            s,
            Certificate(
                commune_code=C,
                proposal_id=proposal.id,
                authority="UBND xã Quảng Uyên",
                number=1,
                year=2025,
                form="giay_khen",
                recipient="Hộ Lò Văn Pó",
                issued_on=date(2025, 12, 20),
            ),
            officer="lan",
        )
    with ledger.session() as s:
        delete(s, s.get(Household, hh.id), officer="minh")
    with ledger.read() as s:
        assert not s.get(CommendationProposal, proposal.id).deleted
        assert not s.get(Certificate, certificate.id).deleted


def test_deleting_a_registration_takes_its_reviews_but_not_the_support_given(
    ledger: Ledger,
) -> None:
    with ledger.session() as s:
        village = save(s, Village(commune_code=C, name="Bản Khuổi"), officer="lan")
        made = _household(s, "QU-001", village)
    with ledger.session() as s:
        delete(s, s.get(Registration, made["registration"].id), officer="minh")
    with ledger.read() as s:
        assert s.get(RegistrationReview, made["registrationreview"].id).deleted
        # Support was received by the household, whatever became of the registration.
        assert not s.get(SupportGiven, made["support_given"].id).deleted
        assert not s.get(Household, made["household"].id).deleted


def test_a_child_already_deleted_is_not_deleted_twice(ledger: Ledger) -> None:
    with ledger.session() as s:
        village = save(s, Village(commune_code=C, name="Bản Khuổi"), officer="lan")
        made = _household(s, "QU-001", village)
    with ledger.session() as s:
        delete(s, s.get(Member, made["member"].id), officer="lan")
    with ledger.session() as s:
        delete(s, s.get(Household, made["household"].id), officer="minh")
    with ledger.read() as s:
        member_log = s.exec(
            select(ChangeEntry).where(ChangeEntry.record_id == made["member"].id)
        ).all()
    assert [(e.action, e.officer) for e in member_log] == [("create", "lan"), ("delete", "lan")]
