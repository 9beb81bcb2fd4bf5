"""Mẫu số 03 of Decision 24/2021/QĐ-TTg: the certificate of a poor or near-poor household
(Giấy chứng nhận hộ nghèo, hộ cận nghèo, "Số: …/GCN-HN.HCN"), with the years of the period and
the list of members on the back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table

from desktop.ledger.records import Category
from desktop.ledger.rules.standards import load_standards
from desktop.ledger.settings import Settings, commune_words
from desktop.printing.fonts import DocumentFont
from desktop.printing.households import HouseholdFacts
from desktop.printing.layout import (
    DocumentHeading,
    SignatureBlock,
    build_story,
    doc_number,
    grid_style,
    place_date,
    portrait_doc,
    styles,
    wording,
    x,
)
from desktop.printing.output import PrintError

LISTED = (Category.poor, Category.near_poor)


@dataclass(frozen=True)
class YearMark:
    year: int
    poor: bool
    near_poor: bool


@dataclass(frozen=True)
class PovertyCertificateDoc:
    issuer: tuple[str, ...]
    number: str
    place_date: str
    label: str  # "Mẫu số 03"
    title: str
    bases: tuple[str, ...]
    certifies: str
    head_name: str
    honorific: str
    ethnicity: str
    citizen_id: str
    address: str
    belongs: str
    years: tuple[YearMark, ...]
    members: tuple[tuple[str, ...], ...]
    signer: tuple[str, str, str]  # capacity, title, name
    notes: tuple[str, ...]


def poverty_certificate_doc(facts: HouseholdFacts, settings: Settings) -> PovertyCertificateDoc:
    listed = {y: c for y, c in facts.classifications.items() if c.category in LISTED}
    if not listed:
        raise PrintError(
            f"Hộ {facts.code} ({facts.head_name}) chưa từng thuộc danh sách hộ nghèo, hộ cận nghèo "
            "nên không cấp Giấy chứng nhận (Mẫu số 03)."
        )
    latest = listed[max(listed)]
    standard = next((s for s in load_standards() if s.id == latest.standard_id), None)
    first, last = (standard.year_from, standard.year_to) if standard else (min(listed), max(listed))
    period = f"{first} - {last}"
    words = wording("review_forms")
    form = words["forms"]["03"]
    names = commune_words(settings.commune)
    basis = words["standard_basis"].get(latest.standard_id, "")
    bases = tuple(b.replace("{standard_basis}", basis) for b in form["bases"] if b.strip())
    years = tuple(
        YearMark(
            y,
            facts.classifications.get(y) is not None
            and facts.classifications[y].category == Category.poor,
            facts.classifications.get(y) is not None
            and facts.classifications[y].category == Category.near_poor,
        )
        for y in range(first, last + 1)
    )
    members = tuple(
        (str(n), m.name, m.relation, m.sex, m.birth, m.ethnicity, m.citizen_id)
        for n, m in enumerate(facts.members, start=1)
    )
    head = facts.head
    return PovertyCertificateDoc(
        issuer=tuple(settings.lines("issuer.name")),
        number=doc_number(None, "", form["symbol"]),
        place_date=place_date(settings["issuer.place"], latest.decision_date),
        label=form["label"],
        title=form["title"],
        bases=bases,
        certifies=form["certifies"].format(commune=names["commune"]),
        head_name=facts.head_name,
        honorific=facts.honorific,
        ethnicity=head.ethnicity if head else "",
        citizen_id=head.citizen_id if head else "",
        address=facts.address,
        belongs=form["belongs"].format(period=period),
        years=years,
        members=members,
        signer=(settings["signer.capacity"], settings["signer.title"], settings["signer.name"]),
        notes=tuple(form["notes"]),
    )


def build_poverty_certificate(path: Path, doc: PovertyCertificateDoc, font: DocumentFont) -> None:
    s = styles(font)
    story: list = []  # type: ignore[type-arg]
    story.append(Paragraph(f"<b>{x(doc.label)}</b>", s.form_label))
    story.append(Spacer(1, 2 * mm))
    story.append(DocumentHeading(font, doc.issuer, doc.number, doc.place_date))
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(x(doc.title), s.title))
    story.append(Spacer(1, 4 * mm))
    for basis in doc.bases:
        story.append(Paragraph(f"<i>{x(basis)}</i>", s.body_indent))
    story.append(Paragraph(f"<i>{x(doc.certifies)}</i>", s.body_indent))
    story.append(
        Paragraph(
            f"Hộ gia đình {x(doc.honorific)}: <b>{x(doc.head_name)}</b>"
            f"&nbsp;&nbsp;&nbsp;&nbsp;Dân tộc: {x(doc.ethnicity) or '……………'}",
            s.body,
        )
    )
    story.append(Paragraph(f"Số định danh cá nhân/CCCD: {x(doc.citizen_id) or '……………'}", s.body))
    story.append(Paragraph(f"Nơi thường trú: {x(doc.address)}", s.body))
    story.append(Paragraph(x(doc.belongs), s.body))
    story.append(Spacer(1, 2 * mm))
    words = wording("review_forms")["forms"]["03"]
    head = [Paragraph(x(h), s.head_cell) for h in words["table_headers"]]
    rows = [head] + [
        [
            Paragraph(str(m.year), s.cell_center),
            Paragraph("X" if m.poor else "", s.cell_center),
            Paragraph("X" if m.near_poor else "", s.cell_center),
            "",
        ]
        for m in doc.years
    ]
    table = Table(
        rows,
        colWidths=[22 * mm, 30 * mm, 30 * mm, 75 * mm],
        rowHeights=[None] + [10 * mm] * len(doc.years),
    )
    table.setStyle(grid_style(font))
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    capacity, title, name = doc.signer
    story.append(
        SignatureBlock(font, capacity=capacity, title=title, name=name, hint="(Ký, đóng dấu)")
    )
    story.append(PageBreak())
    story.append(Paragraph(x(words["members_title"]), s.title))
    story.append(
        Paragraph(
            f"(Kèm theo Giấy chứng nhận hộ nghèo, hộ cận nghèo của hộ {x(doc.honorific)} "
            f"{x(doc.head_name)})",
            s.italic_center,
        )
    )
    story.append(Spacer(1, 4 * mm))
    head = [Paragraph(x(h), s.head_cell) for h in words["members_headers"]]
    body = [
        [Paragraph(x(v), s.cell_center if i in (0, 3, 4) else s.cell) for i, v in enumerate(row)]
        for row in doc.members
    ]
    members = Table(
        [head, *body],
        colWidths=[10 * mm, 38 * mm, 23 * mm, 14 * mm, 17 * mm, 20 * mm, 38 * mm],
        repeatRows=1,
    )
    members.setStyle(grid_style(font))
    story.append(members)
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(x(words["notes_title"]), s.subtitle))
    for n, note in enumerate(doc.notes, start=1):
        story.append(Paragraph(f"{n}. {x(note)}", s.body))
    template = portrait_doc(str(path), title=doc.title)
    build_story(template, story, font)
