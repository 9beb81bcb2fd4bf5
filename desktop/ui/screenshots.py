"""Screenshots of every main screen on a demo commune, at a laptop's 1366×768, for looking at
what the officer sees: `python -m desktop.ui.screenshots --out DIR` (offscreen or under Xvfb).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

SIZE = (1366, 768)


def _settle(app, window, seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    """Let queued work finish and paint (a tool, not a test: polling is fine here)."""
    deadline = time.monotonic() + seconds
    quiet = 0
    while time.monotonic() < deadline and quiet < 5:
        app.processEvents()
        quiet = 0 if window.operations.is_busy else quiet + 1
        time.sleep(0.05)


def _attachments_and_accounts(ledger, root: Path) -> None:  # type: ignore[no-untyped-def]
    """What the attachments tab and the accounts tab show: two photos and a scan on the first
    household, and two more officers."""
    from PySide6.QtGui import QColor, QImage, QPainter
    from sqlmodel import col, select

    from desktop.ledger.attachments import attach_file
    from desktop.ledger.officers import add_officer
    from desktop.ledger.paths import DataFolder
    from desktop.ledger.records import Household, Role

    folder = DataFolder(root)
    files = []
    for name, colour in (("nha-o-mat-truoc.jpg", "#8a6d3b"), ("cccd-chu-ho.png", "#3b6e8a")):
        image = QImage(800, 600, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        painter = QPainter(image)
        painter.fillRect(200, 150, 400, 300, QColor("#f0e6d2"))
        painter.end()
        path = root / name
        image.save(str(path))
        files.append(path)
    scan = root / "giay-de-nghi-dang-ky.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    files.append(scan)
    with ledger.session() as session:
        household = session.exec(select(Household).order_by(col(Household.code))).first()
        for path in files:
            attach_file(session, household, path, folder.attachments, officer="mai")
        add_officer(session, "lan.nt", "Nông Thị Lan", "mat-khau-9", Role.officer, by="mai")
        add_officer(session, "tuan.lv", "Lý Văn Tuấn", "mat-khau-9", Role.viewer, by="mai")


def take(out: Path, households: int = 400) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt

    from desktop.app import run
    from desktop.ledger.commune import set_up_commune
    from desktop.ledger.demo import make_demo
    from desktop.ledger.officers import add_officer
    from desktop.ledger.records import Role
    from desktop.ledger.storage import open_ledger

    out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="sotn-shots-"))
    ledger = open_ledger(root / "ledger.sqlite")
    with ledger.session() as session:
        set_up_commune(session, 4, 1576)
        officer = add_officer(session, "mai", "Hoàng Thị Mai", "mat-khau-9", Role.admin)
    make_demo(ledger, households=households, officer="mai")
    _attachments_and_accounts(ledger, root)
    ledger.close()
    app, window = run(["sotn"], data_dir=str(root), exec_=False)
    window.resize(*SIZE)
    _settle(app, window)
    shots: list[Path] = []

    def grab(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        _settle(app, window)
        path = out / f"{len(shots) + 1:02d}-{name}.png"
        widget.grab().save(str(path))
        shots.append(path)

    grab(window.sign_in, "dang-nhap")
    window.sign_in.reject = lambda: None
    window.sign_in.hide()
    window.signed_in(officer)
    from desktop.ui.screens import NAV

    for key, _title in NAV:
        window.go(key)
        grab(window, key)
    from desktop.ui.households.list import HouseholdsScreen
    from desktop.ui.registrations.screen import RegistrationsScreen
    from desktop.ui.settings.screen import SettingsScreen

    settings = window.go("settings")
    assert isinstance(settings, SettingsScreen) and settings.villages is not None
    for i in range(1, settings.tabs.count()):
        settings.tabs.setCurrentIndex(i)
        grab(window, f"settings-tab{i}")
    settings.villages.table.selectRow(0)
    settings.tabs.setCurrentIndex(1)
    grab(window, "settings-thon-dang-chon")
    listed = window.go("households")
    assert isinstance(listed, HouseholdsScreen)
    listed.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    _settle(app, window)
    form = listed.open_form(listed.model.household_id(0))
    form.resize(1080, 640)
    grab(form, "ho-so-ho")
    for i in range(1, form.tabs.count()):
        form.tabs.setCurrentIndex(i)
        grab(form, f"ho-so-ho-tab{i}")
    form.dirty = False
    form.close()
    registrations = window.go("registrations")
    assert isinstance(registrations, RegistrationsScreen)
    registrations.new_registration()
    wizard = registrations.wizard
    grab(wizard, "dang-ky-buoc-1")
    from desktop.ui.shell.first_run import FirstRunWizard

    first = FirstRunWizard()
    first.show()
    first.commune_page.search.setText("quang uyen")
    grab(first, "thiet-lap-lan-dau")
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--households", type=int, default=400)
    args = parser.parse_args(argv)
    for path in take(args.out, args.households):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
