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
    assert first[header.index("Phân loại")].value in {
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


def test_text_that_looks_like_a_formula_is_exported_as_text_and_privately(ledger, tmp_path):
    import stat
    import zipfile

    from desktop.ledger.records import Village
    from desktop.ledger.storage import save

    with ledger.session() as s:
        village = save(s, Village(commune_code=1576, name="=1+1"), officer="t")
        save(
            s,
            Household(
                commune_code=1576,
                code="=1+1",
                village_id=village.id,
                head_name='=HYPERLINK("http://vi-du.invalid","Bấm vào")',
                address="@SUM(A1)",
            ),
            officer="t",
        )
    path = tmp_path / "ho.xlsx"
    assert export_list(ledger, "households", path) == 1
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    row = next(load_workbook(path).active.iter_rows(min_row=2))
    assert [(c.value, c.data_type) for c in row[:2]] == [
        ("=1+1", "s"),
        ('=HYPERLINK("http://vi-du.invalid","Bấm vào")', "s"),
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_import_report_is_formula_proof_and_private(tmp_path):
    import stat
    import zipfile

    from openpyxl import Workbook

    from desktop.ledger.excel.writing import save_atomically

    workbook = Workbook()
    workbook.active.append(['=HYPERLINK("http://x.invalid")', "Lý Thị Dợ"])
    path = save_atomically(workbook, tmp_path / "bao-cao.xlsx")
    assert "<f>" not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_missing_folder_is_refused_not_created(ledger, tmp_path):
    import pytest

    from desktop.ledger.errors import FileProblem

    with pytest.raises(FileProblem, match="chưa có"):
        export_list(ledger, "households", tmp_path / "khong-co" / "ho.xlsx")
    assert not (tmp_path / "khong-co").exists()
