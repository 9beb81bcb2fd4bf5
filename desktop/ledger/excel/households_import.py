"""Importing a commune's household list: every source row gets an outcome (imported, skipped or
refused, with reasons), and what is imported is written in one writer transaction.

The file is streamed and written in batches inside that transaction, so a 100,000-row list
needs little memory; a thread writes each batch while the next one is read
(`storage.batch_writer`). The duplicate checks read the ledger inside the same transaction, so
two imports at once cannot both add the same household. Refused rows never block the rest; a
failure or a cancel while writing leaves nothing behind.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlmodel import Session

from desktop.ledger.commune import current_commune
from desktop.ledger.errors import InputError, LedgerBusy
from desktop.ledger.excel import rows as kinds
from desktop.ledger.excel.import_records import Ledgerside, Made, household_records
from desktop.ledger.excel.import_result import (
    YEAR_UNKNOWN,
    ImportCancelled,
    ImportResult,
    Outcome,
    RowResult,
    converted_columns,
    settle,
)
from desktop.ledger.excel.reader import (
    HEADER_SEARCH_ROWS,
    Header,
    Sheet,
    cell_text,
    exact_field,
    find_header,
    list_year_in_title,
)
from desktop.ledger.excel.sources import Cells, ExcelError, open_sheet
from desktop.ledger.interpreter import without_cycle_collection
from desktop.ledger.paths import DataFolder
from desktop.ledger.records import Village
from desktop.ledger.storage import Ledger
from desktop.ledger.storage.batch_writer import BatchWriter
from desktop.ledger.storage.bulk import prepare_rows
from desktop.ledger.storage.database import bulk_cache

__all__ = ["ImportCancelled", "ImportResult", "Outcome", "RowResult", "import_households"]
log = logging.getLogger(__name__)
# A batch's records, statements and JSON are held until written, up to four batches at a time
# while the writer thread works: 1,000 rows each put a 100,000-row import 10 MB nearer its
# 250 MB (issue 8), for no gain in speed.
BATCH_ROWS = 500
# The import's page cache: a 100,000-row list in one transaction must stay within an old
# laptop's memory (issue 8: 250 MB at peak); SQLite spills the rest of its changes to the WAL.
IMPORT_CACHE_KIB = 8_192
Progress = Callable[[int, int | None], None]


def import_households(
    ledger: Ledger,
    path: Path,
    *,
    officer: str,
    dry_run: bool = False,
    year: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Import (or with `dry_run`, only check) the list in `path`.

    `progress(rows_read, rows_in_file)` is called as rows go by; when `cancelled()` turns true
    the import stops with `ImportCancelled` and nothing is written.
    """
    with without_cycle_collection():
        return _import(ledger, path, officer, dry_run, year, progress, cancelled)


