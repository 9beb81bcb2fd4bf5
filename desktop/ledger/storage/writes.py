"""The write path: every change to a synced record writes the record and its change-log entry
in the caller's transaction, so the audit trail and the sync outbox can never miss a change.

A save is checked against the row as it is stored, not against what the session remembers:
- the record may come from any session (a form loads it, the officer edits, another session
  saves it), or be built afresh from a form with the id of an existing row;
- its `revision` must still be the stored one (optimistic concurrency): if someone else saved
  the record in between, `StaleRecordError` names what they changed and nothing is written;
- what changed is found by comparing every column with the stored row, so a JSON list changed
  in place (`registration.causes.append(...)`) is saved and logged like any other change.
The caller's transaction is a writer from its first statement (`Ledger.session`), so the check
and the write cannot be split by another writer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, cast

from pydantic_core import PydanticUndefined
from sqlalchemy import Table, inspect
from sqlalchemy import select as select_table
from sqlalchemy.orm.attributes import flag_modified, set_committed_value
from sqlmodel import Session, col, select

from desktop.ledger.errors import LedgerError
from desktop.ledger.records.base import (
    ChangeAction,
    ChangeEntry,
    ChangeOrigin,
    SyncedRecord,
    utcnow,
)
from desktop.ledger.records.validation import problems_of
from desktop.ledger.storage.database import is_writer

R = TypeVar("R", bound=SyncedRecord)
_META = {"revision", "modified_at"}
# Kept in the record, recomputed from its other fields on every save: never logged on create.
DERIVED = frozenset({"search_text"})
_LEFT_OUT = frozenset({*_META, "id", *DERIVED})

# What an officer calls each kind of record, for messages.
ENTITY_LABELS = {
    "village": "Thôn/xóm này",
    "household": "Hộ này",
    "member": "Nhân khẩu này",
    "classification": "Kết quả phân loại này",
    "registration": "Đăng ký thoát nghèo này",
    "registrationreview": "Kết quả rà soát này",
    "support_given": "Khoản hỗ trợ này",
    "model_case": "Mô hình/điển hình này",
    "model_case_household": "Hộ tham gia mô hình này",
    "attachment": "Tệp đính kèm này",
    "commendation_proposal": "Đề nghị khen thưởng này",
    "certificate": "Mục sổ khen thưởng này",
    "poverty_target": "Chỉ tiêu này",
}


def require_writer(session: Session) -> None:
    """Every write goes through a writer transaction (`Ledger.session()`): it holds the write
    lock from its start and was checked against a restore. Anything else is a bug."""
    if not is_writer(session):
        raise RuntimeError("ledger writes go through Ledger.session(), not a reading session")


class StaleRecordError(LedgerError):
    """The record was saved by someone else since it was loaded; nothing was written.

    `changed` names the fields the other save(s) changed (field → its Vietnamese label), so a
    form can mark them; `current_revision` is the revision now stored.
    """

    def __init__(
        self,
        entity: str,
        record_id: str,
        *,
        base_revision: int,
        current_revision: int | None,
        changed: dict[str, str],
        officers: list[str],
    ) -> None:
        self.entity = entity
        self.record_id = record_id
        self.base_revision = base_revision
        self.current_revision = current_revision
        self.changed = changed
        self.officers = officers
        what = ENTITY_LABELS.get(entity, "Bản ghi này")
        if current_revision is None or "deleted" in changed:
            detail = "vừa bị người khác xoá khỏi sổ"
        else:
            who = f" ({', '.join(officers)})" if officers else ""
            fields = ", ".join(changed.values()) or "không rõ trường nào"
            detail = f"vừa được người khác sửa{who}: {fields}"
        super().__init__(
            f"{what} {detail}. Thay đổi của bạn chưa được lưu; hãy mở lại để xem bản mới nhất "
            "rồi sửa lại."
        )


def jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def save(
    session: Session, record: R, *, officer: str, origin: ChangeOrigin = ChangeOrigin.local
) -> R:
    """Insert or update `record` and log the change; returns the instance in `session`.

    An invalid record here is a bug: forms and imports check first. A stale one raises
    `StaleRecordError`. `origin` is `server` only for changes the sync received.
    """
    require_writer(session)
    record.derive()
    problems = problems_of(record)
    if problems:
        raise ValueError(f"{type(record).__name__} không hợp lệ: {problems}")
    stored = _stored_row(session, record)
    if stored is None:
        if not inspect(record).transient:  # loaded once, then removed by someone else
            raise _stale(session, record, _base_revision(record), None)
        record.modified_at = utcnow()
        session.add(record)
        payload = create_payload(type(record), record.model_dump(warnings=False))
        values = {k: jsonable(v) for k, v in payload.items()}
        _log(session, record, ChangeAction.create, officer, None, values, origin)
        session.flush()  # in the caller's order: a child is saved after its parent
        return record
    base = _base_revision(record)
    if stored["revision"] != base:
        raise _stale(session, record, base, stored["revision"])
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in _columns(record):
        if key in _META:
            continue
        old, new = jsonable(stored[key]), jsonable(getattr(record, key))
        if old != new:
            before[key], after[key] = old, new
    if not after:
        return record
    target = _attach(session, record)
    for key in after:
        flag_modified(target, key)  # a JSON value changed in place has no history of its own
    _bump(record, target, base + 1, after)
    _log(session, target, ChangeAction.update, officer, before, after, origin)
    session.flush()  # the next save of this record compares with this one
    return target


def delete(
    session: Session,
    record: SyncedRecord,
    *,
    officer: str,
    origin: ChangeOrigin = ChangeOrigin.local,
) -> None:
    """Mark deleted, keeping a tombstone so the deletion reaches the server too.

    The record's children go with it (see `children_of`), each with its own tombstone and
    change-log entry, so the sync carries every one; a child already deleted is left as it is.
    """
    require_writer(session)
    stored = _stored_row(session, record)
    base = _base_revision(record)
    if stored is None or stored["revision"] != base:
        raise _stale(session, record, base, None if stored is None else stored["revision"])
    if stored["deleted"]:
        return
    target = _attach(session, record)
    target.deleted = True
    _bump(record, target, base + 1, {"deleted": True})
    _log(
        session,
        target,
        ChangeAction.delete,
        officer,
        {"deleted": False},
        {"deleted": True},
        origin,
    )
    session.flush()
    for model, reference in children_of(_table(record).name):
        live = session.exec(
            select(model).where(
                getattr(model, reference) == record.id, col(model.deleted).is_(False)
            )
        ).all()
        for child in live:
            delete(session, child, officer=officer, origin=origin)


@cache
def children_of(entity: str) -> tuple[tuple[type[SyncedRecord], str], ...]:
    """What a tombstone of `entity` takes with it: (child record, its reference to the parent).

    A household goes with its members, classifications, registrations (and so their yearly
    reviews), the support it received, its part in model cases and its attachments (the files
    stay in the store: a backup may still name them). Commendation proposals,
    decisions and the certificate register stay: they are legal history, kept as issued. A
    model case stays when a household in it is deleted; deleting a registration leaves the
    support the household received.
    """
    from desktop.ledger.records import (
        Attachment,
        Classification,
        Member,
        ModelCaseHousehold,
        Registration,
        RegistrationReview,
        SupportGiven,
    )

    cascade: dict[str, tuple[tuple[type[SyncedRecord], str], ...]] = {
        "household": (
            (Member, "household_id"),
            (Classification, "household_id"),
            (Registration, "household_id"),
            (SupportGiven, "household_id"),
            (ModelCaseHousehold, "household_id"),
            (Attachment, "household_id"),
        ),
        "registration": ((RegistrationReview, "registration_id"),),
        "model_case": ((ModelCaseHousehold, "model_case_id"), (Attachment, "model_case_id")),
    }
    return cascade.get(entity, ())


@cache
def create_defaults(model: type[SyncedRecord]) -> dict[str, Any]:
    """The values a create entry leaves out, as JSON: each field's declared default (False,
    "rural", an empty list…), where it is not None."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in _META or name == "id" or name in DERIVED:
            continue
        if info.default_factory is not None:
            value = info.default_factory()  # type: ignore[call-arg]
        elif info.default is None or info.default is PydanticUndefined:
            continue
        else:
            value = info.default
        out[name] = jsonable(value)
    return out


