"""A realistic demo commune, for a new officer to explore and for benchmarks.

Deterministic for a seed. Households are made in chunks, each from its own seeded generator, so
a large demo can make the next chunk in a second process while this one writes the current one.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from desktop.ledger.commune import current_commune, set_up_commune
from desktop.ledger.demo import programmes
from desktop.ledger.demo.households import (
    YEARS,
    DemoHousehold,
    IdNumbers,
    classify_years,
    make_household,
)
from desktop.ledger.demo.names import village_names
from desktop.ledger.errors import InputError
from desktop.ledger.interpreter import without_cycle_collection
from desktop.ledger.records import Household, Village
from desktop.ledger.rules.standards import load_standards, standard_for
from desktop.ledger.settings import defaults_for
from desktop.ledger.storage import Ledger
from desktop.ledger.storage.bulk import Row, insert_rows, new_row, prepare_rows
from desktop.ledger.storage.packed import PackedInsert, pack, write_packed

DEFAULT_PROVINCE, DEFAULT_COMMUNE = 4, 1576  # Cao Bằng, Xã Quảng Uyên
CHUNK = 5_000
MAX_MEMBERS = 8  # per household: keeps each chunk's CCCD serials apart
WORKERS = 2
SAMPLE = 2_000  # households kept for model cases and commendations


class LedgerNotEmpty(InputError):
    pass


@dataclass(frozen=True)
class DemoSummary:
    commune: str
    villages: int
    households: int
    members: int
    registrations: int
    records: int


@dataclass(frozen=True)
class _Chunk:
    packed: PackedInsert
    sample: list[DemoHousehold]
    members: int
    registrations: int


def _make_chunk(
    seed: int, start: int, stop: int, total: int, commune: int, villages: list[str], officer: str
) -> _Chunk:
    with without_cycle_collection():
        return _make_chunk_rows(seed, start, stop, total, commune, villages, officer)


def _make_chunk_rows(
    seed: int, start: int, stop: int, total: int, commune: int, villages: list[str], officer: str
) -> _Chunk:
    rng = random.Random(f"{seed}:{start}")
    ids = IdNumbers(first_serial=start * MAX_MEMBERS)
    standards = load_standards()
    by_year = {year: standard_for(year, standards) for year in YEARS}
    rows: list[tuple[type, Row]] = []
    sample: list[DemoHousehold] = []
    members = registrations = 0
    for n in range(start, stop):
        village = villages[n * len(villages) // total]
        demo = make_household(rng, ids, commune, f"QU-{n + 1:05d}", village)
        classify_years(rng, demo, by_year)
        story = programmes.registration_story(rng, demo, "Trưởng xóm")
        rows += [*demo.rows(), *story]
        members += len(demo.members)
        registrations += bool(story)
        if n < SAMPLE:
            sample.append(demo)
    return _Chunk(pack(prepare_rows(rows, officer=officer)), sample, members, registrations)


def make_demo(
    ledger: Ledger, *, households: int = 400, seed: int = 2025, officer: str = "demo"
) -> DemoSummary:
    if households < 1:
        raise InputError("Số hộ mẫu phải từ 1 trở lên.")
    rng = random.Random(seed)
    # One transaction from the first village to the last target: a demo interrupted by Ctrl-C,
    # a kill or a power cut leaves nothing (SQLite drops the uncommitted WAL frames), so a
    # second run starts clean. The WAL grows to the demo's size meanwhile; it is folded back
    # and truncated at the end.
    with without_cycle_collection(), ledger.session() as session:
        summary = _make_demo(session, rng, households, seed, officer)
    ledger.checkpoint()
    return summary


def _make_demo(
    session: Session, rng: random.Random, households: int, seed: int, officer: str
) -> DemoSummary:
    if session.exec(select(func.count()).select_from(Household)).one():
        raise LedgerNotEmpty(
            "Thư mục dữ liệu đã có dữ liệu; hãy dùng --data-dir trỏ tới một thư mục mới."
        )
    commune = current_commune(session) or set_up_commune(
        session, DEFAULT_PROVINCE, DEFAULT_COMMUNE, officer=officer
    )
    villages = [
        new_row(Village, commune_code=commune.code, kind=kind, name=name)
        for kind, name in village_names(rng, max(3, households // 90))
    ]
    insert_rows(session, [(Village, v) for v in villages], officer=officer)
    jobs = [
        (
            seed,
            start,
            min(start + CHUNK, households),
            households,
            commune.code,
            [v["id"] for v in villages],
            officer,
        )
        for start in range(0, households, CHUNK)
    ]
    sample: list[DemoHousehold] = []
    members = registrations = records = 0
    for chunk in _chunks(jobs):
        records += write_packed(session, chunk.packed)
        sample += chunk.sample
        members += chunk.members
        registrations += chunk.registrations
    extra = [
        *programmes.model_cases(rng, commune.code, sample),
        *programmes.commendations(
            rng,
            commune.code,
            commune.province_code,
            defaults_for(commune)["commendation.authority"],
            sample,
        ),
        *programmes.targets(commune.code),
    ]
    records += insert_rows(session, extra, officer=officer)
    return DemoSummary(
        commune=f"{commune.name}, {commune.province_name}",
        villages=len(villages),
        households=households,
        members=members,
        registrations=registrations,
        records=records + len(villages),
    )


def _chunks(jobs: list[tuple[Any, ...]]) -> Iterator[_Chunk]:
    """Chunks in order. With several, two workers make the next ones while this one is written;
    at most two wait in memory, so a large demo stays within an old laptop's memory."""
    if len(jobs) == 1:
        yield _make_chunk(*jobs[0])
        return
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        pending: deque[Future[_Chunk]] = deque(
            pool.submit(_make_chunk, *job) for job in jobs[:WORKERS]
        )
        following = iter(jobs[WORKERS:])
        while pending:
            chunk = pending.popleft().result()
            job = next(following, None)
            if job is not None:
                pending.append(pool.submit(_make_chunk, *job))
            yield chunk
