"""Citizen ID numbers: the 12-digit personal identification number (CCCD) and the old 9-digit
ID card (CMND) that old lists still carry.

A CCCD is: 3 digits for the province (or country) of birth registration, 1 digit for century and
sex (0/1: male/female born 1900–1999, 2/3: 2000–2099 …), 2 digits of the birth year, 6 digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from desktop.ledger.resources import load_yaml
from desktop.ledger.rules.values import InvalidValue

_SEPARATORS = re.compile(r"[\s.\-_/']")
_DIGITS = re.compile(r"[0-9]+")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?e\+?\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class CitizenId:
    number: str
    kind: Literal["cccd", "cmnd"]
    province: str | None = None  # None: an old CMND
    century_sex_digit: int | None = None
    birth_year: int | None = None
    sex: Literal["male", "female"] | None = None


def _provinces() -> dict[str, str]:
    return load_yaml("identity", "cccd_province_codes.yaml")


def _digits(value: str | int | float) -> tuple[str, bool]:
    """The digits, and whether Excel stored the value as a number (leading zeros lost)."""
    if isinstance(value, bool):
        raise InvalidValue("Số CCCD phải là dãy chữ số.")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidValue("Số CCCD không được có phần thập phân.")
        return str(int(value)), True
    if isinstance(value, int):
        return str(value), True
    text = str(value).strip()
    if _SCIENTIFIC.match(text):
        raise InvalidValue(
            f"Excel đã đổi số CCCD thành dạng số mũ ({value}), có thể đã mất chữ số; "
            "hãy định dạng cột là Văn bản (Text) và nhập lại."
        )
    if _DIGITS.fullmatch(text.removesuffix(".0")) and text.endswith(".0"):
        return text[:-2], True  # a number cell read back as text
    text = _SEPARATORS.sub("", text)
    if not _DIGITS.fullmatch(text):
        raise InvalidValue("Số CCCD/định danh chỉ được gồm chữ số.")
    return text, False


def parse_citizen_id(value: str | int | float) -> CitizenId:
    digits, numeric = _digits(value)
    n = len(digits)
    if numeric and n in (10, 11):
        digits, n = digits.zfill(12), 12
    elif numeric and n == 8:
        digits, n = digits.zfill(9), 9
    if n == 9:
        return CitizenId(number=digits, kind="cmnd")
    if n != 12:
        raise InvalidValue(
            "Số CCCD/định danh cá nhân phải có 12 chữ số (hoặc 9 chữ số nếu là CMND cũ); "
            f"giá trị nhập có {n} chữ số."
        )
    province = _provinces().get(digits[:3])
    if province is None:
        raise InvalidValue(
            f"Ba chữ số đầu “{digits[:3]}” của số CCCD không phải mã tỉnh nơi đăng ký khai sinh "
            "trong danh mục của Thông tư 59/2021/TT-BCA; hãy kiểm tra lại số."
        )
    century_sex = int(digits[3])
    return CitizenId(
        number=digits,
        kind="cccd",
        province=province,
        century_sex_digit=century_sex,
        birth_year=1900 + (century_sex // 2) * 100 + int(digits[4:6]),
        sex="female" if century_sex % 2 else "male",
    )


def citizen_id_warnings(
    cid: CitizenId, *, sex: str | None = None, birth_year: int | None = None
) -> list[str]:
    """Disagreements worth a look; never a refusal, since registers contain errors."""
    if cid.kind == "cmnd":
        return ["Số CMND cũ (9 số): nên cập nhật số định danh 12 số."]
    warnings = []
    if sex is not None and cid.sex is not None and sex != cid.sex:
        in_number = "nữ" if cid.sex == "female" else "nam"
        warnings.append(f"Số CCCD {cid.number} là của người {in_number}, khác giới tính đã ghi.")
    if birth_year is not None and cid.birth_year is not None and birth_year != cid.birth_year:
        warnings.append(
            f"Số CCCD {cid.number} ghi năm sinh {cid.birth_year}, khác năm sinh {birth_year}."
        )
    return warnings
