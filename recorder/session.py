"""One recording: the writer thread that turns captured blocks into journal records and sealed
chunks, and the controls around it (stop, pause, resume, markers, title).

Threads (ARCHITECTURE §6, docs/recorder.md "Threads"): PortAudio's callback only fills
`Capture.queue`; a full chunk's last journal records, its FLAC encode, encryption, file and
index run on the helper threads of `recorder.sealer`; everything else - the level meter, the
journal appends while a chunk fills, every other outbox call, device recovery, disk checks and
the events - happens on the one writer thread started here. Callers on other
threads only set flags or post commands. The outbox is thread-safe (one lock).
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from crypto.errors import CryptoError
from outbox import ChunkInfo, EventBus, Gap, Marker, OutboxError, RecordingInfo
from recorder.capture import Block, Capture, PortAudioStreams, StreamSource
from recorder.chunker import BufferPool
from recorder.disk import below_reserve, seconds_left
from recorder.errors import RecorderError
from recorder.events import (
    CaptureStarted,
    DeviceLost,
    DeviceRecovered,
    DiskLow,
    DiskTimeLeft,
    LevelChanged,
    OverflowCounted,
    RecordingStopped,
    StopReason,
)
from recorder.formats import SampleFormat, sample_format
from recorder.journaling import JournalLike, journal_pieces
from recorder.options import RecordingOptions, disk_time_left
from recorder.sealer import ChunkSealer, SealingOutbox, write_error

__all__ = ["Recorder", "RecorderOutbox", "RecordingOptions", "disk_time_left"]

log = logging.getLogger(__name__)

# Idle journal appends (after a burst) at most this often: bounds the fsyncs of a device that
# delivers small blocks with pauses longer than the queue poll.
IDLE_APPEND_SECONDS = 0.1


class RecorderOutbox(SealingOutbox, Protocol):
    """The recorder side of `outbox.store.Outbox` (docs/internal-api.md)."""

    def begin_recording(
        self, *, title: str, sample_rate: int, channels: int, subtype: str, started_at: float
    ) -> RecordingInfo: ...
    def open_journal(self, recording_id: str, index: int) -> Any: ...
    def set_title(self, recording_id: str, title: str) -> None: ...
    def add_marker(self, recording_id: str, marker: Marker) -> None: ...
    def add_gap(self, recording_id: str, gap: Gap) -> None: ...
    def finish_recording(self, recording_id: str, ended_at: float) -> RecordingInfo: ...
    def free_bytes(self) -> int: ...


class Recorder:
    """Records one recording from an input device into sealed chunks in the outbox.

    `start()` opens the device and begins; `stop()` (or the duration, a full disk, a device that
    does not come back) ends it. Everything captured up to the end is sealed; after a crash the
    journal holds all but the last `journal_seconds` of the open chunk.
    """

    def __init__(
        self,
        outbox: RecorderOutbox,
        options: RecordingOptions,
        *,
        events: EventBus | None = None,
        streams: StreamSource | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.options = options.validated()
        self._outbox = outbox
        self._events = events or EventBus()
        self._streams = streams or PortAudioStreams()
        self._clock = clock
        self._fmt: SampleFormat = sample_format(options.subtype)
        rate = options.sample_rate
        self._chunk_frames = round(options.chunk_seconds * rate)
        self._journal_frames = max(1, round(options.journal_seconds * rate))
        self._block_frames = max(1, round(options.block_seconds * rate))
        self._duration_frames = None if options.duration is None else round(options.duration * rate)
        self._disk_check_frames = max(1, round(options.disk_check_seconds * rate))
        self._level_frames = max(1, round(options.level_interval * rate))

        # One buffer fills while the chunks before it are sealed (recorder/sealer.py): at most
        # one per encoder thread plus the open one.
        self._buffers = BufferPool(
            self._chunk_frames, options.channels, self._fmt.dtype, limit=self.options.encoders + 1
        )
        self._buffer = self._buffers.acquire()
        self._sealer: ChunkSealer | None = None
        self._journal: JournalLike | None = None
        self._journaled_at = 0.0  # monotonic time of the last journal append
        self._waiting_since = 0.0  # monotonic time the oldest frame not in the journal came
        self._chunk_index = 0
        self._chunk_offset = 0.0  # recording-timeline offset of the open chunk's first frame

        self._recording: RecordingInfo | None = None
        self._capture: Capture | None = None
        self._device_name = ""
        self._frames = 0  # frames kept (sealed or in the open chunk)
        self._gap_seconds = 0.0  # wall time of pauses and device losses so far
        self._next_disk_check = 0
        self._disk_warned = False
        self._overflow_base = 0  # overflows of captures closed after a device loss
        self._overflow_published = 0
        self._next_level = 0.0

        self._paused = False
        self._pause_started = 0.0  # monotonic
        self._pause_offset = 0.0
        self._commands: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._stop_reason: StopReason | None = None
        self._ready = threading.Event()
        self._capturing = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_error: BaseException | None = None
        self.error: RecorderError | None = None  # why it stopped, when it was not asked to

    # ----------------------------------------------------------------- public surface

    @property
    def recording_id(self) -> str:
        """The id of the recording (after `start()`)."""
        if self._recording is None:
            raise RuntimeError("recording not started")
        return self._recording.id

    @property
    def device_name(self) -> str:
        """The input device currently (or last) used."""
        return self._device_name

    @property
    def sealed_chunks(self) -> list[ChunkInfo]:
        """Chunks sealed so far, in order (a copy)."""
        return list(self._sealer.sealed) if self._sealer is not None else []

    @property
    def frames(self) -> int:
        """Frames captured and kept so far."""
        return self._frames

    @property
    def overflows(self) -> int:
        """Input overflows plus blocks dropped because the writer lagged, this recording."""
        return self._overflow_total()

    @property
    def stop_reason(self) -> StopReason | None:
        """Why the recording ended, once it has."""
        return self._stop_reason

    @property
    def paused(self) -> bool:
        """True between `pause()` and `resume()`."""
        return self._paused

    def offset(self) -> float:
        """Seconds since the recording started, on the recording's timeline (audio kept plus
        gaps); markers and gaps use it."""
        extra = time.monotonic() - self._pause_started if self._paused else 0.0
        return self._frames / self.options.sample_rate + self._gap_seconds + extra

    def start(self, timeout: float = 30.0) -> RecordingInfo:
        """Opens the device, begins the recording in the outbox and starts capturing.
        Raises RecorderError (no_microphone, device_not_found, disk_full...) before anything
        is written when it cannot record."""
        if self._thread is not None:
            raise RuntimeError("already started")
        self._thread = threading.Thread(target=self._run, name="recorder-writer", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RecorderError(
                "the input device did not open in time",
                code="device_open_failed",
                device=str(self.options.device or "default"),
                detail="timeout",
            )
        if self._start_error is not None:
            raise self._start_error
        assert self._recording is not None
        return self._recording

    def wait_capturing(self, timeout: float | None = None) -> bool:
        """Waits until the first audio block has been received (or the recording ended)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._capturing.is_set() and not self._done.is_set():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            self._capturing.wait(0.05 if left is None else min(0.05, left))
        return self._capturing.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Waits until the recording has ended (on its own or after `stop()`)."""
        return self._done.wait(timeout)

    def stop(self, reason: StopReason = "user", timeout: float | None = None) -> None:
        """Ends the recording: the captured audio is sealed, then the recording finished."""
        if self._stop_reason is None:
            self._stop_reason = reason
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def pause(self) -> None:
        """Stops keeping audio until `resume()`; the pause is recorded as a gap."""
        self._commands.put(self._do_pause)

    def resume(self) -> None:
        """Keeps audio again after `pause()`."""
        self._commands.put(self._do_resume)

    def add_marker(self, label: str) -> Marker:
        """Bookmarks the current moment with `label`; returns the marker (stored in order)."""
        marker = Marker(at=round(self.offset(), 3), label=label)
        self._commands.put(lambda: self._outbox.add_marker(self.recording_id, marker))
        return marker

    def set_title(self, title: str) -> None:
        """Renames the recording."""
        self._commands.put(lambda: self._outbox.set_title(self.recording_id, title))

    # ----------------------------------------------------------------- writer thread

    def _run(self) -> None:
        try:
            self._begin()
        except BaseException as exc:
            self._start_error = exc
            self._done.set()
            self._ready.set()
            return
        self._ready.set()
        try:
            self._loop()
        except RecorderError as exc:
            self._fail(exc)
        except Exception as exc:
            log.exception("recorder writer failed")
            self._fail(
                RecorderError(f"recording failed: {exc}", code="write_failed", detail=str(exc))
            )
        finally:
            self._finish()

    def _begin(self) -> None:
        opts = self.options
        free = self._outbox.free_bytes()
        if below_reserve(free, opts.disk_reserve_mb):
            raise RecorderError(
                "not enough free disk space to record",
                code="disk_full",
                free_mb=free // (1024 * 1024),
                reserve_mb=opts.disk_reserve_mb,
            )
        capture = self._open_capture(opts.device)
        try:
            self._recording = self._outbox.begin_recording(
                title=opts.title,
                sample_rate=opts.sample_rate,
                channels=opts.channels,
                subtype=self._fmt.subtype,
                started_at=self._clock(),
            )
            self._sealer = ChunkSealer(
                self._outbox,
                self._recording.id,
                opts.sample_rate,
                self._fmt.subtype,
                encoders=opts.encoders,
            )
            capture.start()
        except BaseException:
            capture.close_quietly()
            if self._sealer is not None:
                self._sealer.close()
            if self._recording is not None:  # begun but never captured: close it at once
                with contextlib.suppress(OSError, OutboxError, CryptoError):
                    self._outbox.finish_recording(self._recording.id, self._clock())
            raise
        self._capture = capture
        self._device_name = capture.device_name
        self._check_disk(force=True)

    def _open_capture(self, device: str | int | None) -> Capture:
        opts = self.options
        return Capture(
            self._streams,
            device,
            sample_rate=opts.sample_rate,
            channels=opts.channels,
            dtype=self._fmt.dtype,
            full_scale=self._fmt.full_scale,
            blocksize=self._block_frames,
            max_queue_blocks=max(16, round(opts.queue_seconds / opts.block_seconds)),
            meter_in_callback=False,  # metered per batch in _loop: cheaper, same reading
        )

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._run_commands()
            capture = self._capture
            assert capture is not None
            try:
                block = capture.queue.get(timeout=0.05)
            except queue.Empty:
                block = None
            if block is not None:
                batch = self._with_queued(capture, block)
                # Also while paused: the meter keeps moving. RMS over one meter window at most.
                capture.level.update(batch, self._level_frames)
                self._on_block(batch)
            elif not self._paused:
                self._maybe_append_journal(idle=True)
            self._publish_level_and_overflows()
            if self._sealer is not None and self._sealer.error is not None:
                raise self._sealer.error
            if self._stop.is_set():
                break
            if capture.lost or capture.stalled(self.options.stall_seconds):
                reason = "stream ended" if capture.lost else "no audio from the device"
                self._recover_device(reason)

    @staticmethod
    def _with_queued(capture: Capture, block: Block, limit: int = 256) -> Block:
        """`block` joined with whatever else is queued (up to `limit` blocks): when the writer
        is behind (a slow disk, a busy CPU) it handles the backlog in one piece instead of
        paying the per-block overhead for each."""
        blocks = [block]
        while len(blocks) < limit:
            try:
                blocks.append(capture.queue.get_nowait())
            except queue.Empty:
                break
        return blocks[0] if len(blocks) == 1 else np.concatenate(blocks)

    def _on_block(self, block: Block) -> None:
        if not self._capturing.is_set():
            self._capturing.set()
            # The journal's wall-time period starts with the audio: the first append comes
            # `journal_min_wall_seconds` in, as every later one (in real time, after 0.5 s of
            # audio either way), not at once with a file creation's fsyncs.
            self._journaled_at = time.monotonic()
            self._events.publish(CaptureStarted(self.recording_id, self._device_name))
        self._keep(block)

    def _keep(self, block: Block) -> None:
        """Adds captured frames to the open chunk; journals, seals and stops as due."""
        if self._paused or self._stop_reason == "duration":
            return
        if self._duration_frames is not None:
            block = block[: self._duration_frames - self._frames]
        while len(block):
            if self._buffer.frames == self._buffer.journaled:
                self._waiting_since = time.monotonic()
            taken = self._buffer.add(block)
            block = block[taken:]
            self._frames += taken
            if self._buffer.full:
                self._seal_open_chunk()
            elif self._buffer.frames - self._buffer.journaled >= self._journal_frames:
                self._maybe_append_journal()
        if self._frames >= self._next_disk_check:
            self._check_disk()
        if self._duration_frames is not None and self._frames >= self._duration_frames:
            self._request_stop("duration")

    def _maybe_append_journal(self, idle: bool = False) -> None:
        """While audio flows: append when `journal_seconds` of it are waiting, at most once per
        `journal_min_wall_seconds` (a writer catching up on a backlog thus batches its appends:
        group commit). When idle (no block for a queue poll: the writer has caught up, e.g.
        after a device's burst), append whatever waits within `IDLE_APPEND_SECONDS`, so a burst
        never waits for the next one."""
        waiting = self._buffer.frames - self._buffer.journaled
        if idle:
            due = waiting > 0 and time.monotonic() - self._journaled_at >= min(
                IDLE_APPEND_SECONDS, self.options.journal_min_wall_seconds
            )
        else:
            due = waiting >= self._journal_frames and (
                time.monotonic() - self._journaled_at >= self.options.journal_min_wall_seconds
            )
        if due:
            self._append_journal()

    def _append_journal(self) -> None:
        buffer = self._buffer
        pcm = buffer.unjournaled()
        if not len(pcm):
            return
        try:
            if self._journal is None:
                self._journal = self._outbox.open_journal(self.recording_id, self._chunk_index)
            for frames, data in journal_pieces(pcm, self._fmt):
                self._journal.append(data)
                buffer.mark_journaled(buffer.journaled + frames)
        except (OSError, OutboxError, CryptoError) as exc:
            raise write_error(exc, "journal") from exc
        self._journaled_at = time.monotonic()

    def _seal_open_chunk(self) -> None:
        """Hands the open chunk to the sealer and starts the next one in the other buffer."""
        frames = self._buffer.view()
        if not len(frames):
            return
        rate = self.options.sample_rate
        rec = self._recording
        sealer = self._sealer
        assert rec is not None and sealer is not None
        if sealer.error is not None:
            raise sealer.error
        # The journal goes with the chunk. The frames not in it yet must be durable when the
        # writer would have appended them, `journal_seconds` after the oldest came: by then
        # the chunk is sealed (in real time within ~30 ms: no last append, no end record), or
        # the sealer's journal thread appends them (recorder/sealer.py). So the writer never
        # waits for those fsyncs, and a chunk that fails to seal is still whole in its journal.
        buffer = self._buffer
        sealer.submit(
            self._chunk_index,
            frames,
            journal=self._journal,
            journaled=buffer.journaled,
            journal_due=self._waiting_since + self.options.journal_seconds,
            started_at=rec.started_at + self._chunk_offset,
            duration=len(frames) / rate,
            release=lambda: self._buffers.release(buffer),
        )
        self._journal = None
        self._chunk_index += 1
        # Waits only when every buffer is still held by the sealer (a writer far ahead).
        self._buffer = self._buffers.acquire()
        self._chunk_offset = self._frames / rate + self._gap_seconds

    def _request_stop(self, reason: StopReason) -> None:
        if self._stop_reason is None:
            self._stop_reason = reason
        self._stop.set()

    def _run_commands(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                command()
            except (OSError, OutboxError, CryptoError) as exc:
                raise write_error(exc, "recording") from exc

    def _do_pause(self) -> None:
        if self._paused or self._recording is None:
            return
        self._pause_offset = self.offset()
        self._pause_started = time.monotonic()
        self._paused = True
        # Everything kept before the pause is durable now, not at the next append after the
        # resume: a crash during a long pause loses nothing.
        self._append_journal()

    def _do_resume(self) -> None:
        if not self._paused:
            return
        elapsed = time.monotonic() - self._pause_started
        self._paused = False
        self._add_gap(self._pause_offset, elapsed, "paused")

    def _add_gap(self, start: float, seconds: float, reason: str) -> None:
        """Records a gap of `seconds` (wall time) at timeline offset `start`."""
        self._gap_seconds += seconds
        if not self._buffer.frames:
            # The next chunk starts after the gap, on the recording timeline.
            self._chunk_offset = self._frames / self.options.sample_rate + self._gap_seconds
        gap = Gap(start=round(start, 3), end=round(start + seconds, 3), reason=reason)
        self._outbox.add_gap(self.recording_id, gap)

    # ----------------------------------------------------------------- events and disk

    def _overflow_total(self) -> int:
        c = self._capture
        live = c.overflows + c.dropped_blocks if c is not None else 0
        return self._overflow_base + live

    def _publish_level_and_overflows(self) -> None:
        capture = self._capture
        now = time.monotonic()
        interval = self.options.level_interval
        # A window that got no block (blocks of 100 ms, or a device that delivers in bursts) is
        # skipped rather than shown as silence; only a longer pause without audio reads -inf.
        if (
            capture is not None
            and now >= self._next_level
            and (capture.level.samples or now >= self._next_level + 2 * interval)
        ):
            self._next_level = now + interval
            r = capture.level.take()
            self._events.publish(LevelChanged(r.peak_dbfs, r.rms_dbfs, r.clipped))
        total = self._overflow_total()
        if total != self._overflow_published:
            self._overflow_published = total
            log.warning("input overflows in recording %s: %d", self.recording_id, total)
            self._events.publish(OverflowCounted(self.recording_id, total))

    def seconds_left(self) -> float:
        """Estimated seconds of recording the free disk space above the reserve holds."""
        return disk_time_left(self._outbox, self.options)

    def _check_disk(self, force: bool = False) -> None:
        self._next_disk_check = self._frames + self._disk_check_frames
        opts = self.options
        free = self._outbox.free_bytes()
        left = seconds_left(
            free,
            reserve_mb=opts.disk_reserve_mb,
            sample_rate=opts.sample_rate,
            channels=opts.channels,
            fmt=self._fmt,
            chunk_seconds=opts.chunk_seconds,
        )
        self._events.publish(DiskTimeLeft(left))
        if left < opts.disk_low_seconds and not self._disk_warned and self._recording:
            self._disk_warned = True
            self._events.publish(DiskLow(self._recording.id, left))
        if not force and below_reserve(free, opts.disk_reserve_mb):
            log.warning("free disk space below the reserve: stopping recording")
            self.error = RecorderError(
                "the disk is almost full; the recording was stopped and everything is saved",
                code="disk_full",
                free_mb=free // (1024 * 1024),
                reserve_mb=opts.disk_reserve_mb,
            )
            self._request_stop("disk_full")

    # ----------------------------------------------------------------- device loss

    def _recover_device(self, reason: str) -> None:
        """Seals what was captured, then tries the same device and the default one until one
        gives audio again or `reconnect_seconds` pass (then stops with device_gone)."""
        old = self._capture
        assert old is not None
        lost_name = self._device_name
        log.warning("input device %r lost (%s)", lost_name, reason)
        closed = old.abandon()
        self._drain(old)
        self._overflow_base += old.overflows + old.dropped_blocks
        self._capture = None
        self._seal_open_chunk()
        self._events.publish(DeviceLost(self.recording_id, lost_name, reason))
        gap_start = self.offset()
        lost_at = time.monotonic()
        deadline = lost_at + self.options.reconnect_seconds
        candidates: list[str | int | None] = [self.options.device or lost_name, None]
        while not self._stop.is_set() and time.monotonic() < deadline:
            if closed:  # PortAudio may only re-initialise with no stream open
                self._streams.rescan()
            for spec in candidates:
                capture = self._try_open(spec)
                if capture is not None:
                    self._capture = capture
                    self._device_name = capture.device_name
                    self._add_gap(gap_start, time.monotonic() - lost_at, "device_lost")
                    self._events.publish(DeviceRecovered(self.recording_id, capture.device_name))
                    log.info("recording continues on %r", capture.device_name)
                    return
            self._stop.wait(self.options.retry_interval)
            self._run_commands()
        # Gave up (or asked to stop while waiting): keep the gap so the timeline stays true.
        self._add_gap(gap_start, time.monotonic() - lost_at, "device_lost")
        if not self._stop.is_set():
            self.error = RecorderError(
                "the microphone was lost and did not come back",
                code="device_gone",
                device=lost_name,
            )
            self._request_stop("device_gone")

    def _try_open(self, spec: str | int | None) -> Capture | None:
        try:
            capture = self._open_capture(spec)
            capture.start()
        except RecorderError as exc:
            log.info("reopening input %r failed: %s", spec, exc)
            return None
        if capture.first_block.wait(self.options.stall_seconds) and not capture.lost:
            return capture
        capture.abandon()
        return None

    def _drain(self, capture: Capture) -> None:
        while True:
            try:
                block = capture.queue.get_nowait()
            except queue.Empty:
                return
            capture.level.update(block)
            self._keep(block)

    # ----------------------------------------------------------------- ending

    def _fail(self, error: RecorderError) -> None:
        self.error = error
        reason: StopReason = "disk_full" if error.code == "disk_write_failed" else "error"
        self._stop_reason = reason
        self._stop.set()

    def _finish(self) -> None:
        """Stops capture, seals the last chunk and finishes the recording. On a write error the
        open chunk stays in its journal (recovered at the next start); nothing sealed is touched."""
        capture = self._capture
        failed = (
            self.error is not None
            and self._stop_reason in ("error", "disk_full")
            and (self.error.code in ("disk_write_failed", "write_failed"))
        )
        if capture is not None:
            if not capture.stop():
                log.warning("input stream did not stop in time; abandoned")
            if not failed:
                try:
                    self._drain(capture)
                except RecorderError as exc:
                    self.error, failed = exc, True
            self._overflow_base += capture.overflows + capture.dropped_blocks
            self._capture = None
        try:
            self._run_commands()
        except RecorderError as exc:
            self.error = self.error or exc
            failed = True
        if self._paused:
            self._do_resume_quietly()
        if not failed:
            try:
                self._seal_open_chunk()
            except RecorderError as exc:
                self.error, failed = exc, True
        if self._sealer is not None:
            self._sealer.close()
            if self._sealer.error is not None and not failed:
                self.error, failed = self._sealer.error, True
        if failed and self.error is not None:
            self._stop_reason = "disk_full" if self.error.code == "disk_write_failed" else "error"
            self._salvage_journal()
        if self._recording is not None:
            try:
                self._recording = self._outbox.finish_recording(self._recording.id, self._clock())
            except (OSError, OutboxError, CryptoError) as exc:
                log.error("could not mark recording finished: %s", exc)
            self._publish_level_and_overflows()
            self._events.publish(RecordingStopped(self._recording.id, self._stop_reason or "user"))
        self._done.set()

    def _do_resume_quietly(self) -> None:
        try:
            self._do_resume()
        except (OSError, OutboxError, CryptoError) as exc:
            log.error("could not record the pause: %s", exc)

    def _salvage_journal(self) -> None:
        """After a failed write, try once more to journal the open chunk's tail, then close the
        journal; recovery seals it at the next start. Never deletes anything."""
        try:
            self._append_journal()
        except RecorderError as exc:
            log.error(
                "could not journal the last %d frames: %s",
                self._buffer.frames - self._buffer.journaled,
                exc,
            )
        if self._journal is not None:
            with contextlib.suppress(OSError, CryptoError):
                self._journal.close()
            self._journal = None
