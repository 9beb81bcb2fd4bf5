"""Village management for the set-up screens: audited through the write path, checked."""

import pytest
from sqlmodel import select

from desktop.ledger.errors import InputError
from desktop.ledger.officers import add_officer
from desktop.ledger.records import ChangeEntry, Household, Role, Village
from desktop.ledger.storage import save
from desktop.ledger.villages import add_village, delete_village, edit_village, list_villages

C = 1576


def test_villages_are_added_renamed_and_deleted_with_an_audit_trail(ledger):
    with ledger.session() as s:
        mai = add_officer(s, "mai", "Hoàng Thị Mai", "mat-khau-9", Role.admin)
        viewer = add_officer(s, "xem", "Người Xem", "mat-khau-xem", Role.viewer, by=mai)
        na_leng = add_village(s, C, " Xóm  Nà Lẹng ", by=mai)
        empty = add_village(s, C, "Bản Tạm", by=mai)
        save(
            s,
            Household(commune_code=C, code="NL-1", village_id=na_leng.id, head_name="Lò Pó"),
            officer="mai",
        )
        with pytest.raises(InputError, match="đã có"):
            add_village(s, C, "xom na leng", by=mai)
        with pytest.raises(InputError, match="quản trị"):
            add_village(s, C, "Bản Mới", by=viewer)
    with ledger.session() as s:
        edit_village(s, na_leng, by=mai, name="Xóm Nà Lẹng Trên")
        with pytest.raises(InputError, match="còn 1 hộ"):
            delete_village(s, na_leng, by=mai)
        delete_village(s, empty, by=mai)
    with ledger.read() as s:
        rows = list_villages(s)
        log = s.exec(select(ChangeEntry).where(ChangeEntry.entity == "village")).all()
        assert s.get(Village, empty.id).deleted
    assert [(r.village.name, r.households) for r in rows] == [("Xóm Nà Lẹng Trên", 1)]
    assert [(e.action, e.officer) for e in log] == [
        ("create", "mai"),
        ("create", "mai"),
        ("update", "mai"),
        ("delete", "mai"),
    ]
