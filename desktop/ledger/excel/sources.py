"""Opening whatever file an officer brings as rows of cells: .xlsx, .xls, .ods (read by calamine,
a Rust reader) and CSV in the encodings Excel writes. Anything else gets one Vietnamese line.

Rows are streamed: a 100,000-row list is never held as Python objects all at once. Text typed
in the old TCVN3 or VNI fonts is converted to Unicode here, before the header is looked for,
and every conversion is counted per column for the report.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import python_calamine as calamine

from desktop.ledger.errors import LedgerError
from desktop.ledger.excel.legacy_text import LegacyText
from desktop.ledger.rules.text import normalize_text

Cells = tuple[Any, ...]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


class ExcelError(LedgerError):
    """The file cannot be read as a list; the message is Vietnamese."""


class Uncomputed:
    """A formula cell saved without its value (the file was made by a program, not Excel)."""

    def __str__(self) -> str:
        return "(công thức chưa có giá trị)"


UNCOMPUTED = Uncomputed()


@dataclass
class SheetStream:
    """The first sheet of a file, row by row. `rows` may be iterated once."""

    name: str
    kind: str  # "xlsx", "xls", "ods", "csv"
    total_rows: int | None
    rows: Iterator[Cells]
    merges: list[tuple[int, int, int, int]]  # first row, first column, last row, last column
    encoding: str | None = None  # CSV only: how the text was encoded
    converted: Counter[tuple[int, str]] = field(default_factory=Counter)  # (column, font) → cells


def open_sheet(path: Path) -> SheetStream:
    """The file's first sheet, whatever its format; one clear message when it is no list."""
    if not path.is_file():
        raise ExcelError(f"Không tìm thấy tệp {path}.")
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        raise ExcelError(f"Không mở được tệp {path.name}: {exc.strerror or exc}.") from exc
    if not head:
        raise ExcelError(f"Tệp {path.name} rỗng.")
    kind = _kind(path, head)
    if kind == "csv":
        return _csv_sheet(path)
    return _workbook_sheet(path, kind)


def _kind(path: Path, head: bytes) -> str:
    name = path.name
    if head.startswith(_OLE):
        if _encrypted_package(path):
            raise ExcelError(_password(name))
        if b"W\x00o\x00r\x00d\x00D\x00o\x00c" in _ole_directory(path):
            raise ExcelError(_not_a_list(name, "văn bản Word (.doc)"))
        return "xls"
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                if "mimetype" in names and z.read("mimetype").strip() == _ODS:
                    return "ods"
        except (zipfile.BadZipFile, OSError, KeyError) as exc:
            raise ExcelError(f"Tệp {name} bị hỏng (không giải nén được).") from exc
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
        if any(n.startswith("word/") for n in names):
            raise ExcelError(_not_a_list(name, "văn bản Word (.docx)"))
        if any(n.startswith("ppt/") for n in names):
            raise ExcelError(_not_a_list(name, "trình chiếu PowerPoint"))
        raise ExcelError(_not_a_list(name, "tệp nén"))
    for magic, what in _OTHER_MAGIC:
        if head.startswith(magic):
            raise ExcelError(_not_a_list(name, what))
    spreadsheet = path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods"}
    if _looks_like_text(head) and not spreadsheet:
        return "csv"
    if spreadsheet:
        raise ExcelError(f"Tệp {name} bị hỏng hoặc không phải bảng tính như tên tệp ghi.")
    raise ExcelError(_not_a_list(name, "tệp không rõ loại"))


_OTHER_MAGIC = [
    (b"%PDF", "tệp PDF"),
    (b"\x89PNG", "ảnh PNG"),
    (b"\xff\xd8\xff", "ảnh JPEG"),
    (b"GIF8", "ảnh GIF"),
    (b"BM", "ảnh BMP"),
    (b"II*\x00", "ảnh TIFF"),
    (b"MM\x00*", "ảnh TIFF"),
    (b"RIFF", "tệp âm thanh/ảnh"),
    (b"{\\rtf", "văn bản RTF"),
    (b"Rar!", "tệp nén RAR"),
    (b"7z\xbc\xaf", "tệp nén 7z"),
    (b"\x1f\x8b", "tệp nén gzip"),
]


def _not_a_list(name: str, what: str) -> str:
    return (
        f"Tệp {name} là {what}, không phải bảng tính: hãy chọn tệp Excel (.xlsx, .xls), "
        "LibreOffice (.ods) hoặc .csv."
    )


