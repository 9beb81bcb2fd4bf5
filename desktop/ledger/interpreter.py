"""Two process-wide interpreter settings that bulk jobs change while they run.

- The cyclic garbage collector is paused. A bulk job (the demo's chunks, an import) keeps
  hundreds of thousands of small dicts, lists and row results alive until it ends, none of them
  in a reference cycle; the collector scans them again at every full collection, for nothing
  (a third of a demo chunk's time; 11 of the 28 s of a 100,000-row import). Reference counting
  still frees everything the moment it is no longer used.
- Threads take turns with Python's lock more often. The import's writer thread spends its time
  in SQLite with the lock released, and needs it back for a moment between statements. At the
  default interval it waits up to 5 ms each time for the importer to let go, and so writes at a
  third of its speed; at 0.5 ms the wait is gone. Nothing is switched more often while only one
  thread wants the lock.

Both settings are the whole process's, and an import runs on a worker thread beside the UI (the
demo beside its worker processes), so each change is counted: it ends when the last job that
asked for it ends, and the setting goes back to what it was when the first one began.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

QUICK_SWITCH_SECONDS = 0.0005


class _Shared:
    """A setting changed while at least one holder needs it, then put back as it was."""

    def __init__(self, read: Callable[[], Any], write: Callable[[Any], None], value: Any) -> None:
        self._read, self._write, self._value = read, write, value
        self._lock = threading.Lock()
        self._holders = 0
        self._before: Any = None

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            if self._holders == 0:
                self._before = self._read()
                self._write(self._value)
            self._holders += 1
        try:
            yield
        finally:
            with self._lock:
                self._holders -= 1
                if self._holders == 0:
                    self._write(self._before)


def _collect(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()


_collection = _Shared(gc.isenabled, _collect, False)
_switching = _Shared(sys.getswitchinterval, sys.setswitchinterval, QUICK_SWITCH_SECONDS)


def without_cycle_collection() -> AbstractContextManager[None]:
    return _collection.held()


def quick_thread_switches() -> AbstractContextManager[None]:
    return _switching.held()