def _import(
    ledger: Ledger,
    path: Path,
    officer: str,
    dry_run: bool,
    year: int | None,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> ImportResult:
    sheet = open_sheet(path)
    head = list(itertools.islice(sheet.rows, HEADER_SEARCH_ROWS + 1))
    header = find_header(Sheet(sheet.name, head))
    title_year = list_year_in_title(Sheet(sheet.name, head), header)
    list_year = year or (title_year.year if title_year else None)
    year_source = "--year" if year else (title_year.source if title_year else None)
    year_unknown = list_year is None and _needs_year(header)
    body = itertools.chain(
        _numbered(head, header.last_row + 1), _numbered_rest(sheet.rows, len(head))
    )
    result = ImportResult(
        rows=[],
        new_villages=[],
        year=list_year,
        header_row=header.first_row + 1,
        columns={f: header.titles[i] for f, i in header.columns.items()},
        dry_run=dry_run,
        year_source=year_source,
        year_unknown=year_unknown,
        file_kind=sheet.kind,
        encoding=sheet.encoding,
    )
    with ledger.session() as session, ExitStack() as writing:
        writer = None
        if not dry_run:
            _begin_writer(session)
            bulk_cache(session.connection(), IMPORT_CACHE_KIB)
        commune = current_commune(session)
        if commune is None:
            raise InputError(
                "Chưa thiết lập xã: chạy `sotn init --province ... --commune ...` trước."
            )
        if year_unknown and not dry_run:
            raise ExcelError(YEAR_UNKNOWN)
        side = Ledgerside(session, commune, DataFolder(ledger.path.parent).standards)
        if not dry_run:  # from here on the session's connection is the writer thread's
            writer = writing.enter_context(BatchWriter(session))
        pending: Made = []
        filled = _filled(body, sheet.merges, header.last_row)
        for count, (row_result, made) in enumerate(_rows(filled, header, side, list_year), start=1):
            if side.open is None or side.open.result is not row_result:  # done with
                settle(row_result)
            result.rows.append(row_result)
            pending += made
            if count % BATCH_ROWS == 0:
                if cancelled is not None and cancelled():
                    raise ImportCancelled("Đã huỷ nhập danh sách: không có gì được ghi vào sổ.")
                if writer is not None:
                    _write(writer, side, pending, officer)
                pending = []
                if progress is not None:
                    progress(header.last_row + 1 + count, sheet.total_rows)
        if cancelled is not None and cancelled():
            raise ImportCancelled("Đã huỷ nhập danh sách: không có gì được ghi vào sổ.")
        if writer is not None:
            _write(writer, side, pending, officer)
            writing.close()  # every batch written, or the writer's failure raised here
        side.finish_members(result)
        if progress is not None:
            progress(sheet.total_rows or header.last_row + 1 + len(result.rows), sheet.total_rows)
    result.new_villages = [v["name"] for v in side.new_villages]
    result.members = side.members_made
    result.conversions = converted_columns(sheet.converted, header.titles)
    return result


def _needs_year(header: Header) -> bool:
    has_category = {"category", "poor_flag", "near_poor_flag"} & header.columns.keys()
    return bool(has_category) and not {"year", "review_year"} & header.columns.keys()


def _begin_writer(session: Session) -> None:
    """Start the transaction as the writer (BEGIN IMMEDIATE), so the duplicate checks read
    what no other import can change before this one commits."""
    raw = session.connection().connection.driver_connection
    if raw is None or raw.in_transaction:  # the storage layer may already begin as a writer
        return
    try:
        raw.execute("BEGIN IMMEDIATE")
    except Exception as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise LedgerBusy(
                "Sổ đang được ghi bởi một thao tác khác (có thể là một lần nhập khác): "
                "chờ thao tác đó xong rồi nhập lại."
            ) from exc
        raise


def _write(writer: BatchWriter, side: Ledgerside, pending: Made, officer: str) -> None:
    villages: Made = [(Village, v) for v in side.take_new_villages()]
    if villages or pending:
        writer.write(prepare_rows([*villages, *pending], officer=officer))


def _numbered(rows: list[Cells], start: int) -> Iterator[tuple[int, Cells]]:
    for index in range(start, len(rows)):
        yield index, rows[index]


def _numbered_rest(rows: Iterator[Cells], start: int) -> Iterator[tuple[int, Cells]]:
    return enumerate(rows, start=start)


def _filled(
    rows: Iterator[tuple[int, Cells]], merges: list[tuple[int, int, int, int]], header_last: int
) -> Iterator[tuple[int, Cells]]:
    """A cell merged down across rows (a village written once beside its households) gives
    its value to every row it covers."""
    starts: dict[int, list[tuple[int, int]]] = {}
    for r0, c0, r1, _c1 in merges:
        if r1 > r0 and r0 > header_last:
            starts.setdefault(r0, []).append((c0, r1))
    if not starts:
        yield from rows
        return
    active: dict[int, tuple[Any, int]] = {}  # column → (value, last row)
    for index, cells in rows:
        for column, last in starts.get(index, ()):
            value = cells[column] if column < len(cells) else None
            if value is not None:
                active[column] = (value, last)
        fill = {c: v for c, (v, last) in active.items() if index <= last}
        if fill:
            cells = _with(cells, fill)
        active = {c: (v, last) for c, (v, last) in active.items() if index < last}
        yield index, cells


def _with(cells: Cells, fill: dict[int, Any]) -> Cells:
    width = max(len(cells), max(fill) + 1)
    out = list(cells) + [None] * (width - len(cells))
    for column, value in fill.items():
        if out[column] is None:
            out[column] = value
    return tuple(out)


SIGNATURE = "Phần ký tên, xác nhận cuối danh sách"
HEADING = "Tiêu đề thôn: "


def _rows(
    rows: Iterator[tuple[int, Cells]], header: Header, side: Ledgerside, year: int | None
) -> Iterator[tuple[RowResult, Made]]:
    """Every row up to the last non-blank one: blank rows are reported only when something
    follows them."""
    village: str | None = None
    signed = False
    blanks: list[RowResult] = []
    for index, cells in rows:
        text = kinds.RowText(cells)
        if text.is_blank():
            blanks.append(RowResult(index + 1, Outcome.skipped, ["Dòng trống"]))
            continue
        for blank in blanks:
            yield blank, []
        blanks = []
        skip = _skip_reason(text, signed, cells, header)
        if skip is None:
            yield _guarded(index + 1, cells, header, side, village, year)
            continue
        signed = signed or skip == SIGNATURE
        if skip.startswith(HEADING):
            village = skip.removeprefix(HEADING)
        yield RowResult(index + 1, Outcome.skipped, [skip]), []


def _repeats_header(row: kinds.RowText, cells: Cells, header: Header) -> bool:
    """The header again (lists printed page by page repeat it): the name column holds a
    column name, and so do others."""
    i = header.columns["head_name"]
    value = cells[i] if i < len(cells) else None
    if not isinstance(value, str) or exact_field(cell_text(value)) != "head_name":
        return False
    return row.is_repeated_header()


def _skip_reason(row: kinds.RowText, signed: bool, cells: Cells, header: Header) -> str | None:
    if signed or row.is_signature():
        return SIGNATURE
    if row.is_column_numbers():
        return "Dòng đánh số cột"
    if _repeats_header(row, cells, header):
        return "Dòng tiêu đề lặp lại"
    if row.is_subtotal():
        return "Dòng cộng, tổng số"
    heading = row.village_heading()
    return HEADING + heading if heading else None


def _guarded(
    number: int,
    cells: Cells,
    header: Header,
    side: Ledgerside,
    heading: str | None,
    year: int | None,
) -> tuple[RowResult, Made]:
    """One row's outcome. A value no check foresaw is that row's refusal, never the file's:
    the fault is logged as a bug with its traceback."""
    try:
        return household_records(number, cells, header, side, heading, year)
    except (ArithmeticError, TypeError, ValueError) as exc:
        log.exception("row %s of an import could not be read", number)
        reason = f"Dòng có giá trị không đọc được ({type(exc).__name__}); đã ghi vào nhật ký lỗi."
        return RowResult(number, Outcome.refused, [reason]), []
