"""The values the core's facade returns: what a write changed (`Changes`, Anki's `OpChanges`),
a write's result with its changes (`Outcome`), and the reads (`Snapshot`, `AuditCheck`)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Generic, TypeVar

from outbox import ChunkInfo, ChunkState, RecordingInfo, RecordingState

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What a core write changed; a window refreshes only what is flagged."""

    recordings: bool = False  # recordings were added, renamed or changed state
    chunks: bool = False  # chunks were added or changed state
    recording: bool = False  # the running recording started, paused, resumed or ended
    settings: bool = False  # `Context.settings` was replaced
    session: bool = False  # signed in or out; the sync engine started, restarted or stopped

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )


NOTHING = Changes()


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """A write's result together with what it changed (Anki's OpChangesWith...)."""

    value: T
    changes: Changes


@dataclass(frozen=True)
class Snapshot:
    """What the recordings list and the status need from the outbox, read in one go."""

    recordings: list[RecordingInfo] = field(default_factory=list)
    chunks: list[ChunkInfo] = field(default_factory=list)
    free_bytes: int | None = None


@dataclass(frozen=True)
class AuditCheck:
    """The audit log's path, its number of entries and what is wrong with it: (line, reason,
    code), the code "" or one of `outbox.AuditProblem`'s."""

    path: Path
    entries: int
    problems: list[tuple[int, str, str]]


def forgettable(snapshot: Snapshot) -> list[str]:
    """Ids of the recordings that only `Core.forget_recording` can crypto-erase: stopped, with
    quarantined chunks and none still to upload (the outbox checks it again when forgetting)."""
    states: dict[str, set[ChunkState]] = {}
    for chunk in snapshot.chunks:
        states.setdefault(chunk.recording_id, set()).add(chunk.state)
    done = {ChunkState.QUARANTINED, ChunkState.ERASED}
    return [
        r.id
        for r in snapshot.recordings
        if r.state in (RecordingState.STOPPED, RecordingState.COMPLETE)
        and ChunkState.QUARANTINED in states.get(r.id, set())
        and states[r.id] <= done
    ]


def removable_from_history(rec: RecordingInfo) -> bool:
    """True if `Core.remove_from_history` takes the recording: uploaded (the server holds its
    manifest) and erased from this computer."""
    return rec.state is RecordingState.ERASED and rec.manifest_sent
