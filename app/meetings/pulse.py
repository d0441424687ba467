"""Linux: the microphone's users as PulseAudio (or PipeWire's pulse server) lists them.

`pactl -f json list source-outputs` prints every capture stream with its properties:
`application.name`, `application.process.binary`, `application.process.id`, `media.name`. A
corked (paused) stream, a module's own stream (`media.role` filter) and a PipeWire stream that
captures the speakers (`stream.capture.sink`) do not count: a meeting captures a microphone.
Without `pactl` detection is off, said once in the log.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

from app.meetings.apps import classify
from recorder.system_audio.child import OWNER_PROPERTY

log = logging.getLogger(__name__)

COMMAND = ("pactl", "-f", "json", "list", "source-outputs")
TIMEOUT_S = 2.0  # a hung sound server must not hold the poll thread

#: Runs pactl's arguments and returns its standard output (tests pass a fake).
Runner = Callable[[list[str]], str]


def run_pactl(args: list[str]) -> str:
    """Runs pactl with a timeout; raises OSError or subprocess errors when it fails."""
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=TIMEOUT_S, check=True, encoding="utf-8"
    )
    return done.stdout


def meeting_apps_in(listing: str, own_pid: int) -> frozenset[str]:
    """The meeting applications among the capture streams of `pactl -f json list
    source-outputs`, ignoring the streams of process `own_pid` (our own recording)."""
    try:
        streams = json.loads(listing or "[]")
    except json.JSONDecodeError:
        log.warning("pactl printed no JSON list of capture streams")
        return frozenset()
    found: set[str] = set()
    for stream in streams if isinstance(streams, list) else []:
        app = _stream_app(stream, own_pid)
        if app is not None:
            found.add(app)
    return frozenset(found)


def _stream_app(stream: Any, own_pid: int) -> str | None:
    if not isinstance(stream, dict) or stream.get("corked") is True:
        return None
    props = stream.get("properties")
    if not isinstance(props, dict):
        return None
    text = {k: str(v) for k, v in props.items()}
    if str(own_pid) in (text.get("application.process.id"), text.get(OWNER_PROPERTY)):
        return None  # our recording, or its system-audio capture child
    if text.get("media.role") == "filter" or text.get("stream.capture.sink") == "true":
        return None  # a module's own stream (remap, loopback), not an application
    return classify(
        text.get("application.process.binary", ""),
        text.get("application.name", ""),
        hints=(text.get("media.name", ""), text.get("window.title", "")),
    )


class PulseDetector:
    """Reads the capture streams through `pactl` (see the module's docstring)."""

    available = True

    def __init__(self, own_pid: int, run: Runner = run_pactl) -> None:
        self.own_pid = own_pid
        self._run = run
        self._failing = False  # the last look failed (logged once until it works again)

    @classmethod
    def if_available(cls, own_pid: int) -> PulseDetector | None:
        """A detector if `pactl` is installed; None (and a log line) if not."""
        if shutil.which(COMMAND[0]) is None:
            log.info("meeting detection off: pactl not found (install pulseaudio-utils)")
            return None
        return cls(own_pid)

    def meeting_apps(self) -> frozenset[str]:
        """The meeting applications capturing the microphone now (see `MeetingDetector`)."""
        try:
            listing = self._run(list(COMMAND))
        except (OSError, subprocess.SubprocessError) as e:
            if not self._failing:
                log.warning("pactl could not list capture streams: %s", e)
            self._failing = True
            return frozenset()
        self._failing = False
        return meeting_apps_in(listing, self.own_pid)
