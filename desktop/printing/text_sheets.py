"""Documents whose body is text (a decision, a letter, summaries of achievements) as a worksheet:
one paragraph a row in one wide wrapped column, headings in bold and centred, so an officer can
copy or edit the wording in Excel. Tables of the same document go on the sheets after it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

WIDTH = 110  # characters: about an A4 line of 13-14 pt text


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False
    italic: bool = False
    center: bool = False
    right: bool = False  # the signature side: place and date, signer


@dataclass(frozen=True)
class TextSheet:
    name: str
    lines: Sequence[Line]


def heading_lines(
    issuer: Sequence[str], number: str, place_date: str, words: Mapping[str, Any]
) -> list[Line]:
    """The issuing body, the national title and motto, number and symbol, place and date."""
    return [
        *(Line(line, bold=True) for line in issuer),
        Line(words["national_title"], bold=True, right=True),
        Line(words["motto"], bold=True, right=True),
        Line(number),
        Line(place_date, italic=True, right=True),
        Line(""),
    ]


def signature_lines(signer: tuple[str, str, str], copies_to: Sequence[str]) -> list[Line]:
    capacity, title, name = signer
    lines = [Line("")]
    lines += [
        Line(part.strip().upper(), bold=True, right=True)
        for part in (capacity, *title.split("/"))
        if part.strip()
    ]
    lines += [Line(""), Line(""), Line(name, bold=True, right=True)]
    if copies_to:
        lines.append(Line("Nơi nhận:", bold=True, italic=True))
        lines += [Line(c) for c in copies_to]
    return lines


def write_text_sheet(sheet: Worksheet, lines: Sequence[Line]) -> None:
    sheet.column_dimensions["A"].width = WIDTH
    for n, line in enumerate(lines, start=1):
        cell: Any = sheet.cell(row=n, column=1, value=line.text)
        # Text that looks like a formula stays text, as in every export.
        if line.text.startswith("="):
            cell.data_type = "s"
        cell.font = Font(bold=line.bold, italic=line.italic, size=13)
        horizontal = "center" if line.center else ("right" if line.right else "left")
        cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
