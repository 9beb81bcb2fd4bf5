"""Citizen ID numbers: structure refused with a reason; disagreements only warned."""

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.ledger.rules.identity import citizen_id_warnings, parse_citizen_id
from desktop.ledger.rules.values import InvalidValue


def test_a_cccd_reveals_province_century_sex_and_year():
    cid = parse_citizen_id("004 301 012345")
    assert (cid.kind, cid.province, cid.sex, cid.birth_year) == ("cccd", "Cao Bằng", "female", 2001)
    assert parse_citizen_id("004-190-012345").birth_year == 1990


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (4090001234, "004090001234"),
        (40090001234, "040090001234"),
        (4090001234.0, "004090001234"),
        ("4090001234.0", "004090001234"),
    ],
)
def test_numbers_that_excel_stripped_of_leading_zeros_are_padded(value, number):
    assert parse_citizen_id(value).number == number


def test_old_9_digit_cards_are_accepted_and_flagged():
    cid = parse_citizen_id(12345678)
    assert (cid.number, cid.kind) == ("012345678", "cmnd")
    assert "CMND cũ" in citizen_id_warnings(cid)[0]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("0040900012", "có 10 chữ số"),
        ("0040900012345", "có 13 chữ số"),
        ("1234567", "có 7 chữ số"),
        ("00409000123A", "chỉ được gồm chữ số"),
        ("4.09000123E+11", "số mũ"),
        (4.5, "thập phân"),
    ],
)
def test_malformed_numbers_are_refused_with_the_reason(value, words):
    with pytest.raises(InvalidValue, match=words):
        parse_citizen_id(value)


@pytest.mark.parametrize(
    ("number", "province"),
    [
        ("001190012345", "Hà Nội"),
        ("004301012345", "Cao Bằng"),
        ("094090012345", "Sóc Trăng"),
        ("096185012345", "Cà Mau"),
    ],
)
def test_province_codes_of_circular_59_2021(number, province):
    assert parse_citizen_id(number).province == province


@pytest.mark.parametrize("prefix", ["000", "003", "005", "097", "704", "999"])
def test_an_unknown_prefix_is_refused_not_taken_for_a_country_code(prefix):
    with pytest.raises(InvalidValue, match=f"“{prefix}”.*Thông tư 59/2021/TT-BCA"):
        parse_citizen_id(f"{prefix}190012345")


def test_sex_and_birth_year_disagreements_are_warnings():
    cid = parse_citizen_id("004090001234")
    assert citizen_id_warnings(cid, sex="male", birth_year=1990) == []
    warnings = citizen_id_warnings(cid, sex="female", birth_year=1991)
    assert len(warnings) == 2 and "nam" in warnings[0] and "1990" in warnings[1]


@given(
    st.sampled_from(["001", "004", "096"]),
    st.integers(0, 3),
    st.integers(0, 99),
    st.integers(0, 999_999),
)
def test_every_well_formed_cccd_round_trips(prefix, century_sex, year, serial):
    text = f"{prefix}{century_sex}{year:02d}{serial:06d}"
    cid = parse_citizen_id(text)
    assert cid.number == text and cid.birth_year == 1900 + (century_sex // 2) * 100 + year
    assert parse_citizen_id(int(text)).number == text  # as Excel would have stored it


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=False)))
def test_any_input_is_parsed_or_refused_never_crashes(value):
    with contextlib.suppress(InvalidValue):
        parse_citizen_id(value)
