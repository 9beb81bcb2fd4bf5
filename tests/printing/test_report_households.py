"""Past years' rates in the yearly report are over the households of that year, not today's.

The commune had 10 households on its 2024 list (2 poor) and 12 on its 2025 list (1 poor); three
more have arrived since and are not classified yet. The report for 2024 must say 10 households,
20 % before and 1/12 = 8,33 % after, not rates over today's 15.
"""

from __future__ import annotations

from sqlmodel import Session

from desktop.ledger.records import Classification, Household, Village
from desktop.ledger.settings import read_settings
from desktop.ledger.storage import save
from desktop.ledger.targets import poor_counts
from desktop.printing.jobs import print_report
from desktop.printing.report_data import report_figures
from tests.printing.pdfcheck import page_texts

C = 1576


def _household(s: Session, village: Village, i: int, years: dict[int, str]) -> None:
    hh = save(
        s,
        Household(commune_code=C, code=f"QU-{i:05d}", village_id=village.id, head_name=f"Hộ {i}"),
        officer="t",
    )
    for year, category in years.items():
        save(
            s,
            Classification(
                commune_code=C,
                household_id=hh.id,
                year=year,
                category=category,
                standard_id="nd07-2021",
            ),
            officer="t",
        )


def _grown_commune(ledger) -> None:  # type: ignore[no-untyped-def]
    with ledger.session() as s:
        village = save(s, Village(commune_code=C, name="Nà Lẹng"), officer="t")
        for i in range(10):  # on both lists
            first = "poor" if i < 2 else "other"
            second = "poor" if i == 0 else ("near_poor" if i == 1 else "average")
            _household(s, village, i, {2024: first, 2025: second})
        for i in range(10, 12):  # arrived in 2025
            _household(s, village, i, {2025: "other"})
        for i in range(12, 15):  # arrived since the last review
            _household(s, village, i, {})


def test_each_years_rate_is_over_that_years_households(ledger, tmp_path):
    _grown_commune(ledger)
    with ledger.session() as s:
        figures = report_figures(s, 2024, read_settings(s))
        assert poor_counts(s) == {2024: (2, 10), 2025: (1, 12)}  # the Overview agrees
    assert figures.households == 10
    assert (figures.before.households, figures.before.poor_rate) == (10, 20.0)
    assert figures.after is not None
    assert (figures.after.households, figures.after.poor_rate) == (12, 8.33)
    assert figures.reduction == 11.67
    assert {y: r.households for y, r in figures.history.items()} == {2024: 10, 2025: 12}

    out = tmp_path / "bao-cao.pdf"
    print_report(ledger, 2024, out)
    text = " ".join(page_texts(out))
    assert "Toàn xã có 10 hộ dân cư" in text
    assert "Tỷ lệ hộ nghèo (%) 20,00 8,33" in text


def test_a_list_of_poor_households_only_counts_every_household_of_the_ledger(ledger):
    """A year whose list holds only poor and near-poor households says nothing about the
    others: today's households stand for it (domain §9: over all households)."""
    with ledger.session() as s:
        village = save(s, Village(commune_code=C, name="Nà Lẹng"), officer="t")
        for i in range(8):
            _household(s, village, i, {2023: "poor"} if i < 2 else {})
        figures = report_figures(s, 2023, read_settings(s))
    assert (figures.before.households, figures.before.poor_rate) == (8, 25.0)
