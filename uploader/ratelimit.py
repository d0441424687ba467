"""An optional upload bandwidth limit: a token bucket, and a request body that draws from it."""

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


class ThrottledBody:
    """A file-like request body over `data` that takes tokens before each block it hands out.
    requests sees `__len__` and sends a Content-Length; urllib3 reads it block by block."""

    def __init__(self, data: bytes | memoryview, bucket: TokenBucket, block: int = 16 * 1024):
        self._view = memoryview(data)
        self._pos = 0
        self._bucket = bucket
        self._block = block

    def __len__(self) -> int:
        return len(self._view)

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (at most one block), after the bucket allows them."""
        if size is None or size < 0 or size > self._block:
            size = self._block
        piece = self._view[self._pos : self._pos + size]
        self._pos += len(piece)
        if piece:
            self._bucket.take(len(piece))
        return bytes(piece)
