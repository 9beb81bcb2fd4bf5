"""How an import writes: one writer transaction (two imports at once cannot both add a household),
streamed with progress, cancelled with nothing written, and a committed import is never called
failed because its report could not be written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import func, select

from desktop.ledger.excel.households_import import (
    ImportCancelled,
    Outcome,
    import_households,
)
from desktop.ledger.records import ChangeEntry, Household, Member, Village
from desktop.ledger.storage import open_ledger

from .files import write_xlsx

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def run(tmp_path, capsys):
    from desktop.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(tmp_path / "data"), *argv])
        out, err = capsys.readouterr()
        return code, out.strip(), err.strip()

    return run


def _big_list(path: Path, households: int) -> Path:
    rows: list[list[object]] = [
        ["DANH SÁCH HỘ NGHÈO NĂM 2026"],
        ["Mã hộ", "Họ và tên chủ hộ", "Thôn", "Năm sinh", "Số CCCD", "Phân loại"],
    ]
    for n in range(households):
        village = f"Xóm {n % 7 + 1}"
        rows.append([f"H-{n:05d}", f"Người {n}", village, 1970, f"0041700{n:05d}", "Hộ nghèo"])
    return write_xlsx(path, rows)


def _sotn(data: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "SOTN_OFFICER": "test"}
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.cli", "--data-dir", str(data), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_two_imports_at_once_add_each_household_once(tmp_path):
    data = tmp_path / "data"
    init = _sotn(data, "init", "--province", "4", "--commune", "1576")
    said = init.communicate(timeout=120)
    assert init.returncode == 0, said
    path = _big_list(tmp_path / "ds.xlsx", 1500)
    first, second = _sotn(data, "import", str(path)), _sotn(data, "import", str(path))
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    said = [out + err for out, err in outputs]
    assert any("Đã nhập 1500 hộ" in s for s in said), said
    # The other one waited for the first and refused every row, or said the ledger was busy.
    assert any(
        ("Đã nhập 0 hộ" in s and "từ chối 1500 dòng" in s) or "Sổ đang được ghi" in s for s in said
    ), said
    ledger = open_ledger(data / "ledger.sqlite")
    try:
        with ledger.session() as s:
            assert s.exec(select(func.count()).select_from(Household)).one() == 1500
            ids = s.exec(select(Member.citizen_id)).all()
            assert len(ids) == len(set(ids)) == 1500
            assert s.exec(select(func.count()).select_from(Village)).one() == 7
    finally:
        ledger.close()


def test_progress_is_reported_as_rows_go_by(ledger, tmp_path):
    path = _big_list(tmp_path / "ds.xlsx", 4500)
    seen: list[tuple[int, int | None]] = []
    result = import_households(
        ledger, path, officer="lan", progress=lambda done, total: seen.append((done, total))
    )
    assert result.count(Outcome.imported) == 4500
    assert len(seen) >= 3 and seen[-1] == (4502, 4502)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_cancelled_import_writes_nothing(ledger, tmp_path):
    path = _big_list(tmp_path / "ds.xlsx", 4500)
    calls: list[int] = []

    def progress(done: int, total: int | None) -> None:
        calls.append(done)

    # Cancelled after the first batch was written inside the transaction.
    with pytest.raises(ImportCancelled, match="không có gì được ghi"):
        import_households(
            ledger, path, officer="lan", progress=progress, cancelled=lambda: bool(calls)
        )
    assert calls
    with ledger.session() as s:
        assert s.exec(select(func.count()).select_from(Household)).one() == 0
        assert s.exec(select(func.count()).select_from(Village)).one() == 0
        assert s.exec(select(func.count()).where(ChangeEntry.entity != "commune")).one() == 0


@pytest.mark.parametrize("where", ["a-file/bao-cao.xlsx", "a-folder"])
def test_an_import_whose_report_cannot_be_written_still_says_it_imported(run, tmp_path, where):
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-folder").mkdir()
    run("init", "--province", "4", "--commune", "1576")
    path = _big_list(tmp_path / "ds.xlsx", 3)
    code, out, err = run("import", str(path), "--report", str(tmp_path / where))
    assert code == 0, err
    assert out.startswith("Đã nhập 3 hộ")
    assert "Không ghi được báo cáo" in out and "ĐÃ được nhập vào sổ: đừng nhập lại" in out
    assert not list(tmp_path.glob("**/.*.tmp"))
    code, out, _ = run("import", str(path))
    assert "Đã nhập 0 hộ" in out  # and indeed they are there
