"""The demo commune is realistic and consistent with the rules it claims to follow."""

from collections import Counter

import pytest
from sqlalchemy import func
from sqlmodel import select

from desktop.ledger.demo import LedgerNotEmpty, make_demo
from desktop.ledger.records import (
    Certificate,
    ChangeEntry,
    Classification,
    Household,
    Member,
    Registration,
    RegistrationStatus,
)
from desktop.ledger.rules.ethnicity import match_ethnicity
from desktop.ledger.rules.identity import citizen_id_warnings, parse_citizen_id
from desktop.ledger.rules.standards import load_standards, standard_for


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desktop.ledger.storage import open_ledger

    ledger = open_ledger(tmp_path_factory.mktemp("demo") / "ledger.sqlite")
    summary = make_demo(ledger, households=300, seed=7)
    yield ledger, summary
    ledger.close()


def test_every_classification_is_what_its_standard_says(demo):
    ledger, _ = demo
    standards = load_standards()
    with ledger.session() as s:
        rows = s.exec(select(Classification)).all()
    assert {r.year for r in rows} == set(range(2021, 2027))
    for row in rows:
        standard = standard_for(row.year, standards)
        assert row.standard_id == standard.id
        computed = standard.classify("rural", row.income_per_capita, row.deprivations)
        assert row.category == computed
    by_year = Counter((r.year, r.category) for r in rows)
    assert by_year[(2022, "poor")] > by_year[(2025, "poor")] > 0  # poverty falls


def test_members_have_valid_ids_agreeing_with_sex_and_year_and_official_ethnicities(demo):
    ledger, summary = demo
    with ledger.session() as s:
        members = s.exec(select(Member)).all()
    assert len(members) == summary.members
    assert len({m.citizen_id for m in members}) == len(members)
    for m in members:
        cid = parse_citizen_id(m.citizen_id)
        assert citizen_id_warnings(cid, sex=m.sex, birth_year=m.birth_year) == []
        assert match_ethnicity(m.ethnicity).name == m.ethnicity


def test_every_record_has_its_log_entry_and_escapes_carry_decisions(demo):
    ledger, summary = demo
    with ledger.session() as s:
        logged = s.exec(select(func.count()).select_from(ChangeEntry)).one()
        regs = s.exec(select(Registration)).all()
        certificates = s.exec(select(Certificate)).all()
    assert logged == summary.records + 1  # and the commune it set up
    escaped = [r for r in regs if r.status == RegistrationStatus.escaped]
    assert escaped and all(r.outcome_decision_number and r.outcome_decision_date for r in escaped)
    by_year: dict[int, list[int]] = {}
    for c in certificates:
        by_year.setdefault(c.year, []).append(c.number)
    assert sorted(by_year) == [2022, 2023, 2024, 2025]
    assert all(sorted(n) == list(range(1, len(n) + 1)) for n in by_year.values())


def test_the_same_seed_makes_the_same_commune(tmp_path):
    from desktop.ledger.storage import open_ledger

    def heads(path):
        ledger = open_ledger(path)
        make_demo(ledger, households=40, seed=3)
        with ledger.session() as s:
            names = s.exec(
                select(Household.code, Household.head_name).order_by(Household.code)
            ).all()
        ledger.close()
        return names

    assert heads(tmp_path / "a.sqlite") == heads(tmp_path / "b.sqlite")


def test_a_ledger_with_households_is_refused(demo):
    ledger, _ = demo
    with pytest.raises(LedgerNotEmpty, match="đã có dữ liệu"):
        make_demo(ledger, households=10)


@pytest.mark.slow
@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGKILL"])
def test_an_interrupted_demo_leaves_nothing_and_a_second_run_is_whole(tmp_path, signal_name):
    """Ctrl-C or a kill (as a power cut would) while the demo is being written: no commune,
    no village, no household, no log entry; the next run makes the whole demo once."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    data = tmp_path / "data"
    command = [sys.executable, "-m", "desktop.cli", "--data-dir", str(data), "demo"]
    run = subprocess.Popen(
        [*command, "--households", "20000"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, with the demo's worker processes
    )
    files = [data / "ledger.sqlite", data / "ledger.sqlite-wal"]
    deadline = time.monotonic() + 300
    # Wait until households are being written (the ledger's files hold several MB of them: in
    # the file itself under a rollback journal, in the WAL otherwise), then stop it.
    while sum(f.stat().st_size for f in files if f.exists()) < 12_000_000:
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the demo never started writing"
        time.sleep(0.05)
    # The command has the ledger to itself, so it writes through a rollback journal.
    assert (data / "ledger.sqlite-journal").exists()
    os.killpg(run.pid, getattr(signal, signal_name))
    run.communicate(timeout=120)
    assert run.returncode != 0

    from desktop.ledger.storage import open_ledger

    ledger = open_ledger(data / "ledger.sqlite")  # as the app opens it: the hot journal undone
    try:
        with ledger.read() as s:
            assert s.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert s.exec(select(func.count()).select_from(Household)).one() == 0
    finally:
        ledger.close()

    with sqlite3.connect(data / "ledger.sqlite") as conn:
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("commune", "village", "household", "member", "change_log")
        }
    assert counts == dict.fromkeys(counts, 0)

    again = subprocess.run(
        [*command, "--households", "200"], capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(data / "ledger.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM household").fetchone()[0] == 200
        assert conn.execute("SELECT count(*) FROM village").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM commune").fetchone()[0] == 1
