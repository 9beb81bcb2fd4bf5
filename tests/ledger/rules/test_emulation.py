"""The seeds' plans load as data, and criteria fall back to the national core."""

import pytest
import yaml

from desktop.ledger.resources import resource_path
from desktop.ledger.rules.emulation import (
    PlanError,
    commendation_forms_for,
    criteria_for,
    load_plans,
    national,
    plan_for,
)


def test_every_plan_loads_and_names_its_source():
    plans = {p.slug: p for p in load_plans()}
    assert set(plans) == {
        "cao-bang-2451-2022",
        "soc-trang-146-2022",
        "ninh-binh-132-2022",
        "dong-nai-2016-2020",
    }
    assert plans["cao-bang-2451-2022"].report_deadline == (11, 20)
    assert plans["soc-trang-146-2022"].report_deadline == (12, 1)
    assert plans["ninh-binh-132-2022"].notes  # the seed copy is truncated, and says so


def test_cao_bang_household_criteria_include_registration_and_loan_repayment():
    codes = {c.code for c in criteria_for("household", 4, 2024)}
    assert {"hh_voluntary_registration", "hh_policy_loan_repaid"} <= codes


def test_soc_trang_targets_need_three_consecutive_years():
    commune = next(t for t in plan_for(92, 2023).targets if t.level == "commune")
    assert (commune.min_pct_per_year, commune.max_pct_per_year, commune.consecutive_years) == (
        3.0,
        4.0,
        3,
    )


def test_a_year_without_a_provincial_plan_falls_back_to_the_national_core():
    assert plan_for(4, 2027) is None
    assert criteria_for("household", 4, 2027) == national().criteria["household"]
    assert criteria_for("village", 37, 2024) == national().criteria["village"]  # truncated seed
    assert {f.code for f in commendation_forms_for(4, 2027)} >= {"giay_khen", "lao_dong_tien_tien"}


def test_a_broken_province_file_names_the_file(tmp_path):
    (tmp_path / "cao-bang-2451-2022.yaml").write_text(
        "plan: {issuer: X, number: 1, period_from: 2021, period_to: 2025}\n"
        "subject_types:\n  hamlet: {criteria: []}\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanError, match=r"cao-bang-2451-2022\.yaml.*hamlet"):
        load_plans(tmp_path)


def _entries(raw: dict) -> list[tuple[str, dict]]:
    found = [("target", t) for t in raw.get("targets") or []]
    found += [("form", f) for f in raw.get("commendation_forms") or []]
    for key, subject in (raw.get("subject_types") or {}).items():
        found += [(f"criterion {key}", c) for c in subject["criteria"]]
    return found


@pytest.mark.parametrize(
    "path",
    [
        *sorted(resource_path("emulation", "plans").glob("*.yaml")),
        resource_path("emulation", "national.yaml"),
    ],
    ids=lambda p: p.name,
)
def test_every_plan_entry_cites_its_seed_or_legal_text(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [
        (kind, e.get("code") or e.get("level"))
        for kind, e in _entries(raw)
        if not str(e.get("source", "")).strip()
    ]
    assert missing == []


# What each seed names as commendation forms (Cao Bằng mục III.3; Sóc Trăng mục IV.2).
NAMED = {
    4: {"huan_chuong_lao_dong", "bang_khen_thu_tuong", "bang_khen_chu_tich_tinh", "giay_khen"},
    92: {
        "khen_thuong_cap_nha_nuoc",
        "bang_khen_chu_tich_tinh",
        "de_nghi_chu_tich_tinh",
        "khen_thuong_theo_tham_quyen",
    },
}


@pytest.mark.parametrize("province", NAMED)
def test_a_plan_names_only_the_forms_its_seed_names(province):
    assert {f.code for f in plan_for(province, 2024).forms} == NAMED[province]


def test_soc_trang_names_state_forms_only_in_general():
    forms = {f.code: f for f in plan_for(92, 2024).forms}
    assert "huan_chuong_lao_dong" not in forms and "bang_khen_thu_tuong" not in forms
    assert "Thủ tướng Chính phủ, Chủ tịch nước" in forms["khen_thuong_cap_nha_nuoc"].name
    assert forms["khen_thuong_cap_nha_nuoc"].occasions == ("interim_review", "final_review")


@pytest.mark.parametrize(
    ("level", "low", "high"),
    [("province", 2.0, 3.0), ("district", 2.5, 3.5), ("commune", 3.0, 4.0), ("village", 4.0, None)],
)
def test_soc_trang_targets_per_level(level, low, high):
    target = next(t for t in plan_for(92, 2023).targets if t.level == level)
    assert (target.min_pct_per_year, target.max_pct_per_year) == (low, high)
    assert target.source.startswith("Kế hoạch 146/KH-UBND")


def test_general_titles_of_the_law_are_marked_as_such():
    forms = {f.code: f for f in national().forms}
    assert {c for c, f in forms.items() if f.general} == {"lao_dong_tien_tien", "gia_dinh_van_hoa"}
    assert "Luật Thi đua, khen thưởng 2022" in forms["lao_dong_tien_tien"].source
