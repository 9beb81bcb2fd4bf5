"""Poverty counts per year come from the classifications, tombstones left out."""

from desktop.ledger.records import Classification, Household, Village
from desktop.ledger.storage import delete, save
from desktop.ledger.targets import poor_counts, target_results

C = 1576


def test_counts_per_year_and_per_scope(ledger):
    with ledger.session() as s:
        v1 = save(s, Village(commune_code=C, name="Nà Lẹng"), officer="t")
        v2 = save(s, Village(commune_code=C, name="Khuổi Ky"), officer="t")
        plan = [
            (v1, True, {2024: "poor", 2025: "near_poor"}),
            (v1, False, {2024: "poor", 2025: "poor"}),
            (v2, True, {2024: "average", 2025: "average"}),
            (v2, True, {2024: "poor", 2025: "poor"}),
        ]
        for i, (village, minority, years) in enumerate(plan):
            hh = save(
                s,
                Household(
                    commune_code=C,
                    code=f"H{i}",
                    village_id=village.id,
                    head_name=f"Chủ hộ {i}",
                    ethnic_minority=minority,
                ),
                officer="t",
            )
            for year, cat in years.items():
                save(
                    s,
                    Classification(
                        commune_code=C,
                        household_id=hh.id,
                        year=year,
                        category=cat,
                        standard_id="nd07-2021",
                    ),
                    officer="t",
                )
        delete(s, hh, officer="t")  # the last household is gone and no longer counts
        assert poor_counts(s) == {2024: (2, 3), 2025: (1, 3)}
        assert poor_counts(s, village_id=v1.id) == {2024: (2, 2), 2025: (1, 2)}
        assert poor_counts(s, ethnic_minority=True) == {2024: (1, 2), 2025: (0, 2)}
        results = target_results(s, 4.0, village_id=v1.id)
    assert results[-1].reduction == 50.0 and results[-1].met


def test_the_rate_is_over_all_households_of_the_commune(ledger):
    """10 households, 4 classified in 2025 of which 2 poor: 20 %, not 50 %."""
    with ledger.session() as s:
        village = save(s, Village(commune_code=C, name="Nà Lẹng"), officer="t")
        for i in range(10):
            hh = save(
                s,
                Household(commune_code=C, code=f"H{i}", village_id=village.id, head_name=f"Hộ {i}"),
                officer="t",
            )
            if i < 4:
                category = "poor" if i < 2 else "near_poor"
                save(
                    s,
                    Classification(
                        commune_code=C,
                        household_id=hh.id,
                        year=2025,
                        category=category,
                        standard_id="nd07-2021",
                    ),
                    officer="t",
                )
        assert poor_counts(s) == {2025: (2, 10)}
        results = target_results(s, 4.0)
    assert results[0].rate == 20.0 and results[0].standard == "nd07-2021"
