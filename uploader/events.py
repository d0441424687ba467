"""Typed events the uploader publishes on the `outbox.events.EventBus` (docs/internal-api.md).

Frozen dataclasses, published from the sync thread; `app/` re-emits them as Qt signals."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SyncState(StrEnum):
    """What the sync thread is doing, for the status line and tray icon."""

    idle = "idle"  # nothing pending, or not started
    syncing = "syncing"  # sending or confirming a chunk
    waiting = "waiting"  # backing off after a server error; retry_in says how long
    offline = "offline"  # the server cannot be reached; retried when connectivity changes
    auth_needed = "auth_needed"  # no session, or the refresh token was refused: sign in
    superseded = "superseded"  # another login of this account replaced ours: sign in again
    all_confirmed = "all_confirmed"  # every chunk has a receipt and is erased locally


@dataclass(frozen=True)
class UploadStarted:
    """The sync thread begins (or resumes) sending one chunk; the server had `offset` bytes of
    it as far as the outbox knows (a HEAD may correct that: see the next UploadProgress)."""

    chunk_id: str
    recording_id: str
    total: int
    offset: int


@dataclass(frozen=True)
class UploadProgress:
    """Bytes of one chunk sent so far (`sent`: those the server has, plus those of the request
    under way) out of `total`. Published as the bytes go out, at most every
    `uploader.progress.PROGRESS_INTERVAL` per chunk, and always when the chunk is complete."""

    chunk_id: str
    recording_id: str
    sent: int
    total: int


@dataclass(frozen=True)
class RecordingProgress:
    """Per recording: confirmed chunks and bytes the server has, out of what is known so far."""

    recording_id: str
    confirmed_chunks: int
    total_chunks: int
    sent_bytes: int
    total_bytes: int


@dataclass(frozen=True)
class ChunkConfirmed:
    """The server's receipt (or, against a plain tus server, a fresh HEAD) matched."""

    chunk_id: str
    recording_id: str
    weaker: bool = False  # True when confirmed by a plain tus HEAD, not a hash receipt


@dataclass(frozen=True)
class ChunkErased:
    """The confirmed chunk's local file is gone."""

    chunk_id: str
    recording_id: str


@dataclass(frozen=True)
class ReceiptMismatch:
    """The server stored something else than we sent: the chunk is kept and sent again."""

    chunk_id: str
    recording_id: str
    local_sha256: str
    local_size: int
    server_sha256: str
    server_size: int


@dataclass(frozen=True)
class ManifestSent:
    """The server accepted the manifest of a stopped recording whose chunks are all confirmed."""

    recording_id: str


@dataclass(frozen=True)
class SyncStatus:
    """The sync thread's state; `reason` is an error code (or "") saying why it waits,
    `retry_in` the seconds until the next try (None when it waits for an outside event)."""

    state: SyncState
    reason: str = ""
    retry_in: float | None = None
    weaker_confirmation: bool = False  # the server is a plain tus server: no hash receipts
