"""The `sotn` command line: one clear line out, Vietnamese errors and a non-zero exit."""

import json
import sqlite3

import pytest

from desktop.cli import main


@pytest.fixture
def run(tmp_path, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(tmp_path / "data"), *argv])
        out, err = capsys.readouterr()
        return code, out.strip(), err.strip()

    return run


def test_init_sets_up_the_commune_once(run):
    code, out, _ = run("init", "--province", "4", "--commune", "1576")
    assert code == 0 and "Xã Quảng Uyên, Cao Bằng" in out
    assert run("init", "--province", "4", "--commune", "1576")[0] == 0
    code, _, err = run("init", "--province", "37", "--commune", "1")
    assert code == 1 and err.startswith("Lỗi:")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["init", "--province", "99", "--commune", "1576"], "Không có tỉnh/thành phố mã 99"),
        (["init", "--province", "4", "--commune", "99999"], "Không có xã/phường mã 99999"),
        (["init", "--province", "1", "--commune", "1576"], "không thuộc"),
        (["init", "--province", "bốn", "--commune", "1576"], "Câu lệnh chưa đúng"),
        (
            ["classify", "--year", "2031", "--area", "rural", "--income", "1", "--deprived", "0"],
            "Chưa có chuẩn nghèo cho năm 2031",
        ),
    ],
)
def test_errors_are_one_vietnamese_line(run, argv, message):
    code, out, err = run(*argv)
    assert code == 1 and out == "" and message in err and "\n" not in err


@pytest.mark.parametrize(
    ("year", "income", "deprived", "category", "standard"),
    [
        ("2026", "1500000", "3", "poor", "nd07-2021"),
        ("2026", "1500000", "employment,latrine", "near_poor", "nd07-2021"),
        ("2026", "2000000", "0", "average", "nd07-2021"),
        ("2027", "2000000", "3", "poor", "nd351-2025"),
        ("2021", "650000", "0", "poor", "qd59-2015"),
    ],
)
def test_classify_json(run, year, income, deprived, category, standard):
    code, out, _ = run(
        "classify",
        "--year",
        year,
        "--area",
        "rural",
        "--income",
        income,
        "--deprived",
        deprived,
        "--json",
    )
    assert code == 0
    assert json.loads(out)["category"] == category and json.loads(out)["standard"] == standard


def test_classify_plain_names_the_category_in_vietnamese(run):
    code, out, _ = run(
        "classify", "--year", "2027", "--area", "urban", "--income", "2800000", "--deprived", "1"
    )
    assert code == 0 and out.startswith("Hộ cận nghèo – chuẩn nghèo theo NĐ 351/2025")
    assert "tạm thời" in out and out.endswith("[near_poor, nd351-2025]")


def test_backup_and_restore_round_trip(run, tmp_path):
    run("init", "--province", "4", "--commune", "1576")
    code, out, _ = run("backup", "--out", str(tmp_path / "sao-luu.sqlite"))
    assert code == 0 and "Đã sao lưu" in out
    code, out, _ = run("restore", str(tmp_path / "sao-luu.sqlite"))
    assert code == 0 and "dữ liệu cũ được giữ" in out
    (tmp_path / "hong.sqlite").write_bytes(b"x" * 50)
    code, _, err = run("restore", str(tmp_path / "hong.sqlite"))
    assert code == 1 and "không phải bản sao lưu" in err


def test_backup_of_an_empty_folder_says_there_is_nothing(run, tmp_path):
    code, _, err = run("backup", "--out", str(tmp_path / "x.sqlite"))
    assert code == 1 and "Chưa có dữ liệu" in err


def test_demo_creates_a_commune_once(run):
    code, out, _ = run("demo", "--households", "30")
    assert code == 0 and "30 hộ" in out and "Xã Quảng Uyên, Cao Bằng" in out
    code, _, err = run("demo", "--households", "30")
    assert code == 1 and "đã có dữ liệu" in err


