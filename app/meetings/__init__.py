"""Which meeting applications use the microphone, so that the window can offer to record.

Qt-free: `for_platform()` picks the backend of this OS behind one interface (`MeetingDetector`):
PulseAudio's capture streams on Linux (`pulse`), the microphone's consent store in the registry
on Windows (`consent_store`), Core Audio's "device is running somewhere" on macOS
(`core_audio`). The known applications and how they are recognised live in `apps`.
"""

from app.meetings.apps import MEET, SLACK, TEAMS, UNKNOWN, WEBEX, ZOOM, classify
from app.meetings.detector import POLL_SECONDS, MeetingDetector, NoDetector, for_platform

__all__ = [
    "MEET",
    "POLL_SECONDS",
    "SLACK",
    "TEAMS",
    "UNKNOWN",
    "WEBEX",
    "ZOOM",
    "MeetingDetector",
    "NoDetector",
    "classify",
    "for_platform",
]
