"""The `sotn` command line: one clear line out, Vietnamese errors and a non-zero exit."""

import json

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
    assert code == 1 and out == "" and err.startswith("Lỗi: Không đọc được tệp Excel hong.xlsx")