def test_import_dry_run_then_import_with_report_then_export(run, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "ds.xlsx"
    wb = Workbook()
    wb.active.append(["Họ và tên chủ hộ", "Thôn", "Năm sinh", "Phân loại"])
    wb.active.append(["Lý Thị Dợ", "Bản Mới", 1980, "Hộ nghèo"])
    wb.save(path)
    code, _, err = run("import", str(path))
    assert code == 1 and "Chưa thiết lập xã" in err
    run("init", "--province", "4", "--commune", "1576")
    code, out, _ = run("import", str(path), "--dry-run", "--year", "2026")
    assert code == 0 and out.startswith("Chạy thử: sẽ nhập 1 hộ")
    code, out, _ = run("import", str(path), "--year", "2026", "--report", str(tmp_path / "r.xlsx"))
    assert code == 0 and out.startswith("Đã nhập 1 hộ") and (tmp_path / "r.xlsx").exists()
    code, out, _ = run("export", "households", "--out", str(tmp_path / "ho.xlsx"))
    assert code == 0 and out.startswith("Đã xuất 1 dòng")


def test_a_broken_excel_file_is_one_line_and_writes_nothing(run, tmp_path):
    run("init", "--province", "4", "--commune", "1576")
    (tmp_path / "hong.xlsx").write_bytes(b"not excel")
    code, out, err = run("import", str(tmp_path / "hong.xlsx"))
    assert code == 1 and out == "" and err.startswith("Lỗi: Tệp hong.xlsx bị hỏng")


def test_init_with_an_unknown_commune_creates_nothing(run, tmp_path):
    code, _, err = run("init", "--province", "4", "--commune", "99999")
    assert code == 1 and "Không có xã/phường mã 99999" in err
    assert not (tmp_path / "data").exists()


def sotn(tmp_path, *argv, timeout=120):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--data-dir", str(tmp_path / "data"), *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_restoring_the_live_file_itself_is_refused_at_once(run, tmp_path):
    run("init", "--province", "4", "--commune", "1576")
    done = sotn(tmp_path, "restore", str(tmp_path / "data" / "ledger.sqlite"), timeout=60)
    assert done.returncode == 1 and "chính là sổ dữ liệu đang dùng" in done.stderr


def test_a_backup_onto_the_live_file_is_refused(run, tmp_path):
    run("init", "--province", "4", "--commune", "1576")
    live = tmp_path / "data" / "ledger.sqlite"
    code, _, err = run("backup", "--out", str(live))
    assert code == 1 and "chính là sổ dữ liệu đang dùng" in err
    with sqlite3.connect(live) as conn:
        assert conn.execute("SELECT name FROM commune").fetchone() == ("Xã Quảng Uyên",)


def test_restoring_another_communes_backup_is_refused(run, tmp_path):
    run("init", "--province", "4", "--commune", "1576")
    other = tmp_path / "khac"
    assert main(["--data-dir", str(other), "init", "--province", "4", "--commune", "1273"]) == 0
    code, _, err = run("restore", str(other / "ledger.sqlite"))
    assert code == 1 and "không phải của Xã Quảng Uyên" in err
    assert run("backup", "--out", str(tmp_path / "b.sqlite"))[0] == 0


def test_restoring_an_older_backup_says_what_is_lost_and_needs_yes(run, tmp_path):
    from openpyxl import Workbook

    run("init", "--province", "4", "--commune", "1576")
    run("backup", "--out", str(tmp_path / "cu.sqlite.gz"))
    path = tmp_path / "ds.xlsx"
    wb = Workbook()
    wb.active.append(["Họ và tên chủ hộ", "Thôn", "Năm sinh", "Phân loại"])
    wb.active.append(["Lý Thị Dợ", "Bản Mới", 1980, "Hộ nghèo"])
    wb.save(path)
    assert run("import", str(path), "--year", "2026")[0] == 0
    code, _, err = run("restore", str(tmp_path / "cu.sqlite.gz"))
    assert code == 1 and "sẽ mất" in err and "1 hộ" in err and "--yes" in err
    code, out, _ = run("export", "households", "--out", str(tmp_path / "ho.xlsx"))
    assert out.startswith("Đã xuất 1 dòng")  # nothing was restored
    code, out, _ = run("restore", str(tmp_path / "cu.sqlite.gz"), "--yes")
    assert code == 0 and "dữ liệu cũ được giữ tại" in out and "truoc-phuc-hoi-" in out
    code, out, _ = run("export", "households", "--out", str(tmp_path / "ho.xlsx"))
    assert out.startswith("Đã xuất 0 dòng")


@pytest.mark.parametrize("command", ["export", "backup"])
def test_bad_output_places_are_one_vietnamese_line_and_leave_nothing(run, tmp_path, command):
    run("init", "--province", "4", "--commune", "1576")
    argv = ["export", "households"] if command == "export" else ["backup"]
    folder = tmp_path / "ra"
    folder.mkdir()
    for out, message in (
        (str(folder), "là một thư mục"),
        ("", "Chưa có tên tệp"),
        ("   ", "Chưa có tên tệp"),
        (str(tmp_path / "khong-co" / "x.xlsx"), "chưa có; hãy tạo thư mục"),
    ):
        code, stdout, err = run(*argv, "--out", out)
        assert code == 1 and stdout == "" and message in err and "\n" not in err, (out, err)
        assert "Errno" not in err and "Traceback" not in err
    assert list(folder.iterdir()) == [] and not (tmp_path / "khong-co").exists()
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_an_unwritable_place_is_said_to_be_read_only(run, tmp_path, mounts):
    run("init", "--province", "4", "--commune", "1576")
    usb = tmp_path / "usb"
    usb.mkdir()
    mounts.read_only(usb)
    for argv in (["backup"], ["export", "households"]):
        code, _, err = run(*argv, "--out", str(usb / "x.xlsx"))
        assert code == 1 and "chỉ cho phép đọc" in err and "bị hỏng" not in err


def test_a_full_disk_during_a_bulk_write_is_said_to_be_full(tmp_path, capsys, mounts):
    """SQLite rolls the whole transaction back on a full disk: the bulk path's clean-up must not
    then replace "disk full" with a bug about triggers that the rollback already restored."""
    disk = mounts.small_disk(tmp_path / "usb", "12m")
    data = ["--data-dir", str(disk / "data")]
    assert main([*data, "init", "--province", "4", "--commune", "1576"]) == 0
    capsys.readouterr()
    code = main([*data, "demo", "--households", "8000"])  # fills it mid-transaction
    err = capsys.readouterr().err.strip()
    assert code == 1 and "đã đầy" in err and "phần mềm" not in err, err
    with sqlite3.connect(disk / "data" / "ledger.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM household").fetchone() == (0,)
        triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "household_search_ai" in triggers


def test_a_full_disk_while_the_writer_thread_imports_is_said_to_be_full(tmp_path, capsys, mounts):
    """The import writes on a thread of its own: the full disk it meets reaches the officer as
    a full disk, and nothing of the list stays behind."""
    from openpyxl import Workbook

    disk = mounts.small_disk(tmp_path / "usb", "12m")
    data = ["--data-dir", str(disk / "data")]
    assert main([*data, "init", "--province", "4", "--commune", "1576"]) == 0
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["DANH SÁCH HỘ NGHÈO NĂM 2026"])
    sheet.append(["STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn", "Số CCCD", "Ghi chú"])
    for n in range(1, 12_001):
        cid = f"0041{n % 90 + 10:02d}{n:06d}"
        sheet.append([n, f"NL-{n:05d}", f"Nông Văn {n}", f"Thôn {n % 9}", cid, "x" * 400])
    book.save(tmp_path / "danh-sach.xlsx")
    capsys.readouterr()
    code = main([*data, "import", str(tmp_path / "danh-sach.xlsx")])
    err = capsys.readouterr().err
    failed = [line for line in err.splitlines() if line.startswith("Lỗi")]  # not the backup's
    assert code == 1 and len(failed) == 1, err
    assert "đã đầy" in failed[0] and "không ghi được dữ liệu" in failed[0], err
    with sqlite3.connect(disk / "data" / "ledger.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM household").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM village").fetchone() == (0,)
        triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "household_search_ai" in triggers


