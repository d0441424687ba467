"""Audio capture: devices, the PortAudio stream, level meter, FLAC chunks sealed as they fill,
the crash journal and recovery. Imports `crypto` and `outbox` only; never Qt, never `uploader`.

Modules, one job each (how they work together: docs/recorder.md):
- `recorder`: the `Recorder`: one recording, its writer thread.
- `controls`: pause, resume, markers and title, queued for the writer thread.
- `chunk_writer`: the open chunk, its journal appends, the hand-over of a full chunk, the last
  chunk at the end.
- `sealer`: the one sealer thread (encode, seal, write, index).
- `microphone`: the input device in use, its level and overflows, device loss and reopening.
- `silence`: the silence warning (a microphone that delivers nothing audible).
- `disk`: the disk policy (time left, low-space warning, the reserve).
- `timeline`: the recording's timeline (audio plus gaps: pauses, device losses).
- `capture`, `devices`, `level`, `chunker`, `formats`: the stream, device listing, the meter,
  the chunk buffer and FLAC, sample formats.
- `system_channel`, `aligner`, `system_audio/`: channel 2, the computer's output (a child
  process per OS), placed on the microphone's clock; `channels`: joined with the microphone's.
- `recovery`: crashed recordings' journals become recovered chunks.
- `options`, `events`, `errors`: what to record, what is published, what is raised.
"""

from recorder.capture import Capture, PortAudioStreams, StreamSource
from recorder.devices import InputDevice, list_input_devices, resolve_device
from recorder.devices import rescan as rescan_devices
from recorder.disk import disk_time_left, seconds_left
from recorder.errors import ERROR_CODES, RecorderError
from recorder.events import (
    CaptureStarted,
    DeviceLost,
    DeviceRecovered,
    DiskLow,
    DiskTimeLeft,
    LevelChanged,
    OverflowCounted,
    RecordingPosition,
    RecordingStopped,
    SilenceDetected,
    SilenceEnded,
    StopReason,
    SystemAudioLost,
    SystemAudioRecovered,
)
from recorder.formats import FORMATS, SampleFormat, sample_format
from recorder.level import LevelReading
from recorder.options import RecordingOptions
from recorder.recorder import Recorder, RecorderOutbox
from recorder.recovery import (
    CORRUPT_SUFFIX,
    RecoveryProblem,
    RecoveryReport,
    recover,
    recover_all,
)
from recorder.system_audio import SystemSource, list_system_sources, resolve_system_source

__all__ = [
    "CORRUPT_SUFFIX",
    "ERROR_CODES",
    "FORMATS",
    "Capture",
    "CaptureStarted",
    "DeviceLost",
    "DeviceRecovered",
    "DiskLow",
    "DiskTimeLeft",
    "InputDevice",
    "LevelChanged",
    "LevelReading",
    "OverflowCounted",
    "PortAudioStreams",
    "Recorder",
    "RecorderError",
    "RecorderOutbox",
    "RecordingOptions",
    "RecordingPosition",
    "RecordingStopped",
    "RecoveryProblem",
    "RecoveryReport",
    "SampleFormat",
    "SilenceDetected",
    "SilenceEnded",
    "StopReason",
    "StreamSource",
    "SystemAudioLost",
    "SystemAudioRecovered",
    "SystemSource",
    "disk_time_left",
    "list_input_devices",
    "list_system_sources",
    "recover",
    "recover_all",
    "rescan_devices",
    "resolve_device",
    "resolve_system_source",
    "sample_format",
    "seconds_left",
]
