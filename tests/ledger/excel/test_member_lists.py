"""Lists with one row per member: households with their members, as the rows say."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from desktop.ledger.excel.households_import import Outcome, import_households
from desktop.ledger.records import Household, Member

from .files import WRITERS

HEADER = [
    "Mã hộ",
    "Họ và tên",
    "Quan hệ với chủ hộ",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Dân tộc",
    "Thôn",
    "Số nhân khẩu",
    "Phân loại",
]
# Codes repeated on every member's row.
REPEATED = [
    ["DANH SÁCH HỘ NGHÈO NĂM 2025"],
    HEADER,
    ["NL-01", "Nông Văn Dũng", "Chủ hộ", 1975, "Nam", "004075001234", "Tày", "Nà Lẹng", 3, "HN"],
    ["NL-01", "Hoàng Thị Mai", "Vợ", date(1978, 4, 2), "Nữ", "004178001235", "Tày", None],
    ["NL-01", "Nông Văn An", "Con", 2005, "Nam", None, "Tày", None],
    ["NL-02", "Lục Thị Hoa", "Chủ hộ", 1960, "Nữ", None, "Nùng", "Nà Lẹng", 4, "HCN"],
    ["NL-02", "Lục Văn Tám", "Con", 1990, "Nam", "12AB", "Nùng", None],  # refused: ID
    ["NL-02", "Lục Thị Dợ", "Con", 2026, "Nữ", None, "Nùng", None],  # refused: born later
    ["NL-09", "Triệu Văn Ân", "Con", 2001, "Nam", None, "Dao", None],  # no such household
]


def _people(ledger) -> dict[str, tuple[str, str]]:
    with ledger.session() as s:
        codes = {h.id: h.code for h in s.exec(select(Household)).all()}
        return {m.full_name: (codes[m.household_id], m.relation) for m in s.exec(select(Member))}


@pytest.mark.parametrize("kind", ["xlsx", "csv-utf8"])
def test_a_list_with_a_row_per_member_makes_households_with_members(ledger, tmp_path, kind):
    result = import_households(ledger, WRITERS[kind](tmp_path / "tv", REPEATED), officer="lan")
    by_row = {r.row: r for r in result.rows}
    assert [by_row[n].outcome for n in range(3, 10)] == [
        Outcome.imported,
        Outcome.imported,
        Outcome.imported,
        Outcome.imported,
        Outcome.refused,
        Outcome.refused,
        Outcome.refused,
    ]
    assert any("Số CCCD" in r for r in by_row[7].reasons)
    assert any("sau năm áp dụng" in r for r in by_row[8].reasons)
    assert by_row[9].reasons == [
        "Không rõ thuộc hộ nào: chưa có dòng chủ hộ của hộ này ở phía trên."
    ]
    # Hoa's household says 4 people; the list has 3 rows for it.
    assert by_row[6].warnings == ["Số nhân khẩu ghi 4, danh sách có 3 người."]
    assert by_row[3].warnings == []
    assert _people(ledger) == {
        "Nông Văn Dũng": ("NL-01", "Chủ hộ"),
        "Hoàng Thị Mai": ("NL-01", "Vợ"),
        "Nông Văn An": ("NL-01", "Con"),
        "Lục Thị Hoa": ("NL-02", "Chủ hộ"),
    }
    assert result.summary().startswith("Đã nhập 2 hộ và 2 nhân khẩu, bỏ qua 0 dòng, từ chối 3")


def test_the_code_only_on_the_heads_row_the_rows_below_belong_to_it(ledger, tmp_path):
    rows = [
        HEADER,
        ["H1", "Nông Văn Dũng", "Chủ hộ", 1975, "Nam", None, "Tày", "Nà Lẹng", 2],
        [None, "Hoàng Thị Mai", "Vợ", 1978, "Nữ", None, "Tày", None],
        ["H2", "Lục Thị Hoa", "Chủ hộ", 1960, "Nữ", None, "Nùng", "Nà Lẹng"],
        [None, "Lục Văn Tám", "Con", 1990, "Nam", None, "Nùng", None],
    ]
    path = WRITERS["xlsx"](tmp_path / "tv", rows)
    result = import_households(ledger, path, officer="lan", year=2026)
    assert result.count(Outcome.imported) == 4
    assert _people(ledger) == {
        "Nông Văn Dũng": ("H1", "Chủ hộ"),
        "Hoàng Thị Mai": ("H1", "Vợ"),
        "Lục Thị Hoa": ("H2", "Chủ hộ"),
        "Lục Văn Tám": ("H2", "Con"),
    }


def test_members_of_a_refused_head_are_refused_with_the_reason(ledger, tmp_path):
    rows = [
        HEADER,
        ["H1", "", "Chủ hộ", 1975, "Nam", None, "Tày", "Nà Lẹng"],
        ["H1", "Hoàng Thị Mai", "Vợ", 1978, "Nữ", None, "Tày", None],
    ]
    path = WRITERS["xlsx"](tmp_path / "tv", rows)
    result = import_households(ledger, path, officer="lan", year=2026)
    assert result.rows[1].reasons[0] == "Dòng chủ hộ của hộ này (dòng 2) bị từ chối."
    assert _people(ledger) == {}
