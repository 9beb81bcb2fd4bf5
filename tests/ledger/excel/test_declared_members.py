""" "Số nhân khẩu" is stored as the list declares it, and exported again."""

from __future__ import annotations

from openpyxl import load_workbook
from sqlmodel import select

from desktop.ledger.excel.export import export_list
from desktop.ledger.excel.households_import import Outcome, import_households
from desktop.ledger.records import Household, Member, Village
from desktop.ledger.storage import save

from .files import WRITERS
from .test_member_lists import REPEATED

C = 1576
ONE_ROW_PER_HOUSEHOLD = [
    ["DANH SÁCH HỘ NGHÈO NĂM 2026"],
    ["Mã hộ", "Họ và tên chủ hộ", "Năm sinh", "Thôn", "Số nhân khẩu", "Phân loại"],
    ["NL-01", "Nông Văn Dũng", 1975, "Nà Lẹng", 5, "Hộ nghèo"],
    ["NL-02", "Lục Thị Hoa", 1960, "Nà Lẹng", "3", "Hộ cận nghèo"],
    ["NL-03", "Triệu Văn Ân", 1958, "Nà Lẹng", None, "Hộ nghèo"],
]


def _declared(ledger) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    with ledger.session() as s:
        return {h.code: h.declared_members for h in s.exec(select(Household)).all()}


def _exported(ledger, path) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    export_list(ledger, "households", path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    code, members = rows[0].index("Mã hộ"), rows[0].index("Số nhân khẩu")
    return {row[code]: row[members] for row in rows[1:]}


def test_a_list_of_one_row_per_household_keeps_its_number_of_members(ledger, tmp_path):
    path = WRITERS["xlsx"](tmp_path / "ds", ONE_ROW_PER_HOUSEHOLD)
    result = import_households(ledger, path, officer="lan")
    assert result.count(Outcome.imported) == 3
    assert _declared(ledger) == {"NL-01": 5, "NL-02": 3, "NL-03": None}
    # The list's number, not the one member (the head) the ledger holds; else the members.
    assert _exported(ledger, tmp_path / "xuat.xlsx") == {"NL-01": 5, "NL-02": 3, "NL-03": 1}


def test_a_member_list_keeps_the_number_its_head_row_declares(ledger, tmp_path):
    import_households(ledger, WRITERS["xlsx"](tmp_path / "tv", REPEATED), officer="lan")
    assert _declared(ledger) == {"NL-01": 3, "NL-02": 4}


def test_an_exported_list_imports_back_with_the_same_numbers(ledger, tmp_path):
    with ledger.session() as s:
        village = save(s, Village(commune_code=C, name="Nà Lẹng"), officer="t")
        hh = save(
            s,
            Household(commune_code=C, code="H1", village_id=village.id, head_name="Bế Văn Ân"),
            officer="t",
        )
        for name, relation in (("Bế Văn Ân", "Chủ hộ"), ("Bế Thị Hoa", "Vợ")):
            member = Member(commune_code=C, household_id=hh.id, full_name=name, relation=relation)
            save(s, member, officer="t")
    assert _exported(ledger, tmp_path / "xuat.xlsx") == {"H1": 2}

    from desktop.ledger.commune import set_up_commune
    from desktop.ledger.storage import open_ledger

    other = open_ledger(tmp_path / "b" / "ledger.sqlite")
    with other.session() as s:
        set_up_commune(s, 4, C)
    assert (
        import_households(other, tmp_path / "xuat.xlsx", officer="t").count(Outcome.imported) == 1
    )
    assert _declared(other) == {"H1": 2}
    other.close()
