"""Importing a messy household list: every row accounted for, nothing half-written."""

from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlmodel import func, select

from desktop.ledger.excel.households_import import Outcome, import_households
from desktop.ledger.excel.reader import ExcelError
from desktop.ledger.excel.report import write_report
from desktop.ledger.records import ChangeEntry, Classification, Household, Member, Village

from .conftest import write_list


def outcomes(result):
    return {r.row: (r.outcome, r.reasons) for r in result.rows}


def test_every_row_gets_its_outcome(ledger, messy_list):
    result = import_households(ledger, messy_list, officer="lan")
    got = {row: outcome for row, (outcome, _) in outcomes(result).items()}
    IN, S, R = Outcome.imported, Outcome.skipped, Outcome.refused
    assert got == {
        6: S,
        7: S,
        8: IN,
        9: IN,
        10: IN,
        11: S,
        12: S,
        13: S,
        14: IN,
        15: R,
        16: R,
        17: R,
        18: IN,
        19: S,
        20: S,
        21: S,
        22: S,
        23: S,
    }
    reasons = outcomes(result)
    assert reasons[6][1] == ["Dòng đánh số cột"]
    assert reasons[7][1] == ["Tiêu đề thôn: XÓM NÀ LẸNG"]
    assert reasons[11][1] == ["Dòng cộng, tổng số"]
    assert reasons[15][1][0] == "Thiếu họ tên chủ hộ."
    assert len(reasons[16][1]) == 3  # date, ID and category, all at once
    assert any("Ngày không hợp lệ" in r for r in reasons[16][1])
    assert any("Số CCCD" in r for r in reasons[16][1]) and any("giàu" in r for r in reasons[16][1])
    assert reasons[17][1] == ["Trùng với dòng 8 trong cùng tệp."]
    assert reasons[23][1] == ["Phần ký tên, xác nhận cuối danh sách"]
    assert result.year == 2025 and result.header_row == 4
    assert sorted(result.new_villages) == ["Bản Khuổi Ky", "XÓM NÀ LẸNG"]


def test_imported_values_are_cleaned(ledger, messy_list):
    import_households(ledger, messy_list, officer="lan")
    with ledger.session() as s:
        members = {m.full_name: m for m in s.exec(select(Member)).all()}
        classes = {c.household_id: c for c in s.exec(select(Classification)).all()}
        households = {h.head_name: h for h in s.exec(select(Household)).all()}
    assert members["Nông Văn Dũng"].citizen_id == "004075001234"
    assert (members["Nông Văn Dũng"].sex, members["Nông Văn Dũng"].birth_year) == ("male", 1975)
    mai = members["Hoàng Thị Mai"]  # decomposed in the file, composed in the ledger
    assert (mai.sex, str(mai.birth_date), mai.ethnicity) == ("female", "1980-03-12", "Nùng")
    assert members["Lục Văn Tám"].ethnicity == "H'Mông"
    assert members["Sùng A Pháo"].citizen_id == "004090123456"  # Excel dropped two zeros
    assert members["Bế Văn Ân"].ethnicity == "Rục"  # unknown: kept as written, with a warning
    hh = households["Nông Văn Dũng"]
    assert classes[hh.id].category == "poor" and classes[hh.id].standard_id == "nd07-2021"
    assert classes[households["Hoàng Thị Mai"].id].category == "near_poor"
    assert hh.ethnic_minority and hh.code == "NL-001"


def test_dry_run_writes_nothing_and_says_what_would_happen(ledger, messy_list):
    result = import_households(ledger, messy_list, officer="lan", dry_run=True)
    assert result.summary() == (
        "Chạy thử: sẽ nhập 5 hộ, bỏ qua 10 dòng, từ chối 3 dòng; sẽ tạo mới 2 thôn/xóm. "
        "Lý do từ chối nhiều nhất: Thiếu họ tên chủ hộ (1 dòng); Ngày sinh không hợp lệ (1 dòng); "
        "Số CCCD không hợp lệ (1 dòng)"
    )
    with ledger.session() as s:
        assert s.exec(select(func.count()).select_from(Household)).one() == 0
        assert s.exec(select(Village)).all() == []


def test_a_second_import_refuses_what_is_already_in_the_ledger(ledger, messy_list):
    import_households(ledger, messy_list, officer="lan")
    again = import_households(ledger, messy_list, officer="lan")
    assert again.count(Outcome.imported) == 0
    assert any("đã có trong sổ" in r for r in outcomes(again)[8][1])


