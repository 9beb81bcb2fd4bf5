"""Reading a commune's Excel list: finding the header under title rows and matching its columns.

Lists are typed by hand for years: the header may sit below several title rows and merged cells,
span two lines ("Năm sinh" over "Nam" | "Nữ"), and name a column in many ways. Matching folds
case, diacritics and punctuation and looks names up in `resources/excel/columns.yaml`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from desktop.ledger.excel.sources import Cells, ExcelError, read_all
from desktop.ledger.resources import load_yaml
from desktop.ledger.rules.text import fold, normalize_text

HEADER_SEARCH_ROWS = 30
__all__ = ["Cells", "ExcelError", "Header", "Sheet", "find_header", "read_sheet"]


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
    # Every column's title as the file has it (old fonts converted), for the officer to read.
    titles: list[str] = dataclasses.field(default_factory=list)


def read_sheet(path: Path) -> Sheet:
    """The first sheet's values at once (small files); imports stream with `open_sheet`."""
    stream, rows = read_all(path)
    return Sheet(stream.name, rows)


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


def as_written(value: Any) -> str:
    return normalize_text(str(value)) if value is not None else ""


def labels_of(
    top: Cells, bottom: Cells | None, text: Callable[[Any], str] = cell_text
) -> list[str]:
    """Column labels from one header line, or two with the upper one's merged groups spread;
    folded unless `text` says otherwise."""
    width = max(len(top), len(bottom or ()))
    labels, group = [], ""
    for i in range(width):
        upper = text(top[i]) if i < len(top) else ""
        lower = text(bottom[i]) if bottom and i < len(bottom) else ""
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
    rows = sheet.rows
    below = rows[best.first_row + 1] if best.last_row > best.first_row else None
    return replace(best, titles=labels_of(rows[best.first_row], below, as_written))


_YEAR_IN_TITLE = re.compile(r"\bnam (20\d\d)\b")
_SIGNING_DATE = re.compile(r"\bthang \d{1,2} nam (20\d\d)\b")  # "ngày 15 tháng 12 năm 2025"
_REVIEW = re.compile(r"\bra soat\b")


@dataclass(frozen=True)
class ListYear:
    year: int
    source: str  # where it was read, said in the report


def year_in_title(sheet: Sheet, header: Header) -> int | None:
    found = list_year_in_title(sheet, header)
    return found.year if found else None


def list_year_in_title(sheet: Sheet, header: Header) -> ListYear | None:
    """The year the list applies to, from its title ("DANH SÁCH HỘ NGHÈO NĂM 2026").

    A signing date ("ngày 15 tháng 12 năm 2025") is never the list's year; a title that names
    the review ("KẾT QUẢ RÀ SOÁT … NĂM 2025") names the year before the list applies.
    """
    for row in sheet.rows[: header.first_row]:
        for value in row:
            if not isinstance(value, str):
                continue
            text = cell_text(value)
            without_dates = _SIGNING_DATE.sub(" ", text)
            found = _YEAR_IN_TITLE.search(without_dates)
            if not found:
                continue
            year = int(found.group(1))
            if _REVIEW.search(without_dates[: found.start()]) and "danh sach" not in text:
                return ListYear(year + 1, f"rà soát năm {year} → danh sách năm {year + 1}")
            return ListYear(year, f"tiêu đề “{value.strip()[:80]}”")
    return None
