"""The changes `Outbox` makes to its chunks and recordings, as plain functions over a connection:
each state change is one `BEGIN IMMEDIATE` transaction, then one audit entry.

The caller (`outbox.store.Outbox`) holds its connection lock, has checked that it may write, and
publishes the events for what these functions return (after the commit). The SQL comes from
`outbox.rows`, the state machine's rules from `outbox.model`.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from crypto.keys import DeviceKeys
from outbox import errors, rows
from outbox.audit import AuditLog
from outbox.history import History, remember
from outbox.layout import (
    check_recording_id,
    is_recording_id,
    remove_chunk_file,
    remove_recording_dirs,
)
from outbox.model import (
    ChunkInfo,
    ChunkState,
    RecordingInfo,
    RecordingState,
    check_chunk_transition,
    check_recording_transition,
)

__all__ = [
    "bad_path_reason",
    "check_receipt",
    "erase_chunk",
    "erase_recording_if_done",
    "forget_quarantined",
    "mark_manifest_sent",
    "move_chunk",
    "move_recording",
    "remove_from_history",
    "report_bad_path",
    "scrub_metadata",
    "set_aside",
    "set_upload",
    "start_recording",
    "transaction",
    "update_recording",
]

_log = logging.getLogger(__name__)


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


def scrub_metadata(
    conn: sqlite3.Connection,
    recording_id: str,
    history: History | None = None,
    web_url: str | None = None,
) -> None:
    """Blank an erased recording's title and markers once the server holds its manifest:
    they are the user's words, not needed in the index any more. `history` keeps them first,
    sealed to its own key (outbox.history). secure_delete zeroes the freed bytes, and the
    checkpoint clears them out of the WAL too."""
    if history is not None:
        info = rows.read_recording(conn, recording_id)
        remember(history, info, rows.recorded_seconds(conn, recording_id), web_url)
    with transaction(conn) as c:
        rows.scrub_metadata(c, recording_id)
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def erase_chunk(
    conn: sqlite3.Connection, data_dir: Path, audit: AuditLog, chunk_id: str, note: str | None
) -> ChunkInfo:
    """confirmed -> erased: overwrite and unlink the chunk's file (if it is still there), then
    clear its path; `note` goes into the audit entry. A row whose path does not fit the layout
    is quarantined instead, its file left alone: OutboxError(index_path_invalid)."""
    info = rows.read_chunk(conn, data_dir, chunk_id)
    check_chunk_transition(chunk_id, info.state, ChunkState.ERASED)
    if info.path_problem is not None:
        raise set_aside(conn, data_dir, audit, info)
    if info.path is not None:
        try:
            remove_chunk_file(data_dir, info.recording_id, info.index, info.path)
        except errors.OutboxError as exc:
            # Checked again just before the unlink: a link put there since the row was read.
            raise set_aside(conn, data_dir, audit, info, str(exc.fields["reason"])) from None
    detail = {} if note is None else {"note": note}
    updates = {"path": None}
    return move_chunk(
        conn, data_dir, audit, chunk_id, ChunkState.ERASED, "chunk_erased", updates, **detail
    )


def erase_recording_if_done(
    conn: sqlite3.Connection,
    data_dir: Path,
    audit: AuditLog,
    keys: DeviceKeys,
    recording_id: str,
    history: History | None = None,
) -> RecordingInfo | None:
    """Crypto-erase a stopped/complete recording whose chunks are all erased: forget its key,
    mark it erased, scrub its metadata if the server holds its manifest, remove its folders.
    The erased recording, or None if it is not done yet. A recording id that is not a UUID is
    never crypto-erased here (reconcile reports it): nothing of it is joined into a path."""
    row = rows.recording_row(conn, recording_id)
    if row["state"] not in (RecordingState.STOPPED, RecordingState.COMPLETE):
        return None
    if not is_recording_id(recording_id):
        return None
    if not rows.all_chunks_erased(conn, recording_id):
        return None
    return _crypto_erase(conn, data_dir, audit, keys, row, "recording_erased", [], history)


def forget_quarantined(
    conn: sqlite3.Connection,
    data_dir: Path,
    audit: AuditLog,
    keys: DeviceKeys,
    recording_id: str,
    history: History | None = None,
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
    damaged = [c for c in chunks if c.state is ChunkState.QUARANTINED]
    return _crypto_erase(conn, data_dir, audit, keys, row, "recording_forgotten", damaged, history)


def set_aside(
    conn: sqlite3.Connection,
    data_dir: Path,
    audit: AuditLog,
    info: ChunkInfo,
    problem: str | None = None,
) -> errors.OutboxError:
    """Report a chunk whose row's path does not fit the layout and quarantine it (its file is
    left alone); the error to raise. `problem` (found later) overrides the row's."""
    reason = problem or info.path_problem or ""
    report_bad_path(audit, info.recording_id, reason, info.id, info.index)
    updates = {"reason": bad_path_reason(reason)}
    move_chunk(conn, data_dir, audit, info.id, ChunkState.QUARANTINED, "chunk_quarantined", updates)
    return errors.index_path_invalid(info.recording_id, info.index, reason)


