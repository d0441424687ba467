"""Sealing full chunks off the writer thread: FLAC encode plus `outbox.seal_chunk`.

The writer hands over a full chunk and goes back to the queue at once, so capture, journaling
and sealing overlap (libsndfile and fsync run without the GIL). At most one chunk is in flight:
`submit()` first waits for the previous one, which bounds memory to two chunk buffers and gives
the writer back-pressure if sealing ever falls behind real time. A chunk's journal is closed
before it is submitted and only `seal_chunk` deletes it, so a chunk that fails to seal is still
whole in its journal for recovery.
"""

from __future__ import annotations

import errno
import logging
import queue
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from crypto.errors import CryptoError
from outbox.errors import OutboxError
from outbox.model import ChunkInfo
from recorder.chunker import Frames, encode_flac
from recorder.errors import RecorderError

log = logging.getLogger(__name__)


class SealingOutbox(Protocol):
    """`outbox.store.Outbox.seal_chunk`: what sealing needs, and the base of the recorder's
    other outbox protocols (`RecorderOutbox`, `RecoveryOutbox`)."""

    def seal_chunk(
        self,
        recording_id: str,
        index: int,
        flac: bytes,
        *,
        started_at: float,
        duration: float,
        recovered: bool = False,
    ) -> ChunkInfo: ...


@dataclass(frozen=True)
class _Job:
    index: int
    frames: Frames
    started_at: float
    duration: float


class ChunkSealer:
    """One helper thread that encodes and seals the chunks of one recording, in order."""

    def __init__(self, outbox: Any, recording_id: str, sample_rate: int, subtype: str) -> None:
        self._outbox: SealingOutbox = outbox
        self._recording_id = recording_id
        self._rate = sample_rate
        self._subtype = subtype
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._idle = threading.Event()
        self._idle.set()
        self.sealed: list[ChunkInfo] = []
        self.error: RecorderError | None = None  # the first failure; later chunks stay journaled
        self._thread = threading.Thread(target=self._run, name="recorder-sealer", daemon=True)
        self._thread.start()

    def submit(self, index: int, frames: Frames, *, started_at: float, duration: float) -> None:
        """Queues a full chunk after the previous one is done. `frames` must stay untouched
        until the next `submit()` or `wait()` returns."""
        self.wait()
        self._idle.clear()
        self._jobs.put(_Job(index, frames, started_at, duration))

    def wait(self) -> None:
        """Returns once no chunk is being sealed."""
        self._idle.wait()

    def close(self) -> None:
        """Seals what was submitted and ends the thread."""
        self.wait()
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                if self.error is None:
                    self._seal(job)
            finally:
                self._idle.set()

    def _seal(self, job: _Job) -> None:
        try:
            flac = encode_flac(job.frames, self._rate, self._subtype)
            info = self._outbox.seal_chunk(
                self._recording_id,
                job.index,
                flac,
                started_at=job.started_at,
                duration=job.duration,
            )
        except (OSError, OutboxError, CryptoError) as exc:
            self.error = write_error(exc, "chunk")
            log.error("chunk %d not sealed (kept in its journal): %s", job.index, exc)
            return
        except Exception as exc:
            log.exception("chunk %d not sealed (kept in its journal)", job.index)
            self.error = RecorderError(
                f"could not seal the chunk: {exc}",
                code="write_failed",
                what="chunk",
                detail=str(exc),
            )
            return
        self.sealed.append(info)


def write_error(exc: BaseException, what: str) -> RecorderError:
    """A RecorderError for a failed write; disk_write_failed when the disk is full."""
    cause: BaseException | None = exc
    while cause is not None:
        if (isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT)) or (
            isinstance(cause, OutboxError) and cause.code in ("disk_full", "no_space")
        ):
            return RecorderError(
                f"the disk is full: could not write the {what}",
                code="disk_write_failed",
                what=what,
            )
        cause = cause.__cause__ or cause.__context__
    return RecorderError(
        f"could not write the {what}: {exc}", code="write_failed", what=what, detail=str(exc)
    )
