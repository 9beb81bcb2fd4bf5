"""The Overview's target: the commune's own, else the province plan's commune level, else its
province level."""

from desktop.ledger.overview import commune_target
from desktop.ledger.records import PovertyTarget
from desktop.ledger.storage import save


def test_the_communes_own_target_comes_first_then_the_plan(ledger):
    with ledger.session() as s:
        assert commune_target(s, 4, 2024) == (4.0, "kế hoạch của tỉnh, toàn tỉnh")  # Cao Bằng
        pct, source = commune_target(s, 92, 2024)  # Sóc Trăng's plan names a commune level
        assert (pct, source) == (3.0, "kế hoạch của tỉnh, cấp xã")
        save(
            s,
            PovertyTarget(
                commune_code=1576, level="commune", year_from=2022, year_to=2026, min_pct_per_year=5
            ),
            officer="t",
        )
        assert commune_target(s, 4, 2024) == (5.0, "chỉ tiêu của xã")
