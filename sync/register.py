"""Keeping certificate register numbers in reserve on this laptop: after each push, for the
commune's Giấy khen authority and the current year (and from November the next), top the
reserve up from the provincial server when fewer than `LOW` numbers are left."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlmodel import select

from desktop.ledger.commendation import free_in_blocks, next_certificate_number, register_label
from desktop.ledger.records import Certificate, CertificateBlock, SyncConflict
from desktop.ledger.settings import read_settings
from desktop.ledger.storage import Ledger, save
from sync.protocol import NumberBlock
from sync.transport import SyncError

if TYPE_CHECKING:
    from sync.transport import Transport

log = logging.getLogger(__name__)
LOW = 10  # a commune awards a few dozen Giấy khen a year at most
BLOCK = 30


def years_to_hold(today: date) -> list[int]:
    # Decisions on a year's escapes are dated in late December or early January.
    return [today.year, today.year + 1] if today.month >= 11 else [today.year]


def keep_numbers(ledger: Ledger, transport: Transport) -> None:
    """The sync's step after its push: top up the reserve, then move entries the server
    refused as taken to numbers of this laptop (before the pull brings the other entries)."""
    try:
        top_up(ledger, transport)
    except SyncError as exc:  # an older server: offline numbering (own series) still works
        log.warning("no register numbers reserved: %s", exc)
    renumber_refused(ledger)


def top_up(ledger: Ledger, transport: Transport, today: date | None = None) -> int:
    """Reserve what is missing; returns how many numbers were reserved."""
    with ledger.read() as session:
        authority = str(read_settings(session)["commendation.authority"]).strip()
        wanted = [
            year
            for year in years_to_hold(today or date.today())
            if len(free_in_blocks(session, authority, year)) < LOW
        ]
    reserved = 0
    for year in wanted:
        answer = transport.call(
            "POST",
            "/sync/certificate-numbers",
            json={"authority": authority, "year": year, "count": BLOCK},
        )
        block = NumberBlock.model_validate(answer.json())
        with ledger.session() as session:
            session.add(
                CertificateBlock(
                    authority=block.authority,
                    year=block.year,
                    first=block.first,
                    last=block.last,
                    series=block.series,
                )
            )
        reserved += block.last - block.first + 1
        log.info("register numbers %s-%s of %s reserved", block.first, block.last, year)
    return reserved


TAKEN = "Số vào sổ khen thưởng"  # how the server's refusal of a taken number begins
RENUMBERED_BY = "đồng bộ (vào sổ lại)"


def renumber_refused(ledger: Ledger) -> list[str]:
    """Entries the server refused because another laptop holds their number (a laptop that
    printed before it was ever enrolled) take the next number of this laptop instead, so the
    other laptop's entry can be received. The server never stored the refused entry, so it is
    entered again as a new one (logged, sent with the next push) and the refused row removed;
    its conflict stays open for the officer, naming the new number: the Giấy khen printed with
    the old number must be printed again. Returns the new labels."""
    relabelled = []
    with ledger.session() as session:
        refused = session.exec(
            select(SyncConflict).where(
                SyncConflict.entity == "certificate", SyncConflict.kind == "rejected"
            )
        ).all()
        for conflict in refused:
            if conflict.local_value is not None or not str(conflict.server_value).startswith(TAKEN):
                continue  # another refusal, or already entered again
            old = session.get(Certificate, conflict.record_id)
            if old is None:
                continue
            values = old.model_dump(exclude={"id", "revision", "modified_at", "series", "number"})
            session.execute(text("DELETE FROM certificate WHERE id = :id"), {"id": old.id})
            session.expunge(old)
            series, number = next_certificate_number(session, old.authority, old.year)
            new = save(
                session,
                Certificate(**values, series=series, number=number),
                officer=RENUMBERED_BY,
            )
            label = register_label(series, number)
            log.warning(
                "register entry %s (%s) refused as taken: entered again as %s (now %s)",
                old.id,
                register_label(old.series, old.number),
                label,
                new.id,
            )
            conflict.local_value = f"Đã vào sổ lại với số {label}: in lại Giấy khen này."
            session.add(conflict)
            relabelled.append(label)
    return relabelled
