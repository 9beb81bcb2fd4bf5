"""A finished clean row keeps no lists of its own (a 100,000-row list holds every row until the
report), and nothing can be added to it afterwards; a head's row in a list with a row per
member still takes the warning its household's count brings when the household ends."""

from __future__ import annotations

import pytest

from desktop.ledger.excel.households_import import Outcome, import_households
from desktop.ledger.excel.import_result import NOTHING

from .files import write_xlsx
from .test_member_lists import REPEATED


def test_clean_rows_share_one_empty_list_that_cannot_change(ledger, tmp_path):
    rows: list[list[object]] = [
        ["DANH SÁCH HỘ NGHÈO NĂM 2026"],
        ["Họ và tên chủ hộ", "Thôn", "Năm sinh", "Phân loại"],
        ["Nông Văn Dũng", "Nà Lẹng", 1970, "Hộ nghèo"],
        ["Hoàng Thị Mai", "Nà Lẹng", 1972, "Hộ cận nghèo"],
        ["Lục Văn Tám", "Nà Lẹng", 1975, "giàu"],
    ]
    result = import_households(ledger, write_xlsx(tmp_path / "ds.xlsx", rows), officer="lan")
    clean, refused = result.rows[:2], result.rows[2]
    assert [r.outcome for r in clean] == [Outcome.imported, Outcome.imported]
    for row in clean:
        assert row.reasons is NOTHING and row.warnings is NOTHING
        assert row.reasons == [] and not row.warnings
    assert refused.outcome == Outcome.refused and refused.reasons is not NOTHING
    with pytest.raises(TypeError):
        clean[0].warnings.append("thêm")
    with pytest.raises(TypeError):
        clean[0].reasons += ["thêm"]
    assert NOTHING == []


def test_a_heads_row_still_takes_its_households_count_warning(ledger, tmp_path):
    result = import_households(ledger, write_xlsx(tmp_path / "tv.xlsx", REPEATED), officer="lan")
    by_row = {r.row: r for r in result.rows}
    assert by_row[6].warnings == ["Số nhân khẩu ghi 4, danh sách có 3 người."]
    assert by_row[4].warnings is NOTHING  # a member's clean row is finished at once
