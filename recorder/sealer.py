"""Sealing full chunks off the writer thread: encode, encrypt, write, index; and the journal.

The writer hands over a full chunk (its frames, its open crash journal if it has one, the time by
which its frames not yet journaled must be durable, and a `release` callback) and goes back to
the queue at once. Then, on helper threads:

- encoder threads (`encoders`, default 2) FLAC-encode it and encrypt it (`prepare_chunk`: age,
  sha256);
- a store thread writes the chunk file (`write_chunk`: `.part`, fsync, rename, fsync dir) while
  an index thread indexes the chunk before it (`index_chunk`: SQLite, audit), both in submission
  order;
- a journal thread makes sure that the chunk's audio is durable by its `journal_due` time. If the
  chunk is indexed by then, its journal is not completed: the sealed chunk already holds every
  frame, and the journal (closed unfinished, or never created) is deleted. Otherwise the journal
  thread appends the frames the journal lacks and closes it (or writes the whole journal at once
  for a chunk that filled before its first append), and the journal is deleted once the chunk is
  indexed. So audio is never longer than the journal period without being durable, in a journal
  or in a sealed chunk, and in real time (a chunk sealed in ~30 ms) and at full speed (a backlog,
  a benchmark) the last append, or the whole journal, is not written for nothing.

In real time a chunk is sealed long before the next one is full, so one encoder would do.
Several matter when the writer is ahead of real time: a backlog after a stall, or a full-speed
run. Then chunks N and N+1 are encoded on two cores at once (libsndfile runs without the GIL),
which is what lets the pipeline keep pace with a bare FLAC encode (docs/recorder.md,
"Throughput").

Memory is bounded by slots: a chunk takes a slot before it is encoded and gives it back once it
is indexed, and there are `encoders + 2` of them (each encoder busy, one chunk being written, one
being indexed). Slots are taken in submission order, so the next chunk to seal always holds one:
encoders that run ahead cannot starve it. The frames are released once they are encoded and the
journal thread is done with them. After the first failure (in submission order) later chunks are
not sealed: their journals are completed at once, and they stay there, in order, for recovery;
except a chunk whose journal could not be completed, which is sealed from memory if it still can
be.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from crypto.errors import CryptoError
from outbox import ChunkInfo, OutboxError, SealedChunk, StagedChunk
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


class PipelineOutbox(Protocol):
    """What the sealer needs of `outbox.store.Outbox`: `seal_chunk`'s three steps, so that they
    can run on different threads, `write_journal` for a chunk handed over before the writer
    journaled any of it, and `remove_journal` once the chunk is indexed."""

    def write_journal(
        self, recording_id: str, index: int, pcm: Iterable[bytes | memoryview]
    ) -> None: ...
    def prepare_chunk(self, recording_id: str, flac: bytes) -> SealedChunk: ...
    def write_chunk(self, sealed: SealedChunk, index: int) -> StagedChunk: ...
    def index_chunk(
        self,
        staged: StagedChunk,
        *,
        started_at: float,
        duration: float,
        recovered: bool = False,
        keep_journal: bool = False,
    ) -> ChunkInfo: ...
    def discard_chunk(self, staged: StagedChunk) -> None: ...
    def remove_journal(self, recording_id: str, index: int) -> None: ...


@dataclass
class _Chunk:
    """One submitted chunk: sealed (encode, store, index) and made durable (the journal thread)
    on different threads. Its fields change under `ChunkSealer._done`."""

    seq: int  # submission order: the order of sealing
    index: int
    frames: Frames
    release: Callable[[], None]
    started_at: float
    duration: float
    journal: JournalLike | None  # the chunk's open journal, if the writer opened one
    journaled: int  # leading frames already in it
    journal_due: float  # time.monotonic() by which the other frames must be durable
    sealed: SealedChunk | None = None  # encoded and encrypted; None: `failure`
    failure: Exception | None = None  # the encode or the encryption failed
    journal_failure: Exception | None = None  # the journal could not be completed
    journal_done: threading.Event = field(default_factory=threading.Event)  # written or skipped
    settled: bool = False  # the index thread is done with it...
    indexed: bool = False  # ...and it was indexed: sealed for good
    frame_users: int = 2  # the encoder and the journal thread
    parts_left: int = 2  # the index thread and the journal thread


class ChunkSealer:
    """Journals and encodes chunks on helper threads and seals them in submission order."""

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
        self._outbox: PipelineOutbox = outbox
        self._recording_id = recording_id
        self._rate = sample_rate
        self._fmt = sample_format(subtype)
        self._to_journal: queue.SimpleQueue[_Chunk | None] = queue.SimpleQueue()
        self._to_encode: queue.SimpleQueue[_Chunk | None] = queue.SimpleQueue()
        self._dispatch = threading.Lock()  # a chunk and its slot are taken together, in order
        # Each encoder busy, one chunk being written, one being indexed.
        self._slots = threading.Semaphore(encoders + 2)
        self._to_index: queue.SimpleQueue[tuple[_Chunk, StagedChunk | None] | None] = (
            queue.SimpleQueue()
        )
        self._first_failure: int | None = None  # seq of the first chunk that failed
        self._ready: dict[int, _Chunk] = {}  # encoded, not yet written, by seq
        self._ready_changed = threading.Condition()
        self._workers_done = False
        self._submitted = 0
        self._pending = 0  # chunks submitted and not yet sealed and journaled (or given up)
        self._done = threading.Condition()  # also guards the _Chunk fields the threads share
        self.sealed: list[ChunkInfo] = []
        self.error: RecorderError | None = None  # the first failure; later chunks stay journaled
        self._workers = [
            threading.Thread(target=self._encode_loop, name=f"recorder-encoder-{i}", daemon=True)
            for i in range(encoders)
        ]
        self._workers.append(
            threading.Thread(target=self._journal_loop, name="recorder-journal", daemon=True)
        )
        self._sealers = [
            threading.Thread(target=self._store_loop, name="recorder-store", daemon=True),
            threading.Thread(target=self._index_loop, name="recorder-index", daemon=True),
        ]
        for thread in self._workers + self._sealers:
            thread.start()

    def submit(
        self,
        index: int,
        frames: Frames,
        *,
        started_at: float,
        duration: float,
        journal: JournalLike | None = None,
        journaled: int = 0,
        journal_due: float | None = None,
        release: Callable[[], None] | None = None,
    ) -> None:
        """Queues a full chunk and returns at once.

        `journal` is the chunk's open crash journal holding its first `journaled` frames (None:
        none yet); from now on the journal thread owns it. Unless the chunk is indexed by
        `journal_due` (a `time.monotonic()` time; None: now), the journal thread appends the
        rest and closes it. `frames` must stay untouched until `release()` is called (from a
        helper thread, once the chunk is encoded and its journal written or skipped)."""
        with self._done:
            self._pending += 1
            seq = self._submitted
            self._submitted += 1
        due = time.monotonic() if journal_due is None else journal_due
        chunk = _Chunk(
            seq, index, frames, release or _nothing, started_at, duration, journal, journaled, due
        )
        self._to_journal.put(chunk)
        self._to_encode.put(chunk)

    def wait(self) -> None:
        """Returns once every submitted chunk is sealed (or failed)."""
        with self._done:
            self._done.wait_for(lambda: self._pending == 0)

    def close(self) -> None:
        """Seals what was submitted and ends the threads."""
        self.wait()
        self._to_journal.put(None)
        self._to_encode.put(None)
        for thread in self._workers:
            thread.join()
        with self._ready_changed:
            self._workers_done = True
            self._ready_changed.notify_all()
        for thread in self._sealers:
            thread.join()

    def _journal_loop(self) -> None:
        """Makes each chunk durable by its due time, in submission order: it is indexed by
        then (the journal is not completed), or its journal is completed."""
        while (chunk := self._to_journal.get()) is not None:
            with self._done:
                # Not after a failure: the chunks after it stay in their journals.
                while not chunk.settled and self._first_failure is None:
                    left = chunk.journal_due - time.monotonic()
                    if left <= 0:
                        break
                    self._done.wait(left)
                skip = chunk.indexed
            if skip:
                if chunk.journal is not None:
                    with contextlib.suppress(OSError):  # it is deleted next either way
                        chunk.journal.abandon()
            else:
                chunk.journal_failure = self._complete_journal(chunk)
            chunk.journal_done.set()
            self._drop_frames(chunk)
            if chunk.journal_failure is not None:
                self._failed(chunk, chunk.journal_failure, "journal")
            self._part_done(chunk)

    def _encode_loop(self) -> None:
        while True:
            with self._dispatch:
                chunk = self._to_encode.get()
                if chunk is None:
                    self._to_encode.put(None)  # the other encoders end too
                    return
                self._slots.acquire()  # waits while encoders + 2 chunks are held
            try:
                flac = encode_flac(chunk.frames, self._rate, self._fmt.subtype)
                chunk.sealed = self._outbox.prepare_chunk(self._recording_id, flac)
            except Exception as exc:
                chunk.failure = exc
            self._drop_frames(chunk)
            with self._ready_changed:
                self._ready[chunk.seq] = chunk
                self._ready_changed.notify_all()

    def _drop_frames(self, chunk: _Chunk) -> None:
        """The encoder or the journal thread is done with the chunk's frames; after both the
        writer may refill them."""
        with self._done:
            chunk.frame_users -= 1
            last = chunk.frame_users == 0
        if last:
            chunk.release()

    def _part_done(self, chunk: _Chunk) -> None:
        """The index thread or the journal thread is done with the chunk; after both its journal
        is deleted if it was indexed (by the last of the two: the journal thread may still have
        been writing it), and the chunk is no longer pending."""
        with self._done:
            chunk.parts_left -= 1
            if chunk.parts_left:
                return
        if chunk.indexed:
            try:
                self._outbox.remove_journal(self._recording_id, chunk.index)
            except Exception as exc:  # harmless: the next open deletes a sealed chunk's journal
                log.warning("could not delete the journal of sealed chunk %d: %s", chunk.index, exc)
        with self._done:
            self._pending -= 1
            self._done.notify_all()

    def _store_loop(self) -> None:
        """Writes the chunks' files, in submission order (the fsyncs overlap the indexing)."""
        seq = 0
        while (item := self._next_ready(seq)) is not None:
            seq += 1
            staged: StagedChunk | None = None
            self._await_journal_after_failure(item)
            if item.failure is not None:
                self._failed(item, item.failure, "chunk")
            elif item.sealed is not None and self._to_seal(item):
                try:
                    staged = self._outbox.write_chunk(item.sealed, item.index)
                except Exception as exc:
                    self._failed(item, exc, "chunk")
            item.sealed = None  # the ciphertext is on disk (or given up): free it now
            self._to_index.put((item, staged))
        self._to_index.put(None)

    def _index_loop(self) -> None:
        """Indexes the written chunks, in submission order; each one's slot is freed here."""
        while (entry := self._to_index.get()) is not None:
            item, staged = entry
            indexed = False
            try:
                if staged is not None:
                    self._await_journal_after_failure(item)
                if staged is not None and not self._to_seal(item):
                    self._outbox.discard_chunk(staged)  # a chunk before it failed meanwhile
                elif staged is not None:
                    # The journal thread deletes the journal: it may still have it open.
                    info = self._outbox.index_chunk(
                        staged,
                        started_at=item.started_at,
                        duration=item.duration,
                        keep_journal=True,
                    )
                    self.sealed.append(info)
                    indexed = True
            except Exception as exc:
                self._failed(item, exc, "chunk")
            finally:
                del entry
                self._slots.release()
                with self._done:
                    item.settled, item.indexed = True, indexed
                    self._done.notify_all()
                self._part_done(item)
                del item

    def _await_journal_after_failure(self, chunk: _Chunk) -> None:
        """After an earlier chunk failed, whether `chunk` is sealed depends on its journal
        (`_to_seal`): wait until the journal thread, hurried by the failure, has written it."""
        first = self._first_failure
        if first is not None and first < chunk.seq:
            chunk.journal_done.wait()

    def _to_seal(self, chunk: _Chunk) -> bool:
        """Whether `chunk` is sealed: not after an earlier chunk failed (it stays in its journal,
        in order, for recovery), unless its journal is incomplete: then memory is the only place
        left that holds all of it."""
        first = self._first_failure
        return first is None or first >= chunk.seq or chunk.journal_failure is not None

    def _next_ready(self, seq: int) -> _Chunk | None:
        """Chunk `seq` once journaled and encoded; None when the helpers ended with none left."""
        with self._ready_changed:
            self._ready_changed.wait_for(lambda: seq in self._ready or self._workers_done)
            return self._ready.pop(seq, None)

    def _complete_journal(self, job: _Chunk) -> Exception | None:
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
            # Closed before it is deleted (once its chunk is indexed): Windows cannot delete an
            # open file.
            journal.close()
        except Exception as exc:
            if journal is not None:
                with contextlib.suppress(Exception):  # best effort: it is broken already
                    journal.close()
            return exc
        return None

    def _failed(self, chunk: _Chunk, exc: Exception, what: str) -> None:
        """Records a failure; `what` failed: the "chunk" (its encode or seal: it stays in its
        journal) or its "journal" (sealed from memory if that still could be). `error` is the
        failure of the earliest chunk."""
        index = chunk.index
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
        with self._done:
            if self._first_failure is None or chunk.seq < self._first_failure:
                self._first_failure = chunk.seq
                self.error = error
            self._done.notify_all()  # the journal thread stops waiting for seals


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
