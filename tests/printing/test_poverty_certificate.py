"""Mẫu số 03: the poor/near-poor household certificate, filled from the ledger."""

from __future__ import annotations

import pytest
from sqlmodel import select

from desktop.ledger.records import Category, Classification, Household
from desktop.printing.jobs import print_review_form
from desktop.printing.output import PrintError
from tests.printing.conftest import SIGNER
from tests.printing.pdfcheck import assert_a4, assert_fonts_embedded, page_texts


def _household(ledger, *, listed: bool) -> Household:
    with ledger.session() as s:
        poor = select(Classification.household_id).where(
            Classification.category.in_([Category.poor, Category.near_poor])
        )
        query = select(Household).where(
            Household.id.in_(poor) if listed else Household.id.not_in(poor)
        )
        return s.exec(query.order_by(Household.code)).first()


def test_the_certificate_carries_the_household_its_years_and_members(demo_ledger, tmp_path):
    household = _household(demo_ledger, listed=True)
    out = tmp_path / "mau-03.pdf"
    result = print_review_form(demo_ledger, "03", household.code, out)
    assert_a4(out)
    assert_fonts_embedded(out)
    pages = page_texts(out)
    first, rest = pages[0], " ".join(pages[1:])
    assert "Mẫu số 03" in first
    assert "ỦY BAN NHÂN DÂN XÃ QUẢNG UYÊN" in first
    assert "Số: /GCN-HN.HCN" in first
    assert "GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO" in first
    assert "Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021" in first
    assert "Chủ tịch Ủy ban nhân dân xã Quảng Uyên chứng nhận:" in first
    assert household.head_name in first
    assert ", xã Quảng Uyên, tỉnh Cao Bằng" in first
    assert "giai đoạn 2022 - 2026" in first
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" in first and SIGNER in first
    with demo_ledger.session() as s:
        classes = s.exec(
            select(Classification).where(Classification.household_id == household.id)
        ).all()
        members = s.exec(select(Household).where(Household.id == household.id)).one()
    listed_years = sorted(c.year for c in classes if c.category == Category.poor and c.year >= 2022)
    for year in listed_years:
        assert f"{year} X" in first
    assert "DANH SÁCH CÁC THÀNH VIÊN TRONG HỘ GIA ĐÌNH" in rest
    assert members.head_name in rest
    assert "NHỮNG ĐIỀU CẦN LƯU Ý" in rest
    assert household.code in result.message


def test_a_member_list_shows_each_member_with_id_number(demo_ledger, tmp_path):
    from desktop.ledger.records import Member

    household = _household(demo_ledger, listed=True)
    out = tmp_path / "mau-03.pdf"
    print_review_form(demo_ledger, "03", household.code, out)
    text = " ".join(page_texts(out)[1:])
    with demo_ledger.session() as s:
        members = s.exec(select(Member).where(Member.household_id == household.id)).all()
    for m in members:
        assert m.full_name in text and m.citizen_id in text and m.ethnicity in text


def test_a_household_never_listed_gets_no_certificate(demo_ledger, tmp_path):
    household = _household(demo_ledger, listed=False)
    with pytest.raises(PrintError, match="chưa từng thuộc danh sách hộ nghèo"):
        print_review_form(demo_ledger, "03", household.code, tmp_path / "x.pdf")
    with pytest.raises(PrintError, match="Không có hộ mã “KHONG-CO”"):
        print_review_form(demo_ledger, "03", "KHONG-CO", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
