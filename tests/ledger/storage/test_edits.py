"""Edits are never lost: a save writes whatever session the record came from, refuses a stale
revision, catches JSON changed in place, and read-then-write cannot race."""

import sqlite3
import threading
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from desktop.ledger.commendation import issue_certificate
from desktop.ledger.errors import LedgerBusy
from desktop.ledger.records import (
    Certificate,
    ChangeAction,
    ChangeEntry,
    CommendationProposal,
    Household,
    ProposalStatus,
    Registration,
    SubjectType,
    Village,
)
from desktop.ledger.storage import (
    StaleRecordError,
    delete,
    open_ledger,
    save,
)

C = 1576


def _household(ledger, code="QU-001", name="Nông Văn Dũng"):
    with ledger.session() as s:
        v = save(s, Village(commune_code=C, name="Bản Khuổi"), officer="lan")
        return save(
            s, Household(commune_code=C, code=code, village_id=v.id, head_name=name), officer="lan"
        )


def _log(ledger, record_id):
    with ledger.read() as s:
        return s.exec(
            select(ChangeEntry).where(ChangeEntry.record_id == record_id).order_by(ChangeEntry.seq)
        ).all()


def test_a_record_loaded_in_one_session_is_written_when_saved_in_another(ledger):
    hh = _household(ledger)
    with ledger.read() as s:  # a form loads the household…
        loaded = s.get(Household, hh.id)
    loaded.phone = "0912345678"  # …the officer edits it…
    with ledger.session() as s:  # …and it is saved in a session of its own
        save(s, loaded, officer="minh")
    with ledger.read() as s:
        stored = s.get(Household, hh.id)
    assert (stored.phone, stored.revision) == ("0912345678", 2)
    update = _log(ledger, hh.id)[-1]
    assert (update.action, update.revision, update.officer) == (ChangeAction.update, 2, "minh")
    assert (update.before, update.after) == ({"phone": None}, {"phone": "0912345678"})
    assert loaded.revision == 2  # the form's copy can be saved again
    loaded.phone = "0987654321"
    with ledger.session() as s:
        save(s, loaded, officer="minh")
    with ledger.read() as s:
        assert s.get(Household, hh.id).phone == "0987654321"


def test_a_record_built_from_a_form_with_an_existing_id_updates_it(ledger):
    hh = _household(ledger)
    edited = Household(**{**hh.model_dump(), "head_name": "Nông Văn Dũng (bố)"})
    with ledger.session() as s:
        save(s, edited, officer="minh")
    with ledger.read() as s:
        stored = s.get(Household, hh.id)
    assert (stored.head_name, stored.revision) == ("Nông Văn Dũng (bố)", 2)
    assert _log(ledger, hh.id)[-1].before == {
        "head_name": "Nông Văn Dũng",
        "search_text": "nong van dung qu 001",
    }


def test_a_stale_revision_is_refused_naming_what_changed_and_writes_nothing(ledger):
    hh = _household(ledger)
    with ledger.read() as s:
        first = s.get(Household, hh.id)
    with ledger.read() as s:
        second = s.get(Household, hh.id)
    first.head_name, first.phone = "Nông Văn Dũng (bố)", "0912345678"
    with ledger.session() as s:
        save(s, first, officer="lan")
    second.address = "Bản Khuổi, xã Quảng Uyên"
    with pytest.raises(StaleRecordError) as caught, ledger.session() as s:
        save(s, second, officer="minh")
    error = caught.value
    assert str(error).startswith("Hộ này vừa được người khác sửa (lan): Họ tên chủ hộ, Điện thoại")
    assert error.changed == {"head_name": "Họ tên chủ hộ", "phone": "Điện thoại"}
    assert (error.base_revision, error.current_revision) == (1, 2)
    with ledger.read() as s:
        stored = s.get(Household, hh.id)
    assert (stored.address, stored.head_name, stored.revision) == (None, "Nông Văn Dũng (bố)", 2)
    assert [e.revision for e in _log(ledger, hh.id)] == [1, 2]


