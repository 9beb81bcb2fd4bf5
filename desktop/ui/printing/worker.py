"""One long printing task off the UI thread, with progress and a cancel that the task honours
between pages (making a batch of certificates, rendering a preview, sending pages to a printer)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Step = Callable[[int, int], bool]  # (done, total) → False once cancelled


class _Signals(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[Step], Any], cancel: threading.Event) -> None:
        super().__init__()
        self.work, self.cancel = work, cancel
        self.signals = _Signals()  # made on the UI thread, so its slots run there

    def run(self) -> None:
        def step(done: int, total: int) -> bool:
            self.signals.progress.emit(done, total)
            return not self.cancel.is_set()

        try:
            result = self.work(step)
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class PrintWorker(QObject):
    """Runs one task at a time for the print screen; `busy` says when one is under way."""

    busy = Signal(bool)
    progress = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._signals: _Signals | None = None

    @property
    def running(self) -> bool:
        return self._signals is not None

    def cancel(self) -> None:
        self._cancel.set()

    def start(
        self,
        work: Callable[[Step], Any],
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        if self.running:
            raise RuntimeError("a printing task is already running")
        self._cancel = threading.Event()
        task = _Task(work, self._cancel)
        self._signals = task.signals

        def done() -> None:
            self._signals = None
            self.busy.emit(False)

        def succeeded(result: Any) -> None:
            done()
            on_success(result)

        def failed(exc: BaseException) -> None:
            done()
            on_error(exc)

        task.signals.progress.connect(self.progress)
        task.signals.succeeded.connect(succeeded)
        task.signals.failed.connect(failed)
        self.busy.emit(True)
        QThreadPool.globalInstance().start(task)
