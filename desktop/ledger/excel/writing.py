"""Saving workbooks: never a half-written file under the real name, never a live formula from
data, never readable by other accounts, never a traceback for a bad place to write."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from desktop.ledger.errors import FileProblem, LedgerError, explain
from desktop.ledger.paths import PRIVATE_FILE


def text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    """A cell that holds `value` as text even if it starts with "=": a household code "=1+1" or
    a name "=HYPERLINK(…)" typed into a list must not become a formula when the file opens."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _abandon(workbook: Workbook) -> None:
    """A write-only workbook that will not be saved: end its sheets' streams and remove the
    temporary files they hold (rows with citizen IDs), as a save would."""
    workbook.close()
    if not getattr(workbook, "write_only", False):
        return
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        try:
            if not sheet.closed:
                sheet.close()
            if writer is not None:
                writer.cleanup()
        except (OSError, ValueError):
            pass


def _no_formulas(workbook: Workbook) -> None:
    """The app never writes formulas on purpose: any cell openpyxl took for one is data."""
    if getattr(workbook, "write_only", False):
        return  # write-only sheets are streamed already; their writers use text_cell
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def missing_folder(path: Path) -> FileProblem:
    return FileProblem(
        f"Thư mục {path.parent} chưa có; hãy tạo thư mục đó trước hoặc chọn thư mục khác."
    )


def save_atomically(workbook: Workbook, path: Path) -> Path:
    """Write `workbook` to `path` through a private temporary file beside it.

    A missing folder is refused, not created (see paths.output_file).
    """
    if not path.parent.is_dir():
        _abandon(workbook)
        raise missing_folder(path)
    _no_formulas(workbook)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        workbook.save(tmp)
        os.replace(tmp, path)
    except LedgerError:
        raise
    except Exception as exc:
        _abandon(workbook)
        known = explain(exc, path)
        if known is None:
            raise
        raise known from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path
