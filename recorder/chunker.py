"""Chunking: a fixed-size frame buffer for the open chunk and the in-memory FLAC encoder.

The buffer is allocated once per recording and reused for every chunk, so memory stays flat over
hours; frames are counted, never timed, so a chunk of 30 s holds exactly 30 * rate frames and the
chunks of a recording join back into every captured sample.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import numpy.typing as npt
import soundfile as sf

Frames = npt.NDArray[Any]


def encode_flac(frames: Frames, sample_rate: int, subtype: str) -> bytes:
    """FLAC file bytes for `frames` (frames x channels), encoded in memory: no audio on disk."""
    buf = io.BytesIO()
    sf.write(buf, frames, sample_rate, format="FLAC", subtype=subtype)
    return buf.getvalue()


def decode_flac(data: bytes, dtype: str = "int16") -> tuple[Frames, int]:
    """(frames x channels, sample rate) from FLAC bytes; the inverse of `encode_flac`."""
    frames, rate = sf.read(io.BytesIO(data), dtype=dtype, always_2d=True)
    return frames, int(rate)


class ChunkBuffer:
    """The frames of the open chunk, plus how many of them are already in the journal."""

    def __init__(self, capacity: int, channels: int, dtype: str) -> None:
        self._buf: Frames = np.zeros((capacity, channels), dtype=dtype)
        self.capacity = capacity
        self.frames = 0  # frames held
        self.journaled = 0  # frames already appended to the crash journal

    @property
    def full(self) -> bool:
        """True when the chunk holds `capacity` frames and must be sealed."""
        return self.frames >= self.capacity

    def add(self, block: Frames) -> int:
        """Copies as much of `block` as fits; returns how many frames were taken."""
        n = min(len(block), self.capacity - self.frames)
        if n > 0:
            self._buf[self.frames : self.frames + n] = block[:n]
            self.frames += n
        return n

    def unjournaled(self) -> Frames:
        """A view of the frames not yet in the journal."""
        return self._buf[self.journaled : self.frames]

    def mark_journaled(self) -> None:
        """Everything held is now in the journal."""
        self.journaled = self.frames

    def view(self) -> Frames:
        """A view of the frames held (valid until `clear()`)."""
        return self._buf[: self.frames]

    def clear(self) -> None:
        """Starts the next chunk in the same memory."""
        self.frames = 0
        self.journaled = 0
