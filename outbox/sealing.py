"""The steps of `Outbox.seal_chunk`, as plain functions: seal the FLAC (CPU only), write its file
whole (fsync'd), commit its row, then delete its journal and audit it.

That order is the durability promise of docs/file-format.md: a crash leaves either no row (the
file, if any, goes at the next exclusive open; the audio is in the chunk's journal) or a row with
a whole file. The caller (`outbox.store.Outbox`) holds the index reservation and the connection
lock around the steps that need them, and publishes the events.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

from crypto.binding import bind_flac, is_flac
from crypto.container import seal
from outbox import errors, rows
from outbox.audit import AuditLog
from outbox.changes import transaction
from outbox.layout import delete_chunk_file, delete_journal, write_chunk_file
from outbox.model import ChunkInfo, RecordingState, SealedChunk, StagedChunk

__all__ = [
    "index_staged",
    "open_recording_row",
    "read_sealed",
    "seal_flac",
    "settle_sealed",
    "write_sealed",
]


def open_recording_row(conn: sqlite3.Connection, recording_id: str) -> sqlite3.Row:
    """The recording's row, if it may still take chunks; else OutboxError(recording_closed)."""
    row = rows.recording_row(conn, recording_id)
    if row["state"] not in (RecordingState.RECORDING, RecordingState.STOPPED):
        raise errors.recording_closed(recording_id, row["state"])
    return row


def seal_flac(
    recording_id: str,
    index: int,
    flac: bytes,
    recording_recipient: str,
    org_recipient: str | None,
    *,
    bind: bool = True,
) -> SealedChunk:
    """`flac` bound to its place (`recording_id`, `index`: crypto.binding) and sealed (age) to
    the recording's recipient and the organisation's (if known), with the ciphertext's SHA-256.
    CPU only: the binding is made in memory. `bind=False` seals the bytes as given (a reseal keeps
    the plaintext, binding included). Bytes that are not FLAC are sealed as given (verify
    reports them `not_flac`)."""
    if bind and is_flac(flac):
        flac = bind_flac(flac, recording_id, index)
    recipients = [recording_recipient, *([org_recipient] if org_recipient else [])]
    ciphertext = seal(flac, recipients)
    sha256 = hashlib.sha256(ciphertext).hexdigest()
    return SealedChunk(recording_id, sha256, ciphertext, org_recipient or None)


def write_sealed(
    data_dir: Path, sealed: SealedChunk, index: int, *, tagged: bool = False
) -> StagedChunk:
    """Write `sealed` as chunk `index` of its recording, atomically and durably, not indexed.
    `tagged`: under a name of its own (`<index>.<sha256[:16]>.flac.age`), for a reseal."""
    tag = sealed.sha256[:16] if tagged else None
    rel = write_chunk_file(data_dir, sealed.recording_id, index, sealed.ciphertext, tag)
    size = len(sealed.ciphertext)
    return StagedChunk(sealed.recording_id, index, rel, size, sealed.sha256, sealed.org_recipient)


def index_staged(
    conn: sqlite3.Connection,
    data_dir: Path,
    staged: StagedChunk,
    started_at: float,
    duration: float,
    recovered: bool,
) -> ChunkInfo:
    """Commit the row of a chunk `write_sealed` wrote (state sealed, in its recording's format)
    if the recording still takes chunks. If that fails the file is deleted: without a row it is
    not kept, and the audio stays in the chunk's journal."""
    chunk_id = str(uuid.uuid4())
    try:
        recording = open_recording_row(conn, staged.recording_id)
        with transaction(conn) as c:
            rows.insert_chunk(c, chunk_id, staged, recording, started_at, duration, recovered)
            return rows.read_chunk(c, data_dir, chunk_id)
    except BaseException:
        delete_chunk_file(data_dir, staged.path)
        raise


def settle_sealed(data_dir: Path, audit: AuditLog, info: ChunkInfo) -> None:
    """After the commit: delete the chunk's crash journal (not fsync'd: reconcile deletes one
    that comes back after a crash) and audit the new chunk."""
    delete_journal(data_dir, info.recording_id, info.index)
    audit.append(
        "chunk_sealed",
        recording_id=info.recording_id,
        chunk_id=info.id,
        index=info.index,
        size=info.size,
        duration=round(info.duration, 3),
        recovered=info.recovered,
    )


def read_sealed(info: ChunkInfo, quarantine: Callable[[str, str], None]) -> bytes:
    """`Outbox.read_ciphertext` of the chunk `info`: a missing file is quarantined through
    `quarantine(chunk_id, reason)` and raises chunk_file_missing; a row whose path does not fit
    the layout reads nothing (index_path_invalid)."""
    if info.path_problem is not None:
        raise errors.index_path_invalid(info.recording_id, info.index, info.path_problem)
    if info.path is None:
        why = f"chunk {info.id} has no local file ({info.state})"
        raise errors.chunk_file_missing(info.id, "", why)
    try:
        return info.path.read_bytes()
    except FileNotFoundError:
        with contextlib.suppress(errors.OutboxError):
            quarantine(info.id, "file missing")
        why = f"chunk file {info.path} is missing"
        raise errors.chunk_file_missing(info.id, info.path, why) from None
