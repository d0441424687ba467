"""Input devices as PortAudio sees them: list, resolve by name or index, rescan.

PortAudio reads its device list once, at initialisation; `rescan()` re-initialises it so that a
microphone plugged in later (or a sound server that came back) is seen. It must only be called
with no stream open.

The per-OS part: on Windows PortAudio shows every microphone once per host API (MME, DirectSound,
WASAPI, WDM-KS); only one host API is listed (`WINDOWS_HOST_APIS`, WASAPI first), a name or index
of another host API's device is resolved to the same microphone in it, and WASAPI streams let
PortAudio convert rate and channels (`stream_settings`).
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, replace
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
        """A JSON-ready dict (for `logmeets devices --json`); "kind" "input" (system-audio
        sources are "system")."""
        return {"kind": "input", **asdict(self)}


#: Windows: the host APIs in order of preference; the first one with an input device is listed.
#: WASAPI has the full names and the lowest latency; MME cuts names to 31 characters.
WINDOWS_HOST_APIS = ("Windows WASAPI", "Windows DirectSound", "MME", "Windows WDM-KS")


def list_input_devices() -> list[InputDevice]:
    """Every device with at least one input channel, in PortAudio's order (Windows: those of one
    host API, `WINDOWS_HOST_APIS`)."""
    every = _all_input_devices()
    if not every:
        return []
    devices, api_default = _one_host_api(every)
    default_index = api_default if api_default is not None else _default_input_index()
    return [replace(d, is_default=d.index == default_index) for d in devices]


def _all_input_devices() -> list[tuple[InputDevice, int]]:
    """Every input device of every host API, each with its host API's default input index."""
    try:
        raw = sd.query_devices()
        apis = sd.query_hostapis()
    except sd.PortAudioError:
        # No sound system at all reads as "no microphone", never as a crash.
        return []
    return [
        (
            InputDevice(
                index=int(d["index"]),
                name=str(d["name"]),
                host_api=str(apis[int(d["hostapi"])]["name"]),
                channels=int(d["max_input_channels"]),
                default_samplerate=float(d["default_samplerate"]),
                is_default=False,
            ),
            int(apis[int(d["hostapi"])]["default_input_device"]),
        )
        for d in raw
        if int(d["max_input_channels"]) > 0
    ]


def _one_host_api(
    every: list[tuple[InputDevice, int]],
) -> tuple[list[InputDevice], int | None]:
    """The devices to list and, on Windows, the chosen host API's default input (None: the
    system default applies)."""
    if sys.platform == "win32":
        for api in WINDOWS_HOST_APIS:
            chosen = [(d, default) for d, default in every if d.host_api == api]
            if chosen:
                return [d for d, _ in chosen], chosen[0][1]
    return [d for d, _ in every], None


def stream_settings(device: InputDevice) -> Any:
    """Host-API-specific stream settings for `device` (`extra_settings` of sd.InputStream), or
    None. WASAPI's shared mode opens only at the device's mix format (rate, channels) unless
    PortAudio converts, so WASAPI streams ask it to."""
    if device.host_api == "Windows WASAPI":
        return sd.WasapiSettings(auto_convert=True)
    return None


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
    an exact name, or a unique start or case-insensitive part of one. On Windows a name or index
    of the same microphone under another host API resolves to the listed one."""
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
        # Windows: the index of the same microphone under a host API that is not listed.
        elsewhere = [d for d, _ in _all_input_devices() if d.index == wanted]
        if elsewhere:
            try:
                return _by_name(elsewhere[0].name, devices)
            except RecorderError:
                pass
        raise RecorderError(f"no input device {wanted}", code="device_not_found", device=text)
    return _by_name(text, devices)


def _by_name(text: str, devices: list[InputDevice]) -> InputDevice:
    """The device named `text` exactly, else the only one whose name starts with it (MME's
    31-character names of Windows devices), else the only one whose name holds it (any case)."""
    for d in devices:
        if d.name == text:
            return d
    for candidates in (
        [d for d in devices if d.name.startswith(text)],
        [d for d in devices if text.lower() in d.name.lower()],
    ):
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise RecorderError(
                f"{text!r} matches several input devices",
                code="device_ambiguous",
                device=text,
                candidates=", ".join(d.name for d in candidates),
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