def _password(name: str) -> str:
    return (
        f"Tệp {name} được đặt mật khẩu: mở bằng Excel, gỡ mật khẩu "
        "(Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu và nhập lại."
    )


def _ole_directory(path: Path) -> bytes:
    # Stream names are UTF-16 in the compound file's directory; reading the first megabyte
    # finds them in every workbook Excel writes, without parsing the whole container.
    with path.open("rb") as f:
        return f.read(1 << 20)


def _encrypted_package(path: Path) -> bool:
    """An .xlsx saved with a password is an OLE container holding an "EncryptedPackage"."""
    return "EncryptedPackage".encode("utf-16-le") in _ole_directory(path)


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return True
    return b"\x00" not in head and sum(b < 9 or 13 < b < 32 for b in head) == 0


# -- workbooks (calamine) ------------------------------------------------------------------------


def _workbook_sheet(path: Path, kind: str) -> SheetStream:
    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise ExcelError(f"Tệp {path.name} không có trang tính nào.")
        sheet = workbook.get_sheet_by_index(0)
    except calamine.PasswordError as exc:
        raise ExcelError(_password(path.name)) from exc
    except ExcelError:
        raise
    except Exception as exc:  # calamine raises its own errors, each with an English text
        raise ExcelError(
            f"Tệp {path.name} bị hỏng hoặc không đọc được như một bảng tính ({_KIND_NAMES[kind]})."
        ) from exc
    merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
    if kind == "ods":
        merges = _ods_merges(path)
    uncomputed = _uncomputed_formulas(path, workbook.sheet_names[0]) if kind == "xlsx" else set()
    stream = SheetStream(sheet.name, kind, sheet.height, iter(()), merges)
    stream.rows = _workbook_rows(sheet, uncomputed, stream.converted)
    return stream


_KIND_NAMES = {"xlsx": "Excel .xlsx", "xls": "Excel 97–2003 .xls", "ods": "LibreOffice .ods"}


def _workbook_rows(
    sheet: Any, uncomputed: set[tuple[int, int]], converted: Counter[tuple[int, str]]
) -> Iterator[Cells]:
    legacy = LegacyText()
    start_row, start_col = sheet.start or (0, 0)
    for _ in range(start_row):
        yield ()
    pad = (None,) * start_col
    by_row: dict[int, list[int]] = {}
    for r, c in uncomputed:
        by_row.setdefault(r, []).append(c)
    for index, raw in enumerate(sheet.iter_rows(), start=start_row):
        # Whole numbers and plain ASCII text are taken as they are, without a call per cell.
        cells = pad + tuple(
            v
            if v.__class__ is int or (v.__class__ is str and v and v.isascii())
            else _value(v, legacy, converted, start_col + i)
            for i, v in enumerate(raw)
        )
        if index in by_row:
            marked = list(cells)
            for c in by_row[index]:
                if c < len(marked) and marked[c] is None:
                    marked[c] = UNCOMPUTED
            cells = tuple(marked)
        yield cells


def _value(v: Any, legacy: LegacyText, converted: Counter[tuple[int, str]], column: int) -> Any:
    if v == "" or v is None:
        return None
    if isinstance(v, str):
        if v.isascii():
            return v
        result = legacy.convert(v)
        if result.encoding:
            converted[(column, result.encoding)] += 1
        return result.text
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)  # "inf" in a count: the row is refused with the value quoted
    if isinstance(v, time | timedelta):
        return str(v)
    return v


_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*>(<f[^>]*?(?:/>|>.*?</f>))(<v>[^<]*</v>)?', re.S)


def _uncomputed_formulas(path: Path, sheet_name: str) -> set[tuple[int, int]]:
    """Formula cells with no cached value in the first sheet, as (row, column) from 0."""
    try:
        with zipfile.ZipFile(path) as z:
            member = _first_sheet_member(z, sheet_name)
            if member is None:
                return set()
            found: set[tuple[int, int]] = set()
            with z.open(member) as f:
                tail = b""
                while chunk := f.read(1 << 20):
                    data = tail + chunk
                    if b"<f" not in data:
                        tail = data[-4096:]
                        continue
                    cut = data.rfind(b"</c>") + 4  # whole cells only; the rest waits
                    for m in _CELL.finditer(data[:cut]):
                        if m.group(4) in (None, b"<v></v>"):
                            found.add((int(m.group(2)) - 1, _column_index(m.group(1))))
                    tail = data[cut:]
            return found
    except (zipfile.BadZipFile, KeyError, OSError):
        return set()


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _first_sheet_member(z: zipfile.ZipFile, sheet_name: str) -> str | None:
    workbook = z.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    first = re.search(r"<(?:\w+:)?sheet\b[^>]*?r:id=\"([^\"]+)\"", workbook)
    if not first:
        return None
    target = re.search(rf'<Relationship[^>]*Id="{re.escape(first.group(1))}"[^>]*>', rels)
    if not target:
        return None
    where = re.search(r'Target="([^"]+)"', target.group(0))
    if not where:
        return None
    name = where.group(1).lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"


