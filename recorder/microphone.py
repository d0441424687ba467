"""The recording's input device: the open stream (`Capture`), its level and overflow counts,
and device loss: noticing it (the stream ended, or no audio for `stall_seconds`) and getting a
device back (the same one, else the default) within `reconnect_seconds`.

The recorder seals what it captured before a loss and marks the time without a device as a
`device_lost` gap on the recording's timeline, whether a device came back or not
(`Recorder._recover_device`).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from outbox import EventBus
from recorder.capture import Block, Capture, StreamSource
from recorder.errors import RecorderError
from recorder.events import LevelChanged, OverflowCounted
from recorder.formats import SampleFormat
from recorder.level import LevelMeter, LevelReading
from recorder.options import RecordingOptions

log = logging.getLogger(__name__)

DeviceSpec = str | int | None


@dataclass(frozen=True)
class Outage:
    """How a device loss ended: `capture` is the device that came back, started (None: none
    did), after `seconds` of wall time without one."""

    capture: Capture | None
    seconds: float


class Microphone:
    """The input of one recording, used on the writer thread only."""

    def __init__(
        self,
        streams: StreamSource,
        options: RecordingOptions,
        fmt: SampleFormat,
        events: EventBus,
    ) -> None:
        self._streams = streams
        self._options = options
        self._fmt = fmt
        self._events = events
        self._block_frames = max(1, round(options.block_seconds * options.sample_rate))
        self._level_frames = max(1, round(options.level_interval * options.sample_rate))
        self.capture: Capture | None = None
        self.device_name = ""  # the device in use, or the last one
        self._overflow_base = 0  # overflows of captures closed before
        self._overflow_published = 0
        self._next_level = 0.0
        self._arrived = 0

    def open(self, device: DeviceSpec) -> Capture:
        """Opens `device` (not started yet); RecorderError when it cannot."""
        opts = self._options
        return Capture(
            self._streams,
            device,
            sample_rate=opts.sample_rate,
            channels=opts.channels,
            dtype=self._fmt.dtype,
            full_scale=self._fmt.full_scale,
            blocksize=self._block_frames,
            max_queue_blocks=max(16, round(opts.queue_seconds / opts.block_seconds)),
            meter_in_callback=False,  # metered per batch in next_batch: cheaper, same reading
        )

    def use(self, capture: Capture) -> None:
        """Records from `capture` (started) from now on."""
        self.capture = capture
        self.device_name = capture.device_name
        self._arrived = 0  # frames of `capture` counted by `arrivals()`

    @property
    def overflows(self) -> int:
        """Input overflows plus blocks dropped because the writer lagged, this recording."""
        live = self.capture.overflows + self.capture.dropped_blocks if self.capture else 0
        return self._overflow_base + live

    def next_batch(self, timeout: float) -> Block | None:
        """Every block waiting, joined (None if none came within `timeout`); metered."""
        assert self.capture is not None
        try:
            batch = self.capture.queue.get_batch(timeout)
        except queue.Empty:
            return None
        # RMS over one meter window at most: a long batch shows the level now.
        self.capture.level.update(batch, self._level_frames)
        return batch

    def arrivals(self) -> list[tuple[int, float]]:
        """(frames, time) of the blocks the device delivered since the last call."""
        out: list[tuple[int, float]] = []
        capture = self.capture
        if capture is not None:
            while capture.arrivals:
                total, at = capture.arrivals.popleft()
                out.append((total - self._arrived, at))
                self._arrived = total
        return out

    def lost_reason(self) -> str | None:
        """Why the capture counts as lost (the stream ended, or stalled), or None."""
        capture = self.capture
        if capture is None or capture.lost:
            return "stream ended"
        if capture.stalled(self._options.stall_seconds):
            return "no audio from the device"
        return None

    def halt(self, *, abandon: bool = False) -> bool:
        """Stops the stream (letting PortAudio deliver what it buffered; `abandon`: dropping
        it, for a lost device); False if it did not end cleanly in time."""
        assert self.capture is not None
        return self.capture.abandon() if abandon else self.capture.stop()

    def drain(self) -> Iterator[Block]:
        """The blocks still queued after `halt()`, metered."""
        assert self.capture is not None
        while True:
            try:
                block = self.capture.queue.get_nowait()
            except queue.Empty:
                return
            self.capture.level.update(block)
            yield block

    def release(self) -> None:
        """Forgets the halted capture, keeping its overflow count."""
        if self.capture is not None:
            self._overflow_base += self.capture.overflows + self.capture.dropped_blocks
            self.capture = None

    def publish(self, recording_id: str, channel2: LevelMeter | None = None) -> LevelReading | None:
        """Publishes the level every `level_interval` (with `channel2`'s, the system audio's,
        when it is recorded), and the overflow count when it grew. The microphone's reading
        published, if it covered some audio (None otherwise)."""
        capture = self.capture
        reading = None
        now = time.monotonic()
        interval = self._options.level_interval
        # A window that got no block (blocks of 100 ms, or a device that delivers in bursts) is
        # skipped rather than shown as silence; only a longer pause without audio reads -inf.
        if (
            capture is not None
            and now >= self._next_level
            and (capture.level.samples or now >= self._next_level + 2 * interval)
        ):
            self._next_level = now + interval
            heard = capture.level.samples > 0
            readings = [capture.level.take()]
            if channel2 is not None:
                readings.append(channel2.take())
            self._events.publish(LevelChanged(*_loudest(readings), tuple(readings)))
            reading = readings[0] if heard else None
        total = self.overflows
        if total != self._overflow_published:
            self._overflow_published = total
            log.warning("input overflows in recording %s: %d", recording_id, total)
            self._events.publish(OverflowCounted(recording_id, total))
        return reading

    def reopen(
        self,
        lost_name: str,
        *,
        rescan: bool,
        stop: threading.Event,
        between_tries: Callable[[], None],
    ) -> Outage:
        """After a loss: tries the recording's device (or the lost one) and the default one
        every `retry_interval` until one gives audio, `reconnect_seconds` pass or `stop` is set.
        `rescan`: the lost stream is closed, so PortAudio may re-read its device list (it may
        only with no stream open). `between_tries` runs between tries (the recorder's
        commands)."""
        opts = self._options
        lost_at = time.monotonic()
        deadline = lost_at + opts.reconnect_seconds
        candidates: list[DeviceSpec] = [opts.device or lost_name, None]
        while not stop.is_set() and time.monotonic() < deadline:
            if rescan:
                self._streams.rescan()
            for spec in candidates:
                capture = self._try_open(spec)
                if capture is not None:
                    log.info("recording continues on %r", capture.device_name)
                    return Outage(capture, time.monotonic() - lost_at)
            stop.wait(opts.retry_interval)
            between_tries()
        return Outage(None, time.monotonic() - lost_at)

    def _try_open(self, spec: DeviceSpec) -> Capture | None:
        """A started capture on `spec` that delivered audio, or None."""
        try:
            capture = self.open(spec)
            capture.start()
        except RecorderError as exc:
            log.info("reopening input %r failed: %s", spec, exc)
            return None
        if capture.first_block.wait(self._options.stall_seconds) and not capture.lost:
            return capture
        capture.abandon()
        return None


def _loudest(readings: list[LevelReading]) -> tuple[float, float, bool]:
    """Peak, RMS and clipping of the loudest channel (of any channel, for clipping)."""
    return (
        max(r.peak_dbfs for r in readings),
        max(r.rms_dbfs for r in readings),
        any(r.clipped for r in readings),
    )
