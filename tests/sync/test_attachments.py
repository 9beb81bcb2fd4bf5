"""Attachments of households travel like those of model cases: records first, then the files by
hash through a real server (SQLite and PostgreSQL); a removal arrives as a tombstone."""

from __future__ import annotations

import pytest
from sqlmodel import select

from desktop.ledger.attachments import attach_file, attachments_of, remove_attachment, stored_path
from desktop.ledger.records import Attachment, Household, ModelCase, ModelCaseKind
from desktop.ledger.storage import save
from tests.sync.conftest import CAO_BANG, QUANG_UYEN, ServerProcess


@pytest.fixture
def commune_server(server: ServerProcess) -> ServerProcess:
    server.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    return server


def test_household_and_model_case_attachments_reach_another_laptop(
    commune_server, desktops, tmp_path
) -> None:
    a = desktops("a", commune_server, households=3)
    scan = tmp_path / "giay-de-nghi.pdf"
    scan.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 2000)  # ~0.5 MB, several pieces
    photo = tmp_path / "chuong-bo.jpg"
    photo.write_bytes(b"\xff\xd8 chuong bo " * 500)
    with a.ledger.session() as s:
        household = s.exec(select(Household).order_by(Household.code)).first()
        case = save(
            s,
            ModelCase(commune_code=QUANG_UYEN, kind=ModelCaseKind.model, title="Nuôi bò"),
            officer="lan",
        )
        on_household = attach_file(s, household, scan, a.folder.attachments, officer="lan")
        attach_file(s, case, photo, a.folder.attachments, officer="lan")
        household_id = household.id
    first = a.sync()
    assert first.attachments_sent == 2 and first.converged

    b = desktops("b", commune_server)  # enrolling pulls the records, then their files
    assert b.sync().attachments_received == 0  # nothing left to fetch
    with b.ledger.read() as s:
        there = attachments_of(s, s.get(Household, household_id))
        assert [(x.file_name, x.household_id, x.model_case_id) for x in there] == [
            ("giay-de-nghi.pdf", household_id, None)
        ]
        assert s.exec(select(Attachment).where(Attachment.model_case_id.is_not(None))).one()
        hashes = [x.sha256 for x in s.exec(select(Attachment))]
    assert stored_path(b.folder.attachments, on_household.sha256).read_bytes() == scan.read_bytes()
    assert all(stored_path(b.folder.attachments, h).is_file() for h in hashes)

    with a.ledger.session() as s:
        remove_attachment(s, on_household.id, officer="lan")
    a.sync()
    b.sync()
    with b.ledger.read() as s:
        assert s.get(Attachment, on_household.id).deleted  # the tombstone arrived
        assert attachments_of(s, s.get(Household, household_id)) == []
    assert a.summary() == b.summary()
