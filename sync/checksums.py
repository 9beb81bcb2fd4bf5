"""The desktop's convergence checksums, kept up to date instead of recomputed at every sync.

A record type's checksum is the sum of its records' 64-bit digests (`protocol.summarize`), so
it changes by what the written records change. Each record's digest is kept in
`checksum_digest`; triggers log every written record in `checksum_pending` (see
`desktop/ledger/storage/checksum_log.py`); before the checksums are read, the pending records
are digested again (or dropped, if deleted). A 20-edit sync digests about 20 records, not the
commune's 30,000.

Why it cannot go stale:
- the triggers see every write, whatever path makes it, in the writer's own transaction;
- a record type is digested whole again, from scratch, when its digests were never made, when
  its triggers are not the expected ones (a migration that rebuilds a table drops them), or
  when its record definition or the digest changed (`shape`);
- digesting whole installs the triggers first, in the same transaction that clears the old
  digests: a write after that is logged, whether its record was digested yet or not;
- restoring a backup brings back the digests and the records of one consistent snapshot.
`tests/sync/test_checksums.py` compares with a computation from scratch after every kind of
write.

Digesting whole can go a part at a time (`refresh(budget=...)`), in its own short transactions:
a first sync does it while it waits for the server, instead of after.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table, text
from sqlmodel import Session

from desktop.ledger.storage.checksum_log import PREFIX, trigger_statements
from desktop.ledger.storage.writes import require_writer
from sync.protocol import record_digest
from sync.wire import MODELS

# Changed whenever record_digest changes what it digests: every kept digest is then rebuilt.
DIGEST_VERSION = 1
CHUNK = 2000  # records digested in one go when digesting a record type whole
_MASK = 0xFFFFFFFF


def _table(entity: str) -> Table:
    return MODELS[entity].__table__  # type: ignore[attr-defined]


@cache
def shape(entity: str) -> str:
    """What a kept digest was computed for: the digest version and the record's columns."""
    columns = [(c.name, repr(c.type)) for c in _table(entity).columns]
    raw = repr((DIGEST_VERSION, entity, columns)).encode()
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def summaries(session: Session, commune_code: int) -> dict[str, dict[str, Any]]:
    """Count and checksum per record type of the commune's records (tombstones included)."""
    refresh(session)
    sums = {
        entity: (int(count), int(high or 0), int(low or 0))
        for entity, count, high, low in session.connection().execute(
            text(
                "SELECT entity, count(*), sum(high), sum(low) FROM checksum_digest"
                " WHERE commune_code = :commune GROUP BY entity"
            ),
            {"commune": commune_code},
        )
    }
    out: dict[str, dict[str, Any]] = {}
    for entity in MODELS:
        count, high, low = sums.get(entity, (0, 0, 0))
        total = ((high << 32) + low) & 0xFFFFFFFFFFFFFFFF
        out[entity] = {"count": count, "checksum": f"{total:016x}"}
    return out


def digests(session: Session, entity: str, commune_code: int) -> dict[str, int]:
    """Each of the commune's records of `entity`: its digest (id → digest)."""
    refresh(session, [entity])
    rows = session.connection().execute(
        text(
            "SELECT record_id, high, low FROM checksum_digest"
            " WHERE entity = :entity AND commune_code = :commune"
        ),
        {"entity": entity, "commune": commune_code},
    )
    return {record_id: (high << 32) | low for record_id, high, low in rows}


def refresh(
    session: Session, entities: Iterable[str] | None = None, *, budget: int | None = None
) -> bool:
    """Bring the kept digests up to date with the records. With a `budget`, stop after about
    that many records digested whole (the rest waits for the next call); returns whether
    everything is up to date. Needs the writer's transaction (`Ledger.session()`)."""
    require_writer(session)
    conn = session.connection()
    state = {
        e: (s, through)
        for e, s, through in conn.execute(
            text("SELECT entity, shape, built_through FROM checksum_state")
        )
    }
    triggers: dict[str, str] = dict(
        conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                " AND substr(name, 1, :n) = :prefix"
            ),
            {"n": len(PREFIX), "prefix": PREFIX},
        ).all()
    )
    for entity in MODELS if entities is None else entities:
        kept = state.get(entity)
        expected = trigger_statements(entity)
        if (
            kept is None
            or kept[0] != shape(entity)
            or any(triggers.get(name) != sql for name, sql in expected.items())
        ):
            _start_whole(conn, entity)
            kept = (shape(entity), "")
        through = kept[1]
        while through is not None:
            if budget is not None and budget <= 0:
                return False
            through = _digest_part(conn, entity, through)
            if budget is not None:
                budget -= CHUNK
        _digest_pending(conn, entity)
    return True


def _start_whole(conn: Connection, entity: str) -> None:
    """Forget the type's digests and (re)install its triggers, in one transaction: from here
    on every write to it is logged, digested yet or not."""
    conn.execute(text("DELETE FROM checksum_digest WHERE entity = :e"), {"e": entity})
    conn.execute(text("DELETE FROM checksum_pending WHERE entity = :e"), {"e": entity})
    for name, sql in trigger_statements(entity).items():
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
        conn.exec_driver_sql(sql)
    conn.execute(
        text(
            "INSERT OR REPLACE INTO checksum_state (entity, shape, built_through)"
            " VALUES (:e, :shape, '')"
        ),
        {"e": entity, "shape": shape(entity)},
    )


def _digest_part(conn: Connection, entity: str, through: str) -> str | None:
    """Digest the next CHUNK records after id `through`; the new mark (None: all done)."""
    table = _table(entity)
    rows = conn.execute(
        table.select().where(table.c.id > through).order_by(table.c.id).limit(CHUNK)
    ).all()
    _keep(conn, entity, (r._asdict() for r in rows))
    mark = str(rows[-1].id) if len(rows) == CHUNK else None
    conn.execute(
        text("UPDATE checksum_state SET built_through = :mark WHERE entity = :e"),
        {"mark": mark, "e": entity},
    )
    return mark


def _digest_pending(conn: Connection, entity: str) -> None:
    """Digest again the records written since (those deleted lose their digest)."""
    ids = [
        r[0]
        for r in conn.execute(
            text("SELECT record_id FROM checksum_pending WHERE entity = :e"), {"e": entity}
        )
    ]
    if not ids:
        return
    table = _table(entity)
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        rows = [r._asdict() for r in conn.execute(table.select().where(table.c.id.in_(part)))]
        found = {r["id"] for r in rows}
        gone = [{"e": entity, "id": record_id} for record_id in part if record_id not in found]
        if gone:
            conn.execute(
                text("DELETE FROM checksum_digest WHERE entity = :e AND record_id = :id"), gone
            )
        _keep(conn, entity, rows)
    conn.execute(text("DELETE FROM checksum_pending WHERE entity = :e"), {"e": entity})


def _keep(conn: Connection, entity: str, rows: Iterable[dict[str, Any]]) -> None:
    params = []
    for values in rows:
        d = record_digest(values)
        params.append(
            {
                "e": entity,
                "id": values["id"],
                "c": values["commune_code"],
                "h": d >> 32,
                "l": d & _MASK,
            }
        )
    if params:
        conn.execute(
            text(
                "INSERT OR REPLACE INTO checksum_digest"
                " (entity, record_id, commune_code, high, low) VALUES (:e, :id, :c, :h, :l)"
            ),
            params,
        )
