"""Certificate register numbers never collide across laptops: two laptops of one commune
printing offline, and two communes under one authority, through a real server process (SQLite
and PostgreSQL); a collision that reaches the server anyway is refused with its reason."""

from __future__ import annotations

from datetime import date

import pytest
import requests
from sqlmodel import select

from desktop.ledger.commendation import issue_certificate, register_label
from desktop.ledger.records import (
    Certificate,
    CommendationProposal,
    ProposalStatus,
    SubjectType,
    SyncConflict,
)
from desktop.ledger.settings import read_settings
from desktop.ledger.storage import save
from sync.register import BLOCK
from tests.sync.conftest import CAO_BANG, QUANG_UYEN, THUC_PHAN, Desktop, ServerProcess

TODAY = date.today()


@pytest.fixture
def commune_server(server: ServerProcess) -> ServerProcess:
    server.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    return server


def _print_offline(desktop: Desktop, how_many: int, who: str) -> list[tuple[str, int]]:
    """Approve `how_many` proposals and enter each in the register, as printing does."""
    issued = []
    with desktop.ledger.session() as session:
        authority = read_settings(session)["commendation.authority"]
        for n in range(how_many):
            proposal = save(
                session,
                CommendationProposal(
                    commune_code=QUANG_UYEN,
                    subject_type=SubjectType.household,
                    subject_name=f"Hộ {who} số {n + 1}",
                    year=TODAY.year,
                    form="giay_khen",
                    status=ProposalStatus.approved,
                    decision_number="15/QĐ-UBND",
                ),
                officer="lan",
            )
            entry = issue_certificate(
                session, proposal, authority=authority, issued_on=TODAY, officer="lan"
            )
            issued.append((entry.series, entry.number))
    return issued


def _register(desktop: Desktop) -> list[tuple[str, int, str]]:
    with desktop.ledger.read() as session:
        return sorted(
            (c.series, c.number, c.recipient)
            for c in session.exec(select(Certificate).where(Certificate.year == TODAY.year))
        )


def test_two_laptops_printing_offline_never_issue_the_same_number(commune_server, desktops):
    a = desktops("a", commune_server)
    b = desktops("b", commune_server)
    a.sync()  # online once: each laptop takes a block of numbers
    b.sync()
    # Offline for weeks: each prints more Giấy khen than its reserve holds.
    from_a = _print_offline(a, BLOCK + 4, "A")
    from_b = _print_offline(b, BLOCK + 4, "B")
    assert [s for s, _ in from_a[:BLOCK]] == [""] * BLOCK  # plain numbers from the block
    assert {s for s, _ in from_a[BLOCK:]} == {"M1"} and {s for s, _ in from_b[BLOCK:]} == {"M2"}
    assert not set(from_a) & set(from_b)
    assert register_label(*from_a[-1]) == "M1-04"

    for desktop in (a, b, a):
        report = desktop.sync()
        assert report.rejected == 0
    assert _register(a) == _register(b)
    numbers = [(s, n) for s, n, _ in _register(a)]
    assert len(numbers) == len(set(numbers)) == 2 * (BLOCK + 4)
    # Back online, each laptop holds a fresh reserve above every number already issued.
    assert _print_offline(a, 1, "A2")[0] == ("", 2 * BLOCK + 1)


def test_two_communes_under_one_authority_get_separate_blocks(commune_server):
    commune_server.create_user("xa-thuc-phan", "commune", CAO_BANG, THUC_PHAN)
    blocks = []
    for username in ("xa-quang-uyen", "xa-thuc-phan", "xa-quang-uyen"):
        token = commune_server.enrol(username)["token"]
        answer = requests.post(
            commune_server.url + "/sync/certificate-numbers",
            json={"authority": "Chủ tịch UBND tỉnh Cao Bằng", "year": 2026, "count": 20},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        blocks.append(answer.json())
    assert [(b["first"], b["last"]) for b in blocks] == [(1, 20), (21, 40), (41, 60)]
    assert len({b["series"] for b in blocks}) == 3  # one series per laptop


def _standalone(root, name: str) -> Desktop:
    from desktop.ledger.commune import set_up_commune
    from desktop.ledger.paths import DataFolder
    from desktop.ledger.storage import open_ledger

    folder = DataFolder(root / name)
    ledger = open_ledger(folder.database)
    with ledger.session() as session:
        set_up_commune(session, CAO_BANG, QUANG_UYEN)
    return Desktop(folder, ledger)


def _enrol(desktop: Desktop, server: ServerProcess) -> None:
    from desktop.cli import main as sotn
    from desktop.ledger.storage import open_ledger

    desktop.close()
    root = str(desktop.folder.root)
    args = ["--data-dir", root, "enrol", "--server", server.url, "--username", "xa-quang-uyen"]
    assert sotn([*args, "--password", "mat-khau-123"]) == 0
    desktop.ledger = open_ledger(desktop.folder.database)


def test_a_collision_that_reaches_the_server_is_refused_then_entered_again(
    commune_server, tmp_path
):
    """Two laptops that printed before ever syncing (each its own register, numbers 1, 2, 3)
    are then enrolled: the second one's entries are refused, naming who holds the number, and
    the laptop enters them again under numbers of its own, so both registers agree."""
    a, b = _standalone(tmp_path, "a"), _standalone(tmp_path, "b")
    try:
        assert _print_offline(a, 3, "A") == [("", 1), ("", 2), ("", 3)]
        assert _print_offline(b, 2, "B") == [("", 1), ("", 2)]
        _enrol(a, commune_server)
        _enrol(b, commune_server)
        assert a.sync().rejected == 0  # A's 1-3 reach the server first; A reserves 4-33
        report = b.sync()
        assert report.rejected == 2
        with b.ledger.read() as session:
            refused = session.exec(
                select(SyncConflict).where(SyncConflict.entity == "certificate")
            ).all()
        reasons = sorted(str(c.server_value) for c in refused)
        for n, reason in zip((1, 2), reasons, strict=True):
            assert reason.startswith(
                f"Số vào sổ khen thưởng 0{n} năm {TODAY.year} của Chủ tịch UBND xã Quảng Uyên "
                f"đã cấp cho “Hộ A số {n}” (Xã Quảng Uyên)"
            ), reason
        # B took a block above A's (34-63) and entered its two Giấy khen again there.
        renumbered = sorted(str(c.local_value) for c in refused)
        assert renumbered == [
            f"Đã vào sổ lại với số {BLOCK + n}: in lại Giấy khen này." for n in (4, 5)
        ]
        b.sync()
        a.sync()
        assert _register(a) == _register(b)
        assert [(s, n) for s, n, _ in _register(a)] == [
            ("", 1),
            ("", 2),
            ("", 3),
            ("", BLOCK + 4),
            ("", BLOCK + 5),
        ]
    finally:
        a.close()
        b.close()