def test_a_failure_while_writing_leaves_nothing(ledger, messy_list, monkeypatch):
    """The power goes while the writer thread has written part of the list."""
    from desktop.ledger.storage import batch_writer

    real = batch_writer.indexed_after

    @contextmanager
    def broken(cursor, count):
        with real(cursor, count):
            yield  # the batch's rows are in the ledger's transaction by now
        assert cursor.execute("SELECT count(*) FROM household").fetchone()[0] > 0
        raise OSError("mất điện")

    monkeypatch.setattr(batch_writer, "indexed_after", broken)
    with pytest.raises(OSError, match="mất điện"):
        import_households(ledger, messy_list, officer="lan")
    with ledger.session() as s:
        assert s.exec(select(Village)).all() == []
        assert s.exec(select(ChangeEntry).where(ChangeEntry.entity != "commune")).all() == []


def test_an_import_keeps_a_small_page_cache_while_it_writes(ledger, messy_list, monkeypatch):
    """A whole list is one transaction: the import's page cache stays small (its memory
    target), although every bulk write asks for the large one; back in the pool, the usual."""
    from desktop.ledger.excel import households_import
    from desktop.ledger.storage import batch_writer
    from desktop.ledger.storage.database import CACHE_KIB

    real, sizes = batch_writer.indexed_after, []

    @contextmanager
    def watched(cursor, count):
        with real(cursor, count):
            yield
        sizes.append(-cursor.execute("PRAGMA cache_size").fetchone()[0])

    monkeypatch.setattr(batch_writer, "indexed_after", watched)
    import_households(ledger, messy_list, officer="lan")
    assert sizes and set(sizes) == {households_import.IMPORT_CACHE_KIB}
    with ledger.session() as s:
        assert -s.connection().exec_driver_sql("PRAGMA cache_size").scalar() == CACHE_KIB


def test_the_report_lists_every_row(ledger, messy_list, tmp_path):
    result = import_households(ledger, messy_list, officer="lan")
    path = write_report(result, tmp_path / "bao-cao.xlsx")
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(result.rows) == 18
    assert rows[0][:3] == (6, "Bỏ qua", "Dòng đánh số cột")
    assert sheet["B2"].value == "Kết quả"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"Tệp hong\.xlsx rỗng\."),
        (b"PK\x03\x04 not really a zip", r"Tệp hong\.xlsx bị hỏng"),
        (b"\x89PNG\r\n", r"Tệp hong\.xlsx là ảnh PNG, không phải bảng tính"),
        (b"not excel at all", r"Tệp hong\.xlsx bị hỏng hoặc không phải bảng tính"),
    ],
)
def test_a_broken_file_gets_one_clear_message(ledger, tmp_path, content, message):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(content)
    with pytest.raises(ExcelError, match=message):
        import_households(ledger, path, officer="lan")


def test_a_sheet_without_a_head_name_column_is_refused(ledger, tmp_path):
    path = write_list(tmp_path / "x.xlsx", [["Mã", "Tên thôn"], ["1", "Nà Lẹng"]])
    with pytest.raises(ExcelError, match="Họ và tên chủ hộ"):
        import_households(ledger, path, officer="lan")


def test_an_unknown_year_is_said_once_and_the_import_waits_for_it(ledger, tmp_path):
    rows = [["Họ và tên chủ hộ", "Thôn", "Phân loại"]] + [
        [f"Lý Thị Dợ {i}", "Bản Mới", "Hộ nghèo"] for i in range(3)
    ]
    path = write_list(tmp_path / "x.xlsx", rows)
    preview = import_households(ledger, path, officer="lan", dry_run=True)
    assert preview.year_unknown and preview.count(Outcome.refused) == 0
    assert preview.summary().startswith("Không rõ danh sách áp dụng cho năm nào: dùng --year")
    assert preview.summary().count("Không rõ") == 1
    with pytest.raises(ExcelError, match="Không rõ danh sách áp dụng cho năm nào"):
        import_households(ledger, path, officer="lan")
    assert import_households(ledger, path, officer="lan", year=2026).count(Outcome.imported) == 3


TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)  # as Excel holds


@settings(
    max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    st.lists(
        st.lists(
            st.one_of(st.none(), TEXT, st.integers(0, 10**12)),
            min_size=4,
            max_size=4,
        ),
        max_size=15,
    )
)
def test_no_row_after_the_header_is_ever_lost(ledger, tmp_path_factory, body):
    path = tmp_path_factory.mktemp("p") / "x.xlsx"
    header = ["Họ và tên chủ hộ", "Thôn", "Năm sinh", "Số CCCD"]
    write_list(path, [header, *body])
    result = import_households(ledger, path, officer="t", dry_run=True)
    last = max(
        (i for i, r in enumerate(body) if any(v not in (None, "") and str(v).strip() for v in r)),
        default=-1,
    )
    assert [r.row for r in result.rows] == list(range(2, last + 3))
