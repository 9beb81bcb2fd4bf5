"""Forms a household signs, filled from the ledger: Mẫu số 01 and 04 of Decision 24/2021/QĐ-TTg
and the voluntary registration to escape poverty. What the ledger does not hold (ID issue date,
the reason in the household's own words) is left as dotted lines to fill by hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table
from sqlmodel import Session, select

from desktop.ledger.records import Category, Registration
from desktop.ledger.settings import Settings, commune_words
from desktop.ledger.vocabulary import CATEGORY_LABELS, SUPPORT_KIND_LABELS
from desktop.printing.fonts import DocumentFont
from desktop.printing.households import HouseholdFacts
from desktop.printing.layout import (
    build_story,
    common,
    grid_style,
    place_date,
    portrait_doc,
    short_date,
    styles,
    wording,
    x,
)
from desktop.printing.output import PrintError

DOTS = "…"  # a line left for the household to write on
EMPLOYMENT = {
    "working_with_contract": "Có việc làm",
    "working_without_contract": "Có việc làm",
    "self_employed": "Có việc làm",
    "unemployed": "Không có việc làm",
}


@dataclass(frozen=True)
class HouseholdForm:
    """A form of one household: heading lines, paragraphs, optional member table, signatures."""

    label: str  # "Mẫu số 01", or "" for the commune's own forms
    title: str
    subtitle: str
    to: tuple[str, ...]
    lines: tuple[str, ...]  # paragraphs, already filled; may hold <b>/<i> markup
    members_intro: str
    members_headers: tuple[str, ...]
    members: tuple[tuple[str, ...], ...]
    after: tuple[str, ...]  # paragraphs after the table
    place_date: str
    signers: tuple[tuple[str, str, str], ...]  # (title, hint, name), left to right


def _status(employment: str | None, in_school: bool | None) -> str:
    if in_school:
        return "Đang đi học"
    return EMPLOYMENT.get(employment or "", "")


def _person_lines(facts: HouseholdFacts, *, sex_codes: bool) -> list[str]:
    head = facts.head
    sex = head.sex if head else ""
    if sex_codes:
        sex = {"Nam": "1", "Nữ": "2"}.get(sex, "")
    birth = head.birth if head else ""
    if len(birth) == 10:
        born = f"Sinh ngày {birth[:2]} tháng {birth[3:5]} năm {birth[6:]}"
    else:
        born = f"Sinh ngày …… tháng …… năm {birth or '……'}"
    sex_label = "Giới tính (1: Nam; 2: Nữ)" if sex_codes else "Giới tính"
    return [
        f"Họ và tên: <b>{x(facts.head_name)}</b>, {sex_label}: {x(sex) or '……'}",
        f"{born}, Dân tộc: {x(head.ethnicity if head else '') or '……'}",
        f"Số CCCD/CMND: {x(head.citizen_id if head else '') or '……………'}"
        "&nbsp;&nbsp;Ngày cấp: ……/……/………",
        f"Nơi thường trú: {x(facts.address)}",
        f"Nơi ở hiện tại: {x(facts.address)}",
    ]


def form_01(facts: HouseholdFacts, settings: Settings) -> HouseholdForm:
    form = wording("review_forms")["forms"]["01"]
    names = commune_words(settings.commune)
    members = tuple(
        (
            f"{n:02d}",
            m.name,
            {"Nam": "1", "Nữ": "2"}.get(m.sex, ""),
            m.birth,
            m.relation,
            _status(m.employment, m.in_school),
        )
        for n, m in enumerate(facts.members, start=1)
    )
    return HouseholdForm(
        label=form["label"],
        title=form["title"],
        subtitle=form["subtitle"],
        to=(form["to"].format(commune=names["commune"]),),
        lines=tuple(_person_lines(facts, sex_codes=True)),
        members_intro=form["members_intro"],
        members_headers=tuple(form["members_headers"]),
        members=members,
        after=(form["reason"], *([DOTS] * form["reason_lines"])),
        place_date=place_date(settings["issuer.place"], None),
        signers=(("", "", ""), (form["signer"], form["signer_hint"], facts.head_name)),
    )


def form_04(facts: HouseholdFacts, settings: Settings) -> HouseholdForm:
    listed = {
        y: c
        for y, c in facts.classifications.items()
        if c.category in (Category.poor, Category.near_poor)
    }
    if not listed:
        raise PrintError(
            f"Hộ {facts.code} ({facts.head_name}) không thuộc danh sách hộ nghèo, hộ cận nghèo nên "
            "không có giấy đề nghị công nhận thoát nghèo (Mẫu số 04)."
        )
    latest = listed[max(listed)]
    poor = latest.category == Category.poor
    form = wording("review_forms")["forms"]["04"]
    names = commune_words(settings.commune)
    fill = {
        "commune": names["commune"],
        "category": CATEGORY_LABELS[Category(latest.category)].lower(),
        "year": latest.year,
        "decision": latest.decision_number or "……",
        "date": short_date(latest.decision_date) or "……",
        "escape": "thoát nghèo" if poor else "thoát cận nghèo",
    }
    return HouseholdForm(
        label=form["label"],
        title=form["title"],
        subtitle="",
        to=(form["to"].format(**fill),),
        lines=(
            *_person_lines(facts, sex_codes=False),
            x(form["listed"].format(**fill)),
            x(form["request"].format(**fill)),
        ),
        members_intro="",
        members_headers=(),
        members=(),
        after=(form["reason"], *([DOTS] * form["reason_lines"]), x(form["pledge"])),
        place_date=place_date(settings["issuer.place"], None),
        signers=(("", "", ""), (form["signer"], form["signer_hint"], facts.head_name)),
    )


def registration_form(session: Session, facts: HouseholdFacts, settings: Settings) -> HouseholdForm:
    registration = session.exec(
        select(Registration)
        .where(Registration.household_id == facts.id, Registration.deleted == False)  # noqa: E712
        .order_by(Registration.registered_on.desc())  # type: ignore[attr-defined]
    ).first()
    if registration is None:
        raise PrintError(
            f"Hộ {facts.code} ({facts.head_name}) chưa đăng ký thoát nghèo; hãy ghi đăng ký trước."
        )
    words = wording("registration_form")
    names = commune_words(settings.commune)
    causes = [words["causes"].get(c, c) for c in registration.causes]
    support = [SUPPORT_KIND_LABELS.get(k, k) for k in registration.support_requested]  # type: ignore[call-overload]
    if registration.support_requested_note:
        support.append(registration.support_requested_note)
    listed = [c for y, c in sorted(facts.classifications.items()) if c.category == Category.poor]
    before = [c for c in listed if c.year <= registration.registered_on.year + 1]
    status = (
        f"Hộ nghèo năm {before[-1].year} (Quyết định số {before[-1].decision_number} ngày "
        f"{short_date(before[-1].decision_date)})"
        if before and before[-1].decision_number
        else "Hộ nghèo"
    )
    workers = sum(
        1 for m in facts.members if m.employment and m.employment != "not_in_labour_force"
    )
    s = words["sections"]
    head = facts.head
    lines = (
        x(words["intro"].format(head=facts.head_name, address=facts.address)),
        f"Năm sinh: {x(head.birth[-4:] if head else '')}&nbsp;&nbsp;&nbsp;Dân tộc: "
        f"{x(head.ethnicity if head else '')}&nbsp;&nbsp;&nbsp;Số CCCD: "
        f"{x(head.citizen_id if head else '')}",
        f"Số nhân khẩu: {len(facts.members)}&nbsp;&nbsp;&nbsp;Số lao động: {workers}"
        f"&nbsp;&nbsp;&nbsp;Diện hộ: {x(status)}",
        f"<b>{x(s['situation'])}</b>",
        x("; ".join(causes)) + "." if causes else DOTS,
        f"<b>{x(s['plan'])}</b>",
        x(registration.plan) or DOTS,
        f"<b>{x(s['support'])}</b>",
        x("; ".join(support)) + "." if support else DOTS,
        f"<b>{x(s['commitment'])}</b>",
        x(words["pledge"].format(year=registration.target_year)),
        *([x(registration.commitment)] if registration.commitment else []),
    )
    hints = words["signer_hints"]
    confirmed = (
        f"Ngày xác nhận: {short_date(registration.commune_confirmed_on)}"
        if registration.commune_confirmed_on
        else ""
    )
    return HouseholdForm(
        label="",
        title=words["title"],
        subtitle=f"Năm {registration.registered_on.year}",
        to=tuple(f"- {t.format(commune=names['commune'])}" for t in words["to"]),
        lines=lines,
        members_intro="",
        members_headers=(),
        members=(),
        after=(),
        place_date=place_date(settings["issuer.place"], registration.registered_on),
        signers=tuple(
            zip(
                words["signers"],
                hints,
                (confirmed, registration.village_head or "", facts.head_name),
                strict=True,
            )
        ),
    )


class _Signatures(Flowable):
    """Two or three signature columns side by side, each with its title, hint and name."""

    def __init__(self, font: DocumentFont, signers: tuple[tuple[str, str, str], ...]) -> None:
        super().__init__()
        self.font, self.signers = font, signers

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 42 * mm
        return self.width, self.height

    def draw(self) -> None:
        c, f = self.canv, self.font
        step = self.width / len(self.signers)
        for n, (title, hint, name) in enumerate(self.signers):
            mid = step * n + step / 2
            c.setFont(f.bold, 13)
            c.drawCentredString(mid, self.height - 12, title)
            c.setFont(f.italic, 12)
            c.drawCentredString(mid, self.height - 27, hint)
            if name:
                # The commune column carries its confirmation date instead of a typed name.
                c.setFont(f.italic if name.startswith("Ngày") else f.bold, 13)
                c.drawCentredString(mid, 4, name)


def build_household_form(path: Path, doc: HouseholdForm, font: DocumentFont) -> None:
    s = styles(font, 13)
    story: list[Any] = []
    if doc.label:
        story.append(Paragraph(f"<b>{x(doc.label)}</b>", s.form_label))
    story.append(Paragraph(f"<b>{x(common()['national_title'])}</b>", s.center))
    story.append(Paragraph(f"<b>{x(common()['motto'])}</b>", s.center))
    story.append(_Rule(font))
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(x(doc.title).replace("\n", "<br/>"), s.title))
    if doc.subtitle:
        story.append(Paragraph(f"<b>{x(doc.subtitle)}</b>", s.center))
    story.append(Spacer(1, 5 * mm))
    if len(doc.to) == 1:
        story.append(Paragraph(x(doc.to[0]), s.center))
    else:
        story.append(Paragraph("<b>Kính gửi:</b>", s.body))
        story += [Paragraph(x(t), s.body_indent) for t in doc.to]
    story.append(Spacer(1, 3 * mm))
    story += [_line(line, s, font) for line in doc.lines]
    if doc.members_headers:
        story.append(Paragraph(x(doc.members_intro), s.body))
        head = [Paragraph(x(h), s.head_cell) for h in doc.members_headers]
        rows = [
            [Paragraph(x(v), s.cell_center if i in (0, 2) else s.cell) for i, v in enumerate(r)]
            for r in doc.members
        ]
        table = Table(
            [head, *rows],
            colWidths=[10 * mm, 36 * mm, 16 * mm, 21 * mm, 37 * mm, 40 * mm],
            repeatRows=1,
        )
        table.setStyle(grid_style(font))
        story.append(table)
        story.append(Spacer(1, 3 * mm))
    story += [_line(line if "<" in line else x(line), s, font) for line in doc.after]
    story.append(Spacer(1, 4 * mm))
    # Place, date and signatures never leave their page alone.
    story.append(
        KeepTogether(
            [Paragraph(f"<i>{x(doc.place_date)}</i>", _right(s)), _Signatures(font, doc.signers)]
        )
    )
    build_story(portrait_doc(str(path), title=doc.title), story, font)


def _line(text: str, s: Any, font: DocumentFont) -> Flowable:
    return _DottedLine(font) if text == DOTS else Paragraph(text, s.body)


class _DottedLine(Flowable):
    """A dotted line across the text width, to write on by hand."""

    def __init__(self, font: DocumentFont) -> None:
        super().__init__()
        self.font = font

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 20
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setDash(1, 2)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 4, self.width, 4)


class _Rule(Flowable):
    """The short line under the motto, as long as the motto."""

    def __init__(self, font: DocumentFont) -> None:
        super().__init__()
        self.font = font

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 4
        return self.width, self.height

    def draw(self) -> None:
        length = self.canv.stringWidth(common()["motto"], self.font.bold, 14)
        self.canv.setLineWidth(0.6)
        self.canv.line((self.width - length) / 2, 2, (self.width + length) / 2, 2)


def _right(s: Any) -> Any:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    # Place and date sit over the right-hand signature, centred on it.
    return ParagraphStyle("right_date", parent=s.body, alignment=TA_CENTER, leftIndent=70 * mm)
