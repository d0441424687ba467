"""The outbox's data model: chunk and recording states, their allowed transitions, and the
frozen records the store hands out.

Chunk life: sealed -> uploading -> uploaded -> confirmed -> erased. An upload the server has
discarded (404/410) sends a chunk from uploading back to sealed; any chunk not yet erased may be
quarantined (a damaged or missing file: never uploaded, never erased, kept for the user).
Recording life: recording -> stopped -> complete (manifest accepted) -> erased (key forgotten);
a stopped recording whose chunks are all erased before its manifest is sent goes straight to erased.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from outbox.errors import OutboxError

__all__ = [
    "CHUNK_TRANSITIONS",
    "RECORDING_TRANSITIONS",
    "SAMPLE_WIDTHS",
    "ChunkInfo",
    "ChunkState",
    "ExportGap",
    "ExportReport",
    "Gap",
    "LeftoverJournal",
    "Marker",
    "RecordingInfo",
    "RecordingState",
    "SealedChunk",
    "Silence",
    "StagedChunk",
    "VerifyResult",
    "check_chunk_transition",
    "check_recording_transition",
    "journal_header",
]


#: Bytes per PCM sample for each FLAC subtype a recording may use (the crash journal's width).
SAMPLE_WIDTHS = {"PCM_16": 2, "PCM_24": 3}
#: Gap reasons that silence one channel while the recording goes on (no time is missing).
SYSTEM_AUDIO_GAP = "system_audio_lost"
CHANNEL_GAP_REASONS = frozenset({SYSTEM_AUDIO_GAP})


class ChunkState(StrEnum):
    """Where one sealed chunk is on its way to the server."""

    SEALED = "sealed"
    UPLOADING = "uploading"
    UPLOADED = "uploaded"
    CONFIRMED = "confirmed"
    ERASED = "erased"
    QUARANTINED = "quarantined"


class RecordingState(StrEnum):
    """Where one recording is: still capturing, stopped, accepted by the server, or erased."""

    RECORDING = "recording"
    STOPPED = "stopped"
    COMPLETE = "complete"
    ERASED = "erased"


_C = ChunkState
#: Allowed chunk transitions (from -> set of to); quarantine is reachable from any non-erased state.
CHUNK_TRANSITIONS: dict[ChunkState, frozenset[ChunkState]] = {
    _C.SEALED: frozenset({_C.UPLOADING, _C.QUARANTINED}),
    _C.UPLOADING: frozenset({_C.UPLOADED, _C.SEALED, _C.QUARANTINED}),
    _C.UPLOADED: frozenset({_C.CONFIRMED, _C.QUARANTINED}),
    _C.CONFIRMED: frozenset({_C.ERASED, _C.QUARANTINED}),
    _C.ERASED: frozenset(),
    _C.QUARANTINED: frozenset(),
}

_R = RecordingState
#: Allowed recording transitions.
RECORDING_TRANSITIONS: dict[RecordingState, frozenset[RecordingState]] = {
    _R.RECORDING: frozenset({_R.STOPPED}),
    _R.STOPPED: frozenset({_R.COMPLETE, _R.ERASED}),
    _R.COMPLETE: frozenset({_R.ERASED}),
    _R.ERASED: frozenset(),
}


def check_chunk_transition(chunk_id: str, current: ChunkState, target: ChunkState) -> None:
    """Raise OutboxError(code="illegal_transition") unless `current -> target` is allowed."""
    _check_transition("chunk", chunk_id, current, target, CHUNK_TRANSITIONS[current])


def check_recording_transition(
    recording_id: str, current: RecordingState, target: RecordingState
) -> None:
    """Raise OutboxError(code="illegal_transition") unless `current -> target` is allowed."""
    _check_transition("recording", recording_id, current, target, RECORDING_TRANSITIONS[current])


def _check_transition(
    kind: str, item_id: str, current: StrEnum, target: StrEnum, allowed: frozenset[Any]
) -> None:
    if target not in allowed:
        raise OutboxError(
            f"{kind} {item_id}: {current} -> {target} is not allowed",
            code="illegal_transition",
            kind=kind,
            item_id=item_id,
            current=str(current),
            target=str(target),
        )


@dataclass(frozen=True)
class Marker:
    """A user's bookmark, `at` seconds from the start of the recording."""

    at: float
    label: str


