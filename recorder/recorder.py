"""The `Recorder`: one recording, from an input device into sealed chunks in the outbox.

Threads: PortAudio's callback only copies each block into `Capture.queue`. The writer thread
started here takes the blocks, keeps them in the open chunk, appends its journal every journal
period and hands full chunks to the one sealer thread (recorder/chunk_writer.py,
recorder/sealer.py); it also joins channel 2, the computer's output, when that is recorded
(recorder/channels.py), meters the level, checks the disk (recorder/disk.py), notices a lost
device and gets one back (recorder/microphone.py), runs the commands other threads post (pause,
markers, title: recorder/controls.py), watches for silence (recorder/silence.py) and publishes
the events. Callers on other threads only set flags or post commands. The outbox is thread-safe
(one lock).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from crypto.errors import CryptoError
from outbox import ChunkInfo, EventBus, Marker, OutboxError, RecordingInfo
from recorder.capture import Block, PortAudioStreams, StreamSource
from recorder.channels import Channels
from recorder.chunk_writer import ChunkWriter, JournalingOutbox
from recorder.controls import Controls, NotingOutbox
from recorder.disk import DiskPolicy, FreeSpace, disk_time_left
from recorder.errors import RecorderError
from recorder.events import (
    CaptureStarted,
    DeviceLost,
    DeviceRecovered,
    RecordingPosition,
    RecordingStopped,
    StopReason,
)
from recorder.formats import SampleFormat, sample_format
from recorder.microphone import Microphone
from recorder.options import RecordingOptions
from recorder.sealer import ChunkSealer, SealingOutbox
from recorder.silence import SilenceMonitor, SilentOutbox
from recorder.system_channel import CaptureFactory, SystemChannel
from recorder.timeline import Timeline

__all__ = ["Recorder", "RecorderOutbox"]

log = logging.getLogger(__name__)


class RecorderOutbox(
    SealingOutbox, JournalingOutbox, NotingOutbox, SilentOutbox, FreeSpace, Protocol
):
    """The recorder side of `outbox.Outbox` (docs/internal-api.md)."""

    def begin_recording(
        self, *, title: str, sample_rate: int, channels: int, subtype: str, started_at: float
    ) -> RecordingInfo: ...
    def finish_recording(self, recording_id: str, ended_at: float) -> RecordingInfo: ...


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
        system_capture: CaptureFactory | None = None,
    ) -> None:
        self.options = options.validated()
        self._outbox = outbox
        self._events = events or EventBus()
        self._streams = streams or PortAudioStreams()
        self._clock = clock
        self._fmt: SampleFormat = sample_format(options.subtype)
        rate = options.sample_rate
        self._duration_frames = None if options.duration is None else round(options.duration * rate)
        self._disk = DiskPolicy(outbox, self.options, self._events)
        self._mic = Microphone(self._streams, self.options, self._fmt, self._events)
        # The microphone, joined with channel 2 (the computer's output) when that is recorded.
        self._channels = Channels(self._mic, self.options, self._fmt, self._events, system_capture)

        self._recording: RecordingInfo | None = None
        self._sealer: ChunkSealer | None = None
        self._chunks: ChunkWriter | None = None
        self._timeline = Timeline(options.sample_rate)
        self._controls = Controls(outbox, self._timeline)
        seconds = options.silence_warning_seconds
        self._silence = SilenceMonitor(outbox, self._events, seconds, lambda: self.device_name)
        self._next_position = 0  # frames kept at which RecordingPosition is due

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
        return self._mic.device_name

    @property
    def system_audio(self) -> SystemChannel | None:
        """Channel 2 (the computer's output) while it is recorded, else None."""
        return self._channels.system

    @property
    def sealed_chunks(self) -> list[ChunkInfo]:
        """Chunks sealed so far, in order (a copy)."""
        return list(self._sealer.sealed) if self._sealer is not None else []

    @property
    def frames(self) -> int:
        """Frames captured and kept so far."""
        return self._chunks.frames if self._chunks is not None else 0

    @property
    def overflows(self) -> int:
        """Input overflows plus blocks dropped because the writer lagged, this recording."""
        return self._mic.overflows

    @property
    def stop_reason(self) -> StopReason | None:
        """Why the recording ended, once it has."""
        return self._stop_reason

    @property
    def paused(self) -> bool:
        """True between `pause()` and `resume()`."""
        return self._timeline.paused

    def offset(self) -> float:
        """Seconds since the recording started, on the recording's timeline (audio kept plus
        gaps); markers and gaps use it."""
        return self._timeline.offset(self.frames)

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
        self._controls.pause()

    def resume(self) -> None:
        """Keeps audio again after `pause()`."""
        self._controls.resume()

    def add_marker(self, label: str) -> Marker:
        """Bookmarks the current moment with `label`; returns the marker (stored in order)."""
        marker = Marker(at=round(self.offset(), 3), label=label)
        self._controls.add_marker(marker)
        return marker

    def set_title(self, title: str) -> None:
        """Renames the recording."""
        self._controls.set_title(title)

    def seconds_left(self) -> float:
        """Estimated seconds of recording the free disk space above the reserve holds."""
        return disk_time_left(self._outbox, self.options)

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
        self._disk.refuse_start()
        capture = self._mic.open(opts.device)
        try:
            self._recording = rec = self._outbox.begin_recording(
                title=opts.title,
                sample_rate=opts.sample_rate,
                channels=opts.recorded_channels,
                subtype=self._fmt.subtype,
                started_at=self._clock(),
            )
            self._sealer = ChunkSealer(self._outbox, rec.id, opts.sample_rate, self._fmt.subtype)
            self._chunks = ChunkWriter(
                self._outbox, self._sealer, rec.id, rec.started_at, opts, self._fmt
            )
            self._controls.begin(rec.id, self._chunks)
            if opts.system_audio:
                self._channels.start_system(rec.id, self.offset, self._sealer.add_gap)
            capture.start()
        except BaseException:
            capture.close_quietly()
            self._channels.stop_system()
            if self._sealer is not None:
                self._sealer.close()
            if self._recording is not None:  # begun but never captured: close it at once
                with contextlib.suppress(OSError, OutboxError, CryptoError):
                    self._outbox.finish_recording(self._recording.id, self._clock())
            raise
        self._mic.use(capture)
        self._check_disk(force=True)

    def _loop(self) -> None:
        chunks, sealer = self._chunks, self._sealer
        assert chunks is not None and sealer is not None
        while not self._stop.is_set():
            self._controls.run()
            batch = self._channels.next_batch(timeout=0.05)
            if batch is not None:
                self._on_block(batch)
            elif not self._timeline.paused:
                chunks.tick()
            reading = self._channels.publish(self.recording_id)
            paused = self._timeline.paused
            self._silence.reading(self.recording_id, reading, self.offset(), paused)
            if sealer.error is not None:
                raise sealer.error
            if self._stop.is_set():
                break
            reason = self._mic.lost_reason()
            if reason is not None:
                self._recover_device(reason)

    def _on_block(self, block: Block) -> None:
        if not self._capturing.is_set():
            self._capturing.set()
            assert self._chunks is not None
            self._chunks.start_period()
            self._events.publish(CaptureStarted(self.recording_id, self._mic.device_name))
        self._keep(block)

    def _keep(self, block: Block) -> None:
        """Adds captured frames to the open chunk (which journals and seals as due); checks the
        disk and the duration."""
        chunks = self._chunks
        assert chunks is not None
        if self._timeline.paused or self._stop_reason == "duration":
            return
        if self._duration_frames is not None:
            block = block[: self._duration_frames - chunks.frames]
        chunks.add(block, self._timeline.gap_seconds)
        if chunks.frames >= self._next_position:  # once a second of audio
            self._next_position = chunks.frames + self.options.sample_rate
            seconds = chunks.frames / self.options.sample_rate
            self._events.publish(RecordingPosition(self.recording_id, seconds))
        self._check_disk()
        if self._duration_frames is not None and chunks.frames >= self._duration_frames:
            self._request_stop("duration")

    def _check_disk(self, force: bool = False) -> None:
        error = self._disk.check(self.frames, self.recording_id, force=force)
        if error is not None:
            self.error = error
            self._request_stop("disk_full")

    def _request_stop(self, reason: StopReason) -> None:
        if self._stop_reason is None:
            self._stop_reason = reason
        self._stop.set()

    # ----------------------------------------------------------------- device loss

    def _recover_device(self, reason: str) -> None:
        """Seals what was captured, then gets a device back (recorder/microphone.py) or stops
        with device_gone; the time without one is a `device_lost` gap either way."""
        mic, chunks = self._mic, self._chunks
        assert chunks is not None
        lost_name = mic.device_name
        log.warning("input device %r lost (%s)", lost_name, reason)
        closed = mic.halt(abandon=True)
        self._drain()
        self._silence.close(self.recording_id, self.offset())
        mic.release()
        chunks.hand_over()
        self._channels.mic_restarted()
        self._events.publish(DeviceLost(self.recording_id, lost_name, reason))
        gap_start = self.offset()
        outage = mic.reopen(
            lost_name, rescan=closed, stop=self._stop, between_tries=self._controls.run
        )
        # Also when none came back (or asked to stop meanwhile): the timeline stays true.
        gap = self._timeline.gap(gap_start, outage.seconds, "device_lost")
        self._outbox.add_gap(self.recording_id, gap)
        if outage.capture is not None:
            mic.use(outage.capture)
            self._events.publish(DeviceRecovered(self.recording_id, mic.device_name))
        elif not self._stop.is_set():
            self.error = RecorderError(
                "the microphone was lost and did not come back",
                code="device_gone",
                device=lost_name,
            )
            self._request_stop("device_gone")

    def _drain(self) -> None:
        """Keeps what the halted microphone still queued (with channel 2, if recorded)."""
        for block in self._channels.drain():
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
        failed = (
            self.error is not None
            and self._stop_reason in ("error", "disk_full")
            and (self.error.code in ("disk_write_failed", "write_failed"))
        )
        if self._mic.capture is not None:
            if not self._mic.halt():
                log.warning("input stream did not stop in time; abandoned")
            if not failed:
                try:
                    self._drain()
                except RecorderError as exc:
                    self.error, failed = exc, True
            self._mic.release()
        self._channels.stop_system()
        try:
            self._controls.run()
        except RecorderError as exc:
            self.error = self.error or exc
            failed = True
        self._controls.end_pause()
        if self._recording is not None:
            try:
                self._silence.close(self._recording.id, self.offset())
            except RecorderError as exc:  # the audio is sealed already; only the note is lost
                log.error("could not note the silence: %s", exc)
        error = None if self._chunks is None else self._chunks.finish(failed)
        if error is not None:
            self.error, failed = error, True
        if failed and self.error is not None:
            self._stop_reason = "disk_full" if self.error.code == "disk_write_failed" else "error"
        if self._recording is not None:
            try:
                self._recording = self._outbox.finish_recording(self._recording.id, self._clock())
            except (OSError, OutboxError, CryptoError) as exc:
                log.error("could not mark recording finished: %s", exc)
            self._channels.publish(self._recording.id)
            self._events.publish(RecordingStopped(self._recording.id, self._stop_reason or "user"))
        self._done.set()
