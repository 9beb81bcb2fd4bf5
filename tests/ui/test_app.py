"""The app from start to a listed, searchable household list, and its first run."""

import pytest
from PySide6.QtCore import Qt

from desktop.app import run
from desktop.ledger.commune import current_commune
from desktop.ledger.paths import DataFolder
from desktop.ledger.records import Classification, Household, Village
from desktop.ledger.storage import open_ledger, save

C = 1576


def fill(folder: DataFolder, households: int = 0) -> None:
    ledger = open_ledger(folder.database)
    from desktop.ledger.commune import set_up_commune

    with ledger.session() as s:
        set_up_commune(s, 4, C)
        a = save(s, Village(commune_code=C, name="Xóm Nà Lẹng"), officer="t")
        b = save(s, Village(commune_code=C, name="Bản Khuổi Ky"), officer="t")
        dung = save(
            s,
            Household(commune_code=C, code="NL-001", village_id=a.id, head_name="Nông Văn Dũng"),
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
        save(
            s,
            Household(commune_code=C, code="KK-001", village_id=b.id, head_name="Sùng A Pháo"),
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


@pytest.fixture
def started(qtbot, folder):
    def start(households: int = 0):
        fill(folder, households)
        _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.ready, timeout=10_000):
            pass
        return window

    yield start


def test_households_are_listed_with_their_latest_classification(started):
    window = started()
    model = window.table.model()
    assert window.windowTitle() == "Sổ Thoát Nghèo — Xã Quảng Uyên, Cao Bằng"
    rows = {model.index(r, 1).data(): model.index(r, 3).data() for r in range(model.rowCount())}
    assert rows == {"Nông Văn Dũng": "Hộ nghèo (2026)", "Sùng A Pháo": "Chưa phân loại"}
    assert window.count_label.text() == "2 hộ"
    assert window.villages.count() == 3 and window.villages.item(0).text() == "Tất cả thôn/xóm (2)"


def test_search_without_accents_and_village_filter(started, qtbot):
    window = started()
    model = window.table.model()
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        window.search.setText("nong van dung")
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == ["Nông Văn Dũng"]
    window.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=5_000)
    khuoi_ky = next(
        i for i in range(window.villages.count()) if "Khuổi Ky" in window.villages.item(i).text()
    )
    with qtbot.waitSignal(model.loaded, timeout=5_000):
        window.villages.setCurrentRow(khuoi_ky)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["KK-001"]


def test_rows_are_fetched_a_page_at_a_time(started, qtbot):
    window = started(households=450)
    model = window.table.model()
    assert model.total == 452 and model.rowCount() == 200
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 400, timeout=5_000)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 452, timeout=5_000)
    assert not model.canFetchMore()


def first_run(qtbot, folder):
    _app, window = run(["sotn"], data_dir=str(folder.root), exec_=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: hasattr(window, "first_run") and window.first_run.isVisible(), timeout=10_000
    )
    return window, window.first_run


def test_first_run_sets_up_the_commune_chosen_by_typing_without_accents(qtbot, folder):
    window, dialog = first_run(qtbot, folder)
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "Đồng ý"
    dialog.demo.setChecked(False)
    qtbot.keyClicks(dialog.search, "quang uyen")
    assert dialog.choice().commune_code == C
    with qtbot.waitSignal(window.ready, timeout=10_000):
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    ledger = open_ledger(folder.database)
    with ledger.session() as s:
        assert current_commune(s).name == "Xã Quảng Uyên"
    ledger.close()
    assert window.windowTitle().endswith("Xã Quảng Uyên, Cao Bằng")


def test_first_run_refuses_to_go_on_without_a_commune_and_cancel_closes(qtbot, folder):
    window, dialog = first_run(qtbot, folder)
    qtbot.keyClicks(dialog.search, "khong co xa nay")
    dialog._accept()
    assert dialog.isVisible() and "Hãy chọn" in dialog.problem.text()
    dialog.reject()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
