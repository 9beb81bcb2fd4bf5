"""The parts every administrative document shares (Decree 30/2020/NĐ-CP, Appendix I): margins,
the issuing body beside the national title and motto, number and symbol, place and date, the
signature block and "Nơi nhận", page numbers from the second page, centred in the top margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus.doctemplate import SimpleDocTemplate

from desktop.ledger.resources import load_yaml
from desktop.printing.fonts import DocumentFont


@cache
def wording(name: str) -> dict[str, Any]:
    """A document's wording from resources/printing/NAME.yaml."""
    return load_yaml("printing", f"{name}.yaml")


def common() -> dict[str, Any]:
    return wording("common")


def two(n: int) -> str:
    """Days 01–09 and months 01–02 take a leading zero (Decree 30); other months do not."""
    return f"{n:02d}"


def month_text(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def vn_date(day: date | None) -> str:
    if day is None:
        return "ngày …… tháng …… năm ……"
    return f"ngày {two(day.day)} tháng {month_text(day.month)} năm {day.year}"


def place_date(place: str, day: date | None) -> str:
    return f"{place}, {vn_date(day)}"


def short_date(day: date | None) -> str:
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def doc_number(number: int | str | None, kind: str, abbreviation: str) -> str:
    """ "Số: 05/QĐ-UBND"; with no number, a space for the clerk to write it in."""
    if number is None or number == "":
        shown = common()["blank_number"]
    elif isinstance(number, int) or str(number).isdigit():
        shown = f"{int(number):02d}"
    else:
        shown = str(number)
    symbol = f"{kind}-{abbreviation}" if kind else abbreviation
    return f"Số: {shown}/{symbol}"


def money(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")


def percent(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


def x(text: object) -> str:
    """Escape text for a Paragraph."""
    return escape("" if text is None else str(text))


@dataclass(frozen=True)
class Styles:
    font: DocumentFont
    body: ParagraphStyle
    body_indent: ParagraphStyle
    center: ParagraphStyle
    center_bold: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    italic_center: ParagraphStyle
    small: ParagraphStyle
    small_center: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    head_cell: ParagraphStyle
    form_label: ParagraphStyle
    heading: ParagraphStyle


@cache
def styles(font: DocumentFont, size: float = 14) -> Styles:
    r, b, i = font.regular, font.bold, font.italic
    leading = size * 1.25

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {"fontName": r, "fontSize": size, "leading": leading}
        base.update(kw)
        return ParagraphStyle(name, **base)

    return Styles(
        font=font,
        body=style("body", alignment=TA_JUSTIFY, spaceAfter=4),
        body_indent=style(
            "body_indent", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4
        ),
        center=style("center", alignment=TA_CENTER),
        center_bold=style("center_bold", fontName=b, alignment=TA_CENTER),
        title=style("title", fontName=b, alignment=TA_CENTER, fontSize=size, spaceBefore=10),
        subtitle=style("subtitle", fontName=b, alignment=TA_CENTER, spaceAfter=6),
        italic_center=style("italic_center", fontName=i, alignment=TA_CENTER),
        small=style("small", fontSize=12, leading=14.5, alignment=TA_LEFT),
        small_center=style("small_center", fontSize=12, leading=14.5, alignment=TA_CENTER),
        cell=style("cell", fontSize=11, leading=13, alignment=TA_LEFT),
        cell_center=style("cell_center", fontSize=11, leading=13, alignment=TA_CENTER),
        head_cell=style("head_cell", fontName=b, fontSize=11, leading=13, alignment=TA_CENTER),
        form_label=style("form_label", fontName=b, fontSize=12, leading=14, alignment=TA_RIGHT),
        # A section heading never ends a page.
        heading=style("heading", alignment=TA_LEFT, spaceBefore=3, spaceAfter=2, keepWithNext=1),
    )


class DocumentHeading(Flowable):
    """Top of the first page: the issuing body (left) beside the national title and motto (right),
    each with its short rule; then the number (left) and the place and date in italics (right)."""

    def __init__(
        self,
        font: DocumentFont,
        issuer: Sequence[str],
        number: str | None,
        place_and_date: str | None,
        *,
        left_width: float = 70 * mm,
    ) -> None:
        super().__init__()
        self.font, self.issuer, self.number = font, list(issuer), number
        self.place_and_date, self.left_width = place_and_date, left_width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        rows = max(len(self.issuer), 2)
        self.height = rows * 15 + 8 + (22 if self.number or self.place_and_date else 0)
        return self.width, self.height

    def draw(self) -> None:
        c: Canvas = self.canv
        f = self.font
        top = self.height
        left_mid = self.left_width / 2
        right_mid = self.left_width + (self.width - self.left_width) / 2
        # Issuer: bold capitals with a short rule under it; a third line above the body's own two
        # is the managing body (cơ quan chủ quản), in regular capitals.
        y = top - 12
        for n, line in enumerate(self.issuer):
            parent = len(self.issuer) > 2 and n == 0
            c.setFont(f.regular if parent else f.bold, 13)
            c.drawCentredString(left_mid, y, line)
            y -= 15
        rule = min(stringWidth(self.issuer[-1], f.bold, 13), self.left_width) / 3
        c.setLineWidth(0.6)
        c.line(left_mid - rule / 2, y + 8, left_mid + rule / 2, y + 8)
        issuer_bottom = y
        # National title 13 pt bold, motto 14 pt bold, a rule as long as the motto.
        words = common()
        c.setFont(f.bold, 13)
        c.drawCentredString(right_mid, top - 12, words["national_title"])
        c.setFont(f.bold, 14)
        c.drawCentredString(right_mid, top - 27, words["motto"])
        motto = stringWidth(words["motto"], f.bold, 14)
        c.line(right_mid - motto / 2, top - 33, right_mid + motto / 2, top - 33)
        bottom = min(issuer_bottom, top - 42)
        if self.number:
            c.setFont(f.regular, 13)
            c.drawCentredString(left_mid, bottom - 6, self.number)
        if self.place_and_date:
            c.setFont(f.italic, 14)
            c.drawCentredString(right_mid, bottom - 6, self.place_and_date)


class SignatureBlock(Flowable):
    """ "Nơi nhận" at the left in 12/11 pt; at the right the signing capacity and title in bold
    capitals, a hint, room for the signature and seal, and the signer's name in bold."""

    def __init__(
        self,
        font: DocumentFont,
        *,
        capacity: str = "",
        title: str = "",
        name: str = "",
        hint: str = "",
        copies_to: Sequence[str] = (),
        room: float = 28 * mm,
        left_title: str = "",
    ) -> None:
        super().__init__()
        self.font, self.left_title = font, left_title
        self.lines = [ln for ln in (capacity, *title.split("/")) if ln.strip()]
        self.name, self.hint, self.copies_to, self.room = name, hint, list(copies_to), room

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        right = len(self.lines) * 16 + (14 if self.hint else 0) + self.room + 16
        left = 16 + len(self.copies_to) * 13 if self.copies_to else 0
        self.height = max(right, left) + 4
        return self.width, self.height

    def draw(self) -> None:
        c: Canvas = self.canv
        f = self.font
        mid = self.width * 0.70
        y = self.height - 12
        c.setFont(f.bold, 13)
        for line in self.lines:
            c.drawCentredString(mid, y, line.strip().upper())
            y -= 16
        if self.hint:
            c.setFont(f.italic, 12)
            c.drawCentredString(mid, y, self.hint)
            y -= 14
        y -= self.room
        if self.name:
            c.setFont(f.bold, 14)
            c.drawCentredString(mid, y, self.name)
        if self.left_title:
            left = self.width * 0.22
            c.setFont(f.bold, 13)
            c.drawCentredString(left, self.height - 12, self.left_title.upper())
            c.setFont(f.italic, 12)
            c.drawCentredString(left, self.height - 27, "(Ký, ghi rõ họ tên)")
        if self.copies_to:
            y = self.height - 12
            c.setFont(f.bold_italic, 12)
            c.drawString(0, y, common()["copies_to_heading"])
            c.setFont(f.regular, 11)
            for line in self.copies_to:
                y -= 13
                c.drawString(0, y, line)


def portrait_doc(path: Any, *, title: str, landscape: bool = False) -> SimpleDocTemplate:
    from reportlab.lib.pagesizes import landscape as rotate

    m = common()["margins_mm"]
    size = rotate(A4) if landscape else A4
    # In landscape lists the binding edge is still the left one, so the margins keep their sides.
    return SimpleDocTemplate(
        path,
        pagesize=size,
        leftMargin=m["left"] * mm if not landscape else 20 * mm,
        rightMargin=m["right"] * mm,
        topMargin=m["top"] * mm,
        bottomMargin=m["bottom"] * mm,
        title=title,
        author="Sổ Thoát Nghèo",
        creator="Sổ Thoát Nghèo",
    )


def page_numbers(font: DocumentFont):  # type: ignore[no-untyped-def]
    """onLaterPages hook: the page number centred in the top margin (none on the first page)."""

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font.regular, 13)
        width, height = doc.pagesize
        canvas.drawCentredString(width / 2, height - doc.topMargin / 2 - 4, str(doc.page))
        canvas.restoreState()

    return draw


def build_story(template: SimpleDocTemplate, story: list[Flowable], font: DocumentFont) -> None:
    """Lay out `story`, numbering pages after the first. The canvas starts in the document font:
    reportlab's default (Helvetica) would otherwise be named, unembedded, on every page."""
    template.initialFontName = font.regular
    template.build(story, onLaterPages=page_numbers(font))


def grid_style(font: DocumentFont, *extra: tuple) -> TableStyle:  # type: ignore[type-arg]
    """Thin black rules round every cell; plain-string cells in the document font too."""
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("FONTNAME", (0, 0), (-1, -1), font.regular),
            ("FONTSIZE", (0, 0), (-1, -1), 11),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


class ShortRule(Flowable):
    """A centred rule, e.g. under the subject of a decision (Decree 30: one third to one half of
    the line's width)."""

    def __init__(self, length: float) -> None:
        super().__init__()
        self.length = length

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 10
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        self.canv.line((self.width - self.length) / 2, 5, (self.width + self.length) / 2, 5)
