"""From a data row to the records it makes: a household with its head (and classification), or,
in a one-row-per-member list, a member of the household above it. Every problem of the row is
collected; duplicates are looked for in the ledger and earlier in the same file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from desktop.ledger.excel import rows as kinds
from desktop.ledger.excel.import_result import ImportResult, Outcome, RowResult
from desktop.ledger.excel.lean_check import checked_row
from desktop.ledger.excel.reader import Cells, Header
from desktop.ledger.records import (
    Classification,
    Household,
    Member,
    SyncedRecord,
    Village,
)
from desktop.ledger.records.places import Commune
from desktop.ledger.rules.standards import cached_standards, standard_for
from desktop.ledger.rules.text import fold
from desktop.ledger.storage.bulk import Row, new_row
from desktop.ledger.vocabulary import CATEGORY_LABELS, Category

Made = list[tuple[type[SyncedRecord], Row]]
HEAD = "Chủ hộ"
MAX_AGE = 120


@dataclass
class _OpenHousehold:
    """A household of a one-row-per-member list, while its members' rows follow."""

    id: str | None  # None when its head's row was refused
    code: str | None
    row: int
    result: RowResult
    declared: int | None
    people: int = 1


@dataclass
class Ledgerside:
    """What the ledger already holds, to find duplicates and villages without a query per row,
    and what this file has added so far."""

    session: Session
    commune_row: Commune
    standards_dir: Path
    new_villages: list[Row] = field(default_factory=list)
    members_made: int = 0

    def __post_init__(self) -> None:
        session = self.session
        self.commune = self.commune_row.code
        self.province = self.commune_row.province_code
        self.standards = cached_standards(self.standards_dir)
        live = Village.deleted == False  # noqa: E712
        self.villages: dict[str, Row] = {
            kinds.village_key(v.name): {"id": v.id, "name": v.name}
            for v in session.exec(select(Village).where(live))
        }
        self.ledger_codes = set(session.exec(select(Household.code)).all())
        self.ledger_ids = {i for i in session.exec(select(Member.citizen_id)).all() if i}
        heads = (
            select(Member.full_name, Member.birth_year, Village.name)
            .join(Household, col(Household.id) == col(Member.household_id))
            .join(Village, col(Village.id) == col(Household.village_id))
            .where(Member.relation == HEAD)
        )
        self.ledger_people = {
            (fold(name), kinds.village_key(village), year)
            for name, year, village in session.exec(heads).all()
        }
        self.codes = set(self.ledger_codes)  # every code taken, this file's included
        # Duplicate keys in this file, by kind ("code", "cccd", "person") → first row. Keyed by
        # the values themselves, which the rows hold anyway: a 100,000-row list has 250,000.
        self.seen: dict[str, dict[Any, int]] = {"code": {}, "cccd": {}, "person": {}}
        self.texts: dict[str, str] = {}
        self._unwritten: list[Row] = []
        self.open: _OpenHousehold | None = None
        self.by_code: dict[str, _OpenHousehold] = {}

    def same_text(self, text: str | None) -> str | None:
        """The first string seen with this text (villages repeat on every row)."""
        if text is None:
            return None
        return self.texts.setdefault(text, text)

    def village(self, name: str) -> Row:
        key = kinds.village_key(name)
        if key not in self.villages:
            village = new_row(
                Village, commune_code=self.commune, name=name, kind=_village_kind(name)
            )
            self.villages[key] = village
            self.new_villages.append(village)
            self._unwritten.append(village)
        return self.villages[key]

    def take_new_villages(self) -> list[Row]:
        taken, self._unwritten = self._unwritten, []
        return taken

    def new_code(self, village: Row) -> str:
        initials = "".join(w[0] for w in kinds.village_key(village["name"]).split()).upper() or "H"
        n = 1
        while f"{initials}-{n:03d}" in self.codes:
            n += 1
        return f"{initials}-{n:03d}"

    def close_household(self) -> None:
        """The members counted for the household just finished, against its "Số nhân khẩu"."""
        done = self.open
        if done and done.id and done.declared is not None and done.declared != done.people:
            done.result.warnings.append(
                f"Số nhân khẩu ghi {done.declared}, danh sách có {done.people} người."
            )
        self.open = None

    def finish_members(self, result: ImportResult) -> None:
        self.close_household()


def _village_kind(name: str) -> str:
    folded = fold(name)
    word = folded.split(" ")[0]
    known = {"thon", "xom", "ban", "ap", "khom", "lang", "buon", "plei"}
    return word if word in known else ("to_dan_pho" if folded.startswith("to dan pho") else "other")


