"""A recording's timeline: the audio kept plus the gaps (pauses, device losses), in seconds.

Markers and gaps are placed on it, and each chunk starts on it after the gaps before it.
"""

from __future__ import annotations

import time

from outbox import Gap


class Timeline:
    """Gaps and the pause state of one recording; the writer thread changes it, any thread may
    read `offset()` (a torn read is off by one block at most)."""

    def __init__(self, sample_rate: int) -> None:
        self._rate = sample_rate
        self.gap_seconds = 0.0  # wall time of the gaps so far
        self.paused = False
        self._pause_started = 0.0  # time.monotonic()
        self._pause_offset = 0.0

    def offset(self, frames: int) -> float:
        """Seconds since the recording started, with `frames` kept: audio plus gaps, plus the
        pause going on."""
        extra = time.monotonic() - self._pause_started if self.paused else 0.0
        return frames / self._rate + self.gap_seconds + extra

    def pause(self, frames: int) -> bool:
        """Starts a pause (False: already paused)."""
        if self.paused:
            return False
        self._pause_offset = self.offset(frames)
        self._pause_started = time.monotonic()
        self.paused = True
        return True

    def resume(self) -> Gap | None:
        """Ends the pause: the gap to record (None: not paused)."""
        if not self.paused:
            return None
        elapsed = time.monotonic() - self._pause_started
        self.paused = False
        return self.gap(self._pause_offset, elapsed, "paused")

    def gap(self, start: float, seconds: float, reason: str) -> Gap:
        """A gap of `seconds` (wall time) at offset `start`, counted from now on."""
        self.gap_seconds += seconds
        return Gap(start=round(start, 3), end=round(start + seconds, 3), reason=reason)
