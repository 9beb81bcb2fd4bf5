"""Attachments (photos, scans) travel after the records, by hash, in resumable pieces; they can
be deferred on a slow link; a cut upload or download resumes where it stopped."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import requests
from sqlmodel import select

from desktop.ledger.attachments import attach_file, stored_path
from desktop.ledger.records import Attachment, ModelCase, ModelCaseKind
from tests.sync.conftest import QUANG_UYEN, Desktop, ServerProcess, point_at, server_summary
from tests.sync.faultproxy import Cut, FaultProxy

SIZE = 400_000


def _photo(tmp_path: Path) -> Path:
    # Random bytes: a photo does not compress either.
    path = tmp_path / "anh-mo-hinh.jpg"
    path.write_bytes(random.Random(5).randbytes(SIZE))
    return path


def _attach(desktop: Desktop, photo: Path) -> str:
    with desktop.ledger.session() as session:
        case = ModelCase(
            commune_code=QUANG_UYEN, kind=ModelCaseKind.model, title="Mô hình nuôi bò sinh sản"
        )
        from desktop.ledger.storage import save

        case = save(session, case, officer="can-bo")
        attachment = attach_file(session, case, photo, desktop.folder.attachments, officer="can-bo")
        return attachment.sha256


def _server_lacks(server: ServerProcess, token: str, sha: str) -> bool:
    answer = requests.post(
        server.url + "/sync/blobs/missing",
        json=[sha],
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    return sha in answer.json()["missing"]


def _token(desktop: Desktop) -> str:
    from sync import local

    with desktop.ledger.read() as session:
        state = local.sync_state(session)
        assert state is not None
        return state.token


def test_photos_follow_the_records_and_resume_after_cuts(
    sqlite_server: ServerProcess,
    desktops,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    a = desktops("a", sqlite_server, households=3)
    sha = _attach(a, _photo(tmp_path))
    assert sha == hashlib.sha256(_photo(tmp_path).read_bytes()).hexdigest()

    deferred = a.sync(attachments=False)  # a slow link: the records now, the photo later
    assert deferred.converged and deferred.attachments_sent == 0
    assert a.summary() == server_summary(sqlite_server)  # the record of the photo is there
    assert _server_lacks(sqlite_server, _token(a), sha)

    # The link drops halfway through the photo: the rest is sent, not the whole again.
    with FaultProxy(sqlite_server.port, plan=[Cut("up", SIZE // 2)]) as proxy:
        point_at(a, proxy.url)
        report = a.sync()
    assert report.attachments_sent == 1 and proxy.cuts == 1
    assert proxy.bytes_up < SIZE * 1.25, proxy.bytes_up
    assert not _server_lacks(sqlite_server, _token(a), sha)

    # A second laptop gets the photo with the records; a third's download is cut halfway.
    b = desktops("b", sqlite_server)
    assert stored_path(b.folder.attachments, sha).read_bytes() == _photo(tmp_path).read_bytes()
    c = desktops("c", sqlite_server)
    target = stored_path(c.folder.attachments, sha)
    target.unlink()  # as if that download had never happened
    with FaultProxy(sqlite_server.port, plan=[Cut("down", SIZE // 2)]) as proxy:
        point_at(c, proxy.url)
        report = c.sync()
    assert report.attachments_received == 1 and proxy.cuts == 1
    assert proxy.bytes_down < SIZE * 1.25, proxy.bytes_down
    assert hashlib.sha256(target.read_bytes()).hexdigest() == sha
    with c.ledger.read() as session:
        assert [x.sha256 for x in session.exec(select(Attachment))] == [sha]
