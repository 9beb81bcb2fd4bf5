"""Work off the UI thread (the shape of Anki's aqt/operations).

Reads run in a small pool beside each other. Writes go through one serial worker, so two saves
never race for the database; each write reports what it changed (`OpChanges`, collected from the
records its session flushed plus what the caller declares, e.g. for the bulk path), and
`Operations.changed` tells every open view to refresh itself.

Problems an officer can act on (`LedgerError`: bad input, a file, a full disk, a busy or
read-only ledger, and what the OS and SQLite raise for those) get their Vietnamese message;
anything else is a bug: logged with its traceback, and reported as a bug. A restore made by
another program under the window is told, and `ledger_replaced` asks the window to reload.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from desktop.ledger.errors import LedgerReplaced, bug_message, explain
from desktop.ledger.logfile import current_log_file
from desktop.ui import texts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpChanges:
    """The tables an operation wrote to; views ask `touches()` before reloading."""

    tables: frozenset[str] = field(default_factory=frozenset)

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))


_collecting = threading.local()  # the set the writer thread's flushes add to


@event.listens_for(OrmSession, "before_flush")
def _collect(session: OrmSession, _context: object, _instances: object) -> None:
    tables: set[str] | None = getattr(_collecting, "tables", None)
    if tables is None:
        return
    for record in (*session.new, *session.dirty, *session.deleted):
        name = getattr(type(record), "__tablename__", None)
        if name:
            tables.add(name)


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()  # made on the UI thread, so its slots run there

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class Operations(QObject):
    """Runs work for one window; `busy` tells the window when something is under way."""

    busy = Signal(bool)
    changed = Signal(object)  # OpChanges, after every write that succeeded
    written = Signal()  # a write ended, well or not
    ledger_replaced = Signal()  # restored from a backup by another program: reload the views

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(2)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)  # one writer: saves are applied in the order made
        self._running: set[_Signals] = set()
        self._writes = 0

    @property
    def is_busy(self) -> bool:
        return bool(self._running)

    @property
    def is_writing(self) -> bool:
        """A change is being written: closing now would have to wait for it."""
        return self._writes > 0

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
        title: str = "Không thực hiện được",
    ) -> None:
        """A read (or work that touches no ledger record): runs beside other reads."""
        self._start(self._readers, work, on_success, on_error, title)

    def write(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        *,
        changes: Iterable[str] = (),
        on_error: Callable[[BaseException], None] | None = None,
        title: str = "Không lưu được",
    ) -> None:
        """A change to the ledger: serial; `changed` follows with what it wrote."""
        declared = frozenset(changes)
        self._writes += 1

        def collected() -> tuple[Any, OpChanges]:
            _collecting.tables = set(declared)
            try:
                result = work()
                return result, OpChanges(frozenset(_collecting.tables))
            finally:
                _collecting.tables = None

        def succeeded(outcome: tuple[Any, OpChanges]) -> None:
            self._writes -= 1
            result, op_changes = outcome
            on_success(result)
            if op_changes.tables:
                self.changed.emit(op_changes)
            self.written.emit()

        def failed(exc: BaseException) -> None:
            self._writes -= 1
            if on_error is not None:
                on_error(exc)
            else:
                self.show_error(exc, title)
            self.written.emit()

        self._start(self._writer, collected, succeeded, failed, title)

    def _start(
        self,
        pool: QThreadPool,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None,
        title: str,
    ) -> None:
        task = _Task(work)
        signals = task.signals
        self._running.add(signals)
        self.busy.emit(True)

        def finished() -> bool:
            # A task may outlive the window that started it (closed, signed out, a test torn
            # down): its result then has nobody to go to, and must not touch deleted objects.
            if not shiboken6.isValid(self):
                return False
            self._running.discard(signals)
            self.busy.emit(bool(self._running))
            return True

        def succeeded(result: Any) -> None:
            if finished():
                on_success(result)

        def failed(exc: BaseException) -> None:
            if not finished():
                log.warning("result of a task whose window is gone: %r", exc)
                return
            known = explain(exc)
            if isinstance(known, LedgerReplaced):
                texts.warn(self._window, "Dữ liệu vừa được phục hồi", str(known))
                self.ledger_replaced.emit()
                if on_error is not None:
                    # The task's owner still learns it failed, or it would wait for it for
                    # good (a list that runs one search at a time never searched again).
                    on_error(exc)
            elif on_error is not None:
                on_error(exc)
            else:
                self.show_error(exc, title)

        signals.succeeded.connect(succeeded)
        signals.failed.connect(failed)
        pool.start(task)

    def show_error(self, exc: BaseException, title: str) -> None:
        known = explain(exc)
        if isinstance(known, LedgerReplaced):
            return  # already told, once, when the task failed
        if known is not None:
            texts.warn(self._window, title, str(known))
            return
        log.error("operation failed", exc_info=exc)
        texts.report_bug(self._window, bug_message(exc, current_log_file()))

    def wait(self, msecs: int = 30_000) -> bool:
        """For tests and the last moment of shutdown only: blocks the calling thread."""
        return self._writer.waitForDone(msecs) and self._readers.waitForDone(msecs)
