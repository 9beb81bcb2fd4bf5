"""Reading a commune's Excel list: finding the header under title rows and matching its columns.

Lists are typed by hand for years: the header may sit below several title rows and merged cells,
span two lines ("Năm sinh" over "Nam" | "Nữ"), and name a column in many ways. Matching folds
case, diacritics and punctuation and looks names up in `resources/excel/columns.yaml`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from desktop.ledger.errors import LedgerError
from desktop.ledger.resources import load_yaml
from desktop.ledger.rules.text import fold

HEADER_SEARCH_ROWS = 30
Cells = tuple[Any, ...]


class ExcelError(LedgerError):
    """The file cannot be read as a list; the message is Vietnamese."""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[Cells]  # every row of the sheet, first row at index 0


@dataclass(frozen=True)
class Header:
    first_row: int  # index of the header's first line
    last_row: int  # index of its last line; data starts after it
    columns: dict[str, int]  # field → column index
    labels: list[str]  # folded label of every column


def read_sheet(path: Path) -> Sheet:
    """The first sheet's values; a file Excel cannot open gives one clear message."""
    if not path.is_file():
        raise ExcelError(f"Không tìm thấy tệp {path}.")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ExcelError(
            f"Không đọc được tệp Excel {path.name}: tệp hỏng hoặc không phải .xlsx ({exc})."
        ) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise ExcelError(f"Tệp {path.name} không có trang tính nào.")
        rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        return Sheet(sheet.title, rows)
    finally:
        workbook.close()


@cache
def _aliases() -> dict[str, str]:
    """Folded column name → field."""
    index: dict[str, str] = {}
    for field, names in load_yaml("excel", "columns.yaml").items():
        for name in names:
            index.setdefault(fold(name), field)
    return index


def exact_field(label: str) -> str | None:
    return _aliases().get(label)


def match_label(label: str) -> str | None:
    if not label:
        return None
    aliases = _aliases()
    if label in aliases:
        return aliases[label]
    # "Họ và tên chủ hộ (ghi rõ)" still names the head: the longest known name it starts with.
    best = max((a for a in aliases if label.startswith(a + " ")), key=len, default=None)
    return aliases[best] if best else None


def cell_text(value: Any) -> str:
    return fold(str(value)) if value is not None else ""


def labels_of(top: Cells, bottom: Cells | None) -> list[str]:
    """Column labels from one header line, or two with the upper one's merged groups spread."""
    width = max(len(top), len(bottom or ()))
    labels, group = [], ""
    for i in range(width):
        upper = cell_text(top[i]) if i < len(top) else ""
        lower = cell_text(bottom[i]) if bottom and i < len(bottom) else ""
        if bottom is None:
            labels.append(upper)
            continue
        if upper:
            group = upper if lower else ""
        elif not lower:
            group = ""
        labels.append(f"{group or upper} {lower}".strip() if lower else upper)
    return labels


def columns_of(labels: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, label in enumerate(labels):
        field = match_label(label)
        if field and field not in columns:
            columns[field] = i
    # "Nam" | "Nữ" side by side without a group header: birth years by sex.
    for i, label in enumerate(labels[:-1]):
        if label == "nam" and labels[i + 1] == "nu":
            columns.pop("year", None)
            columns.setdefault("birth_male", i)
            columns.setdefault("birth_female", i + 1)
    return columns


def _score(columns: dict[str, int]) -> int:
    return len(columns) + (3 if "head_name" in columns else 0)


def find_header(sheet: Sheet) -> Header:
    best: Header | None = None
    for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        below = sheet.rows[i + 1] if i + 1 < len(sheet.rows) else None
        for bottom, last in ((None, i), (below, i + 1)):
            labels = labels_of(row, bottom)
            columns = columns_of(labels)
            candidate = Header(i, last, columns, labels)
            if best is None or _score(columns) > _score(best.columns):
                best = candidate
    if best is None or "head_name" not in best.columns:
        raise ExcelError(
            "Không tìm thấy dòng tiêu đề có cột “Họ và tên chủ hộ” trong "
            f"{HEADER_SEARCH_ROWS} dòng đầu của trang tính."
        )
    return best


_YEAR_IN_TITLE = re.compile(r"\bnam (20\d\d)\b")


def year_in_title(sheet: Sheet, header: Header) -> int | None:
    """A year written in the title rows, such as "DANH SÁCH HỘ NGHÈO NĂM 2025"."""
    for row in sheet.rows[: header.first_row]:
        for value in row:
            found = _YEAR_IN_TITLE.search(cell_text(value))
            if found:
                return int(found.group(1))
    return None
