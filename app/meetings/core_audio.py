"""macOS: whether the default input device is running, through Core Audio (ctypes).

`kAudioDevicePropertyDeviceIsRunningSomewhere` on the default input device is 1 while any
process captures from it. Core Audio does not say which process (that needs macOS 14's process
objects and a permission), so a running device reads as `UNKNOWN`: "a meeting app". Our own
recording runs the device too: the window treats what it sees while it records or tests the
microphone as already offered.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from typing import Any, Protocol, cast

from app.meetings.apps import UNKNOWN

log = logging.getLogger(__name__)

FRAMEWORK = "/System/Library/Frameworks/CoreAudio.framework/CoreAudio"


def fourcc(code: str) -> int:
    """A Core Audio four-character code as its UInt32 ('dIn ' -> 0x64496E20)."""
    return int.from_bytes(code.encode("ascii"), "big")


SYSTEM_OBJECT = 1  # kAudioObjectSystemObject
DEFAULT_INPUT_DEVICE = fourcc("dIn ")  # kAudioHardwarePropertyDefaultInputDevice
IS_RUNNING_SOMEWHERE = fourcc("gone")  # kAudioDevicePropertyDeviceIsRunningSomewhere
SCOPE_GLOBAL = fourcc("glob")  # kAudioObjectPropertyScopeGlobal
ELEMENT_MAIN = 0  # kAudioObjectPropertyElementMain
NO_DEVICE = 0  # kAudioObjectUnknown


class PropertyAddress(ctypes.Structure):
    """AudioObjectPropertyAddress."""

    _fields_ = [
        ("mSelector", ctypes.c_uint32),
        ("mScope", ctypes.c_uint32),
        ("mElement", ctypes.c_uint32),
    ]


class CoreAudio(Protocol):
    """The one Core Audio function used here (the framework loaded by ctypes; tests fake it).
    Its arguments: object id, a pointer to the PropertyAddress, qualifier size and data, a
    pointer to the data size (c_uint32), a pointer to the data; it returns an OSStatus."""

    def AudioObjectGetPropertyData(
        self, obj: int, address: Any, qualifier_size: int, qualifier: Any, size: Any, data: Any, /
    ) -> int: ...


def load_core_audio() -> CoreAudio | None:
    """The CoreAudio framework with the function's argument types set; None if it cannot be
    loaded (not macOS)."""
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("CoreAudio") or FRAMEWORK)
    except OSError:
        return None
    fn = lib.AudioObjectGetPropertyData
    fn.argtypes = [
        ctypes.c_uint32,
        ctypes.POINTER(PropertyAddress),
        ctypes.c_uint32,
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_uint32),
        ctypes.c_void_p,
    ]
    fn.restype = ctypes.c_int32
    return cast(CoreAudio, lib)


class CoreAudioDetector:
    """Asks Core Audio whether the default input device runs (see the module's docstring)."""

    available = True

    def __init__(self, core_audio: CoreAudio) -> None:
        self.ca = core_audio
        self._failing = False

    def meeting_apps(self) -> frozenset[str]:
        """`{UNKNOWN}` while some process captures the default input, else nothing."""
        device = self._get_u32(SYSTEM_OBJECT, DEFAULT_INPUT_DEVICE)
        if not device:  # no input device, or the call failed
            return frozenset()
        running = self._get_u32(device, IS_RUNNING_SOMEWHERE)
        return frozenset({UNKNOWN}) if running else frozenset()

    def _get_u32(self, obj: int, selector: int) -> int | None:
        address = PropertyAddress(selector, SCOPE_GLOBAL, ELEMENT_MAIN)
        size = ctypes.c_uint32(ctypes.sizeof(ctypes.c_uint32))
        value = ctypes.c_uint32(0)
        status = self.ca.AudioObjectGetPropertyData(
            obj, ctypes.pointer(address), 0, None, ctypes.pointer(size), ctypes.pointer(value)
        )
        if status != 0:
            if not self._failing:
                log.warning("Core Audio refused property %#x of %d: %d", selector, obj, status)
            self._failing = True
            return None
        self._failing = False
        return int(value.value)
