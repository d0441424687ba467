"""An optional upload bandwidth limit: a token bucket that request bodies draw from
(`uploader.body.PieceBody`)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """`rate` bytes per second on average, bursts up to `burst` bytes. Thread-safe."""

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = float(rate)
        self.burst = float(burst if burst is not None else max(rate / 4, 16 * 1024))
        self._tokens = self.burst
        self._clock = clock
        self._sleep = sleep
        self._last = clock()
        self._lock = threading.Lock()

    @classmethod
    def from_kbps(cls, kbps: int) -> TokenBucket | None:
        """The bucket for a `bandwidth_limit_kbps` setting (kilobits per second); None for 0."""
        return cls(kbps * 1000 / 8) if kbps > 0 else None

    def take(self, n: int) -> None:
        """Blocks until `n` bytes may be sent."""
        remaining = float(n)
        while remaining >= 0.5:  # float dust below half a byte is not worth a sleep
            with self._lock:
                now = self._clock()
                self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
                self._last = now
                grant = min(remaining, self._tokens)
                self._tokens -= grant
                remaining -= grant
                deficit = min(remaining, self.burst)
            if remaining >= 0.5:
                self._sleep(max(deficit / self.rate, 0.001))
