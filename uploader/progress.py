"""How often upload progress is published: a chunk's body goes out in blocks of 256 KiB, which
on a fast link is hundreds of blocks a second. `ProgressThrottle` lets through at most one
`UploadProgress` per `PROGRESS_INTERVAL` per chunk, and always the one that completes it, so
subscribers (the GUI's bridge, `sync --json`) see a steady, bounded stream."""

from __future__ import annotations

import time
from collections.abc import Callable

from uploader.events import UploadProgress
from uploader.tus import UploadJob

PROGRESS_INTERVAL = 0.1  # seconds: at most 10 progress events a second per upload


class ProgressThrottle:
    """Turns a job's progress into `UploadProgress` events for `publish`, rate-limited."""

    def __init__(
        self,
        publish: Callable[[object], None],
        interval: float = PROGRESS_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._publish = publish
        self._interval = interval
        self._clock = clock
        self._chunk = ""  # the chunk of the last event (one upload at a time)
        self._last = 0.0  # when its last event went
        self._sent = -1  # what it said

    def __call__(self, job: UploadJob) -> None:
        """Publishes job's progress unless the last event of this chunk is too recent (the
        chunk's completion always goes; the same figure twice never does)."""
        now = self._clock()
        sent = job.sent
        if job.chunk_id == self._chunk:
            if sent == self._sent:
                return
            if sent < job.length and now - self._last < self._interval:
                return
        self._chunk, self._last, self._sent = job.chunk_id, now, sent
        self._publish(UploadProgress(job.chunk_id, job.recording_id, sent, job.length))
