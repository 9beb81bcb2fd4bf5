"""What a row of a household list is (a heading, a subtotal, a signature, data) and the values a
data row holds, each checked by the same parsers the forms use."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from desktop.ledger.excel.reader import Cells, Header, cell_text, exact_field
from desktop.ledger.excel.sources import Uncomputed
from desktop.ledger.rules.ethnicity import ethnicity_warning, match_ethnicity
from desktop.ledger.rules.identity import citizen_id_warnings, parse_citizen_id
from desktop.ledger.rules.text import fold, normalize_text, strip_marks
from desktop.ledger.rules.values import (
    InvalidValue,
    parse_birth,
    parse_bool,
    parse_count,
    parse_money,
    today,
)
from desktop.ledger.vocabulary import CATEGORY_LABELS

VILLAGE_WORDS = r"thon|xom|ban|ap|khom|to dan pho|to|lang|buon|plei|khu|doi"
_VILLAGE = re.compile(rf"^(?:[ivxlc]+\s+|\d+\s+)?(?:{VILLAGE_WORDS})\b")  # on folded text
_ROMAN = re.compile(r"^\s*(?:[IVXLCivxlc]+|\d+)\s*[.)/-]\s*")
_SUBTOTAL = re.compile(r"^(?:[ivxlc]+\s+)?(cong|tong cong|tong so|tong|cong thon|cong xom)\b")
_SIGNATURE = re.compile(
    r"^(nguoi lap|tm\b|t m\b|kt\b|chu tich|pho chu tich|xac nhan|truong thon|truong xom|"
    r"truong ban|truong ap|can bo|ky ten|ky ghi ro|.*ngay \d+ thang \d+ nam)"
)
_SIGNATURE_LINES = re.compile(_SIGNATURE.pattern, re.MULTILINE)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
# Only words that certainly name a category; the whole cell must be one of them (after "hộ"):
# the categories' own labels, and the abbreviations lists use.
_ABBREVIATIONS = {
    "hn": "poor",
    "hcn": "near_poor",
    "mstb": "average",
    "muc song trung binh": "average",
}
_CATEGORY_PREFIX = re.compile(r"^(?:ho |dien |thuoc )+")
NAME_LENGTH = 120  # as the records allow for a person's and a village's name


def is_blank(cells: Cells) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


class RowText:
    """A row's non-empty cells, raw and (when a check needs them) folded, for the checks that
    decide its kind."""

    def __init__(self, cells: Cells) -> None:
        # Only a string can be blank: every other value a reader gives prints as something.
        self.raw = [v for v in cells if v is not None and (v.strip() if isinstance(v, str) else 1)]
        self._folded: list[str] | None = None

    @property
    def folded(self) -> list[str]:
        # Only text can be a heading, a total or a signature; numbers need no folding.
        if self._folded is None:
            self._folded = [t for t in (fold(v) for v in self.raw if isinstance(v, str)) if t]
        return self._folded

    def is_blank(self) -> bool:
        return not self.raw

    def village_heading(self) -> str | None:
        """The village a heading row names ("Thôn Nà Lẹng", "I. XÓM PHIA ĐÉN"), or None."""
        if not self.raw or len(self.raw) > 2 or not _VILLAGE.match(cell_text(self.raw[-1])):
            return None
        return normalize_text(_ROMAN.sub("", str(self.raw[-1])))

    def is_subtotal(self) -> bool:
        return any(_SUBTOTAL.match(t) for t in self.folded[:2])

    def is_signature(self) -> bool:
        # One search over the row: folded text has no line breaks, so each line is one cell.
        return _SIGNATURE_LINES.search("\n".join(self.folded)) is not None

    def is_column_numbers(self) -> bool:
        raw = self.raw
        return len(raw) >= 3 and all(_COLUMN_NUMBER.match(str(v).strip()) for v in raw)

    def is_repeated_header(self) -> bool:
        fields = {exact_field(t) for t in self.folded} - {None}
        return "head_name" in fields and len(fields) >= 3


@lru_cache(maxsize=1024)  # a list names its few villages on every row
def village_key(name: str) -> str:
    """ "Thôn Nà Lẹng", "Nà Lẹng" and "THON NA LENG" are one village."""
    return re.sub(rf"^(?:{VILLAGE_WORDS})\s+", "", fold(name))


@cache
def category_words() -> dict[str, str]:
    words = {_CATEGORY_PREFIX.sub("", fold(label)): str(c) for c, label in CATEGORY_LABELS.items()}
    known = {str(c) for c in CATEGORY_LABELS}
    words.update({w: c for w, c in _ABBREVIATIONS.items() if c in known})
    return words


def parse_category(value: Any) -> str:
    """Never a guess: "Thoát cận nghèo", "Không nghèo" or "Đã thoát nghèo" name no category."""
    return _category(str(value).strip())


@lru_cache(maxsize=1024)  # a list writes its few categories thousands of times
def _category(written: str) -> str:
    # Punctuation counts: "Nghèo?" is a doubt, not a category.
    bare = re.sub(r"\s+", " ", strip_marks(written.split("(")[0])).strip().rstrip(".").strip()
    text = _CATEGORY_PREFIX.sub("", bare)
    category = category_words().get(text)
    if category is not None:
        return category
    if "thoat" in text.split():
        raise InvalidValue(
            f"“{written}” là biến động giữa hai năm, không phải phân loại: ghi phân loại "
            "của năm áp dụng (cận nghèo, mức sống trung bình hoặc hộ khác)."
        )
    raise InvalidValue(
        f"Phân loại “{written}” không rõ: chỉ nhận Hộ nghèo (HN), Hộ cận nghèo (HCN), "
        "Mức sống trung bình, Khác."
    )


_INVISIBLE = {"Cf", "Cc", "Zl", "Zp"}  # zero-width, direction marks, controls


def clean_name(value: Any, label: str, problems: list[str]) -> str:
    """A person's or village's name: no invisible characters, at least one letter, not too
    long; problems are added, never raised."""
    if value is None:
        return ""
    written = str(value)
    # A printable string holds none of them (Python counts Cc, Cf, Zl and Zp as unprintable):
    # the usual name needs no look at each of its characters.
    if not written.isprintable():
        written = "".join(c for c in written if unicodedata.category(c) not in _INVISIBLE)
    text = normalize_text(written)
    if not text:
        if str(value).strip():
            problems.append(f"{label} chỉ có ký tự vô hình (ký tự định dạng, đổi chiều chữ).")
        return ""
    if not any(c.isalpha() for c in text):
        problems.append(f"{label} “{text[:40]}” không có chữ cái nào.")
        return ""
    if len(text) > NAME_LENGTH:
        problems.append(f"{label} quá dài ({len(text)} ký tự, tối đa {NAME_LENGTH}).")
        return ""
    return text


MAX_MEMBERS = 40
_FIELD_NAMES = {
    "address": "Địa chỉ",
    "phone": "Điện thoại",
    "note": "Ghi chú",
    "relation": "Quan hệ",
}


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _code(value: Any, problems: list[str]) -> str | None:
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 10**15:
            problems.append(f"Mã hộ “{value}” không hợp lệ.")
            return None
        value = int(value)
    code = normalize_text(str(value))
    if len(code) > 32:
        problems.append(f"Mã hộ quá dài ({len(code)} ký tự, tối đa 32).")
        return None
    return code or None


@dataclass
class RowValues:
    """A data row's values, and every problem and warning found in it."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def take(self, label: str, parse, raw: Any) -> Any:  # type: ignore[no-untyped-def]
        if raw is None:  # every parser reads a blank cell as no value: spare the call
            return None
        try:
            return parse(raw)
        except InvalidValue as exc:
            self.problems.append(f"{label}: {exc}")
            return None


