"""Mẫu số 01, Mẫu số 04 and the registration form, read back from the PDF."""

from __future__ import annotations

import pytest
from sqlmodel import select

from desktop.ledger.records import Category, Classification, Household, Member, Registration
from desktop.printing.household_forms import DOTS
from desktop.printing.jobs import print_registration_form, print_review_form
from desktop.printing.output import PrintError
from tests.printing.pdfcheck import assert_a4, assert_fonts_embedded, page_texts


def _registered(ledger):
    with ledger.session() as s:
        reg = s.exec(select(Registration).order_by(Registration.registered_on)).first()
        household = s.get(Household, reg.household_id)
        members = s.exec(select(Member).where(Member.household_id == household.id)).all()
    return reg, household, members


def test_form_01_lists_every_member_with_sex_code_and_status(demo_ledger, tmp_path):
    _, household, members = _registered(demo_ledger)
    out = tmp_path / "mau-01.pdf"
    print_review_form(demo_ledger, "01", household.code, out)
    assert_a4(out)
    assert_fonts_embedded(out)
    text = " ".join(page_texts(out))
    assert "Mẫu số 01" in text and "GIẤY ĐỀ NGHỊ" in text
    assert "Rà soát hộ nghèo, hộ cận nghèo hoặc xác định hộ có mức sống trung bình" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân xã Quảng Uyên" in text
    assert f"Họ và tên: {household.head_name}" in text
    for n, m in enumerate(sorted(members, key=lambda m: (not m.is_head, m.birth_year)), 1):
        sex = "1" if m.sex == "male" else "2"
        assert f"{n:02d} {m.full_name} {sex} {m.birth_year} {m.relation}" in text
    assert "Lý do đề nghị:" in text and "NGƯỜI ĐỀ NGHỊ" in text
    assert "(Ký, ghi rõ họ tên hoặc điểm chỉ)" in text


def test_form_04_names_the_list_and_decision_the_household_is_on(demo_ledger, tmp_path):
    with demo_ledger.session() as s:
        c = s.exec(
            select(Classification)
            .where(Classification.category == Category.poor, Classification.year == 2026)
            .order_by(Classification.household_id)
        ).first()
        household = s.get(Household, c.household_id)
    out = tmp_path / "mau-04.pdf"
    print_review_form(demo_ledger, "04", household.code, out)
    text = " ".join(page_texts(out))
    assert "Mẫu số 04" in text
    assert "CÔNG NHẬN HỘ THOÁT NGHÈO, HỘ THOÁT CẬN NGHÈO" in text
    assert (
        f"thuộc danh sách hộ nghèo năm 2026 theo Quyết định số {c.decision_number} ngày "
        f"{c.decision_date:%d/%m/%Y} của Chủ tịch Ủy ban nhân dân xã Quảng Uyên" in text
    )
    assert "công nhận hộ gia đình tôi thoát nghèo." in text
    assert household.head_name in text


def test_the_registration_form_carries_causes_plan_support_and_commitment(demo_ledger, tmp_path):
    reg, household, _ = _registered(demo_ledger)
    out = tmp_path / "don.pdf"
    result = print_registration_form(demo_ledger, household.code, out)
    assert_fonts_embedded(out)
    pages = page_texts(out)
    assert len(pages) == 1, "the form and its signatures fit on one page"
    text = pages[0]
    assert "ĐƠN TỰ NGUYỆN ĐĂNG KÝ THOÁT NGHÈO" in text
    assert f"Tên tôi là {household.head_name}" in text
    assert reg.plan in text
    assert f"phấn đấu thoát nghèo vào năm {reg.target_year}" in text
    assert "XÁC NHẬN CỦA UBND XÃ" in text and "TRƯỞNG THÔN" in text and "CHỦ HỘ" in text
    assert f"Quảng Uyên, ngày {reg.registered_on.day:02d}" in text
    assert DOTS not in text
    assert "đơn đăng ký thoát nghèo" in result.message


def test_forms_refuse_households_they_do_not_fit(demo_ledger, tmp_path):
    with demo_ledger.session() as s:
        registered = select(Registration.household_id)
        listed = select(Classification.household_id).where(
            Classification.category.in_([Category.poor, Category.near_poor])
        )
        never = s.exec(
            select(Household).where(Household.id.not_in(registered), Household.id.not_in(listed))
        ).first()
    with pytest.raises(PrintError, match="chưa đăng ký thoát nghèo"):
        print_registration_form(demo_ledger, never.code, tmp_path / "a.pdf")
    with pytest.raises(PrintError, match="Mẫu số 04"):
        print_review_form(demo_ledger, "04", never.code, tmp_path / "b.pdf")
    assert list(tmp_path.iterdir()) == []
