"""Events the recorder publishes on the `outbox.events.EventBus` (docs/internal-api.md).

They are frozen dataclasses so that any thread may read them; subscribers run on the recorder's
writer thread and must not block. `ChunkSealed` is published by the outbox itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from recorder.level import LevelReading

StopReason = Literal["user", "duration", "disk_full", "device_gone", "error"]


@dataclass(frozen=True)
class LevelChanged:
    """The input level over the last ~100 ms, in dBFS (0 is full scale, -inf is silence): the
    loudest channel's; `channels` has one reading per channel of the recording (channel 1 the
    microphone, channel 2 the system audio when it is recorded)."""

    peak_dbfs: float
    rms_dbfs: float
    clipped: bool
    channels: tuple[LevelReading, ...] = ()


@dataclass(frozen=True)
class SystemAudioLost:
    """Channel 2 has no system audio from now on (the source went away, the capture process
    ended, or it cannot work: `code` then names why, e.g. system_audio_denied); the microphone
    goes on, and the time without it is a `system_audio_lost` gap."""

    recording_id: str
    reason: str
    code: str = ""


@dataclass(frozen=True)
class SystemAudioRecovered:
    """System audio arrives on channel 2 again, from `source`."""

    recording_id: str
    source: str


@dataclass(frozen=True)
class CaptureStarted:
    """The first audio block of a recording (or of a reopened device) has arrived."""

    recording_id: str
    device: str


@dataclass(frozen=True)
class RecordingPosition:
    """Seconds of audio kept so far (pauses excluded), once a second of audio: the recording's
    length grows in a list before its first chunk is sealed."""

    recording_id: str
    seconds: float


@dataclass(frozen=True)
class DeviceLost:
    """The input stream ended or stalled; the recorder is trying to get a device back."""

    recording_id: str
    device: str
    reason: str


@dataclass(frozen=True)
class DeviceRecovered:
    """Capture continues on `device` after a loss; the gap is recorded in the recording."""

    recording_id: str
    device: str


@dataclass(frozen=True)
class DiskLow:
    """Free space (above the reserve) lasts less than the warning threshold."""

    recording_id: str
    seconds_left: float


@dataclass(frozen=True)
class DiskTimeLeft:
    """Estimated seconds of recording that the free space above the reserve still holds."""

    seconds_left: float


@dataclass(frozen=True)
class OverflowCounted:
    """The number of input overflows plus dropped blocks of this recording has grown."""

    recording_id: str
    total: int


@dataclass(frozen=True)
class SilenceDetected:
    """For `seconds` the microphone has delivered only silence or its noise floor (a peak
    below -60 dBFS): muted, no permission, or the wrong device (recorder/silence.py)."""

    recording_id: str
    device: str
    seconds: float


@dataclass(frozen=True)
class SilenceEnded:
    """A stretch of silence warned about has ended (sound is back, or the recording paused or
    stopped); it is noted in the recording, `start` and `end` in seconds from its start."""

    recording_id: str
    start: float
    end: float


@dataclass(frozen=True)
class RecordingStopped:
    """The recording is finished: everything captured is sealed (or in a journal on error)."""

    recording_id: str
    reason: StopReason
