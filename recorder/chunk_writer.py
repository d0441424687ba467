"""The open chunk, on the writer thread: its frames, its crash journal, and the hand-over of a
full chunk to the sealer.

Frames are counted, never timed: a chunk of 30 s holds exactly 30 * rate frames. While a chunk
fills, the frames not yet journaled are appended to its journal every `journal_seconds` of audio
(at most once per `journal_min_wall_seconds` of wall time: a writer catching up on a backlog
batches its appends, group commit). A full chunk's last frames are appended and its journal
closed before it goes to the sealer, so every frame is durable, in a journal or in a sealed
chunk, within the journal period, and the sealer never touches a journal.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from typing import Protocol

from crypto.errors import CryptoError
from crypto.journal import MAX_RECORD_BYTES
from outbox import OutboxError
from recorder.chunker import ChunkBuffer, Frames
from recorder.errors import RecorderError
from recorder.formats import SampleFormat, to_journal_bytes
from recorder.options import RecordingOptions
from recorder.sealer import ChunkSealer, write_error

log = logging.getLogger(__name__)

# Idle journal appends (after a burst) at most this often: bounds the fsyncs of a device that
# delivers small blocks with pauses longer than the writer's queue poll.
IDLE_APPEND_SECONDS = 0.1


class JournalLike(Protocol):
    """`crypto.journal.JournalWriter` as the recorder uses it."""

    def append(self, pcm: bytes | memoryview) -> None: ...
    def close(self) -> None: ...


class JournalingOutbox(Protocol):
    """`outbox.store.Outbox.open_journal`."""

    def open_journal(self, recording_id: str, index: int) -> JournalLike: ...


def journal_pieces(frames: Frames, fmt: SampleFormat) -> Iterator[tuple[int, bytes | memoryview]]:
    """(frame count, journal bytes) for consecutive pieces of `frames`, each fitting one record.

    A writer far behind (a stalled disk, a full-speed run, big blocks) can have more waiting
    than one record may hold (`crypto.journal.MAX_RECORD_BYTES`: e.g. 44 s of 48 kHz stereo).
    """
    step = max(1, MAX_RECORD_BYTES // (frames.shape[1] * fmt.width))
    for start in range(0, len(frames), step):
        piece = frames[start : start + step]
        yield len(piece), to_journal_bytes(piece, fmt)


class ChunkWriter:
    """Fills chunks, journals them and hands full ones to `sealer`; writer thread only."""

    def __init__(
        self,
        outbox: JournalingOutbox,
        sealer: ChunkSealer,
        recording_id: str,
        started_at: float,
        options: RecordingOptions,
        fmt: SampleFormat,
    ) -> None:
        self._outbox = outbox
        self._sealer = sealer
        self._recording_id = recording_id
        self._started_at = started_at  # wall time of the recording's start
        self._fmt = fmt
        self._rate = options.sample_rate
        self._channels = options.recorded_channels
        self._capacity = round(options.chunk_seconds * options.sample_rate)
        self._journal_frames = max(1, round(options.journal_seconds * options.sample_rate))
        self._min_wall = options.journal_min_wall_seconds
        self._buffer = self._new_buffer()
        self._journal: JournalLike | None = None
        self._journaled_at = time.monotonic()  # of the last journal append
        self._index = 0  # of the open chunk
        self._offset = 0.0  # recording-timeline offset of the open chunk's first frame
        self.frames = 0  # frames kept in this recording (sealed, handed over or open)

    @property
    def waiting(self) -> int:
        """Frames of the open chunk not in its journal yet."""
        return self._buffer.frames - self._buffer.journaled

    def start_period(self) -> None:
        """The journal's wall-time period starts now (with the audio): the first append comes
        `journal_seconds` in, as every later one, not at once with a file creation's fsyncs."""
        self._journaled_at = time.monotonic()

    def add(self, block: Frames, gap_seconds: float) -> None:
        """Keeps `block`: a chunk that fills is handed to the sealer, and the journal appended
        when due. `gap_seconds`: the recording's gaps so far (a new chunk starts after them on
        the recording's timeline)."""
        while len(block):
            buffer = self._buffer
            if not buffer.frames:
                self._offset = self.frames / self._rate + gap_seconds
            taken = buffer.add(block)
            block = block[taken:]
            self.frames += taken
            if buffer.full:
                self.hand_over()
            elif self.waiting >= self._journal_frames and (
                time.monotonic() - self._journaled_at >= self._min_wall
            ):
                self.journal_now()

    def tick(self) -> None:
        """No audio for a queue poll (the writer has caught up, e.g. after a device's burst):
        journals what waits within `IDLE_APPEND_SECONDS`, so a burst never waits for the next."""
        if self.waiting and time.monotonic() - self._journaled_at >= min(
            IDLE_APPEND_SECONDS, self._min_wall
        ):
            self.journal_now()

    def journal_now(self) -> None:
        """Appends every frame of the open chunk not in its journal yet (creating the journal
        if needed). RecorderError(disk_write_failed / write_failed, what="journal") if not."""
        buffer = self._buffer
        pcm = buffer.unjournaled()
        if not len(pcm):
            return
        try:
            if self._journal is None:
                self._journal = self._outbox.open_journal(self._recording_id, self._index)
            for frames, data in journal_pieces(pcm, self._fmt):
                self._journal.append(data)
                buffer.mark_journaled(buffer.journaled + frames)
        except (OSError, OutboxError, CryptoError) as exc:
            raise write_error(exc, "journal") from exc
        self._journaled_at = time.monotonic()

    def hand_over(self) -> None:
        """Completes and closes the open chunk's journal, hands the chunk to the sealer and
        starts the next one. When the journal cannot be completed the chunk still goes to the
        sealer (memory then is the only place that holds all of it), and the journal's
        RecorderError is raised after."""
        frames = self._buffer.view()
        if not len(frames):
            return
        failure: RecorderError | None = None
        try:
            self.journal_now()
            if self._journal is not None:
                self._close_journal()
        except (OSError, CryptoError) as exc:
            failure = write_error(exc, "journal")
        except RecorderError as exc:
            failure = exc
        if failure is not None:
            self._close_journal_quietly()
        self._sealer.submit(
            self._index,
            frames,
            started_at=self._started_at + self._offset,
            duration=len(frames) / self._rate,
            in_journal=failure is None,
        )
        self._index += 1
        self._buffer = self._new_buffer()
        if failure is not None:
            raise failure

    def finish(self, failed: bool) -> RecorderError | None:
        """The recording's end: hands over the open chunk (unless the recording `failed`) and
        waits for the sealer. After a failure, earlier or here, the open chunk's tail stays in
        its journal (`salvage`). Returns the error that failed it here (None: none new)."""
        error: RecorderError | None = None
        if not failed:
            try:
                self.hand_over()
            except RecorderError as exc:
                error = exc
        self._sealer.close()
        if error is None and not failed:
            error = self._sealer.error
        if failed or error is not None:
            self.salvage()
        return error

    def salvage(self) -> None:
        """After a failed write: tries once more to journal the open chunk's tail, then closes
        the journal; recovery seals it at the next start. Never deletes anything."""
        try:
            self.journal_now()
        except RecorderError as exc:
            log.error("could not journal the last %d frames: %s", self.waiting, exc)
        self._close_journal_quietly()

    def _close_journal(self) -> None:
        # Closed before the sealer deletes it: Windows cannot delete an open file.
        journal, self._journal = self._journal, None
        if journal is not None:
            journal.close()

    def _close_journal_quietly(self) -> None:
        with contextlib.suppress(OSError, CryptoError):  # best effort: it is broken already
            self._close_journal()
        self._journal = None

    def _new_buffer(self) -> ChunkBuffer:
        # A new buffer per chunk: the one handed over belongs to the sealer until it is encoded.
        return ChunkBuffer(self._capacity, self._channels, self._fmt.dtype)
