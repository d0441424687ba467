"""The signals that ask a command to stop, per OS, behind one context manager.

`logmeets record` and `logmeets sync` stop cleanly on them instead of dying mid-write. The per-OS
part: Windows has SIGBREAK (Ctrl+Break in a console, and the CTRL_BREAK_EVENT a parent sends with
`send_signal(signal.CTRL_BREAK_EVENT)`), whose default action ends the process at once; it is
handled like Ctrl+C.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def stop_signals(*, terminate: bool = True) -> list[signal.Signals]:
    """The interrupt signals (SIGINT; on Windows also SIGBREAK), plus SIGTERM when `terminate`."""
    found = [signal.SIGINT]
    if sys.platform == "win32":
        found.append(signal.SIGBREAK)
    if terminate:
        found.append(signal.SIGTERM)
    return found


@contextmanager
def stop_on_signals(stop: threading.Event, *, terminate: bool = True) -> Iterator[None]:
    """Sets `stop` when a stop signal arrives, instead of the signal's default action; restores
    the previous handlers on exit. Off the main thread (where Python cannot install handlers) it
    does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in stop_signals(terminate=terminate)}

    def handler(signum: int, frame: object) -> None:
        stop.set()

    for sig in previous:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
