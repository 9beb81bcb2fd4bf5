"""Lists as tables: a plain `TableDoc` (title, columns, rows grouped by village, totals) that one
builder lays out as a landscape PDF table, breaking across pages with its header repeated, and
another writes to .xlsx. Lists, the attachments of Mẫu số 02 and the report's annex share it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, LongTable, PageBreak, Paragraph, Spacer
from reportlab.platypus.flowables import _listWrapOn

from desktop.ledger.excel.writing import save_atomically
from desktop.printing.fonts import DocumentFont
from desktop.printing.layout import (
    DocumentHeading,
    SignatureBlock,
    Styles,
    build_story,
    grid_style,
    portrait_doc,
    styles,
    x,
)
from desktop.printing.text_sheets import TextSheet, write_text_sheet


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # mm on paper; Excel widths follow
    align: str = "left"  # left, center, right
    money: bool = False


@dataclass
class Group:
    heading: str  # "Xóm Nà Lẹng"; "" for an ungrouped list
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class TableDoc:
    title: str
    subtitle: str
    columns: Sequence[Column]
    groups: list[Group]
    totals: list[Any] | None = None  # one value per column; "" where nothing adds up
    note: str = ""

    @property
    def row_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def cell_text(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if column.money and isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def table_flowables(doc: TableDoc, font: DocumentFont, width: float) -> list[Any]:
    """The table, scaled to `width` if its columns are wider, with group rows in bold italics."""
    s = styles(font, 13)
    total_mm = sum(c.width for c in doc.columns) * mm
    scale = min(1.0, width / total_mm)
    widths = [c.width * mm * scale for c in doc.columns]
    align = {"left": s.cell, "center": s.cell_center, "right": _right(s)}
    rows: list[list[Any]] = [[Paragraph(x(c.header), s.head_cell) for c in doc.columns]]
    # Column numbers under the header, as official lists carry them.
    rows.append([Paragraph(f"<i>({n})</i>", s.cell_center) for n in range(1, len(doc.columns) + 1)])
    extra: list[tuple] = [("BACKGROUND", (0, 0), (-1, 1), "#F2F2F2")]  # type: ignore[type-arg]
    for group in doc.groups:
        if group.heading:
            extra += [
                ("SPAN", (0, len(rows)), (-1, len(rows))),
                ("NOSPLIT", (0, len(rows)), (-1, len(rows) + 1)),  # a village never ends a page
                ("BACKGROUND", (0, len(rows)), (-1, len(rows)), "#FAFAFA"),
            ]
            rows.append(
                [Paragraph(f"<b><i>{x(group.heading)}</i></b>", s.cell)]
                + [""] * (len(doc.columns) - 1)
            )
        for row in group.rows:
            rows.append(
                [
                    Paragraph(x(cell_text(v, c)), align[c.align])
                    for v, c in zip(row, doc.columns, strict=True)
                ]
            )
    if doc.totals is not None:
        # The totals never stand alone at the top of a page: the last row goes with them.
        extra.append(("NOSPLIT", (0, len(rows) - 1), (-1, len(rows))))
        rows.append(
            [
                Paragraph(f"<b>{x(cell_text(v, c))}</b>", align[c.align])
                for v, c in zip(doc.totals, doc.columns, strict=True)
            ]
        )
    table = LongTable(rows, colWidths=widths, repeatRows=2)
    table.setStyle(grid_style(font, *extra))
    out: list[Any] = [
        Paragraph(x(doc.title), s.title),
        Paragraph(f"<i>{x(doc.subtitle)}</i>", s.italic_center) if doc.subtitle else Spacer(1, 1),
        Spacer(1, 4 * mm),
        table,
    ]
    if doc.note:
        out += [Spacer(1, 2 * mm), Paragraph(f"<i>{x(doc.note)}</i>", s.small)]
    return out


class TableWithEnding(Flowable):
    """A long table and what closes it (a note, the signatures), laid out so that the ending
    never sits alone at the top of the last page: when it does not fit under the table, the
    table's last rows go over with it (their page repeats the header). As reportlab's
    KeepTogether does, it always asks to be split and answers with the flowables to lay out."""

    def __init__(self, table: LongTable, ending: Sequence[Flowable]) -> None:
        super().__init__()
        self.table, self.ending = table, list(ending)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # never drawn itself: split() lays out its parts

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        _, table_height = self.table.wrapOn(self.canv, avail_width, avail_height)
        _, ending_height = _listWrapOn(self.ending, avail_width, self.canv)
        if table_height + ending_height <= avail_height:
            return [self.table, *self.ending]
        if table_height > avail_height:  # this page takes what fits; the rest comes back here
            parts = self.table.split(avail_width, avail_height)
            if len(parts) < 2:
                return []  # not even one row fits: the frame moves on to a new page
            return [parts[0], TableWithEnding(parts[1], self.ending)]
        # The table fits but its ending does not: leave room for the ending under the rows that
        # stay, so that the rows after them move to the next page together with the ending.
        parts = self.table.split(avail_width, avail_height - ending_height)
        if len(parts) < 2:  # too few rows to part with (a one-row table): keep it whole
            return [self.table, KeepTogether(self.ending)]
        return [parts[0], KeepTogether([parts[1], *self.ending])]


def _right(s: Styles) -> Any:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("cell_right", parent=s.cell, alignment=TA_RIGHT)


def write_table_xlsx(
    docs: Sequence[TableDoc],
    path: Path,
    *,
    before: Sequence[TextSheet] = (),
    after: Sequence[TextSheet] = (),
) -> Path:
    """One sheet per table: title rows, header, village rows, totals; money with dot separators.
    A document's text (a decision, a letter) goes on sheets `before` the tables, summaries
    `after` them."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for text in before:
        write_text_sheet(workbook.create_sheet(text.name[:31]), text.lines)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for n, doc in enumerate(docs, start=1):
        sheet = workbook.create_sheet(_sheet_name(doc.title, n))
        last = get_column_letter(len(doc.columns))
        sheet.append([doc.title])
        sheet.merge_cells(f"A1:{last}1")
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A1"].alignment = Alignment(horizontal="center")
        sheet.append([doc.subtitle])
        sheet.merge_cells(f"A2:{last}2")
        sheet["A2"].alignment = Alignment(horizontal="center")
        sheet.append([c.header for c in doc.columns])
        for i, column in enumerate(doc.columns, start=1):
            cell = sheet.cell(row=3, column=i)
            cell.font, cell.border = Font(bold=True), box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            sheet.column_dimensions[get_column_letter(i)].width = max(6, column.width * 0.55)
        sheet.freeze_panes = "A4"
        for group in doc.groups:
            if group.heading:
                sheet.append([group.heading])
                sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, italic=True)
            for row in group.rows:
                sheet.append(row)
                for i, column in enumerate(doc.columns, start=1):
                    cell = sheet.cell(row=sheet.max_row, column=i)
                    cell.border = box
                    _as_text(cell)
                    if column.money:
                        cell.number_format = "#,##0"
        if doc.totals is not None:
            sheet.append(doc.totals)
            for i in range(1, len(doc.columns) + 1):
                cell = sheet.cell(row=sheet.max_row, column=i)
                cell.font, cell.border = Font(bold=True), box
    for text in after:
        write_text_sheet(workbook.create_sheet(text.name[:31]), text.lines)
    return save_atomically(workbook, path)


