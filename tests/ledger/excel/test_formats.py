"""Every kind of file a commune keeps imports exactly like .xlsx; anything else gets one line."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from sqlmodel import select

from desktop.ledger.excel.households_import import Outcome, import_households
from desktop.ledger.excel.sources import ExcelError
from desktop.ledger.records import Classification, Household, Member, Village

from .files import WRITERS, write_encrypted_xls, write_xlsx

LIST = [
    ["UBND XÃ QUẢNG UYÊN", None, None, None, None, None, None],
    ["DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2026", None, None, None, None, None, None],
    ["STT", "Họ và tên chủ hộ", "Giới tính", "Ngày sinh", "Dân tộc", "Số CCCD", "Phân loại"],
    ["I. Xóm Nà Lẹng", None, None, None, None, None, None],
    [1, "Nông Văn Dũng", "Nam", 1975, "Tày", "004075001234", "Hộ nghèo"],
    [2, "Hoàng Thị Mai", "Nữ", date(1980, 3, 12), "Nùng", "004180005678", "HCN"],
    [3, "Lục Văn Tám", "Nam", 1962, "H'Mông", None, "Hộ cận nghèo"],
    ["II. Bản Khuổi Ky", None, None, None, None, None, None],
    [4, "Sùng Thị Dợ", "Nữ", 1990, "Mông", "004190123456", "Mức sống trung bình"],
    [5, "Triệu Văn Ân", "Nam", 1958, "Dao", None, "Hộ nghèo"],
    [6, "Lý Thị Hoa", "Nữ", 1985, "Dao", "12AB", "Hộ nghèo"],  # refused: ID
]
EXPECTED = {
    # name: (village, sex, birth year, birth date, ethnicity, ID, category)
    "Nông Văn Dũng": ("Xóm Nà Lẹng", "male", 1975, None, "Tày", "004075001234", "poor"),
    "Hoàng Thị Mai": (
        "Xóm Nà Lẹng",
        "female",
        1980,
        "1980-03-12",
        "Nùng",
        "004180005678",
        "near_poor",
    ),
    "Lục Văn Tám": ("Xóm Nà Lẹng", "male", 1962, None, "H'Mông", None, "near_poor"),
    "Sùng Thị Dợ": ("Bản Khuổi Ky", "female", 1990, None, "H'Mông", "004190123456", "average"),
    "Triệu Văn Ân": ("Bản Khuổi Ky", "male", 1958, None, "Dao", None, "poor"),
}


def ledger_contents(ledger) -> dict:
    with ledger.session() as s:
        villages = {v.id: v.name for v in s.exec(select(Village)).all()}
        households = {h.id: h for h in s.exec(select(Household)).all()}
        classes = {c.household_id: c for c in s.exec(select(Classification)).all()}
        got = {}
        for m in s.exec(select(Member)).all():
            h = households[m.household_id]
            c = classes.get(h.id)
            got[m.full_name] = (
                villages[h.village_id],
                m.sex,
                m.birth_year,
                str(m.birth_date) if m.birth_date else None,
                m.ethnicity,
                m.citizen_id,
                c.category if c else None,
            )
            assert c is None or c.year == 2026
    return got


@pytest.mark.parametrize("kind", list(WRITERS))
def test_every_format_imports_like_xlsx(ledger, tmp_path, kind):
    path = WRITERS[kind](tmp_path / "danh-sach", LIST)
    result = import_households(ledger, path, officer="lan")
    assert result.count(Outcome.imported) == 5, result.summary()
    refused = [r for r in result.rows if r.outcome == Outcome.refused]
    assert [r.row for r in refused] == [11] and "Số CCCD" in refused[0].reasons[0]
    assert result.year == 2026 and result.header_row == 3
    assert ledger_contents(ledger) == EXPECTED


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_a_village_merged_down_its_rows_applies_to_each(ledger, tmp_path, kind):
    rows = [
        ["DANH SÁCH HỘ NGHÈO NĂM 2026", None, None],
        ["Thôn", "Họ và tên chủ hộ", "Năm sinh"],
        ["Nà Lẹng", "Nông Văn Dũng", 1975],
        [None, "Hoàng Thị Mai", 1980],
        [None, "Lục Văn Tám", 1962],
        ["Khuổi Ky", "Sùng Thị Dợ", 1990],
        [None, "Triệu Văn Ân", 1958],
    ]
    path = WRITERS[kind](tmp_path / "gop-o", rows, [(2, 0, 4, 0), (5, 0, 6, 0)])
    result = import_households(ledger, path, officer="lan")
    assert result.count(Outcome.imported) == 5, [r.reasons for r in result.rows]
    villages = {name: v[0] for name, v in ledger_contents(ledger).items()}
    assert villages == {
        "Nông Văn Dũng": "Nà Lẹng",
        "Hoàng Thị Mai": "Nà Lẹng",
        "Lục Văn Tám": "Nà Lẹng",
        "Sùng Thị Dợ": "Khuổi Ky",
        "Triệu Văn Ân": "Khuổi Ky",
    }


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("danh-sach.docx", _docx(), "là văn bản Word (.docx), không phải bảng tính"),
        ("danh-sach.pdf", b"%PDF-1.7\n1 0 obj", "là tệp PDF, không phải bảng tính"),
        ("danh-sach.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(64), "là ảnh PNG, không phải bảng tính"),
        ("anh.xls", b"\xff\xd8\xff\xe0" + bytes(64), "là ảnh JPEG, không phải bảng tính"),
        ("trong.csv", b"", "rỗng"),
        ("hong.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "bị hỏng"),
    ],
)
def test_a_file_that_is_no_list_gets_one_vietnamese_line(ledger, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExcelError, match=re.escape(message)) as error:
        import_households(ledger, path, officer="lan")
    text = str(error.value)
    assert "\n" not in text and "xlrd" not in text and "Error" not in text


def test_a_password_protected_workbook_is_called_that(ledger, tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    plain = write_xlsx(tmp_path / "plain.xlsx", LIST)
    locked = tmp_path / "co-mat-khau.xlsx"
    with plain.open("rb") as source, locked.open("wb") as out:
        msoffcrypto.OfficeFile(source).encrypt("mk2026", out)
    with pytest.raises(ExcelError, match="được đặt mật khẩu") as error:
        import_households(ledger, locked, officer="lan")
    assert "hỏng" not in str(error.value)


def test_a_password_protected_xls_is_called_that(ledger, tmp_path):
    """Excel 97–2003 "Encrypt with password" (RC4). The file is proved really encrypted: the
    wrong password is refused and the right one gives the list back (msoffcrypto-tool)."""
    msoffcrypto = pytest.importorskip("msoffcrypto")
    locked = write_encrypted_xls(tmp_path / "co-mat-khau.xls", LIST, "mk2026")
    with locked.open("rb") as f:
        with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
            msoffcrypto.OfficeFile(f).load_key(password="sai")
        office = msoffcrypto.OfficeFile(f)
        office.load_key(password="mk2026")
        opened = tmp_path / "da-go-mat-khau.xls"
        with opened.open("wb") as out:
            office.decrypt(out)
    unlocked = import_households(ledger, opened, officer="lan", dry_run=True)
    assert unlocked.count(Outcome.imported) == len(EXPECTED)
    with pytest.raises(ExcelError, match="được đặt mật khẩu") as error:
        import_households(ledger, locked, officer="lan")
    text = str(error.value)
    assert "hỏng" not in text and "\n" not in text and "password" not in text.lower()


def test_a_csv_with_semicolons_as_excel_writes_them_in_some_locales(ledger, tmp_path):
    path = tmp_path / "ds.csv"
    lines = [
        "Họ và tên chủ hộ;Thôn;Năm sinh",
        "Nông Văn Dũng;Nà Lẹng;1975",
        "Lò Thị Hoa;Nà Lẹng;1980",
    ]
    path.write_text("\r\n".join(lines), encoding="utf-8-sig")
    result = import_households(ledger, path, officer="lan")
    assert result.count(Outcome.imported) == 2 and result.encoding == "UTF-8 (có BOM)"
