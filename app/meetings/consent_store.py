"""Windows: the microphone's users as the privacy settings record them.

Windows notes every program's use of the microphone under
`HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\
microphone`: one subkey per packaged app (named by package family, e.g. `MSTeams_8wekyb3d8bbwe`)
and, under `NonPackaged`, one per desktop program (named by its path with `#` for `\\`,
e.g. `C:#Users#me#AppData#Roaming#Zoom#bin#Zoom.exe`). Each has `LastUsedTimeStart` and
`LastUsedTimeStop` (FILETIME QWORDs); a stop of 0 means the program uses the microphone now.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, Protocol

from app.meetings.apps import classify, program_name

log = logging.getLogger(__name__)

MICROPHONE_KEY = (
    r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore\microphone"
)
NON_PACKAGED = "NonPackaged"


class Registry(Protocol):
    """The part of the `winreg` module used here (tests pass a fake). The names are winreg's."""

    @property
    def HKEY_CURRENT_USER(self) -> int: ...
    @property
    def KEY_READ(self) -> int: ...

    def OpenKey(self, key: Any, sub_key: str, reserved: int, access: int, /) -> Any: ...
    def EnumKey(self, key: Any, index: int, /) -> str: ...
    def QueryValueEx(self, key: Any, name: str, /) -> tuple[Any, int]: ...
    def CloseKey(self, hkey: Any, /) -> None: ...


class ConsentStoreDetector:
    """Reads the microphone's consent store (see the module's docstring)."""

    available = True

    def __init__(self, registry: Registry, own_program: str) -> None:
        self.reg = registry
        self.own_program = program_name(own_program)
        self._failing = False

    def meeting_apps(self) -> frozenset[str]:
        """The meeting applications capturing the microphone now (see `MeetingDetector`)."""
        try:
            users = list(self.users_now())
        except OSError as e:
            if not self._failing:
                log.warning("cannot read the microphone consent store: %s", e)
            self._failing = True
            return frozenset()
        self._failing = False
        found = {classify(u) for u in users if program_name(u) != self.own_program}
        return frozenset(a for a in found if a is not None)

    def users_now(self) -> Iterator[str]:
        """The subkey names (package families, `#`-separated paths) whose stop time is 0."""
        yield from self._in_use(MICROPHONE_KEY, skip=NON_PACKAGED)
        yield from self._in_use(MICROPHONE_KEY + "\\" + NON_PACKAGED)

    def _in_use(self, path: str, skip: str = "") -> Iterator[str]:
        reg = self.reg
        try:
            parent = reg.OpenKey(reg.HKEY_CURRENT_USER, path, 0, reg.KEY_READ)
        except FileNotFoundError:
            return  # nothing has used the microphone yet
        try:
            for name in _subkeys(reg, parent):
                if name != skip and self._stop_time(parent, name) == 0:
                    yield name
        finally:
            reg.CloseKey(parent)

    def _stop_time(self, parent: Any, name: str) -> int | None:
        reg = self.reg
        try:
            key = reg.OpenKey(parent, name, 0, reg.KEY_READ)
        except FileNotFoundError:
            return None  # removed while we read
        try:
            value, _kind = reg.QueryValueEx(key, "LastUsedTimeStop")
        except FileNotFoundError:
            return None  # never used: no times at all
        finally:
            reg.CloseKey(key)
        return value if isinstance(value, int) else None


def _subkeys(reg: Registry, key: Any) -> Iterator[str]:
    index = 0
    while True:
        try:
            yield reg.EnumKey(key, index)
        except OSError:  # winreg's way of saying "no more"
            return
        index += 1
