"""A household's form values: every problem at once, saved with members, stale edits refused."""

import pytest

from desktop.ledger.drafts import discard_draft, load_draft, save_draft
from desktop.ledger.household_file import (
    check_household,
    declared_members,
    load_household,
    members_note,
    save_household,
)
from desktop.ledger.records import ChangeEntry, Village
from desktop.ledger.storage import StaleRecordError, save

C = 1576


def _village(ledger):
    with ledger.session() as s:
        return save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="t").id


def values(village_id, code="NL-001"):
    return {"code": code, "village_id": village_id, "area": "rural", "phone": ""}


def test_every_problem_is_found_at_once_with_vietnamese_messages(ledger):
    checked = check_household(
        {"code": "", "village_id": None},
        [
            {"full_name": "Nông Văn Dũng", "relation": "Vợ", "birth": "31/02/1980"},
            {"full_name": "", "citizen_id": "12345", "relation": "Con"},
        ],
        C,
    )
    assert not checked.ok
    assert checked.problems["village_id"] == "Hãy chọn thôn/xóm."
    assert "Mã hộ" in checked.problems["code"]
    assert "Chủ hộ" in checked.problems["members"]
    assert "không hợp lệ" in checked.member_problems[(0, "birth")]
    assert "12 chữ số" in checked.member_problems[(1, "citizen_id")]
    assert checked.member_problems[(1, "full_name")] == "Chưa nhập họ và tên."


def test_a_new_household_is_saved_with_its_members_under_the_officer(ledger):
    village = _village(ledger)
    checked = check_household(
        values(village),
        [
            {"full_name": "nông văn  dũng", "relation": "Chủ hộ", "sex": "male", "birth": "1980"},
            {"full_name": "Hoàng Thị Mai", "relation": "Vợ", "citizen_id": "004 180 001 234"},
            {"full_name": "", "relation": "Con"},  # an empty row left at the end is ignored
        ],
        C,
    )
    assert checked.ok, (checked.problems, checked.member_problems)
    with ledger.session() as s:
        hh = save_household(s, None, checked, revisions={}, officer="mai.ht")
    with ledger.session() as s:
        file = load_household(s, hh.id)
        officers = {e.officer for e in s.exec(ChangeEntry.__table__.select()).all()}  # type: ignore[attr-defined]
    assert file.household.head_name == "nông văn dũng"
    assert sorted(m.full_name for m in file.members) == ["Hoàng Thị Mai", "nông văn dũng"]
    assert {m.citizen_id for m in file.members} == {None, "004180001234"}
    assert "mai.ht" in officers


def test_an_edit_saved_over_a_newer_change_is_refused_and_removed_members_are_tombstoned(ledger):
    village = _village(ledger)
    people = [
        {"full_name": "Nông Văn Dũng", "relation": "Chủ hộ"},
        {"full_name": "Bé Na", "relation": "Con"},
    ]
    with ledger.session() as s:
        hh = save_household(
            s, None, check_household(values(village), people, C), revisions={}, officer="a"
        )
    with ledger.session() as s:
        opened = load_household(s, hh.id)
    revisions = {r.id: r.revision for r in [opened.household, *opened.members]}
    head = next(m for m in opened.members if m.full_name == "Nông Văn Dũng")
    rows = [{"id": head.id, "full_name": "Nông Văn Dũng", "relation": "Chủ hộ"}]
    edit = check_household(values(village, "NL-009"), rows, C)
    with ledger.session() as s:
        save_household(s, hh.id, edit, revisions=revisions, officer="a")
    with ledger.session() as s:
        again = load_household(s, hh.id)
        assert again.household.code == "NL-009" and [m.full_name for m in again.members] == [
            "Nông Văn Dũng"
        ]
    late = check_household(values(village, "NL-010"), rows, C)
    with pytest.raises(StaleRecordError) as caught, ledger.session() as s:
        save_household(s, hh.id, late, revisions=revisions, officer="b")  # opened before
    # the storage's own error: what changed, and who changed it
    assert caught.value.changed == {"code": "Mã hộ"} and caught.value.officers == ["a"]
    assert "vừa được người khác sửa (a): Mã hộ" in str(caught.value)
    with ledger.session() as s:
        assert load_household(s, hh.id).household.code == "NL-009"  # nothing written


def test_a_draft_survives_and_is_discarded(folder):
    save_draft(folder.root, "household-abc", {"code": "NL-1", "members": [{"full_name": "Dũng"}]})
    _saved_at, restored = load_draft(folder.root, "household-abc")
    assert restored["members"][0]["full_name"] == "Dũng"
    discard_draft(folder.root, "household-abc")
    assert load_draft(folder.root, "household-abc") is None


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("năm", "Số nhân khẩu phải là một số nguyên"),
        ("2,5", "Số nhân khẩu phải là một số nguyên"),
        ("0", "Số nhân khẩu phải từ 1 trở lên."),
        ("-3", "Số nhân khẩu phải từ 1 trở lên."),
        ("41", "Số nhân khẩu không được lớn hơn 40."),
    ],
)
def test_the_declared_number_of_members_is_checked(typed, problem):
    value, found = declared_members(typed)
    assert value is None and problem in (found or "")
    checked = check_household(
        {"code": "NL-1", "village_id": "v" * 32, "declared_members": typed},
        [{"full_name": "Lý Văn Páo", "relation": "Chủ hộ"}],
        C,
    )
    assert problem in checked.problems["declared_members"]


def test_the_declared_number_is_saved_and_a_difference_with_the_listed_members_is_noted(ledger):
    assert declared_members("") == (None, None) and declared_members(" 5 ") == (5, None)
    assert members_note(5, 2) == "Số nhân khẩu ghi 5, danh sách thành viên có 2 người."
    assert members_note(2, 2) is None and members_note(None, 3) is None
    village = _village(ledger)
    heads = [{"full_name": "Lý Văn Páo", "relation": "Chủ hộ"}, {"full_name": "Lý Thị Ba"}]
    heads[1]["relation"] = "Vợ"
    checked = check_household({**values(village), "declared_members": "5"}, heads, C)
    assert checked.ok and checked.household["declared_members"] == 5
    assert checked.note == "Số nhân khẩu ghi 5, danh sách thành viên có 2 người."
    with ledger.session() as s:
        hh = save_household(s, None, checked, revisions={}, officer="mai")
    with ledger.session() as s:
        file = load_household(s, hh.id)
        assert file.household is not None and file.household.declared_members == 5
        revisions = {r.id: r.revision for r in [file.household, *file.members]}
    rows = [{"id": m.id, "full_name": m.full_name, "relation": m.relation} for m in file.members]
    cleared = check_household({**values(village), "declared_members": ""}, rows, C)
    assert cleared.ok and cleared.note is None  # empty: the list gave no number
    with ledger.session() as s:
        save_household(s, hh.id, cleared, revisions=revisions, officer="mai")
    with ledger.session() as s:
        assert load_household(s, hh.id).household.declared_members is None
