"""The commendation dossier for a year and a form: the proposal letter (tờ trình), the list of
subjects proposed, and a summary of achievements for each, from the proposals, the criteria of the
province's plan, and for households their registration, support and incomes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer
from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop.ledger.records import (
    Classification,
    CommendationProposal,
    Household,
    ProposalStatus,
    Registration,
    SupportGiven,
    Village,
)
from desktop.ledger.rules.emulation import criteria_for, plan_for
from desktop.ledger.settings import Settings, commune_words
from desktop.ledger.vocabulary import FORM_LABELS
from desktop.printing.fonts import DocumentFont
from desktop.printing.households import village_label
from desktop.printing.layout import (
    DocumentHeading,
    ShortRule,
    SignatureBlock,
    build_story,
    common,
    doc_number,
    money,
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


@dataclass(frozen=True)
class Summary:
    name: str
    kind: str
    place: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class DossierDoc:
    issuer: tuple[str, ...]
    number: str
    place_date: str
    title: str
    subject: str
    to: str
    bases: tuple[str, ...]
    body: tuple[str, ...]
    signer: tuple[str, str, str]
    copies_to: tuple[str, ...]
    table: TableDoc
    summary_title: str
    summary_of: str
    summaries: tuple[Summary, ...]


def _household_lines(session: Session, household_id: str, year: int) -> list[str]:
    lines = []
    reg = session.exec(
        select(Registration).where(
            Registration.household_id == household_id,
            Registration.deleted == False,  # noqa: E712
        )
    ).first()
    if reg is not None:
        escaped = f", thoát nghèo năm {reg.escaped_year}" if reg.escaped_year else ""
        lines.append(
            f"Tự nguyện đăng ký thoát nghèo ngày {short_date(reg.registered_on)}, cam kết thoát "
            f"nghèo năm {reg.target_year}{escaped}. Phương án: {reg.plan}."
        )
    n, value = session.exec(
        select(func.count(), func.coalesce(func.sum(SupportGiven.value), 0)).where(
            SupportGiven.household_id == household_id,
            SupportGiven.deleted == False,  # noqa: E712
        )
    ).one()
    if n:
        lines.append(f"Đã nhận {n} lượt hỗ trợ, tổng giá trị {money(int(value or 0))} đồng.")
    incomes = {
        c.year: c.income_per_capita
        for c in session.exec(
            select(Classification).where(Classification.household_id == household_id)
        ).all()
        if c.income_per_capita
    }
    if year in incomes and year + 1 in incomes:
        lines.append(
            f"Thu nhập bình quân tăng từ {money(incomes[year])} lên {money(incomes[year + 1])} "
            "đồng/người/tháng."
        )
    return lines


def dossier_doc(session: Session, year: int, form: str, settings: Settings) -> DossierDoc:
    proposals = session.exec(
        select(CommendationProposal)
        .where(
            CommendationProposal.deleted == False,  # noqa: E712
            CommendationProposal.year == year,
            CommendationProposal.form == form,
            col(CommendationProposal.status).in_(
                [ProposalStatus.proposed, ProposalStatus.approved]
            ),
        )
        .order_by(CommendationProposal.subject_type, CommendationProposal.subject_name)
    ).all()
    if not proposals:
        raise PrintError(
            f"Năm {year} chưa có đề nghị khen thưởng nào ({FORM_LABELS.get(form, form)})."
        )
    words = wording("dossier")
    names = commune_words(settings.commune)
    form_label = FORM_LABELS.get(form, form)
    province = settings.commune.province_code if settings.commune else None
    plan = plan_for(province, year) if province is not None else None
    plan_basis = (
        f"Căn cứ Kế hoạch số {plan.number} ngày {short_date(plan.date)} của {plan.issuer} về "
        f"thực hiện Phong trào thi đua “{common()['movement']}”;"
        if plan is not None
        else ""
    )
    addressee = words["addressee"].get(form, words["addressee"]["default"]).format(**names)
    fill = {
        **names,
        "year": year,
        "form": form_label,
        "form_upper": form_label.upper(),
        "movement": common()["movement"],
        "addressee": addressee,
        "count": len(proposals),
        "plan_basis": plan_basis,
    }
    villages = {v.id: village_label(v) for v in session.exec(select(Village)).all()}
    homes = {
        h.id: h
        for h in session.exec(
            select(Household).where(
                col(Household.id).in_([p.household_id for p in proposals if p.household_id])
            )
        ).all()
    }
    rows, summaries = [], []
    for n, p in enumerate(proposals, start=1):
        kind = words["subject_types"].get(p.subject_type, str(p.subject_type))
        home = homes.get(p.household_id or "")
        village_id = home.village_id if home is not None else p.village_id
        place = villages.get(village_id or "", "")
        criteria = {c.code: c for c in criteria_for(p.subject_type, province, year)}
        met = [criteria[c].label for c in p.criteria_met if c in criteria]
        rows.append([n, p.subject_name, kind, place, p.achievement, "; ".join(met)])
        lines = [f"Thành tích: {p.achievement}"] if p.achievement else []
        lines += [f"- {criteria[c].text}" for c in p.criteria_met if c in criteria]
        if home is not None:
            lines += _household_lines(session, home.id, year)
        summaries.append(Summary(p.subject_name, kind, place, tuple(lines)))
    table = TableDoc(
        title=words["list_title"].format(**fill),
        subtitle=f"(Kèm theo Tờ trình của Ủy ban nhân dân {names['commune']})",
        columns=[
            Column("STT", 11, "center"),
            Column("Tên tập thể, hộ gia đình, cá nhân", 36),
            Column("Đối tượng", 20),
            Column("Thôn, xóm", 20),
            Column("Thành tích", 43),
            Column("Tiêu chí đạt", 30),
        ],
        groups=[Group("", rows)],
    )
    return DossierDoc(
        issuer=tuple(settings.lines("issuer.name")),
        number=doc_number(None, words["kind"], settings["issuer.abbreviation"]),
        place_date=place_date(settings["issuer.place"], None),
        title=words["title"],
        subject=words["subject"].format(**fill),
        to=f"Kính gửi: {addressee}.",
        bases=tuple(b.format(**fill) for b in words["bases"] if b.format(**fill).strip()),
        body=(words["body"].format(**fill), words["closing"].format(**fill)),
        signer=(settings["signer.capacity"], settings["signer.title"], settings["signer.name"]),
        copies_to=tuple(settings.lines("report.copies_to")),
        table=table,
        summary_title=words["summary_title"],
        summary_of=words["summary_of"].format(**fill),
        summaries=tuple(summaries),
    )


def build_dossier(path: Path, doc: DossierDoc, font: DocumentFont) -> None:
    s = styles(font)
    story: list[Any] = [
        DocumentHeading(font, doc.issuer, doc.number, doc.place_date),
        Spacer(1, 8 * mm),
        Paragraph(x(doc.title), s.title),
        Paragraph(f"<b>{x(doc.subject)}</b>", s.center_bold),
        ShortRule(40 * mm),
        Spacer(1, 3 * mm),
        Paragraph(x(doc.to), s.center),
        Spacer(1, 4 * mm),
    ]
    story += [Paragraph(f"<i>{x(b)}</i>", s.body_indent) for b in doc.bases]
    story += [Paragraph(x(b), s.body_indent) for b in doc.body]
    story.append(Spacer(1, 4 * mm))
    capacity, title, name = doc.signer
    story.append(
        SignatureBlock(font, capacity=capacity, title=title, name=name, copies_to=doc.copies_to)
    )
    story.append(PageBreak())
    story += table_flowables(doc.table, font, 160 * mm)
    for summary in doc.summaries:
        story.append(PageBreak())
        story.append(Paragraph(x(doc.summary_title), s.title))
        story.append(Paragraph(f"<i>{x(doc.summary_of)}</i>", s.italic_center))
        story.append(Spacer(1, 5 * mm))
        story.append(Paragraph(f"<b>{x(summary.name)}</b> ({x(summary.kind)})", s.body))
        if summary.place:
            story.append(Paragraph(f"Địa chỉ: {x(summary.place)}", s.body))
        story += [Paragraph(x(line), s.body_indent) for line in summary.lines]
    build_story(portrait_doc(str(path), title=f"{doc.title} {doc.subject}"), story, font)


def letter_text(doc: DossierDoc) -> list[Line]:
    """The proposal letter (tờ trình), paragraph by paragraph, for the first sheet of its .xlsx."""
    lines = heading_lines(doc.issuer, doc.number, doc.place_date, common())
    lines += [
        Line(doc.title, bold=True, center=True),
        Line(doc.subject, bold=True, center=True),
        Line(doc.to, center=True),
        Line(""),
        *(Line(b, italic=True) for b in doc.bases),
        *(Line(b) for b in doc.body),
    ]
    lines += signature_lines(doc.signer, doc.copies_to)
    return lines


def summaries_text(doc: DossierDoc) -> list[Line]:
    """Every subject's summary of achievements, one after another."""
    lines = [
        Line(doc.summary_title, bold=True, center=True),
        Line(doc.summary_of, italic=True, center=True),
    ]
    for summary in doc.summaries:
        lines += [Line(""), Line(f"{summary.name} ({summary.kind})", bold=True)]
        if summary.place:
            lines.append(Line(f"Địa chỉ: {summary.place}"))
        lines += [Line(text) for text in summary.lines]
    return lines