def create_payload(model: type[SyncedRecord], values: dict[str, Any]) -> dict[str, Any]:
    """What a create entry stores: the fields that are not their default. The record itself
    is in its table; the log need not repeat it whole. `full_create()` gives it back whole.

    Left out: the id (the entry's record_id), derived search keys, revision and time stamp (the
    entry's own), empty fields, and fields equal to their declared default. A None where the
    default is not None is kept, so expanding gives it back exactly. Values are as given (the
    caller makes them JSON); an enum compares equal to its value. It runs for every row of an
    import, so it stays a comprehension plus a pass over the few fields with a default.
    """
    out = {k: v for k, v in values.items() if v is not None and k not in _LEFT_OUT}
    for key, default in _default_items(model):
        if key in out:
            value = out[key]
            # True == 1 in Python: a bool default only matches a bool.
            if value == default and (value.__class__ is bool) == (default.__class__ is bool):
                del out[key]
        elif key in values:  # None where the default is not
            out[key] = None
    return out


@cache
def _default_items(model: type[SyncedRecord]) -> tuple[tuple[str, Any], ...]:
    return tuple(create_defaults(model).items())


def full_create(model: type[SyncedRecord], record_id: str, after: dict[str, Any]) -> dict[str, Any]:
    """A create entry's values whole again (every non-empty field and the id), as the sync
    sends them; an entry written before entries were compact comes back unchanged."""
    full = {**create_defaults(model), "id": record_id, **after}
    return {k: v for k, v in full.items() if v is not None and k not in DERIVED}


