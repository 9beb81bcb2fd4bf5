"""Every change writes its change-log entry in the same transaction, with who and what."""

import pytest
from sqlmodel import select

from desktop.ledger.records import ChangeEntry, Household, Village
from desktop.ledger.records.validation import check_record
from desktop.ledger.storage import delete, save

COMMUNE = 1576


def entries(session):
    """The log of records (the fixture's commune set-up is logged too, before them)."""
    query = select(ChangeEntry).where(ChangeEntry.entity != "commune")
    return session.exec(query.order_by(ChangeEntry.seq)).all()


def test_create_update_delete_leave_an_audit_trail_and_bump_revisions(ledger):
    with ledger.session() as s:
        village = save(s, Village(commune_code=COMMUNE, name="Bản Khuổi"), officer="lan")
        hh = save(
            s,
            Household(
                commune_code=COMMUNE,
                code="QU-001",
                village_id=village.id,
                head_name="Nông Văn Dũng",
            ),
            officer="lan",
        )
    with ledger.session() as s:
        hh = s.get(Household, hh.id)
        hh.head_name = "Nông Văn Dũng (bố)"
        save(s, hh, officer="minh")
    with ledger.session() as s:
        delete(s, s.get(Household, hh.id), officer="minh")
    with ledger.session() as s:
        stored = s.get(Household, hh.id)
        log = entries(s)
    assert stored.deleted and stored.revision == 3
    assert stored.search_text == "nong van dung bo qu 001"
    assert [(e.entity, e.action, e.revision, e.officer) for e in log] == [
        ("village", "create", 1, "lan"),
        ("household", "create", 1, "lan"),
        ("household", "update", 2, "minh"),
        ("household", "delete", 3, "minh"),
    ]
    assert log[2].before == {"head_name": "Nông Văn Dũng", "search_text": "nong van dung qu 001"}
    assert log[2].after["head_name"] == "Nông Văn Dũng (bố)"


def test_a_save_that_fails_leaves_neither_record_nor_log(ledger):
    with pytest.raises(RuntimeError), ledger.session() as s:
        save(s, Village(commune_code=COMMUNE, name="Xóm Nà Lẹng"), officer="lan")
        raise RuntimeError("mất điện giữa chừng")
    with ledger.session() as s:
        assert s.exec(select(Village)).all() == []
        assert entries(s) == []


def test_saving_without_changes_writes_nothing(ledger):
    with ledger.session() as s:
        v = save(s, Village(commune_code=COMMUNE, name="Thôn Bó Luông"), officer="lan")
    with ledger.session() as s:
        save(s, s.get(Village, v.id), officer="lan")
        assert len(entries(s)) == 1


def test_form_checks_report_every_field_in_vietnamese():
    record, problems = check_record(
        Household, {"commune_code": COMMUNE, "code": "", "head_name": ""}
    )
    assert record is None
    assert problems == {
        "code": "Mã hộ không được để trống.",
        "village_id": "Chưa nhập Thôn/xóm.",
        "head_name": "Họ tên chủ hộ không được để trống.",
    }


def test_an_invalid_record_never_reaches_the_database(ledger):
    with pytest.raises(ValueError), ledger.session() as s:
        save(s, Village(commune_code=COMMUNE, name=""), officer="lan")


def test_member_checks_normalise_the_id_and_ethnicity_and_explain_bad_ids():
    from desktop.ledger.records import Member

    good, problems = check_record(
        Member,
        {
            "commune_code": COMMUNE,
            "household_id": "h",
            "full_name": "Lý Thị Mai",
            "citizen_id": 4190001234,
            "ethnicity": "Mông",
        },
    )
    assert problems == {} and (good.citizen_id, good.ethnicity) == ("004190001234", "H'Mông")
    _, problems = check_record(
        Member,
        {"commune_code": COMMUNE, "household_id": "h", "full_name": "", "citizen_id": "12345"},
    )
    assert problems["citizen_id"].startswith("Số định danh cá nhân/CCCD: Số CCCD/định danh")
    assert "có 5 chữ số" in problems["citizen_id"]
    assert problems["full_name"] == "Họ và tên không được để trống."
