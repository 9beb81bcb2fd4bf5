"""Importing a commune's household list: every source row gets an outcome (imported, skipped or
refused, with reasons), and what is imported is written in one transaction.

Refused rows and duplicates never block the rest; a failure while writing leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from desktop.ledger.commune import current_commune
from desktop.ledger.errors import InputError
from desktop.ledger.excel import rows as kinds
from desktop.ledger.excel.reader import Header, Sheet, find_header, read_sheet, year_in_title
from desktop.ledger.paths import DataFolder
from desktop.ledger.records import (
    Classification,
    Household,
    Member,
    SyncedRecord,
    Village,
)
from desktop.ledger.records.places import Commune
from desktop.ledger.records.validation import check_fields
from desktop.ledger.rules.standards import cached_standards, standard_for
from desktop.ledger.rules.text import fold
from desktop.ledger.storage import Ledger
from desktop.ledger.storage.bulk import Row, insert_rows, new_row
from desktop.ledger.vocabulary import CATEGORY_LABELS, Category

Made = list[tuple[type[SyncedRecord], Row]]


class Outcome(StrEnum):
    imported = "Đã nhập"
    skipped = "Bỏ qua"
    refused = "Từ chối"


@dataclass
class RowResult:
    row: int  # as Excel numbers it
    outcome: Outcome
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    code: str | None = None
    name: str | None = None
    village: str | None = None


@dataclass
class ImportResult:
    rows: list[RowResult]
    new_villages: list[str]
    year: int | None
    header_row: int
    columns: dict[str, str]  # field → column label as written
    dry_run: bool

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    def summary(self) -> str:
        imported, skipped, refused = (self.count(o) for o in Outcome)
        verb = "Chạy thử: sẽ nhập" if self.dry_run else "Đã nhập"
        created = "sẽ tạo" if self.dry_run else "tạo"
        villages = f"; {created} mới {len(self.new_villages)} thôn/xóm" if self.new_villages else ""
        return f"{verb} {imported} hộ, bỏ qua {skipped} dòng, từ chối {refused} dòng{villages}"


class _Ledgerside:
    """What the ledger already holds, to find duplicates and villages without a query per row."""

    def __init__(self, session: Session, commune: Commune, standards_dir: Path) -> None:
        self.commune = commune.code
        self.province = commune.province_code
        self.standards = cached_standards(standards_dir)
        live = Village.deleted == False  # noqa: E712
        self.villages: dict[str, Row] = {
            kinds.village_key(v.name): {"id": v.id, "name": v.name}
            for v in session.exec(select(Village).where(live))
        }
        self.ledger_codes = set(session.exec(select(Household.code)).all())
        self.ledger_ids = {i for i in session.exec(select(Member.citizen_id)).all() if i}
        heads = (
            select(Member.full_name, Member.birth_year, Village.name)
            .join(Household, Household.id == Member.household_id)
            .join(Village, Village.id == Household.village_id)
            .where(Member.relation == "Chủ hộ")
        )
        self.ledger_people = {
            (fold(name), kinds.village_key(village), year)
            for name, year, village in session.exec(heads).all()
        }
        self.codes = set(self.ledger_codes)  # every code taken, this file's included
        self.new_villages: list[Row] = []
        self.seen: dict[tuple[str, Any], int] = {}  # duplicate keys in this file → first row

    def village(self, name: str) -> Row:
        key = kinds.village_key(name)
        if key not in self.villages:
            village = new_row(
                Village, commune_code=self.commune, name=name, kind=_village_kind(name)
            )
            self.villages[key] = village
            self.new_villages.append(village)
        return self.villages[key]

    def new_code(self, village: Row) -> str:
        initials = "".join(w[0] for w in kinds.village_key(village["name"]).split()).upper() or "H"
        n = 1
        while f"{initials}-{n:03d}" in self.codes:
            n += 1
        return f"{initials}-{n:03d}"


def _village_kind(name: str) -> str:
    folded = fold(name)
    word = folded.split(" ")[0]
    known = {"thon", "xom", "ban", "ap", "khom", "lang", "buon", "plei"}
    return word if word in known else ("to_dan_pho" if folded.startswith("to dan pho") else "other")


def import_households(
    ledger: Ledger, path: Path, *, officer: str, dry_run: bool = False, year: int | None = None
) -> ImportResult:
    sheet = read_sheet(path)
    header = find_header(sheet)
    list_year = year or year_in_title(sheet, header)
    with ledger.session() as session:
        commune = current_commune(session)
        if commune is None:
            raise InputError(
                "Chưa thiết lập xã: chạy `sotn init --province ... --commune ...` trước."
            )
        side = _Ledgerside(session, commune, DataFolder(ledger.path.parent).standards)
        results: list[RowResult] = []
        records: Made = []
        for result, made in _rows(sheet, header, side, list_year):
            results.append(result)
            records += made
        if not dry_run:
            villages: Made = [(Village, v) for v in side.new_villages]
            insert_rows(session, [*villages, *records], officer=officer)
    columns = {f: header.labels[i] for f, i in header.columns.items()}
    new = [v["name"] for v in side.new_villages]
    return ImportResult(results, new, list_year, header.first_row + 1, columns, dry_run)


def _rows(
    sheet: Sheet, header: Header, side: _Ledgerside, year: int | None
) -> Iterator[tuple[RowResult, Made]]:
    last = max((i for i, r in enumerate(sheet.rows) if not kinds.is_blank(r)), default=-1)
    village: str | None = None
    signed = False
    for index in range(header.last_row + 1, last + 1):
        cells = sheet.rows[index]
        skip = _skip_reason(kinds.RowText(cells), signed)
        if skip is None:
            yield _data_row(index + 1, cells, header, side, village, year)
            continue
        signed = signed or skip == SIGNATURE
        if skip.startswith(HEADING):
            village = skip.removeprefix(HEADING)
        yield RowResult(index + 1, Outcome.skipped, [skip]), []


SIGNATURE = "Phần ký tên, xác nhận cuối danh sách"
HEADING = "Tiêu đề thôn: "


def _skip_reason(row: kinds.RowText, signed: bool) -> str | None:
    if row.is_blank():
        return "Dòng trống"
    if signed or row.is_signature():
        return SIGNATURE
    if row.is_column_numbers():
        return "Dòng đánh số cột"
    if row.is_repeated_header():
        return "Dòng tiêu đề lặp lại"
    if row.is_subtotal():
        return "Dòng cộng, tổng số"
    heading = row.village_heading()
    return HEADING + heading if heading else None


def _data_row(
    number: int,
    cells: Any,
    header: Header,
    side: _Ledgerside,
    heading: str | None,
    year: int | None,
) -> tuple[RowResult, Made]:
    parsed = kinds.read_values(cells, header)
    v, problems = parsed.values, parsed.problems
    result = RowResult(
        number, Outcome.refused, problems, parsed.warnings, v["code"], v["head_name"]
    )
    if not v["head_name"]:
        problems.insert(0, "Thiếu họ tên chủ hộ.")
    village_name = v["village"] or heading
    result.village = village_name
    if not village_name:
        problems.append("Không rõ thôn/xóm: thêm cột Thôn hoặc dòng tiêu đề thôn.")
    list_year = v["year"] or year
    if v["category"] and list_year is None:
        problems.append("Không rõ năm áp dụng của phân loại: thêm cột Năm hoặc dùng --year.")
    problems += _duplicates(number, v, village_name, side)
    if problems:
        return result, []
    village = side.village(village_name)  # type: ignore[arg-type]  (checked above)
    v["code"] = v["code"] or side.new_code(village)
    made = _records(v, village, side, list_year, problems, parsed.warnings)
    if problems:
        return result, []
    side.codes.add(v["code"])
    result.outcome, result.code = Outcome.imported, v["code"]
    return result, made


def _duplicates(
    number: int, v: dict[str, Any], village_name: str | None, side: _Ledgerside
) -> list[str]:
    problems = []
    person = (fold(v["head_name"]), kinds.village_key(village_name or ""), v["birth_year"])
    if v["code"] and v["code"] in side.ledger_codes:
        problems.append(f"Trùng mã hộ {v['code']} đã có trong sổ.")
    if v["citizen_id"] and v["citizen_id"] in side.ledger_ids:
        problems.append(f"Trùng số CCCD {v['citizen_id']} đã có trong sổ.")
    elif not v["citizen_id"] and v["head_name"] and person in side.ledger_people:
        problems.append("Trùng chủ hộ (cùng họ tên, thôn, năm sinh) đã có trong sổ.")
    if problems:
        return problems
    # Two people may share a name, village and birth year; an ID number tells them apart.
    keys = [("code", v["code"]), ("cccd", v["citizen_id"])]
    if v["head_name"] and not v["citizen_id"]:
        keys.append(("person", person))
    for key in keys:
        if key[1] is None:
            continue
        first = side.seen.setdefault(key, number)
        if first != number:
            return [f"Trùng với dòng {first} trong cùng tệp."]
    return []


def _checked(model: type[SyncedRecord], data: Row, problems: list[str]) -> Row | None:
    """The row to insert, or None with the field problems added."""
    fields, found = check_fields(model, data)
    problems += found.values()
    if fields is None:
        return None
    fields.derive()
    return fields.model_dump()


def _records(
    v: dict[str, Any],
    village: Row,
    side: _Ledgerside,
    year: int | None,
    problems: list[str],
    warnings: list[str],
) -> Made:
    minority = v["ethnic_minority"]
    if minority is None and v["ethnicity"]:
        minority = v["ethnicity"] != "Kinh"
    household = _checked(
        Household,
        {
            "commune_code": side.commune,
            "code": v["code"],
            "village_id": village["id"],
            "head_name": v["head_name"],
            "address": v["address"],
            "phone": v["phone"],
            "ethnic_minority": bool(minority),
            "merit_family": bool(v["merit_family"]),
            "social_protection": bool(v["social_protection"]),
            "note": v["note"],
        },
        problems,
    )
    if household is None:
        return []
    head = _checked(
        Member,
        {
            "commune_code": side.commune,
            "household_id": household["id"],
            "full_name": v["head_name"],
            "sex": v["sex"],
            "birth_date": v["birth_date"],
            "birth_year": v["birth_year"],
            "ethnicity": v["ethnicity"],
            "citizen_id": v["citizen_id"],
            "relation": "Chủ hộ",
        },
        problems,
    )
    if head is None:
        return []
    made: Made = [(Household, household), (Member, head)]
    if v["category"] and year is not None:
        made += _classification(v, household, year, side, problems, warnings)
    return made


def _classification(
    v: dict[str, Any],
    household: Row,
    year: int,
    side: _Ledgerside,
    problems: list[str],
    warnings: list[str],
) -> Made:
    try:
        standard = standard_for(year, side.standards, side.province)
    except ValueError as exc:
        problems.append(str(exc))
        return []
    record = _checked(
        Classification,
        {
            "commune_code": side.commune,
            "household_id": household["id"],
            "year": year,
            "category": v["category"],
            "standard_id": standard.id,
            "area": household["area"],
            "income_per_capita": v["income"],
            "deprivation_count": v["deprivation_count"],
        },
        problems,
    )
    if record is None:
        return []
    if v["income"] is not None and v["deprivation_count"] is not None:
        computed = standard.classify(household["area"], v["income"], v["deprivation_count"])
        if computed != v["category"]:
            warnings.append(
                f"Theo {standard.name}, thu nhập và số chỉ số thiếu hụt ứng với "
                f"“{CATEGORY_LABELS[Category(computed)]}”, khác phân loại ghi trong danh sách."
            )
    return [(Classification, record)]
