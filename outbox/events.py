"""Typed core events and the small thread-safe bus they travel on.

The bus (`EventBus`) is shared by the core: the outbox publishes the events below, the recorder
and the uploader publish their own (`recorder.events`, `uploader.events`), all frozen
dataclasses; `app/` subscribes and turns them into Qt signals. Callbacks run synchronously on the
publisher's thread, so they must be quick and must not block: the GUI adapter only re-emits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from outbox.model import ChunkState, RecordingState

__all__ = ["ChunkSealed", "ChunkStateChanged", "EventBus", "RecordingStateChanged", "Subscriber"]

log = logging.getLogger(__name__)

Subscriber = Callable[[object], None]


class EventBus:
    """Delivers each published event to every subscriber, in subscription order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: tuple[Subscriber, ...] = ()

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Adds `callback`; returns a function that removes it again."""
        with self._lock:
            self._subscribers = (*self._subscribers, callback)

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers = tuple(s for s in self._subscribers if s is not callback)

        return unsubscribe

    def publish(self, event: object) -> None:
        """Calls every subscriber with `event`. A failing subscriber is logged, never raised:
        a GUI bug must not stop a recording."""
        for callback in self._subscribers:  # a tuple: safe to iterate while others subscribe
            try:
                callback(event)
            except Exception:
                log.exception("event subscriber failed on %s", type(event).__name__)


# -- what the outbox publishes (after the change is committed, on the caller's thread) ----------


@dataclass(frozen=True)
class ChunkSealed:
    """A chunk was sealed, written and indexed: it is safe on disk and its journal is gone."""

    chunk_id: str
    recording_id: str
    index: int
    duration: float
    recovered: bool


@dataclass(frozen=True)
class ChunkStateChanged:
    """A chunk moved to `state`, after the change was committed."""

    chunk_id: str
    recording_id: str
    state: ChunkState


@dataclass(frozen=True)
class RecordingStateChanged:
    """A recording moved to `state`, after the change was committed."""

    recording_id: str
    state: RecordingState