def read_values(cells: Cells, header: Header) -> RowValues:
    """Parse every known column of a data row; problems are collected, not raised."""

    row = RowValues()
    v = row.values
    # The row's known cells, looked up once: blank and uncomputed ones are no value.
    known: dict[str, Any] = {}
    width = len(cells)
    for name, i in header.columns.items():
        if i >= width:
            continue
        value = cells[i]
        if value is None:
            continue
        if isinstance(value, str):
            if value.strip():
                known[name] = value
        elif isinstance(value, Uncomputed):
            row.problems.append(
                f"Ô {column_letter(i)}: công thức chưa có giá trị tính sẵn (mở tệp bằng Excel, "
                "lưu lại rồi nhập lại)."
            )
        else:
            known[name] = value
    cell = known.get

    v["head_name"] = clean_name(cell("head_name"), "Họ tên", row.problems)
    code, village = cell("code"), cell("village")
    v["code"] = _code(code, row.problems) if code is not None else None
    v["village"] = clean_name(village, "Tên thôn/xóm", row.problems) or None
    for name, limit in (("address", 255), ("phone", 20), ("note", 2000), ("relation", 40)):
        value = cell(name)
        v[name] = normalize_text(str(value)) if value is not None else None
        if v[name] is not None and len(v[name]) > limit:
            too_long = f"quá dài ({len(v[name])} ký tự, tối đa {limit})"
            row.problems.append(f"{_FIELD_NAMES[name]} {too_long}.")
    v["members"] = row.take("Số nhân khẩu", _members, cell("members"))
    _sex_and_birth(row, cell)
    _identity(row, cell("citizen_id"), cell("ethnicity"))
    _classification(row, cell)
    for name, label in (
        ("merit_family", "Người có công"),
        ("social_protection", "Bảo trợ xã hội"),
        ("ethnic_minority", "DTTS"),
    ):
        v[name] = row.take(label, parse_bool, cell(name))
    return row


