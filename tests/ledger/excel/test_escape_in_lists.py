"""Escape is a change between two lists: the export shows it beside the category, and an
imported list may not give "thoát nghèo" as if it were a category."""

import pytest
from openpyxl import load_workbook

from desktop.ledger.excel.export import export_list
from desktop.ledger.excel.rows import parse_category
from desktop.ledger.records import Classification, Household, Village
from desktop.ledger.rules.values import InvalidValue
from desktop.ledger.storage import save

C = 1576


@pytest.mark.parametrize(
    ("history", "shown"),
    [
        ({2025: "poor", 2026: "near_poor"}, "Thoát nghèo"),
        ({2025: "poor", 2026: "average"}, "Thoát nghèo"),
        ({2025: "near_poor", 2026: "other"}, "Thoát cận nghèo"),
        ({2025: "near_poor", 2026: "near_poor"}, None),
        ({2024: "poor", 2026: "average"}, None),  # 2025 missing: not consecutive lists
        ({2026: "average"}, None),
    ],
)
def test_the_household_export_shows_the_transition_into_the_latest_list(
    ledger, tmp_path, history, shown
):
    with ledger.session() as s:
        village = save(s, Village(commune_code=C, name="Nà Lẹng"), officer="t")
        hh = save(
            s,
            Household(commune_code=C, code="H1", village_id=village.id, head_name="Nông Văn Dũng"),
            officer="t",
        )
        for year, category in history.items():
            record = Classification(
                commune_code=C,
                household_id=hh.id,
                year=year,
                category=category,
                standard_id="nd07-2021",
            )
            save(s, record, officer="t")
    export_list(ledger, "households", tmp_path / "ho.xlsx")
    sheet = load_workbook(tmp_path / "ho.xlsx").active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Biến động so với năm trước"] == shown
    assert row["Chuẩn nghèo áp dụng"] == "Chuẩn nghèo đa chiều giai đoạn 2022–2025"
    assert "Thu nhập bình quân đầu người/tháng (đồng)" in header


@pytest.mark.parametrize("word", ["Hộ mới thoát nghèo", "Thoát nghèo", "thoát cận nghèo"])
def test_an_escape_word_is_refused_as_a_category(word):
    with pytest.raises(InvalidValue, match="biến động"):
        parse_category(word)


@pytest.mark.parametrize(
    ("word", "category"),
    [("Hộ nghèo", "poor"), ("HCN", "near_poor"), ("Hộ cận nghèo", "near_poor")],
)
def test_category_words_still_read(word, category):
    assert parse_category(word) == category
