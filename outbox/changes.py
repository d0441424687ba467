"""The changes `Outbox` makes to its chunks and recordings, as plain functions over a connection:
each state change is one `BEGIN IMMEDIATE` transaction, then one audit entry.

The caller (`outbox.store.Outbox`) holds its connection lock, has checked that it may write, and
publishes the events for what these functions return (after the commit). The SQL comes from
`outbox.rows`, the state machine's rules from `outbox.model`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from crypto.erase import overwrite_and_unlink
from crypto.keys import DeviceKeys
from outbox import errors, rows
from outbox.audit import AuditLog
from outbox.layout import remove_recording_dirs
from outbox.model import (
    ChunkInfo,
    ChunkState,
    RecordingInfo,
    RecordingState,
    check_chunk_transition,
    check_recording_transition,
)

__all__ = [
    "check_receipt",
    "erase_chunk",
    "erase_recording_if_done",
    "forget_quarantined",
    "mark_manifest_sent",
    "move_chunk",
    "move_recording",
    "scrub_metadata",
    "set_upload",
    "start_recording",
    "transaction",
    "update_recording",
]


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def start_recording(
    conn: sqlite3.Connection, audit: AuditLog, recording_id: str, **fields: Any
) -> RecordingInfo:
    """Insert a recording (state recording; `fields` as `rows.insert_recording` takes them)."""
    with transaction(conn) as c:
        rows.insert_recording(c, recording_id, **fields)
        info = rows.read_recording(c, recording_id)
    audit.append(
        "recording_started",
        recording_id=recording_id,
        sample_rate=fields["sample_rate"],
        channels=fields["channels"],
    )
    return info


def move_chunk(
    conn: sqlite3.Connection,
    data_dir: Path,
    audit: AuditLog,
    chunk_id: str,
    target: ChunkState,
    action: str,
    updates: dict[str, Any],
    **detail: Any,
) -> ChunkInfo:
    """Move one chunk to `target` (a transition the model allows) with the column `updates`;
    audit `action` with `detail`. The chunk as it is now."""
    with transaction(conn) as c:
        before = rows.read_chunk(c, data_dir, chunk_id)
        check_chunk_transition(chunk_id, before.state, target)
        rows.set_state(c, "chunks", chunk_id, target.value, updates)
        after = rows.read_chunk(c, data_dir, chunk_id)
    audit.append(
        action,
        recording_id=after.recording_id,
        chunk_id=chunk_id,
        index=after.index,
        before=before.state.value,
        **detail,
    )
    return after


def move_recording(
    conn: sqlite3.Connection,
    audit: AuditLog,
    recording_id: str,
    target: RecordingState,
    action: str,
    **updates: Any,
) -> RecordingInfo:
    """Move one recording to `target` (a transition the model allows) with the column
    `updates`; audit `action`. The recording as it is now."""
    with transaction(conn) as c:
        before = rows.read_recording(c, recording_id)
        check_recording_transition(recording_id, before.state, target)
        rows.set_state(c, "recordings", recording_id, target.value, updates)
        after = rows.read_recording(c, recording_id)
    audit.append(action, recording_id=recording_id, before=before.state.value)
    return after


def update_recording(
    conn: sqlite3.Connection,
    audit: AuditLog,
    recording_id: str,
    action: str,
    write: Callable[..., None],
    *args: Any,
    **detail: Any,
) -> None:
    """`write(conn, recording_id, *args)` on an existing recording (its title, a marker, a
    gap...) without a state change; audit `action` with `detail`."""
    with transaction(conn) as c:
        rows.recording_row(c, recording_id)
        write(c, recording_id, *args)
        rows.touch_recording(c, recording_id)
    audit.append(action, recording_id=recording_id, **detail)


def set_upload(
    conn: sqlite3.Connection,
    data_dir: Path,
    audit: AuditLog,
    chunk_id: str,
    url: str | None,
    offset: int,
) -> ChunkInfo | None:
    """`Outbox.set_upload`: sealed -> uploading, a new position while uploading, or, with
    `url=None`, uploading -> sealed. The chunk if its state changed, else None."""
    current = rows.read_chunk(conn, data_dir, chunk_id).state
    if url is None:
        if current is ChunkState.UPLOADING:
            return move_chunk(
                conn,
                data_dir,
                audit,
                chunk_id,
                ChunkState.SEALED,
                "upload_discarded",
                {"upload_url": None, "upload_offset": 0},
            )
        if current is not ChunkState.SEALED:
            check_chunk_transition(chunk_id, current, ChunkState.SEALED)
        return None
    if current is ChunkState.UPLOADING:
        with transaction(conn) as c:
            rows.set_upload_position(c, chunk_id, url, offset)
        return None
    updates = {"upload_url": url, "upload_offset": int(offset)}
    return move_chunk(
        conn, data_dir, audit, chunk_id, ChunkState.UPLOADING, "upload_started", updates
    )


def check_receipt(audit: AuditLog, info: ChunkInfo, sha256: str, size: int) -> None:
    """OutboxError(code="receipt_mismatch"), audited, unless the server's receipt names the
    local ciphertext's hash and size."""
    if sha256.lower() == info.sha256 and int(size) == info.size:
        return
    audit.append(
        "chunk_confirm",
        "mismatch",
        recording_id=info.recording_id,
        chunk_id=info.id,
        size=size,
    )
    raise errors.receipt_mismatch(
        info.id,
        expected_sha256=info.sha256,
        actual_sha256=sha256,
        expected_size=info.size,
        actual_size=size,
    )


