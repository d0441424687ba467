"""Sealing full chunks off the writer thread: FLAC encode, then `outbox.seal_chunk`.

Encoder threads FLAC-encode submitted chunks while one sealer thread encrypts, writes and
indexes the encoded ones (`seal_chunk`: age, sha256, write_atomic's fsyncs, SQLite), strictly in
the order they were submitted. The writer hands over a full chunk with a `release` callback,
which an encoder calls as soon as it no longer needs the PCM, and goes back to the queue at once.

In real time a chunk is encoded and sealed long before the next one is full, so one encoder
would do. Several (`encoders`, default 2) matter when the writer is ahead of real time: a
backlog after a stall, or a full-speed run. Then chunks N and N+1 are encoded on two cores at
once (libsndfile runs without the GIL), which is what lets the pipeline keep pace with a bare
FLAC encode (docs/recorder.md, "Throughput").

Memory is bounded by slots: a chunk takes a slot before it is encoded and gives it back once it
is sealed, and there are `encoders + 1` of them (each encoder busy, one chunk in `seal_chunk`).
Slots are taken in submission order, so the next chunk to seal always holds one: encoders that
run ahead cannot starve it. A chunk's journal is closed before it is submitted and only
`seal_chunk` deletes it, so a chunk that fails to encode or seal is still whole in its journal
for recovery; after the first failure (in submission order) later chunks are not sealed either:
they stay journaled, in order.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from crypto.errors import CryptoError
from outbox.errors import OutboxError
from outbox.model import ChunkInfo
from recorder.chunker import Frames, encode_flac
from recorder.errors import RecorderError
from recorder.formats import sample_format
from recorder.journaling import JournalLike, journal_pieces

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


class JournalingOutbox(SealingOutbox, Protocol):
    """What the sealer needs: `seal_chunk`, and `write_journal` for a chunk handed over before
    the writer journaled any of it."""

    def write_journal(
        self, recording_id: str, index: int, pcm: Iterable[bytes | memoryview]
    ) -> None: ...


@dataclass(frozen=True)
class _Job:
    seq: int  # submission order: the order of sealing
    index: int
    frames: Frames
    release: Callable[[], None]
    started_at: float
    duration: float
    journal: JournalLike | None  # the chunk's open journal, if the writer opened one
    journaled: int  # leading frames already in it


@dataclass(frozen=True)
class _Encoded:
    index: int
    flac: bytes | None  # None: the encode failed (`failure`) or was skipped after an error
    started_at: float
    duration: float
    failure: Exception | None = None  # the encode failed
    journal_failure: Exception | None = None  # the journal could not be completed


class ChunkSealer:
    """Encodes chunks on `encoders` threads and seals them, in submission order, on one more."""

    def __init__(
        self,
        outbox: Any,
        recording_id: str,
        sample_rate: int,
        subtype: str,
        *,
        encoders: int = 2,
    ) -> None:
        if encoders < 1:
            raise ValueError("at least one encoder thread is needed")
        self._outbox: JournalingOutbox = outbox
        self._recording_id = recording_id
        self._rate = sample_rate
        self._fmt = sample_format(subtype)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._dispatch = threading.Lock()  # a job and its slot are taken together, in order
        self._slots = threading.Semaphore(encoders + 1)
        self._ready: dict[int, _Encoded] = {}  # encoded, by submission order, not yet sealed
        self._ready_changed = threading.Condition()
        self._encoders_done = False
        self._submitted = 0
        self._pending = 0  # chunks submitted and not yet sealed (or given up)
        self._done = threading.Condition()
        self.sealed: list[ChunkInfo] = []
        self.error: RecorderError | None = None  # the first failure; later chunks stay journaled
        self._encoders = [
            threading.Thread(target=self._encode_loop, name=f"recorder-encoder-{i}", daemon=True)
            for i in range(encoders)
        ]
        self._sealer = threading.Thread(target=self._seal_loop, name="recorder-sealer", daemon=True)
        for thread in self._encoders:
            thread.start()
        self._sealer.start()

    def submit(
        self,
        index: int,
        frames: Frames,
        *,
        started_at: float,
        duration: float,
        journal: JournalLike | None = None,
        journaled: int = 0,
        release: Callable[[], None] | None = None,
    ) -> None:
        """Queues a full chunk and returns at once.

        `journal` is the chunk's open crash journal holding its first `journaled` frames (None:
        none yet, the encoder opens it); the encoder appends the rest and closes it before
        encoding, and from then on owns it. `frames` must stay untouched until `release()` is
        called (by an encoder thread, once it no longer needs them)."""
        with self._done:
            self._pending += 1
            seq = self._submitted
            self._submitted += 1
        job = _Job(
            seq, index, frames, release or _nothing, started_at, duration, journal, journaled
        )
        self._jobs.put(job)

    def wait(self) -> None:
        """Returns once every submitted chunk is sealed (or failed)."""
        with self._done:
            self._done.wait_for(lambda: self._pending == 0)

    def close(self) -> None:
        """Seals what was submitted and ends the threads."""
        self.wait()
        self._jobs.put(None)
        for thread in self._encoders:
            thread.join()
        with self._ready_changed:
            self._encoders_done = True
            self._ready_changed.notify_all()
        self._sealer.join()

    def _encode_loop(self) -> None:
        while True:
            with self._dispatch:
                job = self._jobs.get()
                if job is None:
                    self._jobs.put(None)  # the other encoders end too
                    return
                self._slots.acquire()  # waits while encoders + 1 chunks are held
            try:
                item = self._encode(job)
            finally:
                job.release()  # the writer may refill these frames now
            with self._ready_changed:
                self._ready[job.seq] = item
                self._ready_changed.notify_all()

    def _seal_loop(self) -> None:
        seq = 0
        while (item := self._next_encoded(seq)) is not None:
            seq += 1
            try:
                if item.failure is not None:
                    self._failed(item.index, item.failure, "chunk")
                # After a failure later chunks stay in their journals, in order, for recovery;
                # but one whose journal is incomplete is sealed all the same: memory is the only
                # place left that holds all of it.
                elif item.flac is not None and (
                    self.error is None or item.journal_failure is not None
                ):
                    self._seal(item)
                if item.journal_failure is not None:
                    self._failed(item.index, item.journal_failure, "journal")
            finally:
                del item  # the FLAC bytes go before the slot is given back
                self._slots.release()
                with self._done:
                    self._pending -= 1
                    self._done.notify_all()

    def _next_encoded(self, seq: int) -> _Encoded | None:
        """Chunk `seq` once encoded; None when the encoders ended with nothing left."""
        with self._ready_changed:
            self._ready_changed.wait_for(lambda: seq in self._ready or self._encoders_done)
            return self._ready.pop(seq, None)

    def _encode(self, job: _Job) -> _Encoded:
        journal_failure = self._complete_journal(job)
        flac: bytes | None = None
        failure: Exception | None = None
        # After a failure the chunk stays in its journal, unless that is incomplete.
        if self.error is None or journal_failure is not None:
            try:
                flac = encode_flac(job.frames, self._rate, self._fmt.subtype)
            except Exception as exc:
                failure = exc
        return _Encoded(job.index, flac, job.started_at, job.duration, failure, journal_failure)

    def _complete_journal(self, job: _Job) -> Exception | None:
        """Appends the frames the journal lacks and closes it; the error if that failed."""
        journal = job.journal
        try:
            pieces = (data for _, data in journal_pieces(job.frames[job.journaled :], self._fmt))
            if journal is None:
                # Filled faster than the journal period (a writer catching up): the whole
                # journal in one atomic write, closed.
                self._outbox.write_journal(self._recording_id, job.index, pieces)
                return None
            for data in pieces:
                journal.append(data)
            # Closed before sealing: seal_chunk deletes it, and Windows cannot delete an open file.
            journal.close()
        except Exception as exc:
            if journal is not None:
                with contextlib.suppress(Exception):  # best effort: it is broken already
                    journal.close()
            return exc
        return None

    def _seal(self, item: _Encoded) -> None:
        assert item.flac is not None
        try:
            info = self._outbox.seal_chunk(
                self._recording_id,
                item.index,
                item.flac,
                started_at=item.started_at,
                duration=item.duration,
            )
        except Exception as exc:
            self._failed(item.index, exc, "chunk")
            return
        self.sealed.append(info)

    def _failed(self, index: int, exc: Exception, what: str) -> None:
        """Records the first failure; `what` failed: the "chunk" (its encode or seal: it stays
        in its journal) or its "journal" (sealed from memory if that still could be)."""
        if what == "chunk":
            failed = f"chunk {index} not sealed (kept in its journal)"
        else:
            failed = f"the journal of chunk {index} could not be completed"
        if isinstance(exc, (OSError, OutboxError, CryptoError)):
            error = write_error(exc, what)
            log.error("%s: %s", failed, exc)
        else:
            log.error("%s", failed, exc_info=exc)
            error = RecorderError(
                f"could not write the {what}: {exc}",
                code="write_failed",
                what=what,
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


def _nothing() -> None:
    pass
