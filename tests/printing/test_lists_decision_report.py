"""Lists, Mẫu số 02 and the yearly report: figures recomputed here from the records and found in
the PDF text; the same documents to .xlsx."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from desktop.ledger.records import (
    Category,
    Classification,
    Household,
    ModelCase,
    SupportGiven,
)
from desktop.printing.jobs import print_decision, print_list, print_report
from desktop.printing.layout import money
from desktop.printing.output import PrintError
from tests.printing.conftest import SIGNER
from tests.printing.pdfcheck import assert_a4, assert_fonts_embedded, page_texts

YEARS = [2022, 2023, 2024, 2025]


def _categories(ledger, year):
    with ledger.session() as s:
        rows = s.exec(select(Classification).where(Classification.year == year)).all()
        homes = {h.id: h for h in s.exec(select(Household)).all()}
    return {c.household_id: c.category for c in rows}, homes


@pytest.mark.parametrize("year", YEARS)
def test_the_escaped_list_names_every_household_that_left_poverty(demo_ledger, tmp_path, year):
    before, homes = _categories(demo_ledger, year)
    after, _ = _categories(demo_ledger, year + 1)
    escaped = sorted(
        homes[h].code for h, c in before.items() if c == Category.poor and after[h] != Category.poor
    )
    assert escaped
    out = tmp_path / "thoat.pdf"
    result = print_list(demo_ledger, "escaped", year, out)
    assert_a4(out, landscape=True)
    assert_fonts_embedded(out)
    text = " ".join(page_texts(out))
    assert f"DANH SÁCH HỘ THOÁT NGHÈO NĂM {year}" in text
    assert f"Tổng cộng: {len(escaped)} hộ" in text
    for code in escaped:
        assert code in text
        assert homes[next(h for h in homes if homes[h].code == code)].head_name in text
    assert "NGƯỜI LẬP BIỂU" in text and "TM. ỦY BAN NHÂN DÂN" in text
    assert f"({len(escaped)} dòng)" in result.message


@pytest.mark.parametrize("kind", ["registrations", "support", "model-cases"])
@pytest.mark.parametrize("year", YEARS)
def test_every_list_has_rows_in_every_review_year(demo_ledger, tmp_path, kind, year):
    out = tmp_path / f"{kind}.pdf"
    print_list(demo_ledger, kind, year, out)
    pages = page_texts(out)
    assert "(Xã Quảng Uyên, tỉnh Cao Bằng)" in pages[0]
    assert "Tổng cộng" in " ".join(pages)
    if len(pages) > 1:  # the header comes back on every page
        assert all("(1) (2) (3)" in p for p in pages if "Tổng cộng" in p or "QU-" in p)


def test_the_support_list_totals_the_year(demo_ledger, tmp_path):
    with demo_ledger.session() as s:
        given = [g for g in s.exec(select(SupportGiven)).all() if g.given_on.year == 2023]
    out = tmp_path / "ho-tro.xlsx"
    print_list(demo_ledger, "support", 2023, out)
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "DANH SÁCH HỖ TRỢ HỘ NGHÈO, HỘ ĐĂNG KÝ THOÁT NGHÈO NĂM 2023"
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[6] == sum(g.value for g in given)
    pdf = tmp_path / "ho-tro.pdf"
    print_list(demo_ledger, "support", 2023, pdf)
    assert money(sum(g.value for g in given)) in page_texts(pdf)[-1]


def test_model_cases_list_every_model(demo_ledger, tmp_path):
    with demo_ledger.session() as s:
        titles = [m.title for m in s.exec(select(ModelCase)).all()]
    out = tmp_path / "mo-hinh.pdf"
    print_list(demo_ledger, "model-cases", 2024, out)
    text = " ".join(page_texts(out))
    assert all(t in text for t in titles)


@pytest.mark.parametrize("year", YEARS)
def test_the_decision_recognises_next_years_lists_with_their_figures(demo_ledger, tmp_path, year):
    after, homes = _categories(demo_ledger, year + 1)
    before, _ = _categories(demo_ledger, year)
    poor = [h for h, c in after.items() if c == Category.poor]
    near = [h for h, c in after.items() if c == Category.near_poor]
    escaped = [h for h, c in before.items() if c == Category.poor and after[h] != Category.poor]
    out = tmp_path / "quyet-dinh.pdf"
    print_decision(demo_ledger, year, out)
    assert_a4(out)
    assert_fonts_embedded(out)
    pages = page_texts(out)
    first = pages[0] + " " + pages[1]
    assert "Mẫu số 02" in first and "QUYẾT ĐỊNH" in first
    assert f"hộ thoát cận nghèo năm {year + 1} trên địa bàn xã Quảng Uyên" in first
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ QUẢNG UYÊN" in first
    assert f"Số: {year + 1 - 2021 + 90}/QĐ-UBND" in first
    assert f"Quảng Uyên, ngày 25 tháng 12 năm {year}" in first
    rate = f"{100 * len(poor) / len(homes):.2f}".replace(".", ",")
    assert f"Số hộ nghèo: {len(poor)} hộ, chiếm tỷ lệ {rate}%" in first
    assert f"Số hộ cận nghèo: {len(near)} hộ" in first
    assert f"Số hộ thoát nghèo: {len(escaped)} hộ" in first
    rest = " ".join(pages)
    for title, count in (
        (f"DANH SÁCH HỘ NGHÈO NĂM {year + 1}", len(poor)),
        (f"DANH SÁCH HỘ CẬN NGHÈO NĂM {year + 1}", len(near)),
        (f"DANH SÁCH HỘ THOÁT NGHÈO NĂM {year + 1}", len(escaped)),
    ):
        assert title in rest
        assert f"Tổng cộng: {count} hộ" in rest
    assert all(homes[h].head_name in rest for h in poor)
    assert f"Kèm theo Quyết định số {year + 1 - 2021 + 90}/QĐ-UBND ngày 25/12/{year}" in rest


def test_the_decision_goes_to_excel_its_text_first_then_one_sheet_per_list(demo_ledger, tmp_path):
    after, homes = _categories(demo_ledger, 2025)
    poor = sum(c == Category.poor for c in after.values())
    out = tmp_path / "qd.xlsx"
    print_decision(demo_ledger, 2024, out)
    book = load_workbook(out)
    assert book.sheetnames[0] == "Quyết định"
    assert [ws["A1"].value for ws in list(book)[1:]] == [
        "DANH SÁCH HỘ NGHÈO NĂM 2025",
        "DANH SÁCH HỘ CẬN NGHÈO NĂM 2025",
        "DANH SÁCH HỘ THOÁT NGHÈO NĂM 2025",
        "DANH SÁCH HỘ THOÁT CẬN NGHÈO NĂM 2025",
    ]
    lines = [row[0] for row in book["Quyết định"].iter_rows(values_only=True)]
    assert lines[0] == "Mẫu số 02"
    for wanted in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 94/QĐ-UBND",
        "Quảng Uyên, ngày 25 tháng 12 năm 2024",
        "QUYẾT ĐỊNH",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ QUẢNG UYÊN",
        SIGNER,
        "Nơi nhận:",
    ):
        assert wanted in lines, wanted
    text = " ".join(str(line) for line in lines if line)
    assert "Căn cứ" in text and "Điều 1." in text and "Điều 3." in text
    rate = f"{100 * poor / len(homes):.2f}".replace(".", ",")
    assert f"Số hộ nghèo: {poor} hộ, chiếm tỷ lệ {rate}%" in text
    assert book["Quyết định"]["A1"].alignment.wrap_text


@pytest.mark.parametrize("year", YEARS)
def test_the_report_gives_the_years_figures_the_target_and_the_deadline(
    demo_ledger, tmp_path, year
):
    before, homes = _categories(demo_ledger, year)
    after, _ = _categories(demo_ledger, year + 1)
    poor_before = sum(c == Category.poor for c in before.values())
    poor_after = sum(c == Category.poor for c in after.values())
    out = tmp_path / "bao-cao.pdf"
    result = print_report(demo_ledger, year, out)
    assert_a4(out)
    assert_fonts_embedded(out)
    text = " ".join(page_texts(out))
    assert "BÁO CÁO" in text
    movement = "“Vì người nghèo - Không để ai bị bỏ lại phía sau”"
    assert f"Kết quả thực hiện Phong trào thi đua {movement} năm {year}" in text
    assert "Kính gửi: Sở Nội vụ tỉnh Cao Bằng (Ban Thi đua - Khen thưởng)" in text
    assert f"Hạn gửi báo cáo: trước ngày 20/11/{year}" in text
    assert f"Toàn xã có {len(homes)} hộ dân cư" in text
    rate_before = 100 * poor_before / len(homes)
    rate_after = 100 * poor_after / len(homes)
    assert f"Số hộ nghèo {poor_before} {poor_after}" in text
    reduction = f"{round(rate_before, 2) - round(rate_after, 2):.2f}".replace(".", ",")
    verdict = "Đạt" if round(rate_before - rate_after, 2) >= 4 else "Chưa đạt"
    assert f"Giảm tỷ lệ hộ nghèo (điểm %) {reduction} 4,00 {verdict}" in text
    assert "Tỷ lệ hộ nghèo, hộ cận nghèo theo năm (%)" in text  # the chart's caption
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Nơi nhận:" in text
    assert "hạn gửi 20/11" in result.message


def test_the_report_deadline_follows_the_settings(demo_folder, tmp_path):
    import shutil

    from desktop.ledger.settings import write_settings
    from desktop.ledger.storage import open_ledger

    path = tmp_path / "ledger.sqlite"
    shutil.copy(demo_folder.database, path)
    ledger = open_ledger(path)
    with ledger.session() as s:
        write_settings(
            s,
            {"report.deadline": "1/12", "report.recipient": "Sở Nội vụ thành phố Cần Thơ"},
            officer="lan",
        )
    out = tmp_path / "bc.xlsx"
    print_report(ledger, 2024, tmp_path / "bc.pdf")
    print_report(ledger, 2024, out)
    ledger.close()
    text = " ".join(page_texts(tmp_path / "bc.pdf"))
    assert "trước ngày 01/12/2024" in text and "Kính gửi: Sở Nội vụ thành phố Cần Thơ" in text
    sheets = load_workbook(out).sheetnames
    assert len(sheets) == 5


def test_years_without_data_are_refused_in_vietnamese(demo_ledger, tmp_path):
    with pytest.raises(PrintError, match="chưa có danh sách hộ nghèo năm 2015"):
        print_report(demo_ledger, 2015, tmp_path / "a.pdf")
    with pytest.raises(PrintError, match="Chưa có kết quả rà soát cuối năm 2026"):
        print_decision(demo_ledger, 2026, tmp_path / "b.pdf")
    with pytest.raises(PrintError, match="không có hộ nào"):
        print_list(demo_ledger, "escaped", 2030, tmp_path / "c.pdf")
    assert list(tmp_path.iterdir()) == []