def bad_path_reason(problem: str) -> str:
    """The quarantine reason of a chunk whose path does not fit the layout."""
    return f"index_path_invalid: {problem}"[:300]


def report_bad_path(
    audit: AuditLog,
    recording_id: object,
    reason: str,
    chunk_id: str | None = None,
    index: int = -1,
) -> None:
    """Audit (and log) an index entry whose path or recording id does not fit the layout: the
    outbox touched no file for it."""
    rid = str(recording_id)[:80]
    _log.warning("index_path_invalid: recording %r, chunk %s: %s", rid, index, reason)
    audit.append(
        "index_path_invalid",
        "refused",
        recording_id=rid,
        chunk_id=chunk_id,
        index=index,
        reason=reason,
    )


def _crypto_erase(
    conn: sqlite3.Connection,
    data_dir: Path,
    audit: AuditLog,
    keys: DeviceKeys,
    row: sqlite3.Row,
    action: str,
    files: list[ChunkInfo],
    history: History | None,
) -> RecordingInfo:
    """Forget the recording's key, destroy the files of `files`, mark it erased (audit
    `action`), scrub its metadata if the server holds its manifest, remove its folders. A
    recording id that is not a UUID is refused before anything (index_path_invalid); a chunk
    whose path does not fit the layout keeps its file and is reported."""
    recording_id = check_recording_id(row["id"])
    # Key first: if we crash before the row changes, the next open finishes the job.
    keys.forget_recording(recording_id)
    for chunk in files:
        try:
            if chunk.path_problem is not None or chunk.path is None:
                raise errors.index_path_invalid(recording_id, chunk.index, chunk.path_problem or "")
            remove_chunk_file(data_dir, recording_id, chunk.index, chunk.path)
        except errors.OutboxError as exc:
            reason = str(exc.fields["reason"])
            report_bad_path(audit, recording_id, reason, chunk.id, chunk.index)
    info = move_recording(conn, audit, recording_id, RecordingState.ERASED, action)
    if row["manifest_sent"]:
        scrub_metadata(conn, recording_id, history)
    remove_recording_dirs(data_dir, recording_id)
    return info


def remove_from_history(
    conn: sqlite3.Connection, audit: AuditLog, history: History, recording_id: str
) -> None:
    """`Outbox.remove_from_history`: the history entry first (re-keyed), then the rows, in one
    transaction, then the audit entry. Only an erased recording the server holds qualifies."""
    info = rows.read_recording(conn, recording_id)
    if info.state is not RecordingState.ERASED or not info.manifest_sent:
        raise errors.OutboxError(
            f"recording {recording_id} is {info.state.value}: not removable from the history",
            code="history_not_removable",
            recording_id=recording_id,
            state=info.state.value,
        )
    history.remove(recording_id)
    with transaction(conn) as c:
        rows.delete_recording(c, recording_id)
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    audit.append("history_removed", "ok", recording_id=recording_id)


def mark_manifest_sent(
    conn: sqlite3.Connection,
    audit: AuditLog,
    recording_id: str,
    history: History | None = None,
    web_url: str | None = None,
) -> RecordingInfo | None:
    """`Outbox.mark_manifest_sent`: stopped -> complete; an erased recording stays erased and
    its metadata is scrubbed. `web_url` (checked by the uploader) goes into the history entry,
    sealed, never into the index. The recording if its state changed, else None."""
    state = rows.read_recording(conn, recording_id).state
    if web_url is not None and history is not None and state is not RecordingState.ERASED:
        # Kept now with the words as they are; the entry is renewed when the index blanks them.
        info = rows.read_recording(conn, recording_id)
        remember(history, info, rows.recorded_seconds(conn, recording_id), web_url)
    if state is RecordingState.STOPPED:
        return move_recording(
            conn, audit, recording_id, RecordingState.COMPLETE, "manifest_sent", manifest_sent=1
        )
    update_recording(conn, audit, recording_id, "manifest_sent", rows.set_manifest_sent)
    if state is RecordingState.ERASED:
        scrub_metadata(conn, recording_id, history, web_url)
    return None
