"""Upload progress as a person reads it: bytes left, a smoothed speed and the time left, from
the uploader's `UploadStarted`/`UploadProgress` events. One meter serves the window's status
bar and tray tooltip and `logmeets sync`'s progress bar; the sizes and times are written by
`size_text` and `clock_text`, the one place each is formatted.

Qt-free and not thread-safe: the thread that receives the events (the GUI thread behind the
event bridge, or the CLI's printer under its lock) feeds it and reads it."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from uploader import ChunkConfirmed, UploadProgress, UploadStarted

SPEED_WINDOW = 5.0  # seconds of progress the speed is averaged over
MIN_SPAN = 0.5  # a shorter span is counted as this long: early figures err low, never wild


def size_text(n: float) -> str:
    """Bytes as a person reads them: 812 B, 14.2 kB, 3.5 MB, 1.2 GB (SI units)."""
    for unit in ("B", "kB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


def clock_text(seconds: float) -> str:
    """H:MM:SS (or M:SS under an hour), rounded to the second; the same in every language."""
    s = max(0, round(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


@dataclass(frozen=True)
class TransferFigures:
    """What the meter says at one moment."""

    total: int  # bytes of the chunks expected
    left: int  # of them, not sent yet
    speed: float | None  # bytes per second over the last SPEED_WINDOW, None before any progress
    seconds_left: float | None  # left / speed, None while the speed is unknown or zero

    @property
    def fraction(self) -> float:
        """Sent out of total, 0..1 (1 when nothing is expected)."""
        return 1.0 - self.left / self.total if self.total else 1.0


class TransferMeter:
    """Bytes left of the chunks to send, the speed they go at, and the time that leaves."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._sizes: dict[str, int] = {}  # chunk id -> bytes, the chunks to send
        self._sent: dict[str, int] = {}  # chunk id -> bytes sent of it
        self._moved = 0  # bytes that went out since the meter started (for the speed)
        self._samples: deque[tuple[float, int]] = deque()  # (time, _moved) within the window

    def expect(self, sizes: Mapping[str, int]) -> None:
        """The chunks still to send and their sizes (replaces the last set; what is sent of a
        chunk that stays is kept)."""
        self._sizes = dict(sizes)
        self._sent = {cid: n for cid, n in self._sent.items() if cid in self._sizes}

    def started(self, chunk_id: str, total: int, offset: int) -> None:
        """A chunk begins; the server already has `offset` bytes of it."""
        self._sizes[chunk_id] = total
        self._sent[chunk_id] = offset

    def progress(self, chunk_id: str, sent: int, total: int) -> None:
        """`sent` bytes of a chunk have gone out."""
        self._sizes[chunk_id] = total
        before = self._sent.get(chunk_id, sent)
        self._sent[chunk_id] = sent
        if sent > before:
            self._moved += sent - before
            self._sample()

    def done(self, chunk_id: str) -> None:
        """The chunk is on the server in full (confirmed)."""
        if chunk_id in self._sizes:
            self._sent[chunk_id] = self._sizes[chunk_id]

    def feed(self, event: object) -> bool:
        """Takes an uploader event; False for one the meter does not use."""
        if isinstance(event, UploadProgress):
            self.progress(event.chunk_id, event.sent, event.total)
        elif isinstance(event, UploadStarted):
            self.started(event.chunk_id, event.total, event.offset)
        elif isinstance(event, ChunkConfirmed):
            self.done(event.chunk_id)
        else:
            return False
        return True

    def figures(self) -> TransferFigures:
        """Total, left, speed and time left now."""
        total = sum(self._sizes.values())
        left = sum(max(0, size - self._sent.get(cid, 0)) for cid, size in self._sizes.items())
        speed = self.speed()
        seconds = left / speed if speed else None
        return TransferFigures(total, left, speed, seconds)

    def speed(self) -> float | None:
        """Bytes per second over the last SPEED_WINDOW seconds (a stall brings it down)."""
        now = self._clock()
        self._trim(now)
        if not self._samples:
            return None
        first_time, first_moved = self._samples[0]
        return (self._moved - first_moved) / max(now - first_time, MIN_SPAN)

    def _sample(self) -> None:
        # The first sample's own bytes are not counted: the time they took is not known.
        now = self._clock()
        self._samples.append((now, self._moved))
        self._trim(now)

    def _trim(self, now: float) -> None:
        # Keep one sample at or before the window's start, so the window stays full.
        while len(self._samples) > 1 and self._samples[1][0] <= now - SPEED_WINDOW:
            self._samples.popleft()
