"""Runs core work off the GUI thread, with its result handed back on the GUI thread.

Like Anki's task manager: one serial worker for everything that touches the outbox, the keyring
or the recorder (their calls must not interleave), and a small pool for network calls and the
device scan, which never touch the outbox or the keyring (an operation that needs both is split:
`app.core.Core.log_in` on the pool, then `finish_sign_in` on the serial worker; tests/gui fails
any test where outbox or keyring work ran on the pool). Windows do not create threads
themselves; they call `TaskManager.run(op, success=..., failure=...)`. `op` runs on a worker and
must not touch widgets; `success(result)` and `failure(exc)` run on the GUI thread. The GUI
thread never waits for either.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")

Failure = Callable[[BaseException], None]


class TaskManager(QObject):
    """Owns the worker threads. One instance per application (`MainWindow.tasks`)."""

    # Carries a closure from a worker back to the GUI thread (queued: the manager lives there).
    _deliver = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Plain Python threads, not QThreadPool: PySide6 reuses the Python wrapper of an
        # auto-deleted QRunnable for the next object allocated at its address (a QAction came
        # back as a QRunnable). One long-lived serial thread, so SQLite connections and the
        # recorder see one caller thread; a small pool for the network.
        self._serial = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gui-serial")
        self._network = ThreadPoolExecutor(max_workers=4, thread_name_prefix="gui-network")
        self._futures: set[Future[None]] = set()
        self._pending = 0
        self._lock = threading.Lock()
        self.default_failure: Failure | None = None
        # Callbacks are skipped once this object is deleted (the main window, at quit).
        self.default_owner: QObject | None = None
        self._deliver.connect(self._on_deliver)

    def run(
        self,
        op: Callable[[], T],
        success: Callable[[T], None] | None = None,
        failure: Failure | None = None,
        *,
        network: bool = False,
        owner: QObject | None = None,
    ) -> None:
        """Runs `op()` on the serial worker (or the network pool) and calls `success(result)` or
        `failure(error)` on the GUI thread. If `owner` is given and has been deleted by then, the
        callbacks are skipped (a dialog closed while its work was running)."""

        def work() -> None:
            try:
                result = op()
            except BaseException as exc:  # delivered to the GUI thread, never swallowed
                error = exc  # `exc` is unbound when the except block ends
                self._post(lambda: self._finish(owner, lambda: self._fail(failure, error)))
            else:
                self._post(lambda: self._finish(owner, _bind(success, result)))

        with self._lock:
            self._pending += 1
            pool = self._network if network else self._serial
            future = pool.submit(work)
            self._futures.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._futures.discard(future)

    @property
    def pending(self) -> int:
        """How many tasks have been started and not yet delivered."""
        with self._lock:
            return self._pending

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Blocks until the workers are idle: only for shutdown and tests, never from a slot.
        Results not yet delivered to the GUI thread are delivered by the event loop later."""
        with self._lock:
            futures = set(self._futures)
        _done, not_done = wait(futures, timeout=timeout_ms / 1000)
        return not not_done

    def _post(self, fn: Callable[[], None]) -> None:
        self._deliver.emit(fn)

    @Slot(object)
    def _on_deliver(self, fn: Callable[[], None]) -> None:
        fn()

    def _finish(self, owner: QObject | None, call: Callable[[], None] | None) -> None:
        with self._lock:
            self._pending -= 1
        for guard in (owner, self.default_owner):
            if guard is not None and not shiboken6.isValid(guard):
                return
        if call is not None:
            call()

    def _fail(self, failure: Failure | None, exc: BaseException) -> None:
        handler = failure or self.default_failure
        if handler is not None:
            handler(exc)
        else:
            log.error("background task failed", exc_info=exc)


def _bind(callback: Callable[[T], None] | None, result: T) -> Callable[[], None] | None:
    """`callback(result)` as a call without arguments (None when there is no callback)."""
    if callback is None:
        return None
    return lambda: callback(result)
