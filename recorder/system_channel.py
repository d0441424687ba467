"""Channel 2 of a recording: the computer's output, beside the microphone on channel 1.

On the writer thread: the system-audio child (recorder/system_audio) reports blocks with their
arrival times; the `Aligner` places them on the microphone's clock and joins each microphone
batch with them. Until the child's first audio, and whenever the source goes away or the child
dies, the recording goes on with silence on channel 2, and the time without system audio
becomes a `system_audio_lost` gap (one channel only: the timeline does not move). A dead
child is started again after `retry_interval` (growing to `MAX_RETRY_SECONDS` while it keeps
failing); a child that reports an `error` (e.g. the permission was denied) is not: the message
says what to do. `SystemAudioRecovered` follows only a `SystemAudioLost`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from outbox import SYSTEM_AUDIO_GAP, EventBus, Gap
from recorder.aligner import Aligner, Frames
from recorder.events import SystemAudioLost, SystemAudioRecovered
from recorder.formats import SampleFormat
from recorder.level import LevelMeter
from recorder.options import RecordingOptions
from recorder.system_audio import SystemCapture
from recorder.system_audio.child import to_samples

log = logging.getLogger(__name__)

BLOCK_SECONDS = 0.05  # the child sends system audio in blocks this long
MAX_RETRY_SECONDS = 10.0

CaptureFactory = Callable[[str | None, int, int], SystemCapture]


class SystemChannel:
    """The system audio of one recording; writer thread only."""

    def __init__(
        self,
        options: RecordingOptions,
        fmt: SampleFormat,
        events: EventBus,
        *,
        offset: Callable[[], float],
        add_gap: Callable[[Gap], None],
        factory: CaptureFactory = SystemCapture,
    ) -> None:
        self._options = options
        self._fmt = fmt
        self._events = events
        self._offset = offset
        self._add_gap = add_gap
        self._factory = factory
        self._spec = options.system_audio
        self.aligner = Aligner(options.sample_rate, fmt.dtype, max_wait=options.system_wait_seconds)
        self.level = LevelMeter(fmt.full_scale)
        self._capture: SystemCapture | None = None
        self._recording_id = ""
        self._gap_start: float | None = None  # offset where channel 2 went silent
        self._told_lost = False  # SystemAudioLost was published: its Recovered is due
        self._restart_at: float | None = None
        self._retry = options.retry_interval
        self._failed = False  # an `error` report: no more restarts
        self.source = ""  # the source in use, or the last one
        self.restarts = 0

    @property
    def pid(self) -> int | None:
        """The capture child's process id, while it runs."""
        return None if self._capture is None else self._capture.pid

    def start(self, recording_id: str) -> None:
        """Starts the capture child; channel 2 is a gap until its first audio (~0.5 s)."""
        self._recording_id = recording_id
        self._gap_start = self._offset()
        self._launch()

    def _launch(self) -> None:
        block = max(1, round(BLOCK_SECONDS * self._options.sample_rate))
        capture = self._factory(self._spec, self._options.sample_rate, block)
        capture.start()
        self._capture = capture
        self._restart_at = None

    # ---- the writer thread's calls ------------------------------------------------------------
    def join(self, batch: Frames | None, arrivals: Iterable[tuple[int, float]]) -> Frames | None:
        """Channel 2 joined to what is ready of the microphone's batches (`batch`: the new one,
        if any; `arrivals`: (frames, time) of the microphone's blocks since the last call)."""
        for frames, at in arrivals:
            self.aligner.mic_arrived(frames, at)
        self._poll()
        if batch is not None:
            self.aligner.push_mic(batch)
        return self._metered(self.aligner.take(time.monotonic()))

    def flush(self) -> Frames | None:
        """Every microphone batch still waiting, joined now (None: none waited)."""
        self._poll()
        return self._metered(self.aligner.flush())

    def mic_restarted(self) -> None:
        """A new microphone stream (after a device loss; `flush()` first)."""
        self.aligner.restart_mic()

    def stop(self) -> None:
        """Ends the child; an open gap ends now."""
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.stop()
        self._close_gap()

    # ---- reports ------------------------------------------------------------------------------
    def _poll(self) -> None:
        capture = self._capture
        if capture is None:
            if self._restart_at is not None and time.monotonic() >= self._restart_at:
                self.restarts += 1
                self._launch()
            return
        for report in capture.take():
            self._on_report(report)

    def _on_report(self, report: tuple[Any, ...]) -> None:
        kind = report[0]
        if kind == "audio":
            samples = to_samples(report[2], self._fmt.dtype, self._fmt.full_scale)
            if not self.aligner.system_live:
                self.aligner.system_live = True
                self._close_gap()
                if self._told_lost:
                    self._told_lost = False
                    self._events.publish(SystemAudioRecovered(self._recording_id, self.source))
            self._retry = self._options.retry_interval
            self.aligner.push_system(samples, report[1])
        elif kind == "open":
            self.source = str(report[1])
            log.info("system audio from %s", self.source)
        elif kind == "absent":
            self._lost(str(report[1]))
        elif kind == "error":
            self._failed = True
            self._lost(str(report[2]), code=str(report[1]))
        elif kind == "exit":
            self._capture = None
            self._lost(f"the capture process ended (exit code {report[1]})")
            if not self._failed:
                self._restart_at = time.monotonic() + self._retry
                self._retry = min(MAX_RETRY_SECONDS, self._retry * 2)

    def _lost(self, reason: str, code: str = "") -> None:
        was_live = self.aligner.system_live
        self.aligner.system_live = False
        self.aligner.restart_system()
        if self._gap_start is None:
            self._gap_start = self._offset()
        if was_live or code:
            log.warning("system audio lost: %s", reason)
            self._told_lost = True
            self._events.publish(SystemAudioLost(self._recording_id, reason, code))
        else:
            log.info("no system audio: %s", reason)

    def _close_gap(self) -> None:
        start, self._gap_start = self._gap_start, None
        if start is None:
            return
        end = self._offset()
        if end > start:
            self._add_gap(Gap(start=round(start, 3), end=round(end, 3), reason=SYSTEM_AUDIO_GAP))

    def _metered(self, frames: Frames) -> Frames | None:
        if not len(frames):
            return None
        self.level.update(frames[:, 1:2], round(self._options.level_interval * self.aligner.rate))
        return frames