def household_records(
    number: int,
    cells: Cells,
    header: Header,
    side: Ledgerside,
    heading: str | None,
    year: int | None,
) -> tuple[RowResult, Made]:
    parsed = kinds.read_values(cells, header)
    v = parsed.values
    if "relation" in header.columns and not _is_head(v, side):
        return _member_row(number, parsed, side, year)
    side.close_household()
    problems = parsed.problems
    result = RowResult(
        number, Outcome.refused, problems, parsed.warnings, v["code"], v["head_name"]
    )
    if "relation" in header.columns:
        side.open = _OpenHousehold(None, v["code"], number, result, v["members"])
        if v["code"]:
            side.by_code[v["code"]] = side.open
    if not v["head_name"]:
        problems.insert(0, "Thiếu họ tên chủ hộ.")
    # One string per village, not one per row: 100,000 results hold it until the report.
    village_name: str | None = side.same_text(v["village"] or heading)
    result.village = village_name
    if not village_name:
        problems.append("Không rõ thôn/xóm: thêm cột Thôn hoặc dòng tiêu đề thôn.")
    list_year = v["year"] or year
    problems += _age_problems(v["birth_year"], list_year, "Chủ hộ")
    problems += _duplicates(number, v, village_name, side)
    if problems or village_name is None:  # no village is one of the problems
        return result, []
    village = side.village(village_name)
    v["code"] = v["code"] or side.new_code(village)
    made = _records(v, village, side, list_year, problems, parsed.warnings)
    if problems:
        return result, []
    side.codes.add(v["code"])
    side.members_made += 1
    result.outcome, result.code = Outcome.imported, v["code"]
    if side.open is not None:
        side.open.id, side.open.code = made[0][1]["id"], v["code"]
        side.by_code[v["code"]] = side.open
    return result, made


def _is_head(v: dict[str, Any], side: Ledgerside) -> bool:
    relation = fold(v["relation"] or "")
    if relation:
        return relation in {"chu ho", "ch", "chu ho gia dinh"}
    # No relation written: a new household code starts a household, the same code continues it.
    current = side.open
    return current is None or (v["code"] is not None and v["code"] != current.code)


def _member_row(
    number: int, parsed: kinds.RowValues, side: Ledgerside, year: int | None
) -> tuple[RowResult, Made]:
    v, problems = parsed.values, parsed.problems
    result = RowResult(
        number, Outcome.refused, problems, parsed.warnings, v["code"], v["head_name"], member=True
    )
    household = side.by_code.get(v["code"]) if v["code"] else side.open
    if household is None:
        problems.insert(0, "Không rõ thuộc hộ nào: chưa có dòng chủ hộ của hộ này ở phía trên.")
        return result, []
    result.code, result.village = household.code, household.result.village
    household.people += 1  # listed, whether or not the row can be taken
    if household.id is None:
        problems.insert(0, f"Dòng chủ hộ của hộ này (dòng {household.row}) bị từ chối.")
        return result, []
    if not v["head_name"]:
        problems.insert(0, "Thiếu họ tên thành viên.")
    problems += _age_problems(v["birth_year"], v["year"] or year, "Thành viên")
    cid = v["citizen_id"]
    if cid and cid in side.ledger_ids:
        problems.append(f"Trùng số CCCD {cid} đã có trong sổ.")
    elif cid:
        first = side.seen["cccd"].setdefault(cid, number)
        if first != number:
            problems.append(f"Trùng số CCCD với dòng {first} trong cùng tệp.")
    if problems:
        return result, []
    member = _member(v, household.id, side, v["relation"] or "Thành viên", problems)
    if member is None:
        return result, []
    side.members_made += 1
    result.outcome = Outcome.imported
    return result, [(Member, member)]


def _age_problems(birth_year: int | None, year: int | None, who: str) -> list[str]:
    if birth_year is None or year is None:
        return []
    if birth_year > year:
        return [f"{who} sinh năm {birth_year}, sau năm áp dụng của danh sách ({year})."]
    if year - birth_year > MAX_AGE:
        return [f"{who} sinh năm {birth_year}: {year - birth_year} tuổi, quá {MAX_AGE} tuổi."]
    return []


def _duplicates(
    number: int, v: dict[str, Any], village_name: str | None, side: Ledgerside
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
    keys: list[tuple[str, Any]] = [("code", v["code"]), ("cccd", v["citizen_id"])]
    if v["head_name"] and not v["citizen_id"]:
        keys.append(("person", person))
    for kind, key in keys:
        if key is None:
            continue
        first = side.seen[kind].setdefault(key, number)
        if first != number:
            return [f"Trùng với dòng {first} trong cùng tệp."]
    return []


def _member(
    v: dict[str, Any], household_id: str, side: Ledgerside, relation: str, problems: list[str]
) -> Row | None:
    return checked_row(
        Member,
        {
            "commune_code": side.commune,
            "household_id": household_id,
            "full_name": v["head_name"],
            "sex": v["sex"],
            "birth_date": v["birth_date"],
            "birth_year": v["birth_year"],
            "ethnicity": v["ethnicity"],
            "citizen_id": v["citizen_id"],
            "relation": relation,
        },
        problems,
    )


def _records(
    v: dict[str, Any],
    village: Row,
    side: Ledgerside,
    year: int | None,
    problems: list[str],
    warnings: list[str],
) -> Made:
    minority = v["ethnic_minority"]
    if minority is None and v["ethnicity"]:
        minority = v["ethnicity"] != "Kinh"
    household = checked_row(
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
            "declared_members": v["members"],
            "note": v["note"],
        },
        problems,
    )
    if household is None:
        return []
    head = _member(v, household["id"], side, HEAD, problems)
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
    side: Ledgerside,
    problems: list[str],
    warnings: list[str],
) -> Made:
    try:
        standard = standard_for(year, side.standards, side.province)
    except ValueError as exc:
        problems.append(str(exc))
        return []
    record = checked_row(
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