@dataclass(frozen=True)
class Gap:
    """A stretch with no audio (device lost, disk full...), in seconds from the start. A gap
    whose reason is `CHANNEL_GAP_REASONS` concerns one channel only: the recording's audio goes
    on (channel 2's system audio was away; channel 1 was recorded)."""

    start: float
    end: float
    reason: str


@dataclass(frozen=True)
class Silence:
    """A stretch in which the microphone delivered only silence or its noise floor, in seconds
    from the recording's start (the audio is kept: this only says it is empty)."""

    start: float
    end: float


@dataclass(frozen=True)
class ChunkInfo:
    """One chunk as the index holds it. `path` is None once the chunk is erased, and when the
    row's path does not fit the layout: `path_problem` then says why (docs/file-format.md §6)."""

    id: str
    recording_id: str
    index: int
    started_at: float
    duration: float
    sample_rate: int
    channels: int
    size: int
    sha256: str
    path: Path | None
    state: ChunkState
    upload_url: str | None
    upload_offset: int
    attempts: int
    last_error: str | None
    recovered: bool
    path_problem: str | None = None
    org_recipient: str | None = None  # the organisation recipient it is sealed to, if any


@dataclass(frozen=True)
class RecordingInfo:
    """One recording as the index holds it."""

    id: str
    title: str
    started_at: float
    ended_at: float | None
    state: RecordingState
    sample_rate: int
    channels: int
    subtype: str
    markers: tuple[Marker, ...]
    gaps: tuple[Gap, ...]
    manifest_sent: bool
    in_history: bool = False  # title and markers come from the history (outbox.history)
    silences: tuple[Silence, ...] = ()
    web_url: str | None = None  # its page on the server's site, from the history entry


def journal_header(rec: RecordingInfo, index: int) -> dict[str, Any]:
    """The header fields of chunk `index`'s crash journal (`crypto.journal`)."""
    return {
        "recording_id": rec.id,
        "chunk_index": index,
        "sample_rate": rec.sample_rate,
        "channels": rec.channels,
        "sample_width": SAMPLE_WIDTHS[rec.subtype],
    }


@dataclass(frozen=True)
class LeftoverJournal:
    """A crash journal with no sealed chunk: the recorder turns it into a recovered chunk."""

    recording_id: str
    index: int
    path: Path


@dataclass(frozen=True)
class VerifyResult:
    """The check of one local chunk. `problem` is a stable code (None when ok):
    file_missing, hash_mismatch, key_missing, decrypt_failed, not_flac, index_path_invalid,
    quarantined."""

    chunk_id: str
    ok: bool
    problem: str | None = None
    recording_id: str = ""
    index: int = -1
    detail: str = ""


@dataclass(frozen=True)
class ExportGap:
    """A part of the recording missing from an export. `index` is the chunk index (or None for a
    gap recorded inside the recording); `reason`: missing, erased, quarantined, unreadable,
    index_path_invalid (its row's path does not fit the layout), or a recorded gap's own reason."""

    index: int | None
    reason: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class ExportReport:
    """What `export_recording` wrote: which chunks, how many frames, and what is missing."""

    recording_id: str
    out: Path
    chunks: tuple[int, ...]
    frames: int
    sample_rate: int
    channels: int
    gaps: tuple[ExportGap, ...]

    @property
    def duration(self) -> float:
        """Seconds of audio written."""
        return self.frames / self.sample_rate if self.sample_rate else 0.0


@dataclass(frozen=True)
class SealedChunk:
    """A chunk's FLAC sealed for its recording, not stored yet (`sealing.seal_flac`)."""

    recording_id: str
    sha256: str
    ciphertext: bytes = field(repr=False)
    org_recipient: str | None = None  # sealed to this organisation recipient too (None: no)


@dataclass(frozen=True)
class StagedChunk:
    """A sealed chunk whose file is whole on disk, not indexed yet (`sealing.write_sealed`)."""

    recording_id: str
    index: int
    path: str  # relative to the data dir, as the index keeps it
    size: int
    sha256: str
    org_recipient: str | None = None
