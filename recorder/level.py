"""Input level meter: peak and RMS in dBFS plus a clipping flag.

`update()` runs on PortAudio's real-time thread, so it only does a few vectorised numpy
reductions on the block and adds to counters; `take()` runs on the writer thread and turns the
counters into a reading. A torn read between the two threads costs one slightly wrong meter
reading, never audio, so there is no lock (a lock could block the callback).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class LevelReading:
    """One meter reading; -inf dBFS means digital silence (or no audio since the last one)."""

    peak_dbfs: float
    rms_dbfs: float
    clipped: bool


class LevelMeter:
    """Accumulates peak, sum of squares and clipping between two `take()` calls."""

    def __init__(self, full_scale: float) -> None:
        self._full_scale = float(full_scale)
        self._peak = 0.0
        self._sum_squares = 0.0
        self._count = 0
        self._clipped = False

    def update(self, block: npt.NDArray[Any], rms_frames: int | None = None) -> None:
        """Adds one block (any integer or float dtype, frames x channels). Real-time safe enough:
        no locks, no logging, a float32 copy of one small block.

        The peak and the clipping flag always cover every sample. With `rms_frames`, the RMS
        covers only the block's last `rms_frames` frames: for a batch of many seconds (a writer
        catching up) the meter shows the level now, without a float copy of the whole batch."""
        if block.size == 0:
            return
        # max/min rather than abs(): abs(-32768) overflows int16.
        hi = float(block.max())
        lo = float(block.min())
        peak = max(hi, -lo)
        tail = block if rms_frames is None else block[-rms_frames:]
        samples = tail.astype(np.float32).ravel()
        self._sum_squares += float(np.dot(samples, samples))
        self._count += samples.size
        if peak > self._peak:
            self._peak = peak
        if hi >= self._full_scale - 1 or lo <= -self._full_scale:
            self._clipped = True

    @property
    def samples(self) -> int:
        """Samples metered since the last `take()` (0: no audio arrived meanwhile)."""
        return self._count

    def take(self) -> LevelReading:
        """The reading since the last call; resets the counters."""
        peak, total, count, clipped = self._peak, self._sum_squares, self._count, self._clipped
        self._peak, self._sum_squares, self._count, self._clipped = 0.0, 0.0, 0, False
        rms = math.sqrt(total / count) if count else 0.0
        return LevelReading(_dbfs(peak, self._full_scale), _dbfs(rms, self._full_scale), clipped)


def _dbfs(value: float, full_scale: float) -> float:
    if value <= 0:
        return float("-inf")
    return 20.0 * math.log10(value / full_scale)
