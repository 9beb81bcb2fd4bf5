"""A province's own, higher standard (Decree 07/2021 Art. 3; Decree 351/2025): used wherever the
commune's classifications are made, stored under its own exact id, merged band by band."""

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.ledger.rules.classify import classify_household
from desktop.ledger.rules.standards import StandardError, load_standards, standard_for

# Cao Bằng raising only the rural poverty line of Decree 07/2021 (an example, not a real decision).
RURAL_ONLY = """
extends: nd07-2021
province_code: 4
source: "Quyết định số 99/QĐ-UBND tỉnh Cao Bằng (ví dụ trong kiểm thử)"
areas:
  rural:
    - {income_max: 1800000, if_deprived: poor, otherwise: near_poor}
"""


@pytest.fixture
def own(tmp_path: Path) -> Path:
    folder = tmp_path / "standards"
    folder.mkdir()
    (folder / "cao-bang.yaml").write_text(RURAL_ONLY, encoding="utf-8")
    return folder


def test_a_province_file_without_an_id_gets_its_own(own):
    standards = load_standards(own)
    mine = standard_for(2024, standards, province_code=4)
    national = standard_for(2024, standards)
    assert mine.id == "nd07-2021-tinh-4" != national.id
    assert mine.province_code == 4 and national.province_code is None
    assert "tỉnh" in mine.name and mine.source.startswith("Quyết định số 99/QĐ-UBND")


@pytest.mark.parametrize(
    ("area", "income", "deprived", "expected"),
    [
        # rural: the province's line 1,800,000; the national average ceiling 2,250,000 is kept
        ("rural", 1_800_000, 3, "poor"),
        ("rural", 1_800_000, 2, "near_poor"),
        ("rural", 1_800_001, 5, "average"),
        ("rural", 2_250_000, 0, "average"),
        ("rural", 2_250_001, 0, "other"),
        # urban untouched: Decree 07/2021's 2,000,000 and 3,000,000
        ("urban", 2_000_000, 3, "poor"),
        ("urban", 2_000_001, 3, "average"),
        ("urban", 3_000_000, 0, "average"),
        ("urban", 3_000_001, 0, "other"),
    ],
)
def test_overriding_one_band_of_one_area_keeps_everything_else(
    own, area, income, deprived, expected
):
    result = classify_household(
        year=2025,
        area=area,
        income=income,
        deprivations=deprived,
        province_code=4,
        standards_dir=own,
    )
    assert (result.category, result.standard.id) == (expected, "nd07-2021-tinh-4")


def test_the_years_of_the_national_standard_carry_over(own):
    standards = load_standards(own)
    assert standard_for(2026, standards, 4).id == "nd07-2021-tinh-4"
    assert standard_for(2027, standards, 4).id == "nd351-2025"  # nothing of its own for 2027


def test_a_line_above_the_kept_ceiling_is_refused_naming_the_file(tmp_path):
    (tmp_path / "sai.yaml").write_text(
        "extends: nd07-2021\nprovince_code: 4\nareas:\n  rural:\n"
        "    - {income_max: 2400000, if_deprived: poor, otherwise: near_poor}\n",
        encoding="utf-8",
    )
    with pytest.raises(StandardError, match=r"sai\.yaml.*tăng dần"):
        load_standards(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("extends: nd07-2021\nareas: {}\n", "province_code"),
        ("extends: nd07-2021\nid: nd07-2021\nprovince_code: 4\n", "mã 'nd07-2021' là của chuẩn"),
        ("extends: nd99\nprovince_code: 4\n", "không phải chuẩn quốc gia"),
    ],
)
def test_ambiguous_province_files_are_refused(tmp_path, text, message):
    (tmp_path / "tinh.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(StandardError, match=message):
        load_standards(tmp_path)


def _write_list(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025"])
    sheet.append(
        [
            "STT",
            "Họ và tên chủ hộ",
            "Thôn",
            "Phân loại",
            "Thu nhập bình quân đầu người",
            "Số chỉ số thiếu hụt",
        ]
    )
    sheet.append([1, "Nông Văn Dũng", "Nà Lẹng", "Hộ nghèo", 1_700_000, 4])
    book.save(path)
    return path


def test_the_command_line_gives_the_answer_the_app_stored(tmp_path, own, capsys):
    """`sotn classify` and the app's import use the commune's province standard alike."""
    from sqlmodel import select

    from desktop.ledger.excel.households_import import import_households
    from desktop.ledger.paths import DataFolder
    from desktop.ledger.records import Classification
    from desktop.ledger.storage import open_ledger

    data = DataFolder(tmp_path / "data")
    assert main(["--data-dir", str(data.root), "init", "--province", "4", "--commune", "1576"]) == 0
    own.rename(data.standards)
    ledger = open_ledger(data.database)
    try:
        result = import_households(ledger, _write_list(tmp_path / "ds.xlsx"), officer="t")
        with ledger.session() as s:
            stored = s.exec(select(Classification)).one()
    finally:
        ledger.close()
    assert not any("khác phân loại" in w for row in result.rows for w in row.warnings)
    capsys.readouterr()
    argv = [
        "classify",
        "--year",
        "2025",
        "--area",
        "rural",
        "--income",
        "1.700.000",
        "--deprived",
        "4",
        "--json",
    ]
    assert main(["--data-dir", str(data.root), *argv]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert (answer["category"], answer["standard"]) == (stored.category, stored.standard_id)
    assert (stored.category, stored.standard_id) == ("poor", "nd07-2021-tinh-4")
