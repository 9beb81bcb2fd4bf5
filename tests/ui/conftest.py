"""UI tests drive real widgets on Qt's offscreen platform, through the app's own start-up."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt

from desktop.app import run
from desktop.ledger.commune import set_up_commune
from desktop.ledger.officers import add_officer
from desktop.ledger.paths import DataFolder
from desktop.ledger.records import Classification, Household, Member, Role, Village
from desktop.ledger.storage import open_ledger, save

C = 1576
PASSWORD = "mat-khau-9"


def fill(folder: DataFolder, households: int = 0, role: Role = Role.admin) -> None:
    """Two villages, two households (one classified poor), `households` more, one officer."""
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        set_up_commune(s, 4, C)
        add_officer(s, "mai", "Hoàng Thị Mai", PASSWORD, role)
        a = save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="t")
        b = save(s, Village(commune_code=C, name="Bản Khuổi Ky"), officer="t")
        dung = save(
            s,
            Household(commune_code=C, code="NL-001", village_id=a.id, head_name="Nông Văn Dũng"),
            officer="t",
        )
        for name, relation, ethnicity in (
            ("Nông Văn Dũng", "Chủ hộ", "Tày"),
            ("Hoàng Thị Lan", "Vợ", "Tày"),
        ):
            save(
                s,
                Member(
                    commune_code=C,
                    household_id=dung.id,
                    full_name=name,
                    relation=relation,
                    ethnicity=ethnicity,
                ),
                officer="t",
            )
        save(
            s,
            Classification(
                commune_code=C,
                household_id=dung.id,
                year=2026,
                category="poor",
                standard_id="nd07-2021",
            ),
            officer="t",
        )
        pao = save(
            s,
            Household(commune_code=C, code="KK-001", village_id=b.id, head_name="Sùng A Pháo"),
            officer="t",
        )
        save(
            s,
            Member(commune_code=C, household_id=pao.id, full_name="Sùng A Pháo", ethnicity="Mông"),
            officer="t",
        )
        for n in range(households):
            save(
                s,
                Household(
                    commune_code=C, code=f"KK-{n + 2:03d}", village_id=b.id, head_name=f"Lý Văn {n}"
                ),
                officer="t",
            )
    ledger.close()


def sign_in(qtbot, window, username="mai", password=PASSWORD):
    qtbot.waitUntil(lambda: getattr(window, "sign_in", None) is not None, timeout=10_000)
    dialog = window.sign_in
    qtbot.waitUntil(dialog.isVisible, timeout=10_000)
    dialog.username.setText("")
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    return dialog


@pytest.fixture
def started(qtbot, folder):
    """The app on a filled ledger, signed in, the household list shown."""

    def start(households: int = 0, role: Role = Role.admin, **options):
        fill(folder, households, role)
        _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.ready, timeout=15_000):
            sign_in(qtbot, window)
        return window

    return start
