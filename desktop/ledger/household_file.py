"""A household's file as the form shows it, its checks, and its save.

The form works on plain values (text as typed); `check_household()` turns them into records or
returns every problem at once (field → Vietnamese message; members by row). `save_household()`
loads the records again in its own transaction, refuses to write over a change made since the
form was opened (revision), and saves the household and its members together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel, select
from sqlmodel.sql.expression import SelectOfScalar

from desktop.ledger.errors import InputError
from desktop.ledger.records import (
    Classification,
    Household,
    Member,
    Registration,
    SupportGiven,
    Village,
)
from desktop.ledger.records.validation import check_record
from desktop.ledger.rules.identity import citizen_id_warnings, parse_citizen_id
from desktop.ledger.rules.text import fold, normalize_text
from desktop.ledger.rules.values import InvalidValue, parse_birth
from desktop.ledger.storage import LedgerError, delete, save

HEAD = "Chủ hộ"
HOUSEHOLD_FIELDS = (
    "code",
    "village_id",
    "address",
    "phone",
    "area",
    "ethnic_minority",
    "merit_family",
    "social_protection",
    "no_labour_capacity",
    "declared_members",
    "note",
)
FLAGS = ("ethnic_minority", "merit_family", "social_protection", "no_labour_capacity")
MEMBER_FIELDS = ("full_name", "relation", "sex", "birth", "ethnicity", "citizen_id")


@dataclass
class HouseholdFile:
    household: Household | None
    members: list[Member] = field(default_factory=list)
    classifications: list[Classification] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    support: list[SupportGiven] = field(default_factory=list)
    villages: list[tuple[str, str]] = field(default_factory=list)


_R = TypeVar("_R", bound=SQLModel)


def _live(model: type[_R], column: Any, value: str, *order: Any) -> SelectOfScalar[_R]:
    live = model.deleted == False  # type: ignore[attr-defined]  # noqa: E712
    return select(model).where(column == value, live).order_by(*order)


def load_household(session: Session, household_id: str | None) -> HouseholdFile:
    villages = session.exec(
        select(Village.id, Village.name).where(Village.deleted == False).order_by(Village.name)  # noqa: E712
    ).all()
    if household_id is None:
        return HouseholdFile(None, villages=[tuple(v) for v in villages])  # type: ignore[misc]
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        raise LedgerError("Không tìm thấy hộ này; có thể đã bị xoá.")
    return HouseholdFile(
        household,
        members=list(session.exec(_live(Member, Member.household_id, household_id))),
        classifications=list(
            session.exec(
                _live(
                    Classification,
                    Classification.household_id,
                    household_id,
                    Classification.year.desc(),  # type: ignore[attr-defined]
                )
            )
        ),
        registrations=list(
            session.exec(
                _live(
                    Registration,
                    Registration.household_id,
                    household_id,
                    Registration.registered_on.desc(),  # type: ignore[attr-defined]
                )
            )
        ),
        support=list(
            session.exec(
                _live(
                    SupportGiven,
                    SupportGiven.household_id,
                    household_id,
                    SupportGiven.given_on.desc(),  # type: ignore[attr-defined]
                )
            )
        ),
        villages=[tuple(v) for v in villages],  # type: ignore[misc]
    )


@dataclass
class CheckedHousehold:
    household: dict[str, Any]
    members: list[dict[str, Any]]
    problems: dict[str, str]  # household field → message
    member_problems: dict[tuple[int, str], str]  # (row, field) → message
    warnings: list[str]
    note: str | None = None  # the declared number of members differs from those listed

    @property
    def ok(self) -> bool:
        return not self.problems and not self.member_problems


def _blank_none(value: Any) -> Any:
    if isinstance(value, str):
        value = normalize_text(value)
        return value or None
    return value


def _check_member(row: dict[str, Any], commune_code: int) -> tuple[dict[str, Any], dict[str, str]]:
    problems: dict[str, str] = {}
    data: dict[str, Any] = {
        "commune_code": commune_code,
        "household_id": "x" * 32,  # checked for shape only; the real id is set on save
        "full_name": _blank_none(row.get("full_name")) or "",
        "relation": _blank_none(row.get("relation")) or "",
        "sex": row.get("sex") or None,
        "ethnicity": _blank_none(row.get("ethnicity")),
    }
    try:
        data["birth_date"], data["birth_year"] = parse_birth(row.get("birth"))
    except InvalidValue as exc:
        problems["birth"] = str(exc)
    cid = _blank_none(row.get("citizen_id"))
    data["citizen_id"] = None
    if cid:
        try:
            data["citizen_id"] = parse_citizen_id(cid).number
        except InvalidValue as exc:
            problems["citizen_id"] = str(exc)
    _, found = check_record(Member, data)
    for name, message in found.items():
        key = "birth" if name in ("birth_date", "birth_year") else name
        problems.setdefault(key, message)
    if not data["full_name"]:
        problems["full_name"] = "Chưa nhập họ và tên."
    if not data["relation"]:
        problems["relation"] = "Chưa ghi quan hệ với chủ hộ."
    return data, problems


def listed_rows(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The member rows the officer filled (a row with only its relation is an empty row)."""
    return [
        r for r in members if any(_blank_none(r.get(k)) for k in MEMBER_FIELDS if k != "relation")
    ]


def _declared_bounds() -> tuple[int, int]:
    """The bounds the record itself sets, so the form and the import keep one rule."""
    metadata = Household.model_fields["declared_members"].metadata
    low = next(m.ge for m in metadata if hasattr(m, "ge"))
    high = next(m.le for m in metadata if hasattr(m, "le"))
    return int(low), int(high)


