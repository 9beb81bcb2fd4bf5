"""The sync screen on real widgets: enrol this laptop against a real server process, sync off
the UI thread, see the outcome; settle a conflict."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from desktop.ledger.records import Household, SyncConflict
from desktop.ledger.storage import open_ledger
from tests.sync.conftest import CAO_BANG, QUANG_UYEN, ServerProcess, server_summary
from tests.ui.conftest import C


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    data = tmp_path / "server-data"
    data.mkdir()
    proc = ServerProcess(f"sqlite:///{tmp_path / 'server.sqlite'}", data)
    proc.start()
    proc.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
    yield proc
    proc.stop()


def test_enrol_then_sync_from_the_screen(started, qtbot, folder, server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    told: list[str] = []
    monkeypatch.setattr("desktop.ui.texts.inform", lambda _p, title, _t: told.append(title))
    monkeypatch.setattr("desktop.ui.texts.warn", lambda _p, title, text: told.append(text))
    window = started(households=3)
    screen = window.go("sync")
    qtbot.waitUntil(lambda: "chưa đăng ký" in screen.status.text(), timeout=10_000)
    assert screen.enrol_box.isVisible() and not screen.sync_button.isEnabled()
    screen.server_field.setText(server.url)
    screen.username_field.setText("xa-quang-uyen")
    screen.password_field.setText("mat-khau-123")
    screen.enrol_button.click()
    qtbot.waitUntil(lambda: screen.stage.text().startswith("Xong"), timeout=60_000)
    assert told == ["Đã đăng ký"]
    qtbot.waitUntil(lambda: "Chờ gửi: 0 thay đổi" in screen.status.text(), timeout=10_000)
    assert not screen.enrol_box.isVisible()
    screen.grab().save(str(folder.root / "sync-screen.png"))
    ledger = open_ledger(folder.database)
    try:
        with ledger.read() as session:
            count = len(session.exec(select(Household.id)).all())
    finally:
        ledger.close()
    assert server_summary(server)["household"]["count"] == count == 5
    # The status bar learns of the sync by its own read: wait for it, as an officer would.
    qtbot.waitUntil(lambda: "chưa có" not in window.pending_label.text(), timeout=10_000)
    assert "Đồng bộ lần cuối: " in window.pending_label.text()


def test_a_conflict_is_listed_and_settled(started, qtbot, folder) -> None:  # type: ignore[no-untyped-def]
    window = started()
    ledger = open_ledger(folder.database)
    with ledger.session() as session:
        household = session.exec(select(Household).where(Household.code == "NL-001")).one()
        session.add(
            SyncConflict(
                entity="household",
                record_id=household.id,
                field="head_name",
                kind="field",
                local_value="Nông Văn Dũng",
                server_value="Nông Văn Dung",
            )
        )
    ledger.close()
    screen = window.go("sync")
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=10_000)
    assert screen.table.item(0, 3).text() == "Nông Văn Dũng"
    assert screen.table.item(0, 4).text() == "Nông Văn Dung"
    assert "1 xung đột" in screen.status.text()
    screen.table.selectRow(0)
    screen.keep_server.click()
    qtbot.waitUntil(lambda: screen.table.rowCount() == 0, timeout=10_000)
    assert C == QUANG_UYEN
