"""The silence warning: a microphone that delivers only digital silence or its noise floor.

A muted headset, macOS without microphone permission (it delivers zeros) or the wrong device
all record "fine" and keep nothing audible. The recorder's writer thread feeds each level reading
(recorder/level.py) with its place on the recording's timeline to `SilenceMonitor`: once every
peak has stayed below `SILENCE_DBFS` for `seconds`, it publishes `SilenceDetected`; when sound
returns (or the stretch ends with a pause, a lost device or the end of the recording) it
publishes `SilenceEnded` and notes the stretch in the outbox (`Outbox.add_silence`), which puts
it into the manifest. The audio itself is kept as recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from crypto.errors import CryptoError
from outbox import EventBus, OutboxError, Silence
from recorder.events import SilenceDetected, SilenceEnded
from recorder.level import LevelReading
from recorder.sealer import write_error

__all__ = ["SILENCE_DBFS", "SilenceMonitor", "SilenceWatch", "SilentOutbox"]

#: A peak below this is silence or a noise floor: a speaking voice near a microphone peaks
#: above -40 dBFS; an idle but working microphone's hiss peaks around -70 to -60.
SILENCE_DBFS = -60.0


class SilentOutbox(Protocol):
    """The part of `outbox.Outbox` the monitor writes to."""

    def add_silence(self, recording_id: str, silence: Silence) -> None: ...


class SilenceWatch:
    """The rule alone: feed peaks with their time; says when a stretch is long enough to warn
    about and, once it ends, what the stretch was. `seconds` <= 0 never warns."""

    def __init__(self, seconds: float, threshold_dbfs: float = SILENCE_DBFS) -> None:
        self.seconds = float(seconds)
        self.threshold_dbfs = float(threshold_dbfs)
        self._start: float | None = None  # when the quiet began (seconds on the timeline)
        self._warned = False

    @property
    def warned(self) -> bool:
        """True while a stretch long enough to warn about goes on."""
        return self._warned

    def update(self, peak_dbfs: float, at: float) -> bool | Silence | None:
        """One reading that ends at `at`. True: the stretch just became long enough to warn;
        a Silence: a warned stretch just ended (sound is back); None: nothing to say."""
        if peak_dbfs < self.threshold_dbfs:
            if self._start is None:
                self._start = at
            if self.seconds > 0 and not self._warned and at - self._start >= self.seconds:
                self._warned = True
                return True
            return None
        return self.close(at)

    def close(self, at: float) -> Silence | None:
        """The stretch going on ends at `at` (sound back, pause, device lost, stop): the stretch
        if it had been warned about, else None."""
        start, warned = self._start, self._warned
        self._start, self._warned = None, False
        if start is None or not warned:
            return None
        return Silence(round(start, 3), round(max(at, start), 3))


class SilenceMonitor:
    """The watch of one recording, on its writer thread: publishes the events and notes each
    warned stretch in the outbox."""

    def __init__(
        self, outbox: SilentOutbox, events: EventBus, seconds: float, device: Callable[[], str]
    ) -> None:
        self._outbox = outbox
        self._events = events
        self._device = device  # the input device's name now
        self._watch = SilenceWatch(seconds)
        self.noted: list[Silence] = []  # the stretches noted so far, in order

    def reading(
        self, recording_id: str, reading: LevelReading | None, at: float, paused: bool
    ) -> None:
        """One published level reading (None: none this time) at `at` on the timeline. While
        paused nothing is kept, so a stretch going on ends there."""
        if reading is None:
            return
        if paused:
            self.close(recording_id, at)
            return
        result = self._watch.update(reading.peak_dbfs, at)
        if result is True:
            self._events.publish(SilenceDetected(recording_id, self._device(), self._watch.seconds))
        elif isinstance(result, Silence):
            self._note(recording_id, result)

    def close(self, recording_id: str, at: float) -> None:
        """Ends a stretch going on (pause, device lost, end of the recording)."""
        stretch = self._watch.close(at)
        if stretch is not None:
            self._note(recording_id, stretch)

    def _note(self, recording_id: str, stretch: Silence) -> None:
        try:
            self._outbox.add_silence(recording_id, stretch)
        except (OSError, OutboxError, CryptoError) as exc:
            raise write_error(exc, "recording") from exc
        self.noted.append(stretch)
        self._events.publish(SilenceEnded(recording_id, stretch.start, stretch.end))
