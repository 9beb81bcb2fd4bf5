"""The row-by-row import report, as an Excel file an officer can filter and print.

Written in openpyxl's write-only mode: a 100,000-row report streams to disk instead of
holding every cell object in memory.
"""

from __future__ import annotations

import errno
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from desktop.ledger.excel.import_result import ImportResult
from desktop.ledger.excel.writing import save_atomically

HEADERS = ["Dòng", "Kết quả", "Lý do", "Cảnh báo", "Mã hộ", "Họ tên", "Thôn/xóm"]
WIDTHS = [8, 12, 60, 50, 12, 28, 22]
_KINDS = {"xlsx": "Excel .xlsx", "xls": "Excel 97–2003 .xls", "ods": "LibreOffice .ods"}


_OS_REASONS = {
    errno.ENOENT: "thư mục không tồn tại",
    errno.ENOTDIR: "đường dẫn đi qua một tệp, không phải thư mục",
    errno.EISDIR: "đó là một thư mục",
    errno.EACCES: "không có quyền ghi vào đó",
    errno.EPERM: "không có quyền ghi vào đó",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOSPC: "ổ đĩa đã đầy",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be written, in Vietnamese (the OS's own text is English)."""
    return _OS_REASONS.get(exc.errno or 0, f"lỗi hệ thống {exc.errno or type(exc).__name__}")


def write_report(result: ImportResult, path: Path) -> Path:
    # Fail before the write-only sheet opens its temporary file, so nothing is left behind.
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Kết quả nhập")
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A3"
    title = WriteOnlyCell(sheet, f"KẾT QUẢ NHẬP DANH SÁCH HỘ — {result.summary()}")
    title.font = Font(bold=True, size=12)
    sheet.append([title])
    bold = Font(bold=True)
    sheet.append([_styled(sheet, h, bold) for h in HEADERS])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in result.rows:
        reasons, warnings = "; ".join(row.reasons), "; ".join(row.warnings)
        sheet.append(
            [
                row.row,
                row.outcome.value,
                _styled(sheet, reasons, alignment=wrap) if reasons else None,
                _styled(sheet, warnings, alignment=wrap) if warnings else None,
                _text(sheet, row.code),
                _text(sheet, row.name),
                _text(sheet, row.village),
            ]
        )
    sheet.auto_filter.ref = f"A2:G{len(result.rows) + 2}"
    _about(workbook, result)
    return save_atomically(workbook, path)


def _about(workbook: Workbook, result: ImportResult) -> None:
    """What was understood of the file: its kind, year, columns and old-font conversions."""
    sheet = workbook.create_sheet("Tệp đã đọc")
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 80
    kind = _KINDS.get(result.file_kind, f"CSV ({result.encoding})")
    year = (
        f"{result.year} ({result.year_source})"
        if result.year
        else "không rõ: dùng --year hoặc chọn năm khi nhập"
    )
    lines = [
        ("Loại tệp", kind),
        ("Năm áp dụng của danh sách", year),
        ("Dòng tiêu đề", result.header_row),
    ]
    lines += [(f"Cột “{label}”", f"đọc thành {field}") for field, label in result.columns.items()]
    for c in result.conversions:
        lines.append((f"Cột {c.column}", f"{c.cells} ô chuyển từ phông {c.encoding} sang Unicode"))
    for name, value in lines:
        sheet.append([name, value])


def _styled(sheet, value: str, font: Font | None = None, alignment: Alignment | None = None):  # type: ignore[no-untyped-def]
    cell = WriteOnlyCell(sheet, value)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _text(sheet, value: str | None):  # type: ignore[no-untyped-def]
    # A name or code starting with "=" is text, never a formula in the officer's Excel.
    if not value or value[0] != "=":
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell
