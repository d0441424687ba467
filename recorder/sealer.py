"""Sealing full chunks off the writer thread: FLAC encode, then `outbox.seal_chunk`.

Two helper threads form a pipeline: the encoder FLAC-encodes chunk N+1 while the sealer thread
encrypts, writes and indexes chunk N (`seal_chunk`: age, sha256, write_atomic's fsyncs, SQLite).
The writer hands over a full chunk and goes back to the queue at once; `submit()` only waits
until the encoder is done with the previous chunk's PCM buffer (the writer has two and reuses
them), not until it is sealed. At most one chunk is being encoded and two encoded chunks wait for
or are in `seal_chunk` (the encoder waits for a free slot first), which bounds memory to the two
PCM buffers plus two FLAC chunks, and gives the writer back-pressure if sealing ever falls
behind real time. A chunk's journal is closed before it is submitted and only `seal_chunk`
deletes it, so a chunk that fails to encode or seal is still whole in its journal for recovery;
after the first failure later chunks are not sealed either (they stay journaled, in order).
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


@dataclass(frozen=True)
class _Encoded:
    index: int
    flac: bytes
    started_at: float
    duration: float


class ChunkSealer:
    """Encodes and seals the chunks of one recording, in order, on two helper threads."""

    def __init__(self, outbox: Any, recording_id: str, sample_rate: int, subtype: str) -> None:
        self._outbox: SealingOutbox = outbox
        self._recording_id = recording_id
        self._rate = sample_rate
        self._subtype = subtype
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._encoded: queue.SimpleQueue[_Encoded | None] = queue.SimpleQueue()
        # Encoded chunks held at once (one in seal_chunk, one waiting): bounds memory.
        self._flac_slots = threading.Semaphore(2)
        self._frames_free = threading.Event()  # the last submitted PCM buffer is released
        self._frames_free.set()
        self._pending = 0  # chunks submitted and not yet sealed (or given up)
        self._done = threading.Condition()
        self.sealed: list[ChunkInfo] = []
        self.error: RecorderError | None = None  # the first failure; later chunks stay journaled
        self._encoder = threading.Thread(
            target=self._encode_loop, name="recorder-encoder", daemon=True
        )
        self._sealer = threading.Thread(target=self._seal_loop, name="recorder-sealer", daemon=True)
        self._encoder.start()
        self._sealer.start()

    def submit(self, index: int, frames: Frames, *, started_at: float, duration: float) -> None:
        """Queues a full chunk once the previous chunk's frames are encoded. `frames` must stay
        untouched until the next `submit()` or `wait()` returns."""
        self._frames_free.wait()
        self._frames_free.clear()
        with self._done:
            self._pending += 1
        self._jobs.put(_Job(index, frames, started_at, duration))

    def wait(self) -> None:
        """Returns once every submitted chunk is sealed (or failed)."""
        with self._done:
            self._done.wait_for(lambda: self._pending == 0)

    def close(self) -> None:
        """Seals what was submitted and ends the threads."""
        self.wait()
        self._jobs.put(None)
        self._encoder.join()
        self._sealer.join()

    def _finished_one(self) -> None:
        with self._done:
            self._pending -= 1
            self._done.notify_all()

    def _encode_loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            flac: bytes | None = None
            self._flac_slots.acquire()  # waits while two encoded chunks are not sealed yet
            try:
                if self.error is None:
                    flac = self._encode(job)
            finally:
                self._frames_free.set()  # the writer may refill this buffer now
                if flac is None:
                    self._flac_slots.release()
                    self._finished_one()
            if flac is not None:
                self._encoded.put(_Encoded(job.index, flac, job.started_at, job.duration))
        self._encoded.put(None)

    def _seal_loop(self) -> None:
        while (item := self._encoded.get()) is not None:
            try:
                if self.error is None:
                    self._seal(item)
            finally:
                del item  # the FLAC bytes go before the slot is given back
                self._flac_slots.release()
                self._finished_one()

    def _encode(self, job: _Job) -> bytes | None:
        try:
            return encode_flac(job.frames, self._rate, self._subtype)
        except Exception as exc:
            self._failed(job.index, exc)
            return None

    def _seal(self, item: _Encoded) -> None:
        try:
            info = self._outbox.seal_chunk(
                self._recording_id,
                item.index,
                item.flac,
                started_at=item.started_at,
                duration=item.duration,
            )
        except Exception as exc:
            self._failed(item.index, exc)
            return
        self.sealed.append(info)

    def _failed(self, index: int, exc: Exception) -> None:
        if isinstance(exc, (OSError, OutboxError, CryptoError)):
            error = write_error(exc, "chunk")
            log.error("chunk %d not sealed (kept in its journal): %s", index, exc)
        else:
            log.exception("chunk %d not sealed (kept in its journal)", index)
            error = RecorderError(
                f"could not seal the chunk: {exc}",
                code="write_failed",
                what="chunk",
                detail=str(exc),
            )
        if self.error is None:
            self.error = error


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
