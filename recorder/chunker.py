"""Chunking: a fixed-size frame buffer for the open chunk and the in-memory FLAC encoder.

Frames are counted, never timed, so a chunk of 30 s holds exactly 30 * rate frames and the
chunks of a recording join back into every captured sample. Each chunk gets a fresh buffer
(numpy's big arrays are mapped and unmapped whole), so memory stays flat over hours.
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any

import numpy as np
import numpy.typing as npt
import soundfile as sf

Frames = npt.NDArray[Any]


def encode_flac(frames: Frames, sample_rate: int, subtype: str) -> bytes:
    """FLAC file bytes for `frames` (frames x channels), encoded in memory: no audio on disk."""
    if _HAS_MEMFD:
        return _encode_flac_memfd(frames, sample_rate, subtype)
    buf = io.BytesIO()
    sf.write(buf, frames, sample_rate, format="FLAC", subtype=subtype)
    return buf.getvalue()


# Linux: encode into an anonymous memory file (memfd_create: RAM only, no name in any file
# system, gone when closed), so libsndfile writes with its own C I/O. Into a BytesIO, libsndfile
# calls back into Python for every FLAC frame (~360 calls per 30 s of mono), and each call must
# take the GIL back: next to a busy writer thread every call waits up to the 5 ms switch
# interval, which made the encode 2x (pipeline) to 100x (one busy Python thread) slower
# (bench/RESULTS.md). Same bytes either way; other systems use the BytesIO.
_HAS_MEMFD = hasattr(os, "memfd_create")


def _encode_flac_memfd(frames: Frames, sample_rate: int, subtype: str) -> bytes:
    if sys.platform != "linux":
        # Only reached through _HAS_MEMFD; lets mypy --platform win32/darwin skip the rest.
        raise OSError("memfd_create is Linux-only")
    fd = os.memfd_create("logmeets-flac", os.MFD_CLOEXEC)
    try:
        channels = frames.shape[1] if frames.ndim == 2 else 1
        with sf.SoundFile(
            fd, "w", sample_rate, channels, subtype, format="FLAC", closefd=False
        ) as out:
            out.write(frames)
        size = os.fstat(fd).st_size
        # pread copies without holding the GIL (an mmap slice would hold it).
        parts: list[bytes] = []
        offset = 0
        while offset < size:
            part = os.pread(fd, size - offset, offset)
            if not part:
                break
            parts.append(part)
            offset += len(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


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

    def mark_journaled(self, frames: int | None = None) -> None:
        """The first `frames` frames (default: everything held) are now in the journal."""
        self.journaled = self.frames if frames is None else min(frames, self.frames)

    def view(self) -> Frames:
        """A view of the frames held (valid until `clear()`)."""
        return self._buf[: self.frames]

    def clear(self) -> None:
        """Starts the next chunk in the same memory."""
        self.frames = 0
        self.journaled = 0
