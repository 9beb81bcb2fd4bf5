"""Reference documents a province publishes to its communes: its own poverty standard, its
emulation plan. Checked with the desktop's own readers before anything is stored, then written
as a record into every commune of the province (each commune's copy has an id of its own), so
each commune receives it on its next pull like any change from the province."""

from __future__ import annotations

import hashlib
from typing import Any

import yaml
from sqlalchemy import Connection, select

from desktop.ledger.errors import InputError
from desktop.ledger.records import ReferenceKind
from desktop.ledger.rules.emulation import parse_plan
from desktop.ledger.rules.province import province_standard
from desktop.ledger.rules.standards import national_raws
from sync.server.apply import server_write
from sync.server.tables import RECORD_TABLES, communes

ENTITY = "reference_document"
_TABLE = RECORD_TABLES[ENTITY]


def document_id(kind: str, name: str, commune_code: int) -> str:
    key = f"{kind}/{name}/{commune_code}".encode()
    return hashlib.blake2b(key, digest_size=16).hexdigest()


def check_document(kind: str, name: str, content: str, province_code: int) -> str | None:
    """The document's legal source if the desktop can use it as it is; ValueError (Vietnamese)
    naming the problem otherwise."""
    try:
        chosen = ReferenceKind(kind)
    except ValueError:
        raise ValueError("Loại văn bản phải là poverty_standard hoặc emulation_plan.") from None
    try:
        raw = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        raise ValueError(f"{name}.yaml: không đọc được YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"{name}.yaml: văn bản phải là một bảng khoá–giá trị")
    try:
        if chosen is ReferenceKind.poverty_standard:
            standard = province_standard(raw, national_raws(), f"{name}.yaml")
            owner, source = standard.province_code, str(raw.get("source") or "") or None
        else:
            plan = parse_plan(name, raw)
            owner, source = plan.province_code, str(raw["plan"].get("number") or "") or None
    except (InputError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(str(exc)) from exc
    if owner != province_code:
        raise ValueError(
            f"{name}.yaml ghi mã tỉnh {owner}, không phải tỉnh {province_code} đang ban hành."
        )
    return source[:200] if source else None


def _communes_of(conn: Connection, province_code: int) -> list[int]:
    rows = conn.execute(
        select(communes.c.code).where(communes.c.province_code == province_code)
    ).all()
    return [int(r.code) for r in rows]


def publish(
    conn: Connection,
    province_code: int,
    kind: str,
    name: str,
    content: str,
    by: str,
    only: list[int] | None = None,
) -> int:
    """Publish (or replace) a document for every commune of the province; how many communes."""
    source = check_document(kind, name, content, province_code)
    if kind == ReferenceKind.poverty_standard and only is None:
        _check_distinct_standard(conn, province_code, name, content)
    targets = only if only is not None else _communes_of(conn, province_code)
    for code in targets:
        server_write(
            conn,
            code,
            ENTITY,
            document_id(kind, name, code),
            {
                "kind": kind,
                "name": name,
                "content": content,
                "source": source,
                "published_by": by[:64],
                "deleted": False,
            },
            create=True,
        )
    return len(targets)


def _standard_id(name: str, content: str) -> str:
    return province_standard(yaml.safe_load(content), national_raws(), f"{name}.yaml").id


def _check_distinct_standard(conn: Connection, province_code: int, name: str, content: str) -> None:
    """Two of the province's standards under one id would make every classification ambiguous
    (the desktop refuses to read them): refused here, naming the other document."""
    wanted = _standard_id(name, content)
    codes = _communes_of(conn, province_code)
    if not codes:
        return
    others = conn.execute(
        select(_TABLE.c.name, _TABLE.c.content)
        .where(
            _TABLE.c.commune_code.in_(codes),
            _TABLE.c.deleted.is_(False),
            _TABLE.c.kind == ReferenceKind.poverty_standard,
            _TABLE.c.name != name,
        )
        .distinct()
    ).all()
    for other in others:
        if _standard_id(other.name, other.content) == wanted:
            raise ValueError(
                f"Chuẩn nghèo mã “{wanted}” đã có trong văn bản “{other.name}”; "
                "hãy thay văn bản đó (cùng tên) hoặc đặt 'id' khác."
            )


def withdraw(conn: Connection, province_code: int, kind: str, name: str) -> int:
    """Withdraw a document: a tombstone in each commune (the bundled rules apply again)."""
    done = 0
    for code in _communes_of(conn, province_code):
        record_id = document_id(kind, name, code)
        if conn.execute(select(_TABLE.c.id).where(_TABLE.c.id == record_id)).first() is None:
            continue
        server_write(conn, code, ENTITY, record_id, {"deleted": True})
        done += 1
    return done


def listing(conn: Connection, province_code: int) -> list[dict[str, Any]]:
    """The documents in force in the province, each once, with how many communes hold it."""
    codes = _communes_of(conn, province_code)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    if not codes:
        return []
    rows = conn.execute(
        select(
            _TABLE.c.kind,
            _TABLE.c.name,
            _TABLE.c.source,
            _TABLE.c.published_by,
            _TABLE.c.modified_at,
        ).where(_TABLE.c.commune_code.in_(codes), _TABLE.c.deleted.is_(False))
    )
    for r in rows:
        kind = r.kind.value if hasattr(r.kind, "value") else str(r.kind)
        entry = found.setdefault(
            (kind, r.name),
            {
                "kind": kind,
                "name": r.name,
                "source": r.source,
                "published_by": r.published_by,
                "modified_at": r.modified_at.isoformat() if r.modified_at else None,
                "communes": 0,
            },
        )
        entry["communes"] += 1
    return sorted(found.values(), key=lambda d: (d["kind"], d["name"]))


def copy_to_new_commune(conn: Connection, province_code: int, commune_code: int) -> int:
    """A commune added to the server later gets the documents its province has in force."""
    others = [c for c in _communes_of(conn, province_code) if c != commune_code]
    if not others:
        return 0
    rows = conn.execute(
        select(_TABLE.c.kind, _TABLE.c.name, _TABLE.c.content, _TABLE.c.published_by).where(
            _TABLE.c.commune_code.in_(others), _TABLE.c.deleted.is_(False)
        )
    ).all()
    seen: set[tuple[str, str]] = set()
    for r in rows:
        kind = r.kind.value if hasattr(r.kind, "value") else str(r.kind)
        if (kind, r.name) in seen:
            continue
        seen.add((kind, r.name))
        publish(conn, province_code, kind, r.name, r.content, r.published_by or "", [commune_code])
    return len(seen)
