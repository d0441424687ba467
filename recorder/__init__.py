"""Audio capture: devices, the PortAudio stream, level meter, FLAC chunker, crash journal and
recovery. Imports `crypto` and `outbox` only; never Qt, never `uploader`.
"""

from recorder.capture import Capture, PortAudioStreams
from recorder.devices import InputDevice, list_input_devices, rescan, resolve_device
from recorder.disk import seconds_left
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
from recorder.formats import FORMATS, sample_format
from recorder.level import LevelReading
from recorder.options import RecordingOptions
from recorder.recovery import CORRUPT_SUFFIX, recover_all
from recorder.session import Recorder

__all__ = [
    "CORRUPT_SUFFIX",
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
    "RecordingOptions",
    "RecordingStopped",
    "StopReason",
    "list_input_devices",
    "recover_all",
    "rescan",
    "resolve_device",
    "sample_format",
    "seconds_left",
]
