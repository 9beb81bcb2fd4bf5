"""Printing: 1,000 Giấy khen in one PDF (target 20 s) and the yearly report of a 5,000-household
commune (target 5 s), each through the same job the CLI and the app call."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from sqlmodel import select

from desktop.ledger.demo import make_demo
from desktop.ledger.records import CommendationProposal, Household
from desktop.ledger.storage import open_ledger
from desktop.ledger.storage.bulk import insert_rows, new_row
from desktop.printing.jobs import print_certificates, print_report

CERTIFICATES = 1_000
HOUSEHOLDS = 5_000


def _proposals(ledger, year: int) -> None:  # type: ignore[no-untyped-def]
    """1,000 approved Giấy khen not yet in the register: printing enters and numbers each."""
    with ledger.session() as session:
        homes = session.exec(select(Household).limit(CERTIFICATES)).all()
        rows = [
            (
                CommendationProposal,
                new_row(
                    CommendationProposal,
                    commune_code=h.commune_code,
                    subject_type="household",
                    household_id=h.id,
                    subject_name=f"Hộ ông {h.head_name}",
                    year=year,
                    form="giay_khen",
                    achievement=f"Đã có thành tích vươn lên thoát nghèo bền vững năm {year}",
                    status="approved",
                    decision_number="300/QĐ-UBND",
                    decision_date=date(year, 12, 29),
                ),
            )
            for h in homes
        ]
        insert_rows(session, rows, officer="bench")


def run(work: Path) -> list[dict]:
    ledger = open_ledger(work / "print-bench" / "ledger.sqlite")
    try:
        make_demo(ledger, households=HOUSEHOLDS, seed=7, officer="bench")
        start = time.perf_counter()
        print_report(ledger, 2025, work / "bao-cao.pdf")
        report = time.perf_counter() - start
        _proposals(ledger, 2030)
        start = time.perf_counter()
        result = print_certificates(ledger, 2030, work / "giay-khen.pdf", officer="bench")
        certificates = time.perf_counter() - start
        assert result.pages == CERTIFICATES, result.message
        start = time.perf_counter()  # again: every certificate is now in the register
        print_certificates(ledger, 2030, work / "giay-khen-2.pdf", officer="bench")
        reprint = time.perf_counter() - start
    finally:
        ledger.close()
    return [
        {
            "name": f"in {CERTIFICATES:,} Giấy khen vào một tệp PDF, vào sổ khi in".replace(
                ",", "."
            ),
            "value": certificates,
            "unit": "s",
            "target": 20,
        },
        {
            "name": f"in lại {CERTIFICATES} Giấy khen đã vào sổ",
            "value": reprint,
            "unit": "s",
            "target": 20,
        },
        {
            "name": f"báo cáo phong trào năm, xã {HOUSEHOLDS} hộ",
            "value": report,
            "unit": "s",
            "target": 5,
        },
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(run(Path(tmp)))
