"""The commendation dossier: letter, list and one summary per subject proposed."""

from __future__ import annotations

import pytest
from sqlmodel import select

from desktop.ledger.records import CommendationProposal, ProposalStatus
from desktop.printing.jobs import print_dossier
from desktop.printing.output import PrintError
from tests.printing.pdfcheck import assert_a4, assert_fonts_embedded, flat, page_texts


@pytest.mark.parametrize("year", [2022, 2025])
def test_the_dossier_carries_the_letter_the_list_and_every_summary(demo_ledger, tmp_path, year):
    with demo_ledger.session() as s:
        proposals = s.exec(
            select(CommendationProposal).where(
                CommendationProposal.year == year,
                CommendationProposal.form == "giay_khen",
                CommendationProposal.status != ProposalStatus.rejected,
            )
        ).all()
    out = tmp_path / "ho-so.pdf"
    result = print_dossier(demo_ledger, year, "giay_khen", out)
    assert_a4(out)
    assert_fonts_embedded(out)
    pages = page_texts(out)
    letter = pages[0]
    assert "TỜ TRÌNH" in letter and "Số: /TTr-UBND" in letter
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân xã Quảng Uyên." in letter
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in letter
    assert "Kế hoạch số 2451/KH-UBND ngày 26/09/2022 của Ủy ban nhân dân tỉnh Cao Bằng" in letter
    assert f"tặng Giấy khen cho {len(proposals)} tập thể, hộ gia đình, cá nhân" in letter
    text = " ".join(pages)
    assert f"DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM {year}" in text
    summaries = [p for p in pages if "BÁO CÁO TÓM TẮT THÀNH TÍCH" in p]
    assert len(summaries) == len(proposals)
    for p in proposals:
        page = next(pg for pg in summaries if p.subject_name in pg)
        assert flat(p.achievement) in page
    households = [pg for pg in summaries if "(Hộ gia đình)" in pg]
    assert households and all(
        "Tự nguyện đăng ký thoát nghèo" in pg
        or "lượt hỗ trợ" in pg
        or "Thu nhập bình quân tăng" in pg
        for pg in households
    )
    assert f"{len(proposals)} đề nghị" in result.message


def test_the_dossier_goes_to_excel_letter_list_and_summaries(demo_ledger, tmp_path):
    from openpyxl import load_workbook

    with demo_ledger.session() as s:
        proposals = s.exec(
            select(CommendationProposal).where(
                CommendationProposal.year == 2025,
                CommendationProposal.form == "giay_khen",
                CommendationProposal.status != ProposalStatus.rejected,
            )
        ).all()
    out = tmp_path / "ho-so.xlsx"
    print_dossier(demo_ledger, 2025, "giay_khen", out)
    book = load_workbook(out)
    assert book.sheetnames[0] == "Tờ trình" and book.sheetnames[-1] == "Tóm tắt thành tích"
    letter = [row[0] for row in book["Tờ trình"].iter_rows(values_only=True) if row[0]]
    assert "TỜ TRÌNH" in letter and "Số:       /TTr-UBND" in letter  # the clerk numbers it
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân xã Quảng Uyên." in letter
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in letter
    body = " ".join(letter)
    assert f"tặng Giấy khen cho {len(proposals)} tập thể, hộ gia đình, cá nhân" in body
    assert "Nơi nhận:" in letter
    assert book[book.sheetnames[1]]["A1"].value == "DANH SÁCH ĐỀ NGHỊ TẶNG GIẤY KHEN NĂM 2025"
    summaries = " ".join(
        str(row[0]) for row in book["Tóm tắt thành tích"].iter_rows(values_only=True) if row[0]
    )
    for p in proposals:
        assert p.subject_name in summaries
        assert flat(p.achievement) in flat(summaries)


def test_a_year_without_proposals_is_refused(demo_ledger, tmp_path):
    with pytest.raises(PrintError, match="chưa có đề nghị khen thưởng"):
        print_dossier(demo_ledger, 2019, "giay_khen", tmp_path / "x.pdf")
