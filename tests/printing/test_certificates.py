"""Giấy khen: every field read back from the PDF, register numbers kept, cancel writes nothing."""

from __future__ import annotations

import io
import shutil
from datetime import date

import pytest
from PIL import Image
from sqlmodel import select

from desktop.ledger.records import (
    Certificate,
    CommendationProposal,
    Household,
    ProposalStatus,
    SubjectType,
)
from desktop.ledger.settings import write_settings
from desktop.ledger.storage import open_ledger
from desktop.printing.jobs import print_certificates
from desktop.printing.output import Cancelled, PrintError
from tests.printing.conftest import SIGNER
from tests.printing.pdfcheck import assert_a4, assert_fonts_embedded, flat, page_texts


def _png(colour: tuple[int, int, int] = (200, 20, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def copy_of_demo(demo_folder, tmp_path):
    path = tmp_path / "ledger.sqlite"
    shutil.copy(demo_folder.database, path)
    ledger = open_ledger(path)
    yield ledger
    ledger.close()


def _awarded(ledger, year):
    with ledger.session() as s:
        rows = s.exec(
            select(CommendationProposal, Certificate)
            .join(Certificate, Certificate.proposal_id == CommendationProposal.id)
            .where(
                CommendationProposal.year == year,
                CommendationProposal.subject_type == SubjectType.household,
            )
            .order_by(CommendationProposal.decision_number, CommendationProposal.subject_name)
        ).all()
        villages = {}
        for proposal, _ in rows:
            household = s.get(Household, proposal.household_id)
            villages[proposal.id] = household.village_id
    return rows


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_every_certificate_of_the_year_is_printed_one_per_page_with_every_field(
    demo_ledger, tmp_path, year
):
    out = tmp_path / f"giay-khen-{year}.pdf"
    result = print_certificates(demo_ledger, year, out, officer="lan")
    awarded = _awarded(demo_ledger, year)
    assert result.pages == len(awarded) >= 5
    assert_a4(out, landscape=True)
    assert_fonts_embedded(out)
    pages = page_texts(out)
    assert len(pages) == len(awarded)
    for text, (proposal, certificate) in zip(pages, awarded, strict=True):
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ QUẢNG UYÊN" in text
        assert "GIẤY KHEN" in text
        assert proposal.subject_name in text  # "Hộ ông Nông Văn …", diacritics and all
        assert ", xã Quảng Uyên, tỉnh Cao Bằng" in text
        assert flat(proposal.achievement) in text
        assert f"Quyết định số {proposal.decision_number} ngày 28/12/{year}" in text
        assert f"Số vào sổ: {certificate.number:02d}" in text
        assert f"Quảng Uyên, ngày 28 tháng 12 năm {year}" in text
        assert SIGNER in text
    assert str(out) in result.message and f"{len(awarded)} Giấy khen năm {year}" in result.message


def test_an_approved_proposal_not_yet_in_the_register_gets_the_next_number_once(
    copy_of_demo, tmp_path
):
    ledger = copy_of_demo
    with ledger.session() as s:
        waiting = s.exec(
            select(CommendationProposal).where(
                CommendationProposal.year == 2024,
                CommendationProposal.status == ProposalStatus.proposed,
                CommendationProposal.subject_type == SubjectType.household,
            )
        ).first()
        waiting.status = ProposalStatus.approved
        waiting.decision_number = "231/QĐ-UBND"
        waiting.decision_date = date(2024, 12, 30)
        s.add(waiting)
        highest = max(c.number for c in s.exec(select(Certificate).where(Certificate.year == 2024)))
    first = print_certificates(ledger, 2024, tmp_path / "a.pdf", officer="lan")
    again = print_certificates(ledger, 2024, tmp_path / "b.pdf", officer="lan")
    assert "1 giấy mới vào sổ khen thưởng" in first.message
    assert "vào sổ" not in again.message.split(";", 1)[-1] or "giấy mới" not in again.message
    with ledger.session() as s:
        entry = s.exec(select(Certificate).where(Certificate.proposal_id == waiting.id)).one()
    assert entry.number == highest + 1
    text = " ".join(page_texts(tmp_path / "b.pdf"))
    assert f"Số vào sổ: {entry.number:02d}" in text
    assert "Quyết định số 231/QĐ-UBND ngày 30/12/2024" in text


def test_cancelling_writes_no_file_and_uses_no_register_number(copy_of_demo, tmp_path):
    ledger = copy_of_demo
    with ledger.session() as s:
        waiting = s.exec(
            select(CommendationProposal).where(
                CommendationProposal.year == 2023,
                CommendationProposal.status == ProposalStatus.proposed,
                CommendationProposal.subject_type == SubjectType.household,
            )
        ).first()
        waiting.status = ProposalStatus.approved
        waiting.decision_number = "221/QĐ-UBND"
        waiting.decision_date = date(2023, 12, 29)
        s.add(waiting)
    out = tmp_path / "huy.pdf"
    seen = []
    with pytest.raises(Cancelled):
        print_certificates(
            ledger,
            2023,
            out,
            officer="lan",
            progress=lambda done, total: seen.append(done) or done < 3,
        )
    assert seen == [1, 2, 3]
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))
    with ledger.session() as s:
        assert (
            s.exec(select(Certificate).where(Certificate.proposal_id == waiting.id)).first() is None
        )