def test_a_stale_save_in_the_same_session_is_refused_too(ledger):
    hh = _household(ledger)
    with ledger.read() as s:
        other = s.get(Household, hh.id)
    other.phone = "0912345678"
    with ledger.session() as s:
        save(s, other, officer="lan")
    with pytest.raises(StaleRecordError), ledger.session() as s:
        hh.note = "đã chuyển đi"  # hh still holds revision 1
        save(s, hh, officer="minh")


def test_deleting_a_record_someone_just_edited_is_refused(ledger):
    hh = _household(ledger)
    with ledger.read() as s:
        editing = s.get(Household, hh.id)
    editing.phone = "0912345678"
    with ledger.session() as s:
        save(s, editing, officer="lan")
    with pytest.raises(StaleRecordError, match="vừa được người khác sửa"), ledger.session() as s:
        delete(s, hh, officer="minh")


def test_each_revision_of_a_record_is_logged_once(ledger):
    hh = _household(ledger)
    with pytest.raises(IntegrityError), ledger.session() as s:
        s.add(
            ChangeEntry(
                entity="household",
                record_id=hh.id,
                revision=1,
                action=ChangeAction.update,
                officer="x",
            )
        )
        s.flush()


def test_json_lists_changed_in_place_are_saved_and_logged(ledger):
    hh = _household(ledger)
    with ledger.session() as s:
        reg = save(
            s,
            Registration(
                commune_code=C,
                household_id=hh.id,
                registered_on=date(2025, 3, 1),
                target_year=2026,
                causes=["lack_capital"],
            ),
            officer="lan",
        )
    with ledger.session() as s:
        loaded = s.get(Registration, reg.id)
        loaded.causes.append("lack_skills")
        save(s, loaded, officer="lan")
    with ledger.read() as s:
        reg = s.get(Registration, reg.id)
    reg.support_requested.append("policy_credit")  # detached, in place
    with ledger.session() as s:
        save(s, reg, officer="minh")
    with ledger.read() as s:
        stored = s.get(Registration, reg.id)
    assert stored.causes == ["lack_capital", "lack_skills"]
    assert stored.support_requested == ["policy_credit"]
    log = _log(ledger, reg.id)
    assert [(e.revision, e.before, e.after) for e in log[1:]] == [
        (2, {"causes": ["lack_capital"]}, {"causes": ["lack_capital", "lack_skills"]}),
        (3, {"support_requested": []}, {"support_requested": ["policy_credit"]}),
    ]


def _approved(ledger, count):
    with ledger.session() as s:
        return [
            save(
                s,
                CommendationProposal(
                    commune_code=C,
                    subject_type=SubjectType.household,
                    subject_name=f"Hộ số {n}",
                    year=2025,
                    form="giay_khen",
                    status=ProposalStatus.approved,
                    decision_number="15/QĐ-UBND",
                ),
                officer="lan",
            )
            for n in range(count)
        ]


def test_two_writers_racing_for_certificate_numbers_never_share_one(ledger, folder):
    proposals = _approved(ledger, 24)
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def officer(batch):
        own = open_ledger(folder.database, migrate=False)  # a second window or process
        try:
            start.wait()
            for proposal in batch:
                with own.session() as s:
                    issue_certificate(
                        s,
                        proposal,
                        authority="Chủ tịch UBND xã Quảng Uyên",
                        issued_on=date(2025, 12, 22),
                        officer="lan",
                    )
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.close()

    workers = [threading.Thread(target=officer, args=(proposals[i::3],)) for i in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    with ledger.read() as s:
        numbers = sorted(s.exec(select(Certificate.number)).all())
    assert numbers == list(range(1, 25))


def test_a_ledger_kept_busy_by_another_writer_says_so_in_vietnamese(folder, ledger):
    hh = _household(ledger)
    other = sqlite3.connect(folder.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # an import in another window holds the write lock
    impatient = open_ledger(folder.database, migrate=False, busy_timeout=0.2)
    try:
        busy = pytest.raises(LedgerBusy, match="Sổ dữ liệu đang bận")
        with busy, impatient.session() as s:
            loaded = s.get(Household, hh.id)
            loaded.phone = "0912345678"
            save(s, loaded, officer="minh")
        with impatient.read() as s:  # reading never waits for the writer
            assert s.get(Household, hh.id).phone is None
    finally:
        other.rollback()
        other.close()
        impatient.close()
