"""Model-case attachments are copied into the data folder once, whole, and recorded."""

import pytest

from desktop.ledger.attachments import attach_file, stored_path
from desktop.ledger.records import ModelCase, ModelCaseKind
from desktop.ledger.storage import save


def test_attach_copies_by_hash_and_records_the_original_name(ledger, folder, tmp_path):
    photo = tmp_path / "bò sinh sản.jpg"
    photo.write_bytes(b"\xff\xd8 anh bo " * 100)
    with ledger.session() as s:
        case = save(
            s,
            ModelCase(
                commune_code=1576, kind=ModelCaseKind.model, title="Mô hình nuôi bò sinh sản"
            ),
            officer="lan",
        )
        a = attach_file(s, case, photo, folder.attachments, officer="lan", caption="Chuồng bò")
        b = attach_file(s, case, photo, folder.attachments, officer="lan")
    assert a.sha256 == b.sha256 and a.file_name == "bò sinh sản.jpg"
    assert stored_path(folder.attachments, a.sha256).read_bytes() == photo.read_bytes()
    assert len(list(folder.attachments.rglob("*"))) == 2  # one folder, one file


@pytest.mark.parametrize(
    ("name", "message"), [("virus.exe", "Chỉ đính kèm"), ("khong-co.jpg", "Không tìm thấy")]
)
def test_unsuitable_files_are_refused(ledger, folder, tmp_path, name, message):
    if name.endswith(".exe"):
        (tmp_path / name).write_bytes(b"MZ")
    with ledger.session() as s:
        case = save(
            s, ModelCase(commune_code=1576, kind=ModelCaseKind.initiative, title="X"), officer="lan"
        )
        with pytest.raises(ValueError, match=message):
            attach_file(s, case, tmp_path / name, folder.attachments, officer="lan")


def test_attachments_are_private_to_the_account(ledger, folder, tmp_path):
    import os
    import stat

    photo = tmp_path / "giay-to.jpg"
    photo.write_bytes(b"\xff\xd8 can cuoc " * 50)
    os.chmod(photo, 0o644)
    with ledger.session() as s:
        case = save(
            s, ModelCase(commune_code=1576, kind=ModelCaseKind.model, title="M"), officer="t"
        )
        a = attach_file(s, case, photo, folder.attachments, officer="t")
    stored = stored_path(folder.attachments, a.sha256)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700


def test_a_household_keeps_scans_in_the_same_store_and_a_removal_is_a_tombstone(
    ledger, folder, tmp_path
):
    from sqlalchemy.exc import IntegrityError
    from sqlmodel import select

    from desktop.ledger.attachments import attachments_of, copy_for_viewing, remove_attachment
    from desktop.ledger.records import Attachment, ChangeEntry, Household, Village

    scan = tmp_path / "cccd-mat-truoc.jpg"
    scan.write_bytes(b"\xff\xd8 cccd " * 80)
    with ledger.session() as s:
        village = save(s, Village(commune_code=1576, name="Nà Lẹng"), officer="t")
        hh = save(
            s,
            Household(commune_code=1576, code="NL-1", village_id=village.id, head_name="Dũng"),
            officer="t",
        )
        a = attach_file(s, hh, scan, folder.attachments, officer="lan", caption="CCCD chủ hộ")
        assert (a.household_id, a.model_case_id) == (hh.id, None)
        assert [x.id for x in attachments_of(s, hh)] == [a.id]
    viewed = copy_for_viewing(a, folder.attachments, tmp_path / "open")
    assert viewed.name == "cccd-mat-truoc.jpg" and viewed.read_bytes() == scan.read_bytes()
    with ledger.session() as s:
        remove_attachment(s, a.id, officer="lan")
    with ledger.session() as s:
        assert attachments_of(s, s.get(Household, hh.id)) == []
        assert s.get(Attachment, a.id).deleted
        entry = s.exec(select(ChangeEntry).where(ChangeEntry.action == "delete")).one()
        assert (entry.entity, entry.officer) == ("attachment", "lan")
    assert stored_path(folder.attachments, a.sha256).is_file()  # a backup may still name it
    # an attachment belongs to exactly one owner: the database refuses anything else
    with pytest.raises(IntegrityError), ledger.session() as s:
        s.add(Attachment(commune_code=1576, file_name="x.jpg", sha256="0" * 64, size=1))
        s.flush()


def test_deleting_a_household_tombstones_its_attachments_too(ledger, folder, tmp_path):
    from sqlmodel import select

    from desktop.ledger.records import Attachment, ChangeEntry, Household, Village
    from desktop.ledger.storage import delete

    scan = tmp_path / "don-dang-ky.pdf"
    scan.write_bytes(b"%PDF-1.4 don " * 50)
    with ledger.session() as s:
        village = save(s, Village(commune_code=1576, name="Nà Lẹng"), officer="t")
        hh = save(
            s,
            Household(commune_code=1576, code="NL-2", village_id=village.id, head_name="Lan"),
            officer="t",
        )
        a = attach_file(s, hh, scan, folder.attachments, officer="t")
    with ledger.session() as s:
        delete(s, s.get(Household, hh.id), officer="lan")
    with ledger.session() as s:
        assert s.get(Attachment, a.id).deleted  # no live scan left pointing at a deleted household
        logged = s.exec(
            select(ChangeEntry).where(
                ChangeEntry.entity == "attachment", ChangeEntry.action == "delete"
            )
        ).one()
        assert logged.officer == "lan"