def _table(record: SyncedRecord) -> Table:
    return cast(Table, type(record).__table__)  # type: ignore[attr-defined]


def _columns(record: SyncedRecord) -> Iterable[str]:
    return _table(record).columns.keys()


def _stored_row(session: Session, record: SyncedRecord) -> dict[str, Any] | None:
    """The row as stored now, read past the session's memory (and without flushing it)."""
    table = _table(record)
    with session.no_autoflush:
        query = select_table(table).where(table.c.id == record.id)
        row = session.execute(query).mappings().first()
    return None if row is None else dict(row)


def _base_revision(record: SyncedRecord) -> int:
    """The revision the editor started from: as loaded, even if the caller changed it."""
    history = inspect(record).attrs.revision.history
    return int(history.deleted[0]) if history.deleted else record.revision


def _attach(session: Session, record: R) -> R:
    """The instance of `record` that `session` will flush: itself when it can be, a merged
    copy when the session already holds another instance of the same row."""
    state = inspect(record)
    if state.session is session:
        return record
    if state.detached and state.key not in session.identity_map:
        session.add(record)
        return record
    return session.merge(record)


def _bump(
    record: SyncedRecord, target: SyncedRecord, revision: int, changed: dict[str, Any]
) -> None:
    now = utcnow()
    target.revision = revision
    target.modified_at = now
    if target is not record:
        # The caller's copy stays usable: it now matches what was stored.
        for key in (*changed, "revision", "modified_at"):
            set_committed_value(record, key, getattr(target, key))


def _stale(
    session: Session, record: SyncedRecord, base: int, current: int | None
) -> StaleRecordError:
    entity = _table(record).name
    with session.no_autoflush:
        entries = session.exec(
            select(ChangeEntry.after, ChangeEntry.officer)
            .where(
                ChangeEntry.record_id == record.id,
                ChangeEntry.entity == entity,
                ChangeEntry.revision > base,
            )
            .order_by(col(ChangeEntry.revision))
        ).all()
    fields = type(record).model_fields
    changed: dict[str, str] = {}
    officers: list[str] = []
    for after, who in entries:
        for key in after or {}:
            if key not in _META and key != "search_text":
                described = fields[key].description if key in fields else None
                changed[key] = described or key
        if who not in officers:
            officers.append(who)
    return StaleRecordError(
        entity,
        record.id,
        base_revision=base,
        current_revision=current,
        changed=changed,
        officers=officers,
    )


def _log(
    session: Session,
    record: SyncedRecord,
    action: ChangeAction,
    officer: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    origin: ChangeOrigin = ChangeOrigin.local,
) -> None:
    session.add(
        ChangeEntry(
            entity=_table(record).name,
            record_id=record.id,
            revision=record.revision,
            action=action,
            officer=officer,
            at=record.modified_at,
            before=before,
            after=after,
            origin=origin,
        )
    )