def _as_text(cell: Any) -> None:
    # Text that looks like a formula stays text: a household code "=1+1" must not compute.
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def _sheet_name(title: str, n: int) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")
    return f"{n}. {cleaned}"[:31]


def build_table_pdf(
    path: Path,
    docs: Sequence[TableDoc],
    font: DocumentFont,
    *,
    issuer: Sequence[str],
    place_and_date: str,
    signer: tuple[str, str, str],
    heading_note: str = "",
) -> None:
    """Landscape A4: the issuer and national title, then each table (a new page for each), and the
    signatures of the person who drew up the list and the chairman."""
    template = portrait_doc(str(path), title=docs[0].title if docs else "", landscape=True)
    width = template.width - 12
    story: list[Any] = []
    for n, doc in enumerate(docs):
        if n:
            story.append(PageBreak())
        story.append(DocumentHeading(font, issuer, None, place_and_date, left_width=95 * mm))
        if heading_note:
            story.append(Paragraph(f"<i>{x(heading_note)}</i>", styles(font, 13).italic_center))
        flowables = table_flowables(doc, font, width)
        story += flowables[:3]  # title, subtitle, space
        capacity, title, name = signer
        ending = [
            *flowables[4:],  # the note, if any
            Spacer(1, 5 * mm),
            SignatureBlock(
                font, capacity=capacity, title=title, name=name, left_title="Người lập biểu"
            ),
        ]
        story.append(TableWithEnding(flowables[3], ending))
    build_story(template, story, font)