def _ods_merges(path: Path) -> list[tuple[int, int, int, int]]:
    """calamine does not report merged cells of .ods files: read them from content.xml."""
    from xml.etree.ElementTree import iterparse

    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    t = f"{{{table_ns}}}"
    merges: list[tuple[int, int, int, int]] = []
    try:
        with zipfile.ZipFile(path) as z:
            with z.open("content.xml") as probe:
                if b"number-rows-spanned" not in probe.read():
                    return []
            with z.open("content.xml") as f:
                row, tables = -1, 0
                col = 0
                for event, el in iterparse(f, events=("start", "end")):
                    tag = el.tag
                    if event == "start" and tag == f"{t}table":
                        tables += 1
                    if tables != 1:
                        if tables > 1:
                            break
                        continue
                    if event == "start" and tag == f"{t}table-row":
                        row += 1
                        col = 0
                    elif event == "end" and tag == f"{t}table-row":
                        row += int(el.get(f"{t}number-rows-repeated", "1")) - 1
                        el.clear()
                    elif event == "start" and tag in (f"{t}table-cell", f"{t}covered-table-cell"):
                        rows = int(el.get(f"{t}number-rows-spanned", "1"))
                        cols = int(el.get(f"{t}number-columns-spanned", "1"))
                        if rows > 1 or cols > 1:
                            merges.append((row, col, row + rows - 1, col + cols - 1))
                        col += int(el.get(f"{t}number-columns-repeated", "1"))
    except (zipfile.BadZipFile, KeyError, OSError, SyntaxError):
        return []
    return merges


# -- CSV ---------------------------------------------------------------------------------------


def _csv_encoding(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            # Not UTF-8: Excel on a Vietnamese Windows saves "CSV" in Windows-1258.
            return "cp1258"
    return "utf-8"


_ENCODING_NAMES = {
    "utf-8-sig": "UTF-8 (có BOM)",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp1258": "Windows-1258",
}


def _csv_sheet(path: Path) -> SheetStream:
    encoding = _csv_encoding(path)
    with path.open(encoding=encoding, newline="") as f:
        sample = f.read(64 * 1024)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel_tab if sample.count("\t") > sample.count(",") else csv.excel
    total = None
    stream = SheetStream(path.stem, "csv", total, iter(()), [], _ENCODING_NAMES[encoding])
    stream.rows = _csv_rows(path, encoding, dialect, stream.converted)
    return stream


def _csv_rows(
    path: Path, encoding: str, dialect: Any, converted: Counter[tuple[int, str]]
) -> Iterator[Cells]:
    legacy = LegacyText()
    with path.open(encoding=encoding, newline="", errors="replace") as f:
        reader = csv.reader(_no_nul(f), dialect)
        try:
            for row in reader:
                yield tuple(
                    _csv_value(v, legacy, converted, column) for column, v in enumerate(row)
                )
        except csv.Error as exc:
            raise ExcelError(f"Tệp {path.name} không đọc được như CSV: dòng hỏng.") from exc


def _no_nul(f: io.TextIOBase) -> Iterator[str]:
    for line in f:
        yield line.replace("\x00", "")


def _csv_value(v: str, legacy: LegacyText, converted: Counter[tuple[int, str]], column: int) -> Any:
    # Windows-1258 keeps tones as combining marks: NFC before anything looks at the text.
    text = normalize_text(v) if not v.isascii() else v.strip()
    if not text:
        return None
    if text.isascii():
        return text
    result = legacy.convert(text)
    if result.encoding:
        converted[(column, result.encoding)] += 1
    return result.text


def read_all(path: Path) -> tuple[SheetStream, list[Cells]]:
    """Every row at once (small files and tests)."""
    stream = open_sheet(path)
    return stream, list(stream.rows)


__all__ = ["UNCOMPUTED", "Cells", "ExcelError", "SheetStream", "open_sheet", "read_all"]
