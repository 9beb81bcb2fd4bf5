"""Packing a batch's changes by column (sync/packing.py): exactly the changes again, in order,
whatever their shapes; bad input is a ValueError (the server's 400), never a crash."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.packing import pack, unpack

_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.text(max_size=8))
_FIELDS = st.dictionaries(
    st.sampled_from(["name", "sex", "phone", "deleted", "search_text", "id"]), _VALUE, max_size=5
)


@st.composite
def _changes(draw: st.DrawFn) -> list[dict[str, Any]]:
    seqs = sorted(draw(st.sets(st.integers(1, 10_000), max_size=30)))
    out = []
    for seq in seqs:
        record_id = draw(st.sampled_from(["a" * 32, "b" * 32, "c" * 32]))
        after = draw(st.one_of(st.none(), _FIELDS))
        if after is not None and draw(st.booleans()):
            after["id"] = record_id
        out.append(
            {
                "seq": seq,
                "entity": draw(st.sampled_from(["household", "member"])),
                "id": record_id,
                "action": draw(st.sampled_from(["create", "update", "delete"])),
                "before": draw(st.one_of(st.none(), _FIELDS)),
                "after": after,
                "officer": draw(st.sampled_from(["Lan", "Tú"])),
                "at": f"2026-11-{draw(st.integers(10, 30))}T08:00:00",
            }
        )
    return out


def _without_derived(c: dict[str, Any]) -> dict[str, Any]:
    def strip(v: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if v is None else {k: x for k, x in v.items() if k != "search_text"}

    return dict(c, after=strip(c["after"]), before=strip(c["before"]))


@settings(max_examples=200, deadline=None)
@given(_changes())
def test_unpack_gives_back_the_changes_in_order(changes: list[dict[str, Any]]) -> None:
    wire = orjson.loads(orjson.dumps(pack(changes)))
    assert unpack(wire) == [_without_derived(c) for c in changes]


def test_a_bulk_batch_packs_to_far_fewer_bytes() -> None:
    import zstandard

    changes = [
        {
            "seq": 10 + i,
            "entity": "member",
            "id": f"{'5f3a' * 4}{i:016x}",
            "action": "create",
            "before": None,
            "after": {
                "id": f"{'5f3a' * 4}{i:016x}",
                "full_name": f"Nông Văn {['Dũng', 'Thắng', 'Pó', 'Chứ'][i % 4]}",
                "birth_date": f"19{50 + i % 50}-0{1 + i % 9}-1{i % 10}",
                "citizen_id": f"0041{50 + i % 50}{(i * 7919) % 10**6:06d}",
                "search_text": "nong van",
            },
            "officer": "Lan",
            "at": "2026-11-23T08:00:00",
        }
        for i in range(2000)
    ]
    z = zstandard.ZstdCompressor(level=9)
    rows = len(z.compress(orjson.dumps(changes)))
    packed = len(z.compress(orjson.dumps(pack(changes))))
    assert packed < rows * 0.7, (packed, rows)


@pytest.mark.parametrize(
    "bad",
    [
        None,
        5,
        [5],
        [{}],
        [
            {
                "e": "member",
                "a": "create",
                "o": "x",
                "k": ["a"],
                "b": None,
                "I": False,
                "n": [1, 2],
                "i": ["x"],
                "t": ["t", "t"],
                "A": [[1, 2]],
                "B": [],
            }
        ],
        [
            {
                "e": "member",
                "a": "create",
                "o": "x",
                "k": ["a"],
                "b": None,
                "I": False,
                "n": ["1"],
                "i": ["x"],
                "t": ["t"],
                "A": [[1]],
                "B": [],
            }
        ],
        [
            {
                "e": "member",
                "a": "create",
                "o": "x",
                "k": ["a", "b"],
                "b": None,
                "I": False,
                "n": [1],
                "i": ["x"],
                "t": ["t"],
                "A": [[1]],
                "B": [],
            }
        ],
    ],
)
def test_a_malformed_pack_is_a_value_error(bad: Any) -> None:
    with pytest.raises(ValueError):
        unpack(bad)