def scrub_metadata(conn: sqlite3.Connection, recording_id: str) -> None:
    """Blank an erased recording's title and markers once the server holds its manifest:
    they are the user's words, not needed locally any more. secure_delete zeroes the freed
    bytes, and the checkpoint clears them out of the WAL too."""
    with transaction(conn) as c:
        rows.scrub_metadata(c, recording_id)
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def erase_chunk(
    conn: sqlite3.Connection, data_dir: Path, audit: AuditLog, chunk_id: str, note: str | None
) -> ChunkInfo:
    """confirmed -> erased: overwrite and unlink the chunk's file (if it is still there), then
    clear its path; `note` goes into the audit entry."""
    info = rows.read_chunk(conn, data_dir, chunk_id)
    check_chunk_transition(chunk_id, info.state, ChunkState.ERASED)
    if info.path is not None and info.path.exists():
        overwrite_and_unlink(info.path)
    detail = {} if note is None else {"note": note}
    updates = {"path": None}
    return move_chunk(
        conn, data_dir, audit, chunk_id, ChunkState.ERASED, "chunk_erased", updates, **detail
    )


def erase_recording_if_done(
    conn: sqlite3.Connection, data_dir: Path, audit: AuditLog, keys: DeviceKeys, recording_id: str
) -> RecordingInfo | None:
    """Crypto-erase a stopped/complete recording whose chunks are all erased: forget its key,
    mark it erased, scrub its metadata if the server holds its manifest, remove its folders.
    The erased recording, or None if it is not done yet."""
    row = rows.recording_row(conn, recording_id)
    if row["state"] not in (RecordingState.STOPPED, RecordingState.COMPLETE):
        return None
    if not rows.all_chunks_erased(conn, recording_id):
        return None
    return _crypto_erase(conn, data_dir, audit, keys, row, "recording_erased", [])


def forget_quarantined(
    conn: sqlite3.Connection, data_dir: Path, audit: AuditLog, keys: DeviceKeys, recording_id: str
) -> RecordingInfo | None:
    """`Outbox.forget_quarantined`: the key goes first, then the quarantined files are overwritten
    and unlinked and the recording is marked erased; its quarantined rows stay as the record of
    the gap. The erased recording, or None if it does not qualify."""
    row = rows.recording_row(conn, recording_id)
    chunks = rows.read_chunks(conn, data_dir, recording_id)
    states = {c.state for c in chunks}
    if (
        row["state"] not in (RecordingState.STOPPED, RecordingState.COMPLETE)
        or ChunkState.QUARANTINED not in states
        or not states <= {ChunkState.QUARANTINED, ChunkState.ERASED}
    ):
        return None
    damaged = [c.path for c in chunks if c.state is ChunkState.QUARANTINED and c.path is not None]
    return _crypto_erase(conn, data_dir, audit, keys, row, "recording_forgotten", damaged)


def _crypto_erase(
    conn: sqlite3.Connection,
    data_dir: Path,
    audit: AuditLog,
    keys: DeviceKeys,
    row: sqlite3.Row,
    action: str,
    files: list[Path],
) -> RecordingInfo:
    """Forget the recording's key, destroy `files`, mark it erased (audit `action`), scrub its
    metadata if the server holds its manifest, remove its folders."""
    recording_id = str(row["id"])
    # Key first: if we crash before the row changes, the next open finishes the job.
    keys.forget_recording(recording_id)
    for path in files:
        overwrite_and_unlink(path)
    info = move_recording(conn, audit, recording_id, RecordingState.ERASED, action)
    if row["manifest_sent"]:
        scrub_metadata(conn, recording_id)
    remove_recording_dirs(data_dir, recording_id)
    return info


def mark_manifest_sent(
    conn: sqlite3.Connection, audit: AuditLog, recording_id: str
) -> RecordingInfo | None:
    """`Outbox.mark_manifest_sent`: stopped -> complete; an erased recording stays erased and
    its metadata is scrubbed. The recording if its state changed, else None."""
    state = rows.read_recording(conn, recording_id).state
    if state is RecordingState.STOPPED:
        return move_recording(
            conn, audit, recording_id, RecordingState.COMPLETE, "manifest_sent", manifest_sent=1
        )
    update_recording(conn, audit, recording_id, "manifest_sent", rows.set_manifest_sent)
    if state is RecordingState.ERASED:
        scrub_metadata(conn, recording_id)
    return None
