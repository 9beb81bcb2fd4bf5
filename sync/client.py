"""The desktop's sync client (requests, no Qt; the UI runs it in a worker).

One `sync()`: hello (which of our entries the server holds) → a ledger restored from a backup
pulls first → push the outbox in compressed batches, each upload resumable at any byte → pull
pages after the cursor → compare count and checksum per record type, repair-pull on mismatch
→ attachments, in chunks, unless deferred. See sync/PROTOCOL.md.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import requests

from desktop.ledger.commune import current_commune
from desktop.ledger.errors import LedgerBusy
from desktop.ledger.paths import DataFolder
from desktop.ledger.storage import Ledger, outbox
from sync import checksums, local
from sync.protocol import (
    PROTOCOL_VERSION,
    EnrolResponse,
    HelloResponse,
    UploadState,
    decompress,
    record_digest,
)
from sync.reference import write_reference_files
from sync.register import keep_numbers
from sync.transport import SyncError, Transport

__all__ = ["Progress", "SyncClient", "SyncError", "SyncReport", "Transport", "enrol"]

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]  # (stage text, done, total)


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    repaired: list[str] = field(default_factory=list)
    resent: int = 0  # records the server had lost, sent again after a repair pull
    converged: bool = False
    attachments_sent: int = 0
    attachments_received: int = 0
    requests: int = 0


def enrol(server_url: str, username: str, password: str, device_name: str) -> EnrolResponse:
    transport = Transport(server_url, retries=2)
    body = {"username": username, "password": password, "device_name": device_name}
    return EnrolResponse.model_validate(transport.call("POST", "/enrol", json=body).json())


PIPELINE = 2  # batches unanswered at once: one the server applies, one on the link


@dataclass
class _Flight:
    batch: dict[str, Any]
    blob: bytes
    sent: threading.Event
    future: Future[UploadState]


class SyncClient:
    def __init__(
        self,
        ledger: Ledger,
        folder: DataFolder | None = None,
        *,
        http: requests.Session | None = None,
        retries: int = 5,
        attachments: bool = True,
        progress: Progress | None = None,
        backoff: float = 0.5,
    ) -> None:
        self.ledger = ledger
        self.folder = folder
        self._checksums_ready = False
        self.attachments = attachments
        self.progress = progress or (lambda _stage, _done, _total: None)
        with ledger.read() as session:
            state = local.sync_state(session)
            if state is None:
                raise SyncError("Máy này chưa đăng ký với máy chủ tỉnh: chạy `sotn enrol` trước.")
            self.device_id = state.device_id
            self.transport = Transport(
                state.server_url, state.token, retries=retries, http=http, backoff=backoff
            )

    def sync(self) -> SyncReport:
        report = SyncReport()
        try:
            self._sync(report)
        except SyncError as exc:
            self._remember_error(str(exc))
            raise
        finally:
            report.requests = self.transport.requests
            self.transport.http.close()
        return report

    def _sync(self, report: SyncReport) -> None:
        with self.ledger.read() as session:
            epoch = outbox.current_epoch(session).id
            state = local.sync_state(session)
            assert state is not None
            restored = state.cursor_epoch is not None and state.cursor_epoch != epoch
        self.progress("Kết nối máy chủ tỉnh", 0, 0)
        if restored or state.cursor_epoch is None:
            # First sync, or a restored ledger: learn which of our entries the server holds.
            # Otherwise skip the round trip (a 2G link pays 600 ms for each).
            hello = HelloResponse.model_validate(
                self.transport.call(
                    "POST", "/sync/hello", json={"protocol": PROTOCOL_VERSION, "epoch": epoch}
                ).json()
            )
            self._acknowledge(hello.acknowledged)
        with self.ledger.read() as session:
            commune = current_commune(session)
            assert commune is not None
            self.commune = commune.code
        if restored:  # an older copy: take the server's newer data before sending anything
            report.pulled += self._pull(epoch)
        report.pushed += self._push(report)
        keep_numbers(self.ledger, self.transport)  # certificate register numbers in reserve
        report.pulled += self._pull(epoch)
        report.converged = self._verify(report, epoch)
        with self.ledger.read() as session:  # the province's standard and plan, for the rules
            write_reference_files(session, self.folder or DataFolder(self.ledger.path.parent))
        if self.attachments and self.folder is not None:
            from sync.attachments import sync_attachments

            sent, received = sync_attachments(
                self.ledger, self.folder, self.transport, self.progress
            )
            report.attachments_sent, report.attachments_received = sent, received
        with self.ledger.session() as session:
            state = local.sync_state(session)
            assert state is not None
            state.last_success_at = local.utcnow()
            state.last_error = None
            session.add(state)

    def _acknowledge(self, acknowledged: dict[str, int]) -> None:
        """Entries the server holds already (a restored ledger offers them again): marked
        sent, so they are not pushed twice."""
        with self.ledger.session() as session:
            while True:
                entries = outbox.pending(session, limit=1)
                if not entries:
                    return
                held = acknowledged.get(entries[0].epoch, 0)
                if held < entries[0].seq:
                    return
                last = [
                    e
                    for e in outbox.pending(session, limit=10_000)
                    if e.epoch == entries[0].epoch and e.seq <= held
                ]
                outbox.acknowledge(session, last[-1].seq)

    def _push(self, report: SyncReport) -> int:
        """Send the outbox, batch after batch, pipelined: while the server applies one batch
        the next is already on the link (it names the one before in `after`, so the server
        applies them in order). At most two batches are unanswered; the older one is recorded
        as in flight, so after a crash it is rebuilt to the same bytes and resumed."""
        pushed = 0
        total = self._pending_count()
        flying: deque[_Flight] = deque()
        with ThreadPoolExecutor(max_workers=PIPELINE, thread_name_prefix="sync-upload") as pool:
            try:
                ahead = self._next_batch(None)
                while True:
                    if ahead is not None and len(flying) < PIPELINE:
                        if flying:  # its bytes first: then ours queue behind them, not beside
                            flying[-1].sent.wait()
                        flying.append(self._send_batch(pool, ahead, flying))
                        self.progress("Gửi thay đổi lên tỉnh", pushed, total)
                        # Built while this one is on the link and the one before is applied.
                        ahead = self._next_batch(flying[-1].batch)
                        continue
                    if not flying:
                        return pushed
                    pushed += self._settle(flying, report)
                    self.progress("Gửi thay đổi lên tỉnh", pushed, total)
            except BaseException:
                self.transport.stopped.set()  # the other upload stops at its next attempt
                raise

    def _next_batch(self, previous: dict[str, Any] | None) -> tuple[dict[str, Any], bytes] | None:
        with self.ledger.session() as session:
            state = local.sync_state(session)
            assert state is not None
            if previous is not None:  # the one after a batch still unanswered
                return local.build_batch(
                    session, self.device_id, state.cursor, after=previous["last_seq"]
                )
            built = local.build_batch(
                session,
                self.device_id,
                state.cursor,
                first=state.in_flight_first,
                last=state.in_flight_last,
            )
            if built is not None:
                state.in_flight_first, state.in_flight_last = (
                    built[0]["first_seq"],
                    built[0]["last_seq"],
                )
                session.add(state)
            return built

    def _send_batch(
        self, pool: ThreadPoolExecutor, built: tuple[dict[str, Any], bytes], flying: deque[_Flight]
    ) -> _Flight:
        batch, blob = built
        if not flying:  # the oldest unanswered batch is the one rebuilt after a crash
            with self.ledger.session() as session:
                state = local.sync_state(session)
                assert state is not None
                state.in_flight_first, state.in_flight_last = batch["first_seq"], batch["last_seq"]
                session.add(state)
        sent = threading.Event()
        after = flying[-1].batch["batch_id"] if flying else None
        future = pool.submit(
            self.transport.upload, batch["batch_id"], blob, {}, after=after, sent=sent
        )
        return _Flight(batch, blob, sent, future)

    def _settle(self, flying: deque[_Flight], report: SyncReport) -> int:
        """Wait for the oldest batch's answer and record it; the next becomes the one in flight."""
        flight = flying.popleft()
        while not flight.future.done() and self._warm_checksums():
            pass  # the server is busy with this batch: digest records meanwhile, not after
        result = flight.future.result().result
        if result is None:  # 425: it waited too long for the one before, which is applied now
            result = self.transport.upload(flight.batch["batch_id"], flight.blob, {}).result
        if result is None:
            raise SyncError("Máy chủ chưa xác nhận gói dữ liệu; lần sau sẽ gửi tiếp.")
        with self.ledger.session() as session:
            local.record_conflicts(session, result.conflicts)
            local.record_rejections(session, result.rejected)
            outbox.acknowledge(session, result.last_seq)
            state = local.sync_state(session)
            assert state is not None
            following = flying[0].batch if flying else None
            state.in_flight_first = following["first_seq"] if following else None
            state.in_flight_last = following["last_seq"] if following else None
            session.add(state)
        report.conflicts += len(result.conflicts)
        report.rejected += len(result.rejected)
        return len(flight.batch["changes"])

    def _warm_checksums(self) -> bool:
        """One part of the convergence checksums' digesting (a first sync digests the whole
        commune); False once there is nothing left to do."""
        if self._checksums_ready:
            return False
        try:
            with self.ledger.session() as session:
                self._checksums_ready = checksums.refresh(session, budget=checksums.CHUNK)
        except LedgerBusy:  # an officer's long save: the comparison at the end digests instead
            return False
        return not self._checksums_ready

    def _pending_count(self) -> int:
        with self.ledger.read() as session:
            return outbox.pending_count(session)

    def _pull(self, epoch: str) -> int:
        changed = 0
        with self.ledger.read() as session:
            state = local.sync_state(session)
            assert state is not None
            cursor = state.cursor
        while True:
            self.progress("Nhận thay đổi từ tỉnh", changed, 0)
            page = decompress(
                self.transport.content(
                    "GET", "/sync/pull", params={"cursor": cursor, "epoch": epoch}
                )
            )
            with self.ledger.session() as session:
                changed += local.apply_records(session, page["records"])
                state = local.sync_state(session)
                assert state is not None
                # In the same transaction as the records: a cut never skips a page.
                state.cursor = cursor = int(page["cursor"])
                state.cursor_epoch = epoch
                session.add(state)
            if not page["more"]:
                self._server_summary = page.get("summary")
                return changed

    def _verify(self, report: SyncReport, epoch: str) -> bool:
        server = self._server_summary
        if server is None:
            server = self.transport.call("GET", "/sync/summary").json()
        with self.ledger.session() as session:  # brings the kept digests up to date
            mine = local.summaries(session, self.commune)
        differing = [e for e in server if server[e] != mine.get(e)]
        if not differing:
            return True
        log.warning("checksums differ for %s; repair pull", differing)
        behind = self._server_behind_cursor(epoch)
        resent = 0
        for entity in differing:  # in the summary's order: parents first
            resent += self._repair(entity)
            report.repaired.append(entity)
        if behind is not None:
            # The repair brought what the server holds now; later changes are numbered after
            # `behind`, and the next pulls must not skip them as already seen.
            with self.ledger.session() as session:
                state = local.sync_state(session)
                assert state is not None
                log.warning("server sequence %d is below our cursor %d", behind, state.cursor)
                state.cursor = behind
                session.add(state)
        if resent:
            # What only this laptop holds goes up again, never dropped; then compare again.
            report.resent += resent
            report.pushed += self._push(report)
            report.pulled += self._pull(epoch)
        server = self.transport.call("GET", "/sync/summary").json()
        with self.ledger.session() as session:  # brings the kept digests up to date
            mine = local.summaries(session, self.commune)
        return all(server[e] == mine.get(e) for e in server)

    def _server_behind_cursor(self, epoch: str) -> int | None:
        """The server's newest sequence number for the commune if it is below our cursor: the
        server was restored from an older backup and numbers its changes again from there, so
        ours would skip them. Asked only when checksums differ (it costs a round trip)."""
        hello = HelloResponse.model_validate(
            self.transport.call(
                "POST", "/sync/hello", json={"protocol": PROTOCOL_VERSION, "epoch": epoch}
            ).json()
        )
        with self.ledger.read() as session:
            state = local.sync_state(session)
            assert state is not None
            return hello.server_seq if hello.server_seq < state.cursor else None

    def _repair(self, entity: str) -> int:
        """Bring every record of one type that differs from the server's copy (and has no
        local change waiting to be sent) to the server's state; records the server does not
        have at all are logged to be sent again. Returns how many of those."""
        after = ""
        on_server: set[str] = set()
        while True:
            page = decompress(
                self.transport.content(
                    "GET", f"/sync/records/{entity}", params={"after_id": after, "limit": 1000}
                )
            )
            with self.ledger.session() as session:
                mine = local.digests(session, entity, self.commune)
                stale = [
                    r for r in page["records"] if mine.get(r["v"]["id"]) != record_digest(r["v"])
                ]
                local.repair_records(session, stale)
            on_server.update(r["v"]["id"] for r in page["records"])
            after = page["after_id"]
            if not page["more"]:
                break
        with self.ledger.session() as session:
            return local.resend_missing(session, entity, self.commune, on_server)

    def _remember_error(self, message: str) -> None:
        try:
            with self.ledger.session() as session:
                state = local.sync_state(session)
                if state is not None:
                    state.last_error = message[:500]
                    session.add(state)
        except Exception:  # the error being reported matters more than this note
            log.exception("could not record the sync error")
