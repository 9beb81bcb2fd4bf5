"""Mẫu số 02: the chairman's decision after the review of a year, recognising the next year's lists
of poor and near-poor households and those that escaped, with the four lists attached."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer
from sqlalchemy import Row, and_, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from desktop.ledger.records import Category, Classification, Household, Member, Village
from desktop.ledger.rules.targets import poverty_rate
from desktop.ledger.settings import Settings, commune_words
from desktop.printing.fonts import DocumentFont
from desktop.printing.layout import (
    DocumentHeading,
    ShortRule,
    SignatureBlock,
    build_story,
    common,
    doc_number,
    percent,
    place_date,
    portrait_doc,
    short_date,
    styles,
    wording,
    x,
)
from desktop.printing.output import PrintError
from desktop.printing.tables import Column, Group, TableDoc, table_flowables
from desktop.printing.text_sheets import Line, heading_lines, signature_lines

LIST_COLUMNS = [
    Column("STT", 11, "center"),
    Column("Mã hộ", 22),
    Column("Họ và tên chủ hộ", 39),
    Column("Dân tộc", 20),
    Column("Số nhân khẩu", 15, "center"),
    Column("Thu nhập BQ (đồng/ người/tháng)", 31, "right", money=True),
    Column("Số chỉ số thiếu hụt", 17, "center"),
]


@dataclass(frozen=True)
class DecisionDoc:
    label: str
    issuer: tuple[str, ...]
    number: str
    number_text: str  # "95/QĐ-UBND", for the attachments' note
    place_date: str
    date_text: str  # "25/12/2025"
    title: str
    subject: str
    authority: str
    bases: tuple[str, ...]
    articles: tuple[str, ...]
    figures: dict[str, Any]
    lists: tuple[TableDoc, ...]
    copies_to: tuple[str, ...]
    signer: tuple[str, str, str]


def _rows(
    session: Session, year: int, list_year: int, before: set[Category], after: set[Category]
) -> list[Row[Household, str, Classification, int, str]]:
    """Households whose category was in `before` in `year` (any, if empty) and in `after` in
    `list_year`, with what the lists print."""
    prev = aliased(Classification)
    cur = aliased(Classification)
    members = (
        select(func.count())
        .where(Member.household_id == Household.id, Member.deleted == False)  # noqa: E712
        .scalar_subquery()
    )
    head_ethnicity = (
        select(Member.ethnicity)
        .where(Member.household_id == Household.id, Member.relation == "Chủ hộ")
        .limit(1)
        .scalar_subquery()
    )
    query = (
        sa_select(
            Household,
            col(Village.name),
            cur,
            members.label("members"),
            head_ethnicity.label("ethnicity"),
        )
        .join(cur, and_(col(cur.household_id) == col(Household.id), col(cur.year) == list_year))
        .join(Village, col(Village.id) == col(Household.village_id))
        .where(
            col(Household.deleted).is_(False),
            col(cur.deleted).is_(False),
            col(cur.category).in_([c.value for c in after]),
        )
        .order_by(Village.name, Household.code)
    )
    if before:
        query = query.join(
            prev, and_(col(prev.household_id) == col(Household.id), col(prev.year) == year)
        ).where(col(prev.category).in_([c.value for c in before]))
    return list(session.execute(query).all())


def _table(title: str, note: str, rows: list[Any]) -> TableDoc:
    groups: dict[str, Group] = {}
    for hh, village, cls, members, ethnicity in rows:
        group = groups.setdefault(village, Group(village))
        group.rows.append(
            [
                len(group.rows) + 1,
                hh.code,
                hh.head_name,
                ethnicity or "",
                members,
                cls.income_per_capita,
                cls.deprivation_count,
            ]
        )
    return TableDoc(
        title=title,
        subtitle=note,
        columns=LIST_COLUMNS,
        groups=list(groups.values()),
        totals=["", "", f"Tổng cộng: {len(rows)} hộ", "", "", "", ""],
    )


def decision_doc(session: Session, year: int, settings: Settings) -> DecisionDoc:
    """The decision made at the review of `year` (lists for `year + 1`)."""
    list_year = year + 1
    poor = _rows(session, year, list_year, set(), {Category.poor})
    if not poor and not _rows(session, year, list_year, set(), {Category.near_poor}):
        raise PrintError(
            f"Chưa có kết quả rà soát cuối năm {year} (danh sách năm {list_year}) trong sổ."
        )
    near = _rows(session, year, list_year, set(), {Category.near_poor})
    not_poor = {Category.near_poor, Category.average, Category.other}
    escaped = _rows(session, year, list_year, {Category.poor}, not_poor)
    escaped_near = _rows(
        session,
        year,
        list_year,
        {Category.near_poor},
        {Category.average, Category.other},
    )
    households = session.exec(
        select(func.count()).select_from(Household).where(Household.deleted == False)  # noqa: E712
    ).one()
    classes = [row[2] for row in poor + near]
    number = Counter(c.decision_number for c in classes if c.decision_number).most_common(1)
    dates = Counter(c.decision_date for c in classes if c.decision_date).most_common(1)
    number_text = number[0][0] if number else ""
    day = dates[0][0] if dates else None
    words = wording("decision")
    names = commune_words(settings.commune)
    basis = (
        wording("review_forms")["standard_basis"].get(classes[0].standard_id, "") if classes else ""
    )
    fill = {**names, "year": year, "list_year": list_year, "standard_basis": basis}
    figures = {
        "households": households,
        "poor": len(poor),
        "poor_rate": percent(poverty_rate(len(poor), households)),
        "near_poor": len(near),
        "near_poor_rate": percent(poverty_rate(len(near), households)),
        "escaped": len(escaped),
        "escaped_near": len(escaped_near),
    }
    note = words["attachment_note"].format(
        number=number_text or "……", date=short_date(day) or "……", **names
    )
    lists = tuple(
        _table(words["lists"][key].format(list_year=list_year), note, rows)
        for key, rows in (
            ("poor", poor),
            ("near_poor", near),
            ("escaped", escaped),
            ("escaped_near", escaped_near),
        )
    )
    capacity = settings["signer.capacity"]
    return DecisionDoc(
        label=words["label"],
        issuer=tuple(settings.lines("issuer.name")),
        number=doc_number(
            number_text.split("/")[0] if number_text else None,
            words["kind"],
            settings["issuer.abbreviation"],
        ),
        number_text=number_text,
        place_date=place_date(settings["issuer.place"], day),
        date_text=short_date(day),
        title=words["title"],
        subject=words["subject"].format(**fill),
        authority=words["authority"].format(**fill),
        bases=tuple(b.format(**fill) for b in words["bases"] if b.format(**fill).strip()),
        articles=(
            words["article1"].format(**fill),
            *(f.format(**figures) for f in words["figures"]),
            words["article2"].format(**fill),
            words["article3"].format(**fill),
        ),
        figures=figures,
        lists=lists,
        copies_to=tuple(c.format(**fill) for c in words["copies_to"]),
        # The chairman decides in person: "TM. ỦY BAN NHÂN DÂN" belongs to the committee's own
        # documents; a deputy signing keeps "KT. CHỦ TỊCH".
        signer=(
            capacity if capacity.upper().startswith("KT") else "",
            settings["signer.title"],
            settings["signer.name"],
        ),
    )


def build_decision(path: Path, doc: DecisionDoc, font: DocumentFont) -> None:
    s = styles(font)
    story: list[Any] = [
        Paragraph(f"<b>{x(doc.label)}</b>", s.form_label),
        Spacer(1, 2 * mm),
        DocumentHeading(font, doc.issuer, doc.number, doc.place_date),
        Spacer(1, 8 * mm),
        Paragraph(x(doc.title), s.title),
        Paragraph(f"<b>{x(doc.subject)}</b>", s.center_bold),
        Spacer(1, 2 * mm),
        ShortRule(40 * mm),
        Spacer(1, 2 * mm),
        Paragraph(x(doc.authority), s.title),
        Spacer(1, 4 * mm),
    ]
    story += [Paragraph(f"<i>{x(b)}</i>", s.body_indent) for b in doc.bases]
    story.append(Paragraph(f"<b>{x(wording('decision')['decides'])}</b>", s.title))
    for article in doc.articles:
        head, _, rest = article.partition(". ")
        is_article = head.startswith("Điều")
        text = f"<b>{x(head)}.</b> {x(rest)}" if is_article else x(article)
        story.append(Paragraph(text, s.body_indent))
    story.append(Spacer(1, 4 * mm))
    capacity, title, name = doc.signer
    story.append(
        SignatureBlock(font, capacity=capacity, title=title, name=name, copies_to=doc.copies_to)
    )
    for table in doc.lists:
        story.append(PageBreak())
        story += table_flowables(table, font, 160 * mm)
    build_story(portrait_doc(str(path), title=f"{doc.title} {doc.number_text}"), story, font)


def decision_text(doc: DecisionDoc) -> list[Line]:
    """The decision itself, paragraph by paragraph, for the first sheet of its .xlsx."""
    words = common()
    lines = [Line(doc.label, bold=True, right=True)]
    lines += heading_lines(doc.issuer, doc.number, doc.place_date, words)
    lines += [
        Line(doc.title, bold=True, center=True),
        Line(doc.subject, bold=True, center=True),
        Line(""),
        Line(doc.authority, bold=True, center=True),
        *(Line(b, italic=True) for b in doc.bases),
        Line(wording("decision")["decides"], bold=True, center=True),
        *(Line(a) for a in doc.articles),
    ]
    lines += signature_lines(doc.signer, doc.copies_to)
    return lines
