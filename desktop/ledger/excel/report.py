"""The row-by-row import report, as an Excel file an officer can filter and print."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from desktop.ledger.excel.households_import import ImportResult
from desktop.ledger.excel.writing import save_atomically

HEADERS = ["Dòng", "Kết quả", "Lý do", "Cảnh báo", "Mã hộ", "Họ tên chủ hộ", "Thôn/xóm"]
WIDTHS = [8, 12, 60, 50, 12, 28, 22]


def write_report(result: ImportResult, path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả nhập"
    sheet.append([f"KẾT QUẢ NHẬP DANH SÁCH HỘ — {result.summary()}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in result.rows:
        sheet.append(
            [
                row.row,
                row.outcome.value,
                "; ".join(row.reasons),
                "; ".join(row.warnings),
                row.code,
                row.name,
                row.village,
            ]
        )
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line[2:4]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:G{sheet.max_row}"
    return save_atomically(workbook, path)
