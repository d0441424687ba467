"""Input devices as PortAudio sees them: list, resolve by name or index, rescan.

PortAudio reads its device list once, at initialisation; `rescan()` re-initialises it so that a
microphone plugged in later (or a sound server that came back) is seen. It must only be called
with no stream open.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sounddevice as sd

from recorder.errors import RecorderError


@dataclass(frozen=True)
class InputDevice:
    """One PortAudio device that has input channels."""

    index: int
    name: str
    host_api: str
    channels: int
    default_samplerate: float
    is_default: bool

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for `logmeets devices --json`)."""
        return asdict(self)


def list_input_devices() -> list[InputDevice]:
    """Every device with at least one input channel, in PortAudio's order."""
    try:
        raw = sd.query_devices()
        apis = sd.query_hostapis()
    except sd.PortAudioError:
        # No sound system at all reads as "no microphone", never as a crash.
        return []
    default_index = _default_input_index()
    devices = [
        InputDevice(
            index=int(d["index"]),
            name=str(d["name"]),
            host_api=str(apis[int(d["hostapi"])]["name"]),
            channels=int(d["max_input_channels"]),
            default_samplerate=float(d["default_samplerate"]),
            is_default=int(d["index"]) == default_index,
        )
        for d in raw
        if int(d["max_input_channels"]) > 0
    ]
    return devices


def default_input_device() -> InputDevice:
    """The system's default input, else the first input device; RecorderError(no_microphone)."""
    devices = list_input_devices()
    if not devices:
        raise RecorderError("no input device found", code="no_microphone")
    for d in devices:
        if d.is_default:
            return d
    return devices[0]


def resolve_device(spec: str | int | None) -> InputDevice:
    """The input device that `spec` names: None or "" for the default, an index (int or digits),
    an exact name, or a unique case-insensitive part of one."""
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        return default_input_device()
    devices = list_input_devices()
    if not devices:
        raise RecorderError("no input device found", code="no_microphone")
    text = str(spec).strip()
    if isinstance(spec, int) or text.isdigit():
        wanted = int(text)
        for d in devices:
            if d.index == wanted:
                return d
        raise RecorderError(f"no input device {wanted}", code="device_not_found", device=text)
    for d in devices:
        if d.name == text:
            return d
    matches = [d for d in devices if text.lower() in d.name.lower()]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise RecorderError(
            f"{text!r} matches several input devices",
            code="device_ambiguous",
            device=text,
            candidates=", ".join(d.name for d in matches),
        )
    raise RecorderError(f"no input device named {text!r}", code="device_not_found", device=text)


def rescan() -> None:
    """Makes PortAudio read the device list again. Only call it with no stream open."""
    # sounddevice has no public API for this; _terminate/_initialize are the documented way
    # (its own docs mention them for hot-plugging).
    sd._terminate()
    sd._initialize()


def _default_input_index() -> int:
    try:
        value = sd.default.device[0]
    except (IndexError, TypeError):
        return -1
    if isinstance(value, str):
        try:
            return int(sd.query_devices(value, "input")["index"])
        except (ValueError, sd.PortAudioError):
            return -1
    index = int(value)
    if index < 0:
        try:
            info: Any = sd.query_hostapis(0)
            index = int(info["default_input_device"])
        except (sd.PortAudioError, IndexError):
            return -1
    return index
