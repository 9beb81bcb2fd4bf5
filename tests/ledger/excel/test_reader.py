"""Finding the header and matching columns as lists really name them."""

import pytest

from desktop.ledger.excel.reader import Sheet, find_header, match_label, year_in_title
from desktop.ledger.rules.text import fold


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Họ và tên chủ hộ", "head_name"),
        ("HỌ TÊN CHỦ HỘ (ghi rõ)", "head_name"),
        ("Số CMND/CCCD", "citizen_id"),
        ("Số định danh cá nhân", "citizen_id"),
        ("HN/HCN", "category"),
        ("Thôn/xóm", "village"),
        ("SĐT", "phone"),
        ("TNBQ", "income"),
        ("Dân tộc", "ethnicity"),
        ("Mã hộ", "code"),
        ("Ghi chú", "note"),
        ("Tên thôn", None),
    ],
)
def test_column_names_are_matched_loosely(label, field):
    assert match_label(fold(label)) == field


def test_header_under_titles_with_a_two_line_birth_year_group():
    sheet = Sheet(
        "x",
        [
            ("DANH SÁCH HỘ CẬN NGHÈO NĂM 2026", None, None, None),
            ("STT", "Họ và tên chủ hộ", "Năm sinh", None),
            (None, None, "Nam", "Nữ"),
            (1, "Lý A Sình", 1980, None),
        ],
    )
    header = find_header(sheet)
    assert (header.first_row, header.last_row) == (1, 2)
    assert header.columns == {"ordinal": 0, "head_name": 1, "birth_male": 2, "birth_female": 3}
    assert year_in_title(sheet, header) == 2026


def test_side_by_side_nam_nu_columns_without_a_group_are_birth_years():
    header = find_header(
        Sheet(
            "x",
            [
                ("Chủ hộ", "Nam", "Nữ", "Năm"),
            ],
        )
    )
    assert header.columns["birth_male"] == 1 and header.columns["birth_female"] == 2