def test_a_bug_is_logged_with_its_traceback_and_said_to_be_a_bug(run, tmp_path, monkeypatch):
    from desktop import cli

    def broken(_args, _folder):
        return {}["khong-co"]

    monkeypatch.setitem(cli.COMMANDS, "classify", broken)
    code, _, err = run(
        "classify", "--year", "2026", "--area", "rural", "--income", "1", "--deprived", "0"
    )
    assert code == 2 and "lỗi của phần mềm" in err and "\n" not in err
    log = (tmp_path / "data" / "logs" / "sotn.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "KeyError" in log


@pytest.mark.parametrize(
    "income", ["1500000", "1.500.000", "1,500,000", "1,5 triệu", "1.500.000 đ"]
)
def test_classify_reads_income_as_officers_write_it(run, income):
    code, out, _ = run(
        "classify", "--year", "2026", "--area", "rural", "--income", income, "--deprived", "3"
    )
    assert code == 0 and out.startswith("Hộ nghèo – ")


def test_a_2026_classification_says_decree_07_applies_until_the_end_of_2026(run):
    code, out, _ = run(
        "classify", "--year", "2026", "--area", "rural", "--income", "1.600.000", "--deprived", "0"
    )
    assert code == 0
    assert out.startswith(
        "Hộ có mức sống trung bình – chuẩn nghèo theo NĐ 07/2021 (áp dụng đến hết năm 2026)"
    )
    assert "danh sách năm 2026, rà soát cuối năm 2025" in out


@pytest.mark.parametrize("income", ["abc", "-5", ""])
def test_an_income_that_is_not_money_is_one_vietnamese_line(run, income):
    code, out, err = run(
        "classify", "--year", "2026", "--area", "rural", f"--income={income}", "--deprived", "0"
    )
    assert code == 1 and out == "" and err.startswith("Lỗi: --income") and "\n" not in err


def test_the_demo_seed_is_called_so_in_vietnamese(capsys):
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    text = capsys.readouterr().out
    assert "số khởi tạo" in text and "hạt giống" not in text
