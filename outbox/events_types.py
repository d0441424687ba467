"""Events the outbox publishes on the shared `outbox.events.EventBus` (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ChunkSealed", "ChunkStateChanged", "RecordingStateChanged"]


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
    """A chunk moved to `state` (a ChunkState value), after the change was committed."""

    chunk_id: str
    recording_id: str
    state: str


@dataclass(frozen=True)
class RecordingStateChanged:
    """A recording moved to `state` (a RecordingState value), after the change was committed."""

    recording_id: str
    state: str