def _members(value: Any) -> int | None:
    return parse_count(value, minimum=1, maximum=MAX_MEMBERS)


def _deprivations(value: Any) -> int | None:
    return parse_count(value, maximum=12)


def _year(value: Any) -> int | None:
    return parse_count(value, minimum=2000, maximum=today().year + 1)


def _sex_and_birth(row: RowValues, cell) -> None:  # type: ignore[no-untyped-def]
    v = row.values
    male, female = cell("birth_male"), cell("birth_female")
    if male is not None or female is not None:
        v["sex"] = "male" if male is not None else "female"
        raw = male if male is not None else female
    else:
        raw = cell("birth")
        sex = fold(str(cell("sex") or ""))
        v["sex"] = {"nam": "male", "nu": "female"}.get(sex)
        if sex and v["sex"] is None:
            row.problems.append(f"Giới tính “{cell('sex')}” không rõ (Nam hoặc Nữ).")
    v["birth_date"], v["birth_year"] = row.take("Ngày sinh", parse_birth, raw) or (None, None)


def _identity(row: RowValues, raw_id: Any, raw_ethnicity: Any) -> None:
    v = row.values
    v["citizen_id"] = None
    if raw_id is not None:
        cid = row.take("Số CCCD", parse_citizen_id, raw_id)
        if cid is not None:
            v["citizen_id"] = cid.number
            row.warnings += citizen_id_warnings(
                cid, sex=v.get("sex"), birth_year=v.get("birth_year")
            )
    v["ethnicity"] = None
    if raw_ethnicity is not None:
        group = match_ethnicity(str(raw_ethnicity))
        v["ethnicity"] = group.name if group else normalize_text(str(raw_ethnicity))
        question = ethnicity_warning(str(raw_ethnicity))
        if question:
            row.warnings.append(question)
        elif group is None:
            row.warnings.append(f"Dân tộc “{raw_ethnicity}” không có trong danh mục 54 dân tộc.")


def _classification(row: RowValues, cell) -> None:  # type: ignore[no-untyped-def]
    v = row.values
    v["category"] = None
    if cell("category") is not None:
        v["category"] = row.take("Phân loại", parse_category, cell("category"))
    elif row.take("HN", parse_bool, cell("poor_flag")):
        v["category"] = "poor"
    elif row.take("HCN", parse_bool, cell("near_poor_flag")):
        v["category"] = "near_poor"
    v["income"] = row.take("Thu nhập bình quân đầu người/tháng", parse_money, cell("income"))
    v["deprivation_count"] = row.take(
        "Số chỉ số thiếu hụt", _deprivations, cell("deprivation_count")
    )
    v["year"] = row.take("Năm", _year, cell("year"))
    # The review at the end of year N makes the lists that apply to N + 1.
    review = row.take("Năm rà soát", _year, cell("review_year"))
    if v["year"] is None and review is not None:
        v["year"] = review + 1
