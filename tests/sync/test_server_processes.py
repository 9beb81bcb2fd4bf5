"""Production shapes: several `sotn-server serve` processes on one PostgreSQL database (they
may all start at once on an empty database), and the database named by the environment."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlmodel import select

from desktop.ledger.records import Household
from desktop.ledger.storage import save
from sync.server.database import DATABASE_URL_ENV, database_url
from tests.sync.conftest import CAO_BANG, QUANG_UYEN, ServerProcess, point_at, server_summary
from tests.sync.postgres import PostgresCluster


def test_two_processes_on_one_database(
    pg_cluster: PostgresCluster,
    tmp_path: Path,
    desktops,  # type: ignore[no-untyped-def]
) -> None:
    url = pg_cluster.new_database()
    servers = []
    for name in ("p1", "p2"):
        (tmp_path / name).mkdir()
        servers.append(ServerProcess(url, tmp_path / name))
    errors: list[BaseException] = []

    def start(server: ServerProcess) -> None:
        try:
            server.start()
        except BaseException as exc:  # reported below, with the server's own words
            errors.append(exc)

    # Both start at once on an empty database: both want to create the schema.
    threads = [threading.Thread(target=start, args=(s,)) for s in servers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not errors, errors
        one, two = servers
        one.create_user("xa-quang-uyen", "commune", CAO_BANG, QUANG_UYEN)
        a = desktops("a", one, households=20)
        assert a.sync().converged
        b = desktops("b", two)  # the other process serves the second laptop
        assert b.summary() == a.summary()
        # Both laptops push at the same time, each to its own process.
        a_ids = _first_half(a)
        _rename_some(a, a_ids, "A")
        _rename_some(b, _second_half(b), "B")
        reports: dict[str, object] = {}
        syncs = [
            threading.Thread(target=lambda d=d, k=k: reports.__setitem__(k, d.sync()))
            for k, d in (("a", a), ("b", b))
        ]
        for t in syncs:
            t.start()
        for t in syncs:
            t.join()
        assert set(reports) == {"a", "b"}
        assert a.sync().converged and b.sync().converged
        assert a.summary() == b.summary() == server_summary(one)
        point_at(b, one.url)  # and any process serves any laptop
        assert b.sync().converged
    finally:
        for s in servers:
            s.stop()


def _codes(desktop) -> list[str]:  # type: ignore[no-untyped-def]
    with desktop.ledger.read() as session:
        return sorted(h.code for h in session.exec(select(Household)).all())


def _first_half(desktop) -> list[str]:  # type: ignore[no-untyped-def]
    codes = _codes(desktop)
    return codes[: len(codes) // 2]


def _second_half(desktop) -> list[str]:  # type: ignore[no-untyped-def]
    codes = _codes(desktop)
    return codes[len(codes) // 2 :]


def _rename_some(desktop, codes: list[str], prefix: str) -> None:  # type: ignore[no-untyped-def]
    with desktop.ledger.session() as session:
        for household in session.exec(select(Household).where(Household.code.in_(codes))).all():  # type: ignore[attr-defined]
            household.head_name = f"{prefix} {household.code}"
            save(session, household, officer="can-bo")


def test_the_database_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql://sotn:mat-khau@db.tinh.vn/sotn")
    assert database_url(None, tmp_path) == "postgresql+psycopg://sotn:mat-khau@db.tinh.vn/sotn"
    given = "postgresql://khac@127.0.0.1/khac"  # the command line wins
    assert database_url(given, tmp_path) == "postgresql+psycopg://khac@127.0.0.1/khac"
    monkeypatch.delenv(DATABASE_URL_ENV)
    assert database_url(None, tmp_path) == f"sqlite:///{tmp_path.resolve() / 'server.sqlite'}"
