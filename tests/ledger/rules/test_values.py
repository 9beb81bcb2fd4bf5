"""Dates, years, money, counts and yes/no as officers and Excel files write them."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.ledger.rules.values import (
    InvalidValue,
    format_date,
    format_money,
    parse_birth,
    parse_bool,
    parse_count,
    parse_date,
    parse_money,
)

THIS_YEAR = date.today().year


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/02/1990", (date(1990, 2, 5), 1990)),
        ("5/2/1990", (date(1990, 2, 5), 1990)),
        ("05-02-1990", (date(1990, 2, 5), 1990)),
        ("1990-02-05", (date(1990, 2, 5), 1990)),
        (datetime(1990, 2, 5), (date(1990, 2, 5), 1990)),
        (1985, (None, 1985)),
        (1985.0, (None, 1985)),
        ("1985", (None, 1985)),
        ("03/1985", (None, 1985)),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_birth_as_a_date_or_only_a_year(value, expected):
    assert parse_birth(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("31/02/1990", "Ngày không hợp lệ"),
        ("1899", "1900"),
        (THIS_YEAR + 1, "không hợp lệ"),
        ("hôm qua", "không phải ngày"),
        (32000, "không hợp lệ"),
        ("13/1990", "Tháng"),
    ],
)
def test_impossible_births_are_refused(value, words):
    with pytest.raises(InvalidValue, match=words):
        parse_birth(value)


def test_dates_in_the_future_are_refused():
    with pytest.raises(InvalidValue, match="tương lai"):
        parse_date(date(THIS_YEAR + 1, 1, 1))


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (1500000, 1_500_000),
        (1500000.0, 1_500_000),
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("1.500.000 đ", 1_500_000),
        ("1500000đ", 1_500_000),
        ("1,5 triệu", 1_500_000),
        ("1.5 triệu", 1_500_000),
        ("2 tr", 2_000_000),
        ("", None),
        ("0", 0),
    ],
)
def test_money_as_officers_write_it(value, amount):
    assert parse_money(value) == amount


@pytest.mark.parametrize(
    ("value", "words"),
    [("-5000", "âm"), (-1, "âm"), (10.5, "đồng nguyên"), ("nhiều", "không phải số tiền")],
)
def test_bad_money_is_refused(value, words):
    with pytest.raises(InvalidValue, match=words):
        parse_money(value)


@given(st.integers(0, 10**12))
def test_money_round_trips_through_its_printed_form(n):
    assert parse_money(format_money(n)) == n


def test_counts_and_yes_no():
    assert parse_count("3") == 3 and parse_count(3.0) == 3 and parse_count(None) is None
    with pytest.raises(InvalidValue, match="từ 0 đến 12"):
        parse_count(13, maximum=12)
    with pytest.raises(InvalidValue, match="số nguyên"):
        parse_count(2.5)
    assert [parse_bool(v) for v in ["x", "Có", "có", "1", "✓", "không", "0", ""]] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
        None,
    ]
    with pytest.raises(InvalidValue, match="Có hay Không"):
        parse_bool("có lẽ")


def test_printed_forms():
    assert format_money(1_500_000) == "1.500.000 đ"
    assert format_date(date(2026, 2, 5)) == "05/02/2026"
