"""What a row of a household list is (a heading, a subtotal, a signature, data) and the values a
data row holds, each checked by the same parsers the forms use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.ledger.excel.reader import Cells, Header, cell_text, exact_field
from desktop.ledger.rules.ethnicity import ethnicity_warning, match_ethnicity
from desktop.ledger.rules.identity import citizen_id_warnings, parse_citizen_id
from desktop.ledger.rules.text import fold, normalize_text
from desktop.ledger.rules.values import (
    InvalidValue,
    parse_birth,
    parse_bool,
    parse_count,
    parse_money,
)

VILLAGE_WORDS = r"thon|xom|ban|ap|khom|to dan pho|to|lang|buon|plei|khu|doi"
_VILLAGE = re.compile(rf"^(?:[ivxlc]+\s+|\d+\s+)?(?:{VILLAGE_WORDS})\b")  # on folded text
_ROMAN = re.compile(r"^\s*(?:[IVXLCivxlc]+|\d+)\s*[.)/-]\s*")
_SUBTOTAL = re.compile(r"^(?:[ivxlc]+\s+)?(cong|tong cong|tong so|tong|cong thon|cong xom)\b")
_SIGNATURE = re.compile(
    r"^(nguoi lap|tm\b|t m\b|kt\b|chu tich|pho chu tich|xac nhan|truong thon|truong xom|"
    r"truong ban|truong ap|can bo|ky ten|ky ghi ro|.*ngay \d+ thang \d+ nam)"
)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
# Escaping (thoát nghèo, thoát cận nghèo) is a change between two lists, not a category: such a
# word says what the household was, not what it is now, so the row is refused (None).
CATEGORY_WORDS: list[tuple[str, str | None]] = [
    ("thoat can ngheo", None),
    ("thoat ngheo", None),
    ("can ngheo", "near_poor"),
    ("hcn", "near_poor"),
    ("ngheo", "poor"),
    ("hn", "poor"),
    ("muc song trung binh", "average"),
    ("trung binh", "average"),
    ("mstb", "average"),
    ("khac", "other"),
]


def is_blank(cells: Cells) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


class RowText:
    """A row's non-empty cells, raw and folded once, for the checks that decide its kind."""

    def __init__(self, cells: Cells) -> None:
        self.raw = [v for v in cells if v is not None and str(v).strip()]
        # Only text can be a heading, a total or a signature; numbers need no folding.
        self.folded = [t for t in (cell_text(v) for v in self.raw if isinstance(v, str)) if t]

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
        return any(_SIGNATURE.match(t) for t in self.folded)

    def is_column_numbers(self) -> bool:
        found = [str(v).strip() for v in self.raw]
        return len(found) >= 3 and all(_COLUMN_NUMBER.match(t) for t in found)

    def is_repeated_header(self) -> bool:
        fields = {exact_field(t) for t in self.folded} - {None}
        return "head_name" in fields and len(fields) >= 3


def village_key(name: str) -> str:
    """ "Thôn Nà Lẹng", "Nà Lẹng" and "THON NA LENG" are one village."""
    return re.sub(rf"^(?:{VILLAGE_WORDS})\s+", "", fold(name))


def parse_category(value: Any) -> str:
    text = fold(str(value))
    for words, category in CATEGORY_WORDS:
        if re.search(rf"\b{words}\b", text):
            if category is None:
                raise InvalidValue(
                    f"“{value}” là biến động giữa hai năm, không phải phân loại: ghi phân loại "
                    "của năm áp dụng (cận nghèo, mức sống trung bình hoặc hộ khác)."
                )
            return category
    raise InvalidValue(f"Phân loại “{value}” không rõ (hộ nghèo, cận nghèo, …).")


@dataclass
class RowValues:
    """A data row's values, and every problem and warning found in it."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def take(self, label: str, parse, raw: Any) -> Any:  # type: ignore[no-untyped-def]
        try:
            return parse(raw)
        except InvalidValue as exc:
            self.problems.append(f"{label}: {exc}")
            return None


def read_values(cells: Cells, header: Header) -> RowValues:
    """Parse every known column of a data row; problems are collected, not raised."""

    def cell(name: str) -> Any:
        i = header.columns.get(name)
        value = cells[i] if i is not None and i < len(cells) else None
        return None if isinstance(value, str) and not value.strip() else value

    row = RowValues()
    v = row.values
    v["head_name"] = normalize_text(str(cell("head_name"))) if cell("head_name") is not None else ""
    code = cell("code")
    v["code"] = (
        normalize_text(str(int(code) if isinstance(code, float) else code)) if code else None
    )
    for name in ("village", "address", "phone", "note"):
        v[name] = normalize_text(str(cell(name))) if cell(name) is not None else None
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
        "Số chỉ số thiếu hụt", lambda x: parse_count(x, maximum=12), cell("deprivation_count")
    )
    v["year"] = row.take(
        "Năm", lambda x: parse_count(x, minimum=2000, maximum=date.today().year + 1), cell("year")
    )
