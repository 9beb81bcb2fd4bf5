"""The yearly movement report: figures in tables, a chart of poverty rates by year, the deadline,
and a signature block; also the same tables to .xlsx."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from desktop.ledger.settings import Settings, commune_words
from desktop.printing.fonts import DocumentFont
from desktop.printing.layout import (
    DocumentHeading,
    ShortRule,
    SignatureBlock,
    build_story,
    common,
    doc_number,
    grid_style,
    money,
    percent,
    place_date,
    portrait_doc,
    styles,
    wording,
    x,
)
from desktop.printing.report_data import ReportFigures
from desktop.printing.tables import Column, Group, TableDoc

DASH = "–"


@dataclass(frozen=True)
class ReportDoc:
    issuer: tuple[str, ...]
    number: str
    place_date: str
    title: str
    subject: str
    to: str
    deadline: str
    paragraphs: dict[str, list[str]]  # section key → paragraphs
    tables: dict[str, TableDoc]  # section key → table
    figures: ReportFigures
    signer: tuple[str, str, str]
    copies_to: tuple[str, ...]


def _pp(value: float | None) -> str:
    return DASH if value is None else percent(value)


def _met(reduction: float | None, target: float | None) -> str:
    if reduction is None or target is None:
        return DASH
    return "Đạt" if reduction >= target else "Chưa đạt"


def report_doc(f: ReportFigures, settings: Settings, today: Any) -> ReportDoc:
    words = wording("report")
    names = commune_words(settings.commune)
    movement = common()["movement"]
    fill = {**names, "year": f.year, "next": f.year + 1, "movement": movement}
    after = f.after
    poverty = TableDoc(
        title="",
        subtitle="",
        columns=[
            Column("Chỉ tiêu", 70),
            Column(f"Đầu năm {f.year}", 28, "center"),
            Column(f"Sau rà soát cuối năm {f.year}", 30, "center"),
            Column("Chỉ tiêu giao (%/năm)", 22, "center"),
            Column("Kết quả", 20, "center"),
        ],
        groups=[
            Group(
                "",
                [
                    ["Số hộ nghèo", f.before.poor, after.poor if after else DASH, "", ""],
                    [
                        "Tỷ lệ hộ nghèo (%)",
                        percent(f.before.poor_rate),
                        _pp(after.poor_rate if after else None),
                        "",
                        "",
                    ],
                    [
                        "Giảm tỷ lệ hộ nghèo (điểm %)",
                        "",
                        _pp(f.reduction),
                        _pp(f.target),
                        _met(f.reduction, f.target),
                    ],
                    [
                        "Số hộ cận nghèo",
                        f.before.near_poor,
                        after.near_poor if after else DASH,
                        "",
                        "",
                    ],
                    [
                        "Tỷ lệ hộ cận nghèo (%)",
                        percent(f.before.near_poor_rate),
                        _pp(after.near_poor_rate if after else None),
                        "",
                        "",
                    ],
                    ["Số hộ thoát nghèo trong năm", "", f.escaped_all if after else DASH, "", ""],
                ],
            )
        ],
    )
    m_after = f.minority_after
    minority = TableDoc(
        title="",
        subtitle="",
        columns=poverty.columns,
        groups=[
            Group(
                "",
                [
                    ["Số hộ dân tộc thiểu số", f.minority_before.households, "", "", ""],
                    [
                        "Số hộ nghèo dân tộc thiểu số",
                        f.minority_before.poor,
                        m_after.poor if m_after else DASH,
                        "",
                        "",
                    ],
                    [
                        "Tỷ lệ hộ nghèo dân tộc thiểu số (%)",
                        percent(f.minority_before.poor_rate),
                        _pp(m_after.poor_rate if m_after else None),
                        "",
                        "",
                    ],
                    [
                        "Giảm tỷ lệ hộ nghèo DTTS (điểm %)",
                        "",
                        _pp(f.minority_reduction),
                        _pp(f.minority_target),
                        _met(f.minority_reduction, f.minority_target),
                    ],
                ],
            )
        ],
    )
    support = TableDoc(
        title="",
        subtitle="",
        columns=[
            Column("Loại hỗ trợ", 80),
            Column("Số lượt", 25, "center"),
            Column("Giá trị (đồng)", 45, "right", money=True),
        ],
        groups=[Group("", [[k, n, v] for k, n, v in f.support])],
        totals=["Tổng cộng", sum(n for _, n, _ in f.support), sum(v for _, _, v in f.support)],
    )
    general = words["general"].format(
        **fill,
        households=f.households,
        minority_households=f.minority_before.households,
        poor=f.before.poor,
        poor_rate=percent(f.before.poor_rate),
        near_poor=f.before.near_poor,
        near_poor_rate=percent(f.before.near_poor_rate),
    )
    paragraphs = {
        "general": [words["intro"].format(**fill), general],
        "poverty": [] if after else [words["pending_review"].format(**fill)],
        "registrations": [
            f"Trong năm có {f.registered_in_year} hộ tự nguyện đăng ký thoát nghèo; tổng số hộ "
            f"đang thực hiện đăng ký trong năm là {f.registrations_open} hộ. Có "
            f"{f.escaped_registered} hộ đăng ký đã thoát nghèo; {f.not_yet} hộ đến hạn nhưng chưa "
            f"thoát nghèo; {f.withdrawn} hộ đã rút đăng ký (lũy kế)."
        ],
        "models": [
            f"Trên địa bàn có {f.models} mô hình giảm nghèo, điển hình tiên tiến đang thực hiện, "
            f"với {f.model_households} hộ tham gia; {f.model_escaped} hộ tham gia mô hình đã "
            "thoát nghèo."
        ],
        "commendation": [
            f"Năm {f.year} đề nghị khen thưởng {f.proposed} tập thể, hộ gia đình, cá nhân; đã có "
            f"quyết định khen thưởng {f.approved} trường hợp; vào sổ khen thưởng "
            f"{f.certificates} Giấy khen."
        ],
        "support": [
            f"Tổng giá trị hỗ trợ trong năm: {money(sum(v for _, _, v in f.support))} đồng."
        ],
    }
    if f.target_source:
        paragraphs["poverty"].append(f"Chỉ tiêu giao theo {f.target_source}.")
    return ReportDoc(
        issuer=tuple(settings.lines("issuer.name")),
        number=doc_number(None, words["kind"], settings["issuer.abbreviation"]),
        place_date=place_date(settings["issuer.place"], today),
        title=words["title"],
        subject=words["subject"].format(**fill),
        to=words["to"].format(recipient=settings["report.recipient"]),
        deadline=words["deadline"].format(deadline=f.deadline) if f.deadline else "",
        paragraphs=paragraphs,
        tables={"poverty": poverty, "minority": minority, "support": support},
        figures=f,
        signer=(settings["signer.capacity"], settings["signer.title"], settings["signer.name"]),
        copies_to=tuple(settings.lines("report.copies_to")),
    )


def rate_chart(f: ReportFigures, font: DocumentFont, width: float) -> Drawing:
    """Poor and near-poor rates by list year, as grouped bars."""
    years = list(f.history)
    height = 62 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 14 * mm
    chart.width, chart.height = width - 20 * mm, height - 26 * mm
    chart.data = [
        [f.history[y].poor_rate for y in years],
        [f.history[y].near_poor_rate for y in years],
    ]
    chart.categoryAxis.categoryNames = [str(y) for y in years]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font.regular, 10
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: percent(v, 0)
    chart.bars[0].fillColor = HexColor("#B8181E")
    chart.bars[1].fillColor = HexColor("#E3A33B")
    chart.barLabels.fontName, chart.barLabels.fontSize = font.regular, 7
    chart.barLabelFormat = lambda v: percent(v, 1)
    chart.barLabels.nudge = 6
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 70 * mm, height - 2 * mm
    legend.fontName, legend.fontSize = font.regular, 10
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [
        (HexColor("#B8181E"), "Tỷ lệ hộ nghèo"),
        (HexColor("#E3A33B"), "Tỷ lệ hộ cận nghèo"),
    ]
    drawing.add(legend)
    drawing.add(
        String(
            width / 2,
            2 * mm,
            wording("report")["chart_title"],
            fontName=font.italic,
            fontSize=11,
            textAnchor="middle",
        )
    )
    return drawing


def standards_note(f: ReportFigures) -> str:
    """Rates made under different standards do not compare directly: say which years used which."""
    spans: list[tuple[int, int, str]] = []
    for year, basis in f.standards.items():
        if spans and spans[-1][2] == basis:
            spans[-1] = (spans[-1][0], year, basis)
        else:
            spans.append((year, year, basis))
    if len(spans) < 2:
        return ""
    parts = [f"năm {a}" if a == b else f"các năm {a}-{b}" for a, b, _ in spans]
    said = "; ".join(f"{p} theo {basis}" for p, (_, _, basis) in zip(parts, spans, strict=True))
    return f"Ghi chú: {said}. Tỷ lệ giữa hai chuẩn nghèo khác nhau không so sánh trực tiếp được."


def build_report(path: Path, doc: ReportDoc, font: DocumentFont) -> None:
    from desktop.printing.tables import table_flowables

    s = styles(font)
    words = wording("report")["sections"]
    width = 160 * mm
    story: list[Any] = [
        DocumentHeading(font, doc.issuer, doc.number, doc.place_date),
        Spacer(1, 8 * mm),
        Paragraph(x(doc.title), s.title),
        Paragraph(f"<b>{x(doc.subject)}</b>", s.center_bold),
        ShortRule(40 * mm),
        Spacer(1, 3 * mm),
        Paragraph(x(doc.to), s.center),
    ]
    if doc.deadline:
        story.append(Paragraph(f"<i>{x(doc.deadline)}</i>", s.italic_center))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(f"<b>{x(words['general'])}</b>", s.heading))
    story += [Paragraph(x(p), s.body_indent) for p in doc.paragraphs["general"]]
    story.append(Paragraph(f"<b>{x(words['results'])}</b>", s.heading))
    for key in ("poverty", "minority", "registrations", "support", "models", "commendation"):
        story.append(Paragraph(f"<b><i>{x(words[key])}</i></b>", s.heading))
        story += [Paragraph(x(p), s.body_indent) for p in doc.paragraphs.get(key, [])]
        if key in doc.tables:
            story += table_flowables(doc.tables[key], font, width)[3:]  # the table alone
            story.append(Spacer(1, 3 * mm))
        if key == "poverty":
            story.append(rate_chart(doc.figures, font, width))
            note = standards_note(doc.figures)
            if note:
                story.append(Paragraph(f"<i>{x(note)}</i>", s.small))
    # The assessment and the signatures keep together: never a signature alone on a page.
    ending: list[Any] = [
        Paragraph(f"<b>{x(words['assessment'].format(next=doc.figures.year + 1))}</b>", s.heading),
        Paragraph(f"<i>{x(wording('report')['assessment_hint'])}</i>", s.body_indent),
        Table(
            [[""]] * 4,
            colWidths=[width],
            rowHeights=[8 * mm] * 4,
            style=grid_style(
                font,
                ("GRID", (0, 0), (-1, -1), 0, "#FFFFFF"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, "#999999"),
            ),
        ),
        Spacer(1, 4 * mm),
    ]
    capacity, title, name = doc.signer
    ending.append(
        SignatureBlock(font, capacity=capacity, title=title, name=name, copies_to=doc.copies_to)
    )
    story.append(KeepTogether(ending))
    build_story(portrait_doc(str(path), title=f"{doc.title} {doc.subject}"), story, font)


def report_tables(doc: ReportDoc) -> list[TableDoc]:
    """The report's figures as tables, for .xlsx."""
    f = doc.figures
    named = []
    for key, title in (
        ("poverty", "Kết quả giảm nghèo"),
        ("minority", "Hộ dân tộc thiểu số"),
        ("support", "Hỗ trợ"),
    ):
        t = doc.tables[key]
        named.append(
            TableDoc(
                title=f"{title} năm {f.year}",
                subtitle=doc.subject,
                columns=t.columns,
                groups=t.groups,
                totals=t.totals,
            )
        )
    others = TableDoc(
        title=f"Đăng ký, mô hình, khen thưởng năm {f.year}",
        subtitle=doc.subject,
        columns=[Column("Chỉ tiêu", 90), Column("Số lượng", 25, "center")],
        groups=[
            Group(
                "",
                [
                    ["Hộ đăng ký thoát nghèo trong năm", f.registered_in_year],
                    ["Hộ đang thực hiện đăng ký", f.registrations_open],
                    ["Hộ đăng ký đã thoát nghèo", f.escaped_registered],
                    ["Hộ đến hạn chưa thoát nghèo", f.not_yet],
                    ["Mô hình, điển hình đang thực hiện", f.models],
                    ["Hộ tham gia mô hình", f.model_households],
                    ["Đề nghị khen thưởng", f.proposed],
                    ["Đã có quyết định khen thưởng", f.approved],
                    ["Giấy khen vào sổ", f.certificates],
                ],
            )
        ],
    )
    rates = TableDoc(
        title="Tỷ lệ hộ nghèo theo năm",
        subtitle=doc.subject,
        columns=[
            Column("Năm", 15, "center"),
            Column("Số hộ nghèo", 20, "center"),
            Column("Tỷ lệ hộ nghèo (%)", 25, "center"),
            Column("Số hộ cận nghèo", 20, "center"),
            Column("Tỷ lệ hộ cận nghèo (%)", 25, "center"),
        ],
        groups=[
            Group(
                "",
                [
                    [y, r.poor, r.poor_rate, r.near_poor, r.near_poor_rate]
                    for y, r in f.history.items()
                ],
            )
        ],
    )
    return [*named, others, rates]
