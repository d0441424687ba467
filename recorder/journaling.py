"""Appending a chunk's frames to its crash journal, in records no bigger than one may hold.

Shared by the writer (a periodic append while the chunk fills) and the sealer's journal thread
(the rest of a full chunk, then the end record), so both cut and convert the PCM the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from crypto.journal import MAX_RECORD_BYTES
from recorder.chunker import Frames
from recorder.formats import SampleFormat, to_journal_bytes


class JournalLike(Protocol):
    """`crypto.journal.JournalWriter` as the recorder uses it."""

    def append(self, pcm: bytes | memoryview) -> None: ...
    def close(self) -> None: ...
    def abandon(self) -> None: ...


def journal_pieces(frames: Frames, fmt: SampleFormat) -> Iterator[tuple[int, bytes | memoryview]]:
    """(frame count, journal bytes) for consecutive pieces of `frames`, each fitting one record.

    A writer far behind (a stalled disk, a full-speed run, big blocks) can have more waiting
    than one record may hold (`crypto.journal.MAX_RECORD_BYTES`: e.g. 44 s of 48 kHz stereo).
    """
    step = max(1, MAX_RECORD_BYTES // (frames.shape[1] * fmt.width))
    for start in range(0, len(frames), step):
        piece = frames[start : start + step]
        yield len(piece), to_journal_bytes(piece, fmt)
