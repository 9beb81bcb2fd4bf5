"""Property: any interleaving of edits on two laptops and at the province, then syncs until
quiet, ends with both laptops and the server equal, and no edit lost: every value written is
the final value, or kept in a conflict for an officer, or was replaced by someone who had
already received it."""

from __future__ import annotations

import itertools
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from desktop.ledger.records import Household
from desktop.ledger.storage import save
from sync import local
from sync.protocol import batch_id, compress, decompress
from tests.sync.conftest import (
    CAO_BANG,
    QUANG_UYEN,
    Desktop,
    ServerProcess,
    _make_desktop,
    server_summary,
)

FIELDS = ("head_name", "phone", "note")
ACTORS = ("a", "b", "province")
step = st.one_of(
    st.tuples(
        st.sampled_from(ACTORS),
        st.just("edit"),
        st.integers(0, 1),
        st.sampled_from(FIELDS),
        st.integers(0, 3),
    ),
    st.tuples(st.sampled_from(("a", "b")), st.just("sync")),
)


@dataclass
class Province:
    """A province officer's device correcting a commune's records through the push API."""

    server: ServerProcess
    token: str
    device_id: str
    epoch: str = field(default_factory=lambda: secrets.token_hex(16))
    seq: int = 0

    def edit(self, record_id: str, name: str, value: str) -> None:
        auth = {"Authorization": f"Bearer {self.token}"}
        page = decompress(
            requests.get(
                f"{self.server.url}/sync/records/household",
                params={"commune": QUANG_UYEN, "limit": 100},
                headers=auth,
                timeout=30,
            ).content
        )
        current = next(r["v"] for r in page["records"] if r["v"]["id"] == record_id)
        self.seq += 1
        bid = batch_id(self.device_id, self.epoch, self.seq, self.seq)
        blob = compress(
            {
                "batch_id": bid,
                "device_id": self.device_id,
                "epoch": self.epoch,
                "first_seq": self.seq,
                "last_seq": self.seq,
                "cursor": 0,
                "changes": [
                    {
                        "seq": self.seq,
                        "entity": "household",
                        "id": record_id,
                        "action": "update",
                        "before": {name: current[name]},
                        "after": {name: value},
                        "officer": "tinh",
                        "at": None,
                    }
                ],
            }
        )
        answer = requests.put(
            f"{self.server.url}/sync/uploads/{bid}",
            data=blob,
            headers=auth,
            params={"offset": 0, "total": len(blob), "commune": QUANG_UYEN},
            timeout=30,
        )
        assert answer.ok, answer.text


def _edit(desktop: Desktop, record_id: str, name: str, value: str) -> None:
    with desktop.ledger.session() as session:
        household = session.exec(select(Household).where(Household.id == record_id)).one()
        setattr(household, name, value)
        save(session, household, officer="can-bo")


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(steps=st.lists(step, min_size=4, max_size=14))
def test_interleavings_converge_and_lose_nothing(steps: list[tuple[Any, ...]]) -> None:

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "srv").mkdir()
        server = ServerProcess(f"sqlite:///{root / 's.sqlite'}", root / "srv")
        server.start()
        made: list[Desktop] = []
        try:
            server.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
            server.create_user("tinh", "province", CAO_BANG)
            enrolled = server.enrol("tinh")
            province = Province(server, str(enrolled["token"]), str(enrolled["device_id"]))
            a = _make_desktop(root, "a", server, households=2, seed=3)
            a.sync()
            b = _make_desktop(root, "b", server)
            made += [a, b]
            devices = {"a": a, "b": b}
            with a.ledger.read() as session:
                ids = [h.id for h in session.exec(select(Household).order_by(Household.code))]
            writes: list[tuple[int, str, str, str, str]] = []  # (n, actor, record, field, value)
            seen: dict[str, set[int]] = {"a": set(), "b": set(), "province": set()}
            pushed: set[int] = set()
            pending: dict[str, set[int]] = {"a": set(), "b": set()}
            supersedes: dict[int, set[int]] = {}
            counter = itertools.count()
            for s in steps:
                if s[1] == "sync":
                    devices[s[0]].sync()
                    pushed |= pending[s[0]]
                    pending[s[0]] = set()
                    seen[s[0]] |= pushed
                    continue
                actor, _, which, name, v = s
                n = next(counter)
                value = f"{actor} {name} {v} #{n}"
                record = ids[which]
                if actor == "province":
                    seen["province"] |= pushed
                    province.edit(record, name, value)
                    pushed.add(n)
                else:
                    _edit(devices[actor], record, name, value)
                    pending[actor].add(n)
                supersedes[n] = {
                    w[0]
                    for w in writes
                    if w[2] == record and w[3] == name and (w[0] in seen[actor] or w[1] == actor)
                }
                seen[actor].add(n)
                writes.append((n, actor, record, name, value))
            for _ in range(3):  # until quiet
                for d in (a, b):
                    d.sync()
            assert a.summary() == b.summary() == server_summary(server)
            kept: set[Any] = set()
            for d in (a, b):
                with d.ledger.read() as session:
                    for c in local.open_conflicts(session):
                        kept |= {c.local_value, c.server_value}
            replaced = set().union(*supersedes.values()) if supersedes else set()
            for n, _actor, record, name, value in writes:
                if n in replaced:
                    continue
                with a.ledger.read() as session:
                    final = getattr(session.get(Household, record), name)
                assert final == value or value in kept, (value, final, steps)
        finally:
            for d in made:
                d.close()
            server.stop()