def test_emblem_and_border_from_the_settings_are_drawn(copy_of_demo, tmp_path):
    ledger = copy_of_demo
    image = tmp_path / "quoc-huy.png"
    image.write_bytes(_png())
    border = tmp_path / "khung.png"
    border.write_bytes(_png((230, 190, 40)))
    with ledger.session() as s:
        problems = write_settings(
            s,
            {"commendation.emblem_image": str(image), "commendation.border_image": str(border)},
            officer="lan",
        )
    assert problems == {}
    out = tmp_path / "co-hinh.pdf"
    print_certificates(ledger, 2025, out, officer="lan")
    from pypdf import PdfReader

    page = PdfReader(out).pages[0]
    assert len(page.images) == 2
    assert "GIẤY KHEN" in page_texts(out)[0]


def test_a_year_without_awards_says_so_in_vietnamese(demo_ledger, tmp_path):
    with pytest.raises(PrintError, match="Năm 2019 chưa có Giấy khen"):
        print_certificates(demo_ledger, 2019, tmp_path / "x.pdf", officer="lan")
    assert not (tmp_path / "x.pdf").exists()


def test_a_viewer_may_print_the_report_but_not_giay_khen(copy_of_demo, tmp_path):
    """Printing a Giấy khen enters register numbers (and a reprint is another original): a
    read-only account is refused in the ledger, not only by a greyed button."""
    from desktop.ledger.officers import add_officer
    from desktop.ledger.permissions import NotPermitted
    from desktop.ledger.records import Role
    from desktop.printing.jobs import print_report

    ledger = copy_of_demo
    with ledger.session() as s:
        add_officer(s, "xem", "Hà Thị Xem", "mat-khau-dai", Role.viewer)
        waiting = s.exec(
            select(CommendationProposal).where(
                CommendationProposal.year == 2025,
                CommendationProposal.status == ProposalStatus.proposed,
                CommendationProposal.subject_type == SubjectType.household,
            )
        ).first()
        waiting.status, waiting.decision_number = ProposalStatus.approved, "240/QĐ-UBND"
        s.add(waiting)
        before = len(s.exec(select(Certificate)).all())
    out = tmp_path / "giay-khen.pdf"
    with pytest.raises(NotPermitted, match="Tài khoản chỉ xem không được cấp số"):
        print_certificates(ledger, 2025, out, officer="xem")
    assert not out.exists()
    with ledger.session() as s:
        assert len(s.exec(select(Certificate)).all()) == before
    print_report(ledger, 2025, tmp_path / "bao-cao.pdf")
    assert (tmp_path / "bao-cao.pdf").exists()
