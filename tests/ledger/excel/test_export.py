"""Exports: readable Vietnamese, IDs as text, and a household export imports back as it was."""

from openpyxl import load_workbook
from sqlmodel import select

from desktop.ledger.commune import set_up_commune
from desktop.ledger.demo import make_demo
from desktop.ledger.excel.export import LISTS, export_list
from desktop.ledger.excel.households_import import Outcome, import_households
from desktop.ledger.records import Household, Member
from desktop.ledger.storage import open_ledger


def test_every_list_exports_and_households_round_trip(tmp_path):
    source = open_ledger(tmp_path / "a" / "ledger.sqlite")
    make_demo(source, households=60, seed=11)
    for kind in LISTS:
        assert export_list(source, kind, tmp_path / f"{kind}.xlsx") > 0
    sheet = load_workbook(tmp_path / "households.xlsx").active
    header = [c.value for c in sheet[1]]
    first = [c for c in sheet[2]]
    assert header[:3] == ["Mã hộ", "Họ và tên chủ hộ", "Số CCCD"]
    assert (
        first[2].number_format == "@"
        and isinstance(first[2].value, str)
        and len(first[2].value) == 12
    )
    assert first[10].value in {
        "Hộ nghèo",
        "Hộ cận nghèo",
        "Hộ có mức sống trung bình",
        "Hộ khác",
    }

    target = open_ledger(tmp_path / "b" / "ledger.sqlite")
    with target.session() as s:
        set_up_commune(s, 4, 1576)
    result = import_households(target, tmp_path / "households.xlsx", officer="t")
    assert result.count(Outcome.imported) == 60 and result.count(Outcome.refused) == 0

    def people(ledger):
        with ledger.session() as s:
            rows = s.exec(
                select(Household.code, Household.head_name, Member.citizen_id, Member.birth_year)
                .join(Member, Member.household_id == Household.id)
                .where(Member.relation == "Chủ hộ")
            ).all()
        return sorted(rows)

    assert people(source) == people(target)
    regs = load_workbook(tmp_path / "registrations.xlsx").active
    assert regs["G1"].value == "Tình trạng" and regs["G2"].value in {
        "Đã đăng ký",
        "Đang được hỗ trợ",
        "Đã rà soát",
        "Đã thoát nghèo",
        "Chưa thoát nghèo",
        "Đã rút đăng ký",
    }
