"""The one sealer thread: each full chunk the writer hands over is FLAC-encoded, sealed with age,
written and indexed (`Outbox.seal_chunk`, which also deletes the chunk's journal), in order.

The writer hands a chunk over through a bounded queue once the chunk's journal is complete and
closed (recorder/chunk_writer.py), so every frame of it is durable before the sealer starts.
Channel 2's gaps go through the same queue, so that the writer does not wait on the outbox's
database and audit log (fsyncs, the keyring) each time the computer's audio comes or goes.
The queue holds `backlog` chunks: memory is bounded to the open chunk, the queued ones and the
one being sealed, and a writer far ahead of the sealer (a slow disk, a full-speed benchmark)
waits on `submit()`. In real time a 30 s chunk seals in tens of milliseconds, so the queue is
empty nearly always.

After the first failure, later chunks are not sealed: they stay whole in their journals, in
order, for recovery at the next start. A chunk whose journal could not be completed is sealed
from memory all the same, if that still works: nothing else holds all of it.
"""

from __future__ import annotations

import errno
import logging
import queue
import threading
from dataclasses import dataclass
from typing import Protocol

from crypto.errors import CryptoError
from outbox import ChunkInfo, Gap, OutboxError
from recorder.chunker import Frames, encode_flac
from recorder.errors import RecorderError

log = logging.getLogger(__name__)


class SealingOutbox(Protocol):
    """`outbox.store.Outbox.seal_chunk` and `add_gap`: what the sealer writes, and the base of
    the recorder's other outbox protocols (`RecorderOutbox`, `RecoveryOutbox`)."""

    def add_gap(self, recording_id: str, gap: Gap) -> None: ...

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
class _Chunk:
    index: int
    frames: Frames
    started_at: float
    duration: float
    in_journal: bool  # whole in a closed journal: may be left there after a failure


class ChunkSealer:
    """Seals handed-over chunks on one thread, in the order they were submitted."""

    def __init__(
        self,
        outbox: SealingOutbox,
        recording_id: str,
        sample_rate: int,
        subtype: str,
        *,
        backlog: int = 1,
    ) -> None:
        if backlog < 1:
            raise ValueError("the sealer's queue must hold at least one chunk")
        self._outbox = outbox
        self._recording_id = recording_id
        self._rate = sample_rate
        self._subtype = subtype
        self._queue: queue.Queue[_Chunk | Gap | None] = queue.Queue(maxsize=backlog)
        self.sealed: list[ChunkInfo] = []  # appended on the sealer thread only
        self.error: RecorderError | None = None  # the first failure; later chunks stay journaled
        self._thread = threading.Thread(target=self._run, name="recorder-sealer", daemon=True)
        self._thread.start()

    def submit(
        self,
        index: int,
        frames: Frames,
        *,
        started_at: float,
        duration: float,
        in_journal: bool = True,
    ) -> None:
        """Queues a full chunk; waits only while `backlog` chunks are already queued.

        `frames` belong to the sealer from now on. `in_journal`: the chunk is whole in its
        closed journal (False: the journal could not be completed, so after an earlier failure
        the chunk is still sealed from memory)."""
        self._queue.put(_Chunk(index, frames, started_at, duration, in_journal))

    def add_gap(self, gap: Gap) -> None:
        """Queues a gap of the recording, written after the chunks submitted before it."""
        self._queue.put(gap)

    def close(self) -> None:
        """Seals what was submitted and ends the thread."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if isinstance(chunk, Gap):
                self._write_gap(chunk)
                continue
            if self.error is not None and chunk.in_journal:
                continue  # recovery seals it from its journal, after the one that failed
            try:
                flac = encode_flac(chunk.frames, self._rate, self._subtype)
                info = self._outbox.seal_chunk(
                    self._recording_id,
                    chunk.index,
                    flac,
                    started_at=chunk.started_at,
                    duration=chunk.duration,
                )
            except Exception as exc:
                self._failed(chunk, exc)
            else:
                self.sealed.append(info)
            del chunk  # the frames go now, not when the next chunk comes

    def _write_gap(self, gap: Gap) -> None:
        try:
            self._outbox.add_gap(self._recording_id, gap)
        except (OSError, OutboxError, CryptoError) as exc:  # the audio is kept; only the note
            log.error("could not note the gap %s: %s", gap, exc)

    def _failed(self, chunk: _Chunk, exc: Exception) -> None:
        if isinstance(exc, (OSError, OutboxError, CryptoError)):
            log.error("chunk %d not sealed (kept in its journal): %s", chunk.index, exc)
            error = write_error(exc, "chunk")
        else:
            log.error("chunk %d not sealed (kept in its journal)", chunk.index, exc_info=exc)
            error = RecorderError(
                f"could not write the chunk: {exc}",
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
