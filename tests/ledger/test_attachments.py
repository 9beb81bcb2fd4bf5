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
