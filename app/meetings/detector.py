"""The one interface the window polls (`MeetingDetector`) and the choice of backend per OS.

A backend answers one question: which known meeting applications use the microphone now. Our own
capture stream never counts (each backend is told our process id and program name).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Protocol

log = logging.getLogger(__name__)

#: How often the window asks: a meeting is offered within this long of its start.
POLL_SECONDS = 3.0


class MeetingDetector(Protocol):
    """Which meeting applications currently use the microphone."""

    #: False when this OS or machine cannot tell (no pactl, no Core Audio): polls return nothing.
    available: bool

    def meeting_apps(self) -> frozenset[str]:
        """The names of the known meeting applications capturing the microphone now (see
        `app.meetings.apps`; `UNKNOWN` when the OS cannot name it). May block for up to a
        second or two: call it off the GUI thread. Never raises: a failed look is logged and
        reads as "none"."""
        ...


class NoDetector:
    """Detection is off (an OS or machine that cannot tell)."""

    available = False

    def meeting_apps(self) -> frozenset[str]:
        """Nothing, ever."""
        return frozenset()


def for_platform(own_pid: int | None = None, own_program: str | None = None) -> MeetingDetector:
    """The backend for this OS. `own_pid` and `own_program` (this process by default) name our
    own capture stream, which must not count as a meeting."""
    pid = os.getpid() if own_pid is None else own_pid
    program = os.path.basename(sys.executable) if own_program is None else own_program
    if sys.platform == "win32":
        import winreg

        from app.meetings.consent_store import ConsentStoreDetector

        return ConsentStoreDetector(winreg, own_program=program)
    if sys.platform == "darwin":
        from app.meetings.core_audio import CoreAudioDetector, load_core_audio

        core_audio = load_core_audio()
        if core_audio is None:
            log.info("meeting detection off: Core Audio could not be loaded")
            return NoDetector()
        return CoreAudioDetector(core_audio)
    from app.meetings.pulse import PulseDetector

    return PulseDetector.if_available(own_pid=pid) or NoDetector()
