"""The loop of a backend that opens a source again after it goes away (`linux`, `windows`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from recorder.system_audio.source import Report

S = TypeVar("S")


def keep_open(
    find: Callable[[], tuple[S | None, str]],
    run: Callable[[S], str | None],
    report: Report,
    stopping: Callable[[], bool],
    poll_seconds: float,
) -> None:
    """Until `stopping()`: `find()` gives a source (or None and why there is none), `run(source)`
    captures it until it ends (the reason) or is stopped (None).

    An absence is reported once, not at every poll, until its reason changes or a source ran:
    the parent logs each report, and a machine without a sound card would fill the log. A
    source that fails as soon as it is opened is tried again once per poll, not in a loop.
    """
    absent: str | None = None
    while not stopping():
        source, reason = find()
        if source is None:
            if absent != reason:
                report("absent", reason)
                absent = reason
            time.sleep(poll_seconds)
            continue
        started = time.monotonic()
        ended = run(source)
        if not ended:
            continue
        failed_at_once = time.monotonic() - started < poll_seconds
        if not failed_at_once:
            absent = None
        if absent != ended:
            report("absent", ended)
            absent = ended
        if failed_at_once:
            time.sleep(poll_seconds)  # a source that exists but will not open: no busy loop
