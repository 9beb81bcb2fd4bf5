"""A long list never ends with its signatures alone on the last page: whatever the number of rows,
the last page holds the last rows (under the repeated header), the totals and the signatures."""

from __future__ import annotations

import pytest

from desktop.printing.fonts import document_font
from desktop.printing.tables import Column, Group, TableDoc, build_table_pdf
from tests.printing.pdfcheck import page_texts

SIGNER = "Nông Thị Hằng"


def _list(rows: int, note: str = "") -> TableDoc:
    return TableDoc(
        title="DANH SÁCH HỘ ĐĂNG KÝ THOÁT NGHÈO NĂM 2025",
        subtitle="(Xã Quảng Uyên, tỉnh Cao Bằng)",
        columns=[
            Column("STT", 13, "center"),
            Column("Họ và tên chủ hộ", 80),
            Column("Ghi chú", 60),
        ],
        groups=[
            Group("Xóm Nà Lẹng", [[n, f"Hộ số {n:03d}", ""] for n in range(1, rows + 1)]),
        ],
        totals=["", f"Tổng cộng: {rows} hộ", ""],
        note=note,
    )


def _build(tmp_path, rows: int, note: str = "") -> list[str]:
    out = tmp_path / f"ds-{rows}.pdf"
    build_table_pdf(
        out,
        [_list(rows, note)],
        document_font("auto"),
        issuer=("UBND XÃ QUẢNG UYÊN",),
        place_and_date="Quảng Uyên, ngày 28 tháng 12 năm 2025",
        signer=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", SIGNER),
    )
    return page_texts(out)


@pytest.mark.parametrize(
    "note", ["", "Ghi chú: danh sách đã được niêm yết công khai tại nhà văn hoá."]
)
def test_the_signatures_always_come_with_the_last_rows(tmp_path, note):
    # Every length from one page to well into the third, so some lists end a few rows short of
    # a full page, some exactly at its foot, and some spill their totals or signatures over.
    endings = []
    for rows in range(3, 60):
        pages = _build(tmp_path, rows, note)
        last = pages[-1]
        assert SIGNER in last and "NGƯỜI LẬP BIỂU" in last, rows
        assert f"Hộ số {rows:03d}" in last, (rows, len(pages))  # the last row, with them
        assert f"Tổng cộng: {rows} hộ" in last, rows
        assert all(SIGNER not in p for p in pages[:-1]), rows
        # every row printed once, in order
        text = " ".join(pages)
        assert [text.count(f"Hộ số {n:03d}") for n in range(1, rows + 1)] == [1] * rows, rows
        if len(pages) > 1:
            assert "Họ và tên chủ hộ" in last  # the header is repeated over the moved rows
        endings.append(len(pages))
    assert {1, 2, 3} <= set(endings)
