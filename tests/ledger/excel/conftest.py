"""Building the messy Excel lists communes really keep."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook


def write_list(path: Path, rows: list[list], merges: list[str] = ()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    workbook.save(path)
    return path


NFD = unicodedata.normalize("NFD", "Hoàng Thị Mai")


@pytest.fixture
def messy_list(tmp_path: Path) -> Path:
    """Title rows, a two-line header with birth years under Nam/Nữ, village headings, subtotals,
    numbers for IDs, decomposed text, duplicates, bad values, and a signature block."""
    rows = [
        ["UBND XÃ QUẢNG UYÊN", None, None, None, None, None, None, None],
        ["DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025", None, None, None, None, None, None, None],
        [None] * 8,
        ["STT", "Họ và tên chủ hộ", "Năm sinh", None, "Dân tộc", "Số CCCD", "Phân loại", "Ghi chú"],
        [None, None, "Nam", "Nữ", None, None, None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        ["I. XÓM NÀ LẸNG", None, None, None, None, None, None, None],  # row 7
        [1, "Nông Văn Dũng", 1975, None, "Tày", 4075001234, "Hộ nghèo", None],  # 8
        [2, NFD, None, "12/03/1980", "Nùng", "004180005678", "HCN", None],  # 9
        [3, "Lục Văn Tám", "1962", None, "Mông", None, "hộ cận nghèo", None],  # 10: H'Mông
        ["Cộng xóm Nà Lẹng: 3 hộ", None, None, None, None, None, None, None],  # 11
        [None] * 8,  # 12
        ["II. Bản Khuổi Ky", None, None, None, None, None, None, None],  # 13
        [4, "Sùng A Pháo", 1990, None, "H'Mông", 4090123456, "Hộ nghèo", None],  # 14: 10 digits
        [5, "", 1985, None, "Dao", None, "Hộ nghèo", None],  # 15: no name
        [6, "Triệu Thị Hoa", None, "31/02/1988", "Dao", "12AB", "giàu", None],  # 16: 3 problems
        [7, "Nông Văn Dũng", 1975, None, "Tày", "004075001234", "Hộ nghèo", None],  # 17: dup of 8
        [8, "Bế Văn Ân", datetime(1970, 5, 1), None, "Rục", None, "Hộ nghèo", "mới"],  # 18
        ["Tổng cộng", None, None, None, None, None, None, None],  # 19
        [None, None, None, None, "Quảng Uyên, ngày 20 tháng 12 năm 2025", None, None, None],  # 20
        ["Người lập biểu", None, None, None, "TM. UBND XÃ", None, None, None],  # 21
        [None, None, None, None, "CHỦ TỊCH", None, None, None],  # 22
        ["Hoàng Văn Lập", None, None, None, "Lương Văn Chủ", None, None, None],  # 23
    ]
    return write_list(tmp_path / "danh-sach.xlsx", rows, ["A1:H1", "A2:H2", "C4:D4"])
