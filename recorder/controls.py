"""`Controls`: what other threads ask of a running recording (pause, resume, a marker, a new
title), queued for the recorder's writer thread, which runs them between blocks.

Only the writer thread touches the open chunk, the timeline and the outbox rows of the
recording, so a request from the GUI or a signal handler is a command on a queue, never a call.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from typing import Protocol

from crypto.errors import CryptoError
from outbox import Gap, Marker, OutboxError
from recorder.chunk_writer import ChunkWriter
from recorder.sealer import write_error
from recorder.timeline import Timeline

__all__ = ["Controls", "NotingOutbox"]

log = logging.getLogger(__name__)


class NotingOutbox(Protocol):
    """The part of `outbox.Outbox` the controls write to."""

    def set_title(self, recording_id: str, title: str) -> None: ...
    def add_marker(self, recording_id: str, marker: Marker) -> None: ...
    def add_gap(self, recording_id: str, gap: Gap) -> None: ...


class Controls:
    """The command queue of one recording. Any thread posts; the writer thread calls `run`."""

    def __init__(self, outbox: NotingOutbox, timeline: Timeline) -> None:
        self._outbox = outbox
        self._timeline = timeline
        self._queue: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._recording_id = ""  # set by `begin`, before any command runs
        self._chunks: ChunkWriter | None = None

    def begin(self, recording_id: str, chunks: ChunkWriter) -> None:
        """The recording has begun: commands now apply to it and its open chunk."""
        self._recording_id, self._chunks = recording_id, chunks

    def pause(self) -> None:
        """Stop keeping audio at the next block; the pause becomes a gap on `resume`."""
        self._queue.put(self._pause)

    def resume(self) -> None:
        """Keep audio again; records the pause as a gap."""
        self._queue.put(self._resume)

    def add_marker(self, marker: Marker) -> None:
        """Store `marker` (in the order posted)."""
        self._queue.put(lambda: self._outbox.add_marker(self._recording_id, marker))

    def set_title(self, title: str) -> None:
        """Rename the recording."""
        self._queue.put(lambda: self._outbox.set_title(self._recording_id, title))

    def run(self) -> None:
        """Run the commands posted so far, on the writer thread. An outbox write that fails
        raises RecorderError (write_error): the recording stops."""
        while True:
            try:
                command = self._queue.get_nowait()
            except queue.Empty:
                return
            try:
                command()
            except (OSError, OutboxError, CryptoError) as exc:
                raise write_error(exc, "recording") from exc

    def end_pause(self) -> None:
        """At the end of a paused recording: record the pause's gap, logging a failure (the
        audio is sealed already; only the gap's row is lost)."""
        if not self._timeline.paused:
            return
        try:
            self._resume()
        except (OSError, OutboxError, CryptoError) as exc:
            log.error("could not record the pause: %s", exc)

    def _pause(self) -> None:
        if self._chunks is None or not self._timeline.pause(self._chunks.frames):
            return
        # Everything kept before the pause is durable now, not at the next append after the
        # resume: a crash during a long pause loses nothing.
        self._chunks.journal_now()

    def _resume(self) -> None:
        gap = self._timeline.resume()
        if gap is not None:
            self._outbox.add_gap(self._recording_id, gap)
