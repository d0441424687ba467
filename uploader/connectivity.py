"""Is the server reachable? A cheap probe (one TCP connect, no TLS, no request) and a monitor
that wakes the sync thread the moment the answer turns from no to yes, instead of letting it
sleep out a long backoff. The app may also call `SyncScheduler.network_changed()` from the OS's
own network notifications; this monitor is the portable fallback."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

log = logging.getLogger(__name__)


def probe(url: str, timeout: float = 3.0) -> bool:
    """True when a TCP connection to `url`'s host and port opens within `timeout` seconds."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class ConnectivityMonitor:
    """Probes `url` every `interval` seconds while `watching` is set; calls `on_online` when a
    probe succeeds after one failed (or when watching starts and the server answers)."""

    def __init__(
        self,
        url: str,
        on_online: Callable[[], None],
        *,
        interval: float = 5.0,
        probe_fn: Callable[[str], bool] = probe,
    ) -> None:
        self.url = url
        self.on_online = on_online
        self.interval = interval
        self._probe = probe_fn
        self._watching = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Starts the monitor thread (idle until `watch(True)`)."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="logmeets-connectivity", daemon=True
            )
            self._thread.start()

    def watch(self, on: bool) -> None:
        """Starts (we are offline) or stops (we are online) probing."""
        if on:
            self._watching.set()
        else:
            self._watching.clear()

    def stop(self) -> None:
        """Ends the monitor thread."""
        self._stop.set()
        self._watching.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._watching.wait()
            if self._stop.is_set():
                return
            if self._probe(self.url):
                log.info("server reachable again: retrying now")
                self._watching.clear()
                self.on_online()
            else:
                self._stop.wait(self.interval)
