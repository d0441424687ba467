"""What the writer keeps: the microphone's frames (channel 1), joined with the computer's output
(channel 2, recorder/system_channel.py) when system audio is recorded; microphone only otherwise.

The recorder asks this for the next batch, the blocks left after a halt, and the level to
publish, without asking whether channel 2 exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from outbox import EventBus, Gap
from recorder.aligner import Frames
from recorder.formats import SampleFormat
from recorder.level import LevelReading
from recorder.microphone import Microphone
from recorder.options import RecordingOptions
from recorder.system_channel import CaptureFactory, SystemChannel


class Channels:
    """The microphone, and channel 2 once `start_system()` ran; writer thread only."""

    def __init__(
        self,
        mic: Microphone,
        options: RecordingOptions,
        fmt: SampleFormat,
        events: EventBus,
        factory: CaptureFactory | None = None,
    ) -> None:
        self.mic = mic
        self._options = options
        self._fmt = fmt
        self._events = events
        self._factory = factory
        self.system: SystemChannel | None = None  # channel 2, when system audio is recorded

    def start_system(
        self, recording_id: str, offset: Callable[[], float], add_gap: Callable[[Gap], None]
    ) -> None:
        """Starts channel 2's capture child (before the microphone: it takes a moment);
        `add_gap` notes its gaps without blocking the writer (`ChunkSealer.add_gap`)."""
        extra = {} if self._factory is None else {"factory": self._factory}
        self.system = SystemChannel(
            self._options,
            self._fmt,
            self._events,
            offset=offset,
            add_gap=add_gap,
            **extra,
        )
        self.system.start(recording_id)

    def next_batch(self, timeout: float) -> Frames | None:
        """The frames ready to keep (None: none yet): every microphone block waiting, joined
        with channel 2 (held back a moment for it)."""
        batch = self.mic.next_batch(timeout)  # also while paused: the meter moves
        if self.system is not None:
            batch = self.system.join(batch, self.mic.arrivals())
        return batch

    def drain(self) -> Iterator[Frames]:
        """What the halted microphone still queued (joined with channel 2: all of it, with
        silence where its system audio has not come)."""
        system = self.system
        if system is None:
            yield from self.mic.drain()
            return
        arrivals = self.mic.arrivals()
        for block in self.mic.drain():
            joined = system.join(block, arrivals)
            arrivals = []
            if joined is not None:
                yield joined
        tail = system.flush()
        if tail is not None:
            yield tail

    def publish(self, recording_id: str) -> LevelReading | None:
        """Publishes the level (both channels) and overflows as due (`Microphone.publish`)."""
        return self.mic.publish(recording_id, None if self.system is None else self.system.level)

    def mic_restarted(self) -> None:
        """A new microphone stream follows (after a device loss, once drained)."""
        if self.system is not None:
            self.system.mic_restarted()

    def stop_system(self) -> None:
        """Ends channel 2's child, if any; an open gap ends now."""
        if self.system is not None:
            self.system.stop()
