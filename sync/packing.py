"""A pushed batch's changes packed by column, for the wire (see sync/PROTOCOL.md, "Push").

A first sync sends tens of thousands of new records. As a list of JSON objects every change
repeats its field names, and zstd must code each record's values between them; grouped by shape
(entity, action, officer, which fields) and stored column by column, like values sit together
(names with names, dates with dates, ids that count up) and the same batch compresses to about
half. `unpack` gives back exactly the changes `pack` took (seq order included), less the
derived search keys, which each side computes itself.

    [{"e": entity, "a": action, "o": officer, "k": after keys or null, "b": before keys or null,
      "n": [seq deltas], "i": [ids], "t": [times], "A": [[after column], …], "B": [[…], …],
      "I": true when after["id"] repeats the change's id (not sent twice)}, …]
"""

from __future__ import annotations

from typing import Any

# Derived from other fields on both sides (Household.search_key, fold of a name): not sent.
DERIVED = frozenset({"search_text"})


def _keys(values: dict[str, Any] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(k for k in values if k not in DERIVED)


def pack(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Changes (in seq order) as column groups."""
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for c in changes:
        after, before = c.get("after"), c.get("before")
        own_id = isinstance(after, dict) and after.get("id") == c["id"]
        akeys = _keys(after)
        if own_id and akeys is not None:
            akeys = tuple(k for k in akeys if k != "id")
        bkeys = _keys(before)
        shape = (c["entity"], c["action"], c["officer"], akeys, bkeys, own_id)
        group = groups.get(shape)
        if group is None:
            group = groups[shape] = {
                "e": c["entity"],
                "a": c["action"],
                "o": c["officer"],
                "k": akeys,
                "b": bkeys,
                "I": own_id,
                "n": [],
                "i": [],
                "t": [],
                "A": [[] for _ in akeys or ()],
                "B": [[] for _ in bkeys or ()],
                "_last": 0,
            }
        # Each seq as its distance from the group's previous one: small numbers that repeat.
        group["n"].append(c["seq"] - group["_last"])
        group["_last"] = c["seq"]
        group["i"].append(c["id"])
        group["t"].append(c["at"])
        for column, key in zip(group["A"], akeys or (), strict=True):
            column.append(after[key])  # type: ignore[index]
        for column, key in zip(group["B"], bkeys or (), strict=True):
            column.append(before[key])  # type: ignore[index]
    out = []
    for group in groups.values():
        del group["_last"]
        out.append(group)
    return out


def unpack(groups: Any) -> list[dict[str, Any]]:
    """The changes again, in seq order; ValueError when `groups` is not a packed batch."""
    try:
        changes = [change for group in groups for change in _unpack_group(group)]
    except (TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ValueError(f"gói dữ liệu không đúng định dạng: {type(exc).__name__}") from exc
    changes.sort(key=lambda c: c["seq"])
    return changes


def _row(keys: list[str] | None, columns: list[list[Any]], row: int) -> dict[str, Any] | None:
    if keys is None:
        return None
    return {str(k): column[row] for k, column in zip(keys, columns, strict=True)}


def _unpack_group(group: dict[str, Any]) -> list[dict[str, Any]]:
    akeys, bkeys = group["k"], group["b"]
    count = len(group["n"])
    columns_a, columns_b = group["A"], group["B"]
    if (
        len(group["i"]) != count
        or len(group["t"]) != count
        or (akeys is not None and len(columns_a) != len(akeys))
        or (bkeys is not None and len(columns_b) != len(bkeys))
        or any(len(col) != count for col in [*columns_a, *columns_b])
        or not all(isinstance(d, int) for d in group["n"])
    ):
        raise ValueError("gói dữ liệu có nhóm cột không khớp")
    out = []
    seq = 0
    for row in range(count):
        seq += group["n"][row]
        after = _row(akeys, columns_a, row)
        if after is not None and group["I"] is True:
            after["id"] = group["i"][row]
        before = _row(bkeys, columns_b, row)
        out.append(
            {
                "seq": seq,
                "entity": group["e"],
                "id": group["i"][row],
                "action": group["a"],
                "before": before,
                "after": after,
                "officer": group["o"],
                "at": group["t"][row],
            }
        )
    return out
