"""Reading back a generated PDF: its text per page (diacritics intact), page sizes and fonts."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def page_texts(path: Path) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(path).pages]


def assert_a4(path: Path, *, landscape: bool = False) -> None:
    want = (A4[1], A4[0]) if landscape else A4
    for page in PdfReader(path).pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (
            round(want[0]),
            round(want[1]),
        )


def font_files(path: Path) -> dict[str, bool]:
    """Every font a page uses → whether its program is embedded in the file."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        for font in (resources.get_object().get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def assert_fonts_embedded(path: Path) -> None:
    fonts = font_files(path)
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
