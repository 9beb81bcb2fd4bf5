"""The seeds' plans load as data, and criteria fall back to the national core."""

import pytest

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
