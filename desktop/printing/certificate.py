"""Giấy khen: one certificate of merit per page, A4 landscape, drawn at fixed places (a printed
blank with a border, as commune offices buy them, keeps its lines where the model puts them)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from desktop.printing.fonts import DocumentFont
from desktop.printing.layout import common, wording, x
from desktop.printing.output import Cancelled

PAGE = landscape(A4)


@dataclass(frozen=True)
class CertificateDoc:
    """Everything printed on one Giấy khen."""

    awarder: tuple[str, ...]  # "CHỦ TỊCH", "ỦY BAN NHÂN DÂN XÃ QUẢNG UYÊN"
    recipient: str  # "Hộ ông Nông Văn Dũng"
    address: str  # "Xóm Nà Lẹng, xã Quảng Uyên, tỉnh Cao Bằng"
    achievement: str
    decision: str  # "Quyết định số 205/QĐ-UBND ngày 28/12/2025"
    register: str  # "Số vào sổ: 12/2025"
    place_date: str  # "Quảng Uyên, ngày 28 tháng 12 năm 2025"
    signer_title: tuple[str, ...]  # ("CHỦ TỊCH",) or ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    signer_name: str


@dataclass(frozen=True)
class Decoration:
    emblem: bytes | None = None
    border: bytes | None = None


def _centred(c: Canvas, font: str, size: float, y: float, text: str) -> None:
    c.setFont(font, size)
    c.drawCentredString(PAGE[0] / 2, y, text)


def _border(c: Canvas, words: dict[str, Any]) -> None:
    w, h = PAGE
    red, gold = HexColor(words["border_colour"]), HexColor(words["accent_colour"])
    c.saveState()
    c.setStrokeColor(red)
    c.setLineWidth(5)
    c.rect(10 * mm, 10 * mm, w - 20 * mm, h - 20 * mm)
    c.setStrokeColor(gold)
    c.setLineWidth(1.5)
    c.rect(13 * mm, 13 * mm, w - 26 * mm, h - 26 * mm)
    c.setStrokeColor(red)
    c.setLineWidth(0.8)
    c.rect(15 * mm, 15 * mm, w - 30 * mm, h - 30 * mm)
    # Corner ornaments: a small gold lozenge at each corner of the inner frame.
    c.setFillColor(gold)
    for cx, cy in ((15, 15), (w / mm - 15, 15), (15, h / mm - 15), (w / mm - 15, h / mm - 15)):
        p = c.beginPath()
        p.moveTo(cx * mm, (cy + 4) * mm)
        p.lineTo((cx + 4) * mm, cy * mm)
        p.lineTo(cx * mm, (cy - 4) * mm)
        p.lineTo((cx - 4) * mm, cy * mm)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
    c.restoreState()


def draw_certificate(
    c: Canvas,
    doc: CertificateDoc,
    font: DocumentFont,
    decoration: Decoration,
    images: dict[str, ImageReader],
) -> None:
    """Draw one certificate on the current page of `c`."""
    words = wording("giay_khen")
    w, h = PAGE
    if decoration.border is not None:
        c.drawImage(images["border"], 0, 0, w, h, preserveAspectRatio=False, mask="auto")
    else:
        _border(c, words)
    # Fixed places, measured from the top; an emblem pushes the upper block down and the gaps
    # between its parts shrink so the bottom block never moves.
    y = h - 62
    gap = 1.0
    if decoration.emblem is not None:
        size = 20 * mm
        c.drawImage(images["emblem"], (w - size) / 2, h - 22 * mm - size, size, size, mask="auto")
        y -= size - 6 * mm
        gap = 0.7
    _centred(c, font.bold, 13, y, common()["national_title"])
    _centred(c, font.bold, 14, y - 17, common()["motto"])
    motto = c.stringWidth(common()["motto"], font.bold, 14)
    c.setLineWidth(0.6)
    c.line((w - motto) / 2, y - 21, (w + motto) / 2, y - 21)
    y -= 21 + 34 * gap
    for line in doc.awarder:
        _centred(c, font.bold, 16, y, line)
        y -= 20
    if words.get("verb"):
        _centred(c, font.bold, 15, y - 2, words["verb"])
        y -= 20
    size = words["title_size"]
    y -= size * 0.9 + 4 * gap
    c.saveState()
    c.setFillColor(HexColor(words["title_colour"]))
    _centred(c, font.bold, size, y, words["title"])
    c.restoreState()
    y -= words["recipient_size"] + 26 * gap
    _centred(c, font.bold_italic, words["recipient_size"], y, doc.recipient)
    y -= words["address_size"] + 10 * gap
    if doc.address:
        _centred(c, font.italic, words["address_size"], y, doc.address)
        y -= 8 * gap
    size = words["achievement_size"]
    style = ParagraphStyle(
        "achievement", fontName=font.regular, fontSize=size, leading=size * 1.3, alignment=TA_CENTER
    )
    text = Paragraph(x(doc.achievement), style)
    box = w - 90 * mm
    _, used = text.wrap(box, 60 * mm)
    text.drawOn(c, (w - box) / 2, y - used - 4)
    # Bottom: decision and register number at the left, place, date and signature at the right.
    right = w * 0.70
    sy = 64 * mm
    c.setFont(font.italic, 14)
    c.drawCentredString(right, sy, doc.place_date)
    c.setFont(font.bold, 14)
    for line in doc.signer_title:
        sy -= 18
        c.drawCentredString(right, sy, line.upper())
    name_y = 26 * mm
    if doc.signer_name:
        c.setFont(font.bold, 15)
        c.drawCentredString(right, name_y, doc.signer_name)
    c.setFont(font.regular, 13)
    c.drawString(30 * mm, name_y + 18, doc.decision)
    c.drawString(30 * mm, name_y, doc.register)


def build_certificates(
    path: Path,
    docs: Iterable[CertificateDoc],
    font: DocumentFont,
    decoration: Decoration = Decoration(),
    *,
    progress: Callable[[int], bool] | None = None,
) -> int:
    """Write every certificate to `path`, one per page; `progress(n)` after each page may return
    False to cancel (raises `Cancelled`). Returns the number of pages."""
    c = Canvas(str(path), pagesize=PAGE, pageCompression=1, initialFontName=font.regular)
    c.setTitle("Giấy khen")
    c.setAuthor("Sổ Thoát Nghèo")
    images = {
        name: ImageReader(io.BytesIO(data))
        for name, data in (("emblem", decoration.emblem), ("border", decoration.border))
        if data is not None
    }
    count = 0
    for doc in docs:
        draw_certificate(c, doc, font, decoration, images)
        c.showPage()
        count += 1
        if progress is not None and progress(count) is False:
            raise Cancelled()
    if count == 0:
        c.showPage()
    c.save()
    return count
