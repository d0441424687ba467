"""Turns core events (published on the core's threads) into Qt signals on the GUI thread.

The core publishes frozen dataclasses on `outbox.events.EventBus`; subscribers run on the
publisher's thread (the audio writer, the uploader) and must not block. The bridge only queues:
every event is re-emitted as `core_event(event)` on the GUI thread, where the window routes it by
its type (`app.gui.window_events`).

High-rate events (levels, upload progress, disk time, the recording's position) are coalesced:
while one is waiting for the GUI thread, a newer one replaces it, so a busy GUI never builds a
backlog of stale levels.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from outbox import EventBus
from recorder import DiskTimeLeft, LevelChanged, RecordingPosition
from uploader import UploadProgress

# Events of which only the newest matters, with the key that identifies "the same" event.
COALESCED: dict[type[Any], Callable[[Any], Hashable]] = {
    LevelChanged: lambda e: "level",
    DiskTimeLeft: lambda e: "disk",
    RecordingPosition: lambda e: "position",
    UploadProgress: lambda e: ("progress", e.chunk_id),
}


class EventBridge(QObject):
    """Subscribes to an EventBus and re-emits its events on the thread this object lives in."""

    core_event = Signal(object)
    _queued = Signal(object)

    def __init__(self, bus: EventBus | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._latest: dict[Hashable, object] = {}
        self._unsubscribe: Callable[[], None] | None = None
        self._queued.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        if bus is not None:
            self.attach(bus)

    def attach(self, bus: EventBus) -> None:
        """Starts listening to `bus`."""
        self.detach()
        self._unsubscribe = bus.subscribe(self.post)

    def detach(self) -> None:
        """Stops listening; events already queued are still delivered."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def post(self, event: object) -> None:
        """Called on any thread (the bus's callback). Never blocks beyond a short lock."""
        keyfn = COALESCED.get(type(event))
        if keyfn is None:
            self._queued.emit(event)
            return
        key = keyfn(event)
        with self._lock:
            already_queued = key in self._latest
            self._latest[key] = event
        if not already_queued:
            self._queued.emit(_Coalesced(key))

    @Slot(object)
    def _deliver(self, item: object) -> None:
        if isinstance(item, _Coalesced):
            with self._lock:
                found = self._latest.pop(item.key, None)
            if found is None:
                return
            item = found
        self.core_event.emit(item)


class _Coalesced:
    """A token in the queue that says "deliver the newest event under this key"."""

    __slots__ = ("key",)

    def __init__(self, key: Hashable) -> None:
        self.key = key
