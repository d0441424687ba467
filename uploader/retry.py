"""When to try again, and how long to wait first.

`should_retry(error)` is the one decision (a plain function, as in tus-js-client);
`Backoff` turns failures into waits: exponential with full jitter, capped, at least what the
server asked for with `Retry-After`, and its counter starts again after any progress. Nothing
here ever gives up on a pending chunk: an error that is not worth retrying soon (a bad
certificate, a refused request) waits the longest backoff instead and is shown to the user.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from uploader.errors import (
    AuthError,
    CustodyError,
    ForeignOriginError,
    HTTPStatusError,
    InsecureURLError,
    NetworkError,
    ProtocolError,
    ProxyError,
    TLSError,
    UploadError,
)

# Statuses that a later identical request may well get through: the server is busy, restarting
# or briefly broken, or (409/460/404/410/423) the tus state machine repairs the situation itself.
RETRYABLE_STATUS = frozenset({408, 409, 410, 404, 423, 425, 429, 460, 500, 502, 503, 504})
MAX_RETRY_AFTER = 3600.0  # a server asking for more than an hour is treated as asking an hour
MAX_EXPONENT = 60  # 2**60 exceeds any cap; keeps days of failures from overflowing a float
TRACKED_CHUNKS = 64  # chunks whose backoff is remembered between their uploads (bounded memory)


def should_retry(error: BaseException) -> bool:
    """True when `error` is worth retrying soon (after a backoff); False when only a change
    outside (a new login, a configuration fix, a new certificate) can help. Takes no attempt
    count: a transient error is retried however often it came (a pending chunk waits, it is
    never dropped)."""
    errors = (AuthError, TLSError, InsecureURLError, CustodyError, ForeignOriginError, ProxyError)
    if isinstance(error, errors):
        return False
    if isinstance(error, HTTPStatusError):
        return error.status in RETRYABLE_STATUS or error.status >= 500
    if isinstance(error, NetworkError | ProtocolError):
        return True
    return isinstance(error, UploadError | OSError)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date. None when
    absent or unreadable; never negative; capped at MAX_RETRY_AFTER."""
    if not value:
        return None
    value = value.strip()
    seconds: float | None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, min(seconds, MAX_RETRY_AFTER))


@dataclass
class Backoff:
    """Failure counter and wait computation for one stream of work (one chunk, or the sync loop).

    Full jitter (a random wait in [0, min(cap, base·2^(n-1))] after the n-th failure) spreads
    the retries of many clients after a server restart."""

    base: float = 1.0
    cap: float = 300.0
    slow: float = 900.0  # wait for errors that should_retry says will not heal soon
    attempt: int = 0  # failures since the last progress

    def failed(self, error: BaseException) -> float:
        """Counts one failure; returns the seconds to wait before the next try."""
        self.attempt += 1
        if not should_retry(error):
            return self.slow
        exponent = min(self.attempt - 1, MAX_EXPONENT)
        delay = random.uniform(0.0, min(self.cap, self.base * 2.0**exponent))
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            # The server said when; a small jitter on top avoids every client arriving at once.
            delay = float(retry_after) + random.uniform(0.0, min(1.0, self.base))
        return delay

    def progressed(self) -> None:
        """Resets the counter: the next failure waits the shortest time again."""
        self.attempt = 0


@dataclass
class ChunkRetry:
    """One chunk's backoff, kept across the re-creations of its upload. Progress is only bytes
    the server holds beyond the most it ever held of this chunk: an upload created again (after
    a 404) that gets the same first bytes again is no progress, so a URL that is always gone
    meets a growing wait instead of an instant new creation."""

    backoff: Backoff
    best: int = 0  # the highest offset the server has confirmed for this chunk

    def advanced(self, offset: int) -> None:
        """The server now holds `offset` bytes: progress (the backoff resets) if that is more
        than ever before."""
        if offset > self.best:
            self.best = offset
            self.backoff.progressed()


class ChunkRetries:
    """ChunkRetry per chunk id, for the TRACKED_CHUNKS most recently used chunks."""

    def __init__(self, limit: int = TRACKED_CHUNKS) -> None:
        self.limit = limit
        self._items: OrderedDict[str, ChunkRetry] = OrderedDict()
        self._factory: Callable[[], Backoff] | None = None

    def get(self, chunk_id: str, factory: Callable[[], Backoff]) -> ChunkRetry:
        """The chunk's state, made with `factory` when new (or when the factory changed: a
        `sync --once` bounds its backoffs, which the app's unbounded ones must not outlive)."""
        if factory is not self._factory:
            self._items.clear()
            self._factory = factory
        item = self._items.pop(chunk_id, None) or ChunkRetry(factory())
        self._items[chunk_id] = item
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return item

    def clear(self) -> None:
        """Forgets every chunk (a new endpoint: nothing learnt about the old one holds)."""
        self._items.clear()


class GiveUp(UploadError):
    """Only for `logmeets sync --once`: too many failures in a row without progress. Carries
    the code of the last error; the pass ends and reports instead of waiting."""


@dataclass
class BoundedBackoff(Backoff):
    """A Backoff that gives up (raises GiveUp) after `limit` failures without progress, or at
    any failure after `deadline` (time.monotonic()), and waits at most `max_wait` seconds: for a
    command that must end, never for the app."""

    limit: int = 4
    max_wait: float = 30.0
    deadline: float | None = None

    def failed(self, error: BaseException) -> float:
        """As Backoff.failed, but raises GiveUp once `limit` failures came in a row, or once
        the deadline has passed."""
        delay = super().failed(error)
        late = self.deadline is not None and time.monotonic() >= self.deadline
        if self.attempt >= self.limit or late:
            raise GiveUp(
                f"giving up for now: {error}", code=getattr(error, "code", "upload_error")
            ) from error
        return min(delay, self.max_wait)


@dataclass
class Waiter:
    """An interruptible sleep: `wake()` (connectivity changed, a chunk was sealed, the user
    pressed "retry now") ends the current wait early; `stop()` ends it for good."""

    _event: threading.Event = field(default_factory=threading.Event)
    stopped: bool = False

    def wait(self, seconds: float) -> bool:
        """Sleeps up to `seconds`; True when woken early (or stopped)."""
        woke = self._event.wait(max(0.0, seconds))
        if not self.stopped:
            self._event.clear()
        return woke

    def wake(self) -> None:
        """Ends the current (or next) wait now."""
        self._event.set()

    def stop(self) -> None:
        """Ends every wait from now on."""
        self.stopped = True
        self._event.set()