DECLARED_MIN, DECLARED_MAX = _declared_bounds()


def declared_members(typed: object) -> tuple[int | None, str | None]:
    """The "Số nhân khẩu" as typed: (the number, None), (None, None) when left empty (the list
    gave none), or (None, the Vietnamese problem)."""
    text = str(typed or "").strip()
    if not text:
        return None, None
    if not text.lstrip("-").isdigit():
        return None, "Số nhân khẩu phải là một số nguyên, ví dụ 5 (hoặc để trống)."
    number = int(text)
    if number < DECLARED_MIN:
        return None, f"Số nhân khẩu phải từ {DECLARED_MIN} trở lên."
    if number > DECLARED_MAX:
        return None, f"Số nhân khẩu không được lớn hơn {DECLARED_MAX}."
    return number, None


def members_note(declared: int | None, listed: int) -> str | None:
    """A gentle note, not a problem: lists often name only the head, and a household changes."""
    if declared is None or declared == listed:
        return None
    return f"Số nhân khẩu ghi {declared}, danh sách thành viên có {listed} người."


def check_household(
    values: dict[str, Any], members: list[dict[str, Any]], commune_code: int
) -> CheckedHousehold:
    """Every problem of the form at once; nothing is written."""
    data = {k: _blank_none(values.get(k)) for k in HOUSEHOLD_FIELDS}
    for flag in FLAGS:
        data[flag] = bool(values.get(flag))
    data["area"] = data["area"] or "rural"
    data["commune_code"] = commune_code
    problems: dict[str, str] = {}
    data["declared_members"], declared_problem = declared_members(values.get("declared_members"))
    if declared_problem:
        problems["declared_members"] = declared_problem
    member_data: list[dict[str, Any]] = []
    member_problems: dict[tuple[int, str], str] = {}
    warnings: list[str] = []
    rows = listed_rows(members)
    for i, row in enumerate(rows):
        checked, found = _check_member(row, commune_code)
        checked["id"] = row.get("id")
        member_data.append(checked)
        for name, message in found.items():
            member_problems[(i, name)] = message
        if checked["citizen_id"] and "citizen_id" not in found:
            for warning in citizen_id_warnings(
                parse_citizen_id(checked["citizen_id"]),
                sex=checked["sex"],
                birth_year=checked["birth_year"],
            ):
                warnings.append(f"{checked['full_name']}: {warning}")
    heads = [m for m in member_data if fold(m["relation"]) == fold(HEAD)]
    if not member_data:
        problems["members"] = "Hãy nhập ít nhất chủ hộ trong danh sách thành viên."
    elif len(heads) != 1:
        problems["members"] = "Mỗi hộ có đúng một người có quan hệ “Chủ hộ”."
    ids = [m["citizen_id"] for m in member_data if m["citizen_id"]]
    if len(ids) != len(set(ids)):
        problems["members"] = "Hai thành viên trùng số CCCD."
    data["head_name"] = heads[0]["full_name"] if len(heads) == 1 else (data.get("code") or "?")
    if not data.get("village_id"):
        problems["village_id"] = "Hãy chọn thôn/xóm."
    _, found = check_record(Household, data)
    for name, message in found.items():
        problems.setdefault(name, message)
    note = members_note(data["declared_members"], len(member_data))
    return CheckedHousehold(data, member_data, problems, member_problems, warnings, note)


def save_household(
    session: Session,
    household_id: str | None,
    checked: CheckedHousehold,
    *,
    revisions: dict[str, int],
    officer: str,
) -> Household:
    """Write a checked form. `revisions`: record id → revision when the form was opened."""
    if not checked.ok:
        raise InputError("Hồ sơ hộ còn lỗi; hãy sửa các ô được đánh dấu.")
    data = checked.household
    clash = session.exec(
        select(Household.id).where(
            Household.code == data["code"],
            Household.commune_code == data["commune_code"],
            Household.id != (household_id or ""),
        )
    ).first()
    if clash:
        raise LedgerError(f"Mã hộ “{data['code']}” đã có trong sổ; hãy dùng mã khác.")
    if household_id is None:
        household = save(session, Household(**data), officer=officer)
    else:
        household = _current(session, Household, household_id, revisions)
        for name, value in data.items():
            if getattr(household, name) != value:
                setattr(household, name, value)
        save(session, household, officer=officer)
    kept: set[str] = set()
    for row in checked.members:
        values = {k: v for k, v in row.items() if k not in ("id", "household_id")}
        if row.get("id"):
            member = _current(session, Member, row["id"], revisions)
            kept.add(member.id)
            for name, value in values.items():
                if getattr(member, name) != value:
                    setattr(member, name, value)
            save(session, member, officer=officer)
        else:
            save(session, Member(household_id=household.id, **values), officer=officer)
    if household_id is not None:
        for member in session.exec(_live(Member, Member.household_id, household_id)).all():
            if member.id not in kept:
                delete(session, member, officer=officer)  # removed from the table in the form
    return household


def _current(session: Session, model: Any, record_id: str, revisions: dict[str, int]) -> Any:
    """The stored record, seen as the form loaded it: saving it then refuses (storage's
    `StaleRecordError`, naming what changed and who changed it) if anyone saved it since."""
    record = session.get(model, record_id)
    if record is None:
        raise LedgerError("Không tìm thấy bản ghi này; có thể đã bị xoá. Hãy mở lại hồ sơ.")
    opened_at = revisions.get(record_id)
    if opened_at is not None and record.revision != opened_at:
        # As if loaded at the form's revision, so the storage's check compares with that.
        set_committed_value(record, "revision", opened_at)
    return record
