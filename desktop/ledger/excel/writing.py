"""Saving workbooks so a power cut never leaves a half-written file under the real name."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook


def save_atomically(workbook: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        workbook.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
