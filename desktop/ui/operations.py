"""Work off the UI thread: one helper runs a function in the thread pool and calls back on the
UI thread with its result, or shows its error (the shape of Anki's aqt/operations).

Problems an officer can act on (`LedgerError`: bad input, a file, a full disk, a busy or
read-only ledger, and what the OS and SQLite raise for those) get their Vietnamese message;
anything else is a bug (a pydantic ValidationError too): logged with its traceback, and reported
as a bug. A restore made by another program under the window is told, and `ledger_replaced`
asks the window to reload.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from desktop.ledger.errors import LedgerReplaced, bug_message, explain
from desktop.ledger.logfile import current_log_file
from desktop.ui import texts

log = logging.getLogger(__name__)


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
    ledger_replaced = Signal()  # restored from a backup by another program: reload the views

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self._pool = QThreadPool.globalInstance()
        self._running: set[_Signals] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
        title: str = "Không thực hiện được",
    ) -> None:
        task = _Task(work)
        signals = task.signals
        self._running.add(signals)
        self.busy.emit(True)

        def finished() -> None:
            self._running.discard(signals)
            self.busy.emit(bool(self._running))

        def succeeded(result: Any) -> None:
            finished()
            on_success(result)

        def failed(exc: BaseException) -> None:
            finished()
            known = explain(exc)
            if isinstance(known, LedgerReplaced):
                texts.warn(self._window, "Dữ liệu vừa được phục hồi", str(known))
                self.ledger_replaced.emit()
            elif on_error is not None:
                on_error(exc)
            elif known is not None:
                texts.warn(self._window, title, str(known))
            else:
                log.error("operation failed", exc_info=exc)
                texts.report_bug(self._window, bug_message(exc, current_log_file()))

        signals.succeeded.connect(succeeded)
        signals.failed.connect(failed)
        self._pool.start(task)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)
