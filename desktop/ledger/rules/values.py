"""Parsing what officers type and what Excel files hold: dates, years, money, counts, yes/no.

Each parser returns a clean value or raises `InvalidValue` whose message an officer can read; the
caller adds the field's name.
"""

from __future__ import annotations

import math
import re
import time
from datetime import date, datetime
from functools import lru_cache

from desktop.ledger.errors import InputError
from desktop.ledger.rules.text import fold, normalize_text, strip_marks


class InvalidValue(InputError):
    """A value that cannot be accepted; str() is a Vietnamese message without the field name."""


Blank = (None, "")
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_YEAR = re.compile(r"^\d{4}$")


def today() -> date:
    """Today, asked of the system at most once a minute: a 100,000-row list checks as many
    birth years, and each system call cost more than the rest of the check."""
    return _today_in(int(time.time()) // 60)


@lru_cache(maxsize=1)
def _today_in(minute: int) -> date:
    return date.today()


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


MAX_MONEY = 10**12  # đồng; far above any income, and within SQLite's 64-bit integers


def _finite(number: float | int, written: object = None) -> float | int:
    """Excel and CSV cells can hold "inf", "nan" or 1e400: a value, never a crash."""
    if isinstance(number, float) and not math.isfinite(number):
        raise InvalidValue(f"“{number if written is None else written}” không phải số dùng được.")
    return number


def _check_date(d: date) -> date:
    if d.year < 1900:
        raise InvalidValue(f"Năm {d.year} quá xa (trước 1900).")
    if d > today():
        raise InvalidValue(f"Ngày {d:%d/%m/%Y} ở tương lai.")
    return d


def _check_year(year: int) -> int:
    this_year = today().year
    if not 1900 <= year <= this_year:
        raise InvalidValue(f"Năm {year} không hợp lệ (phải từ 1900 đến {this_year}).")
    return year


def parse_date(value: object) -> date | None:
    """A full date: dd/mm/yyyy (also with - or .), yyyy-mm-dd, or an Excel date cell."""
    if _is_blank(value):
        return None
    if isinstance(value, datetime):
        return _check_date(value.date())
    if isinstance(value, date):
        return _check_date(value)
    text = normalize_text(str(value)).split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            return _check_date(datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", text):
        raise InvalidValue(f"Ngày không hợp lệ: {text}.")
    raise InvalidValue(f"“{text}” không phải ngày (viết dạng dd/mm/yyyy).")


def parse_birth(value: object) -> tuple[date | None, int | None]:
    """A birth date or only its year, as registers hold either: (date or None, year or None)."""
    if _is_blank(value):
        return None, None
    if isinstance(value, bool):
        raise InvalidValue("Ngày sinh không hợp lệ.")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _finite(value) != int(value):
            raise InvalidValue(f"Năm sinh không hợp lệ: {value}.")
        return None, _check_year(int(value))  # a bare number is a year, never a serial day
    if isinstance(value, date | datetime):
        d = parse_date(value)
        return d, d.year if d else None
    text = normalize_text(str(value))
    if text.endswith(".0") and _YEAR.match(text[:-2]):
        text = text[:-2]
    if _YEAR.match(text):
        return None, _check_year(int(text))
    month_year = _MONTH_YEAR.match(text)
    if month_year:
        if not 1 <= int(month_year.group(1)) <= 12:
            raise InvalidValue(f"Tháng không hợp lệ: {text}.")
        return None, _check_year(int(month_year.group(2)))
    d = parse_date(text)
    return d, d.year if d else None


_MILLION = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(trieu|tr)$")


def parse_money(value: object) -> int | None:
    """Đồng: 1500000, "1.500.000", "1,500,000 đ", "1,5 triệu", "2 tr"."""
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise InvalidValue("Số tiền không hợp lệ.")
    if isinstance(value, int | float):
        amount = _finite(value)
    else:
        text = strip_marks(normalize_text(str(value))).replace("dong", "").replace("vnd", "")
        text = text.strip()
        text = re.sub(r"\s*d$", "", text).strip()
        million = _MILLION.match(text)
        if million:
            amount = _finite(float(million.group(1).replace(",", ".")) * 1_000_000, value)
        else:
            digits = re.sub(r"[.,\s]", "", text)
            if text.startswith("-"):
                raise InvalidValue("Số tiền không được âm.")
            if not digits.isdigit():
                raise InvalidValue(f"“{value}” không phải số tiền (vd. 1.500.000).")
            amount = int(digits)
    if amount < 0:
        raise InvalidValue("Số tiền không được âm.")
    if amount != int(amount):
        raise InvalidValue("Số tiền phải là số đồng nguyên.")
    if amount > MAX_MONEY:
        raise InvalidValue(f"Số tiền {value} quá lớn.")
    return int(amount)


def parse_count(value: object, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    if _is_blank(value):
        return None
    try:
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else value
    except ValueError:
        raise InvalidValue(f"“{value}” không phải số.") from None
    if isinstance(number, bool) or not isinstance(number, int | float):
        raise InvalidValue(f"“{value}” phải là số nguyên.")
    if _finite(number, value) != int(number):
        raise InvalidValue(f"“{value}” phải là số nguyên.")
    if number < minimum or (maximum is not None and number > maximum):
        upper = f" đến {maximum}" if maximum is not None else " trở lên"
        shown = int(number) if abs(number) < 10**15 else f"{number:.3g}"
        raise InvalidValue(f"Giá trị {shown} phải từ {minimum}{upper}.")
    return int(number)


_TRUE = {"x", "co", "yes", "1", "true", "dung", "v", "c"}
_FALSE = {"khong", "no", "0", "false", "k", "sai"}


def parse_bool(value: object) -> bool | None:
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = fold(str(value)) or str(value).strip()
    if text in _TRUE or text in {"✓", "✔"}:
        return True
    if text in _FALSE:
        return False
    raise InvalidValue(f"“{value}” không rõ là Có hay Không.")


def format_money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def format_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")
