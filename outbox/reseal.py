"""The steps of `Outbox.reseal_chunk`: seal a chunk again to the recording's recipient plus the
organisation's, when it was sealed before the organisation's recipient was known (or to another).

The old file is decrypted with the recording's key in memory and the same FLAC bytes are sealed
again; no plaintext touches the disk. The new file gets a name of its own
(`<index>.<sha256[:16]>.flac.age`) and is whole on disk before the row points at it, so a crash
leaves either the old file and the old row (the new file, unindexed, goes at the next open) or
the new ones (the old file, unindexed now, goes the same way). The caller holds the connection
lock around `switch_row` and publishes the events.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from crypto.container import unseal
from crypto.errors import CryptoError
from outbox import rows
from outbox.audit import AuditLog
from outbox.changes import transaction
from outbox.errors import OutboxError
from outbox.layout import delete_chunk_file, remove_chunk_file
from outbox.model import ChunkInfo, ChunkState, StagedChunk
from outbox.sealing import seal_flac, write_sealed

__all__ = ["RESEALABLE", "commit", "reseal_failed", "reseal_file", "settle_resealed", "switch_row"]

#: Chunk states a reseal may start from: not yet proven stored by the server. An upload of the
#: old bytes (uploading, or uploaded and not confirmed) is forgotten: the row goes back to sealed.
RESEALABLE = (ChunkState.SEALED, ChunkState.UPLOADING, ChunkState.UPLOADED)


def reseal_failed(info: ChunkInfo, reason: str) -> OutboxError:
    """The chunk could not be resealed; it stays as it was (not uploaded, not erased)."""
    return OutboxError(
        f"chunk {info.id} could not be resealed: {reason}",
        code="reseal_failed",
        chunk_id=info.id,
        reason=reason,
    )


def reseal_file(
    data_dir: Path,
    info: ChunkInfo,
    identity: Any,
    recording_recipient: str,
    org_recipient: str,
) -> StagedChunk:
    """Write chunk `info` sealed again to `recording_recipient` + `org_recipient` under a new
    name (not indexed). `identity` is the recording's (pyrage) identity. CPU and disk only."""
    if info.state not in RESEALABLE or info.path is None:
        raise reseal_failed(info, f"it is {info.state}")
    if identity is None:
        raise reseal_failed(info, "the recording's key is gone")
    try:
        ciphertext = info.path.read_bytes()
    except OSError as exc:
        raise reseal_failed(info, f"its file cannot be read ({exc.strerror})") from exc
    if hashlib.sha256(ciphertext).hexdigest() != info.sha256:
        raise reseal_failed(info, "its file differs from its index hash")
    try:
        flac = unseal(ciphertext, [identity])
    except CryptoError as exc:
        raise reseal_failed(info, "it cannot be decrypted with the recording's key") from exc
    try:
        # The same plaintext, binding and all (a legacy chunk stays unbound): new recipients only.
        sealed = seal_flac(
            info.recording_id, info.index, flac, recording_recipient, org_recipient, bind=False
        )
    except CryptoError as exc:
        raise reseal_failed(info, "the organisation's recipient is not valid") from exc
    finally:
        del flac  # the plaintext was only ever in memory; our last reference goes here
    try:
        return write_sealed(data_dir, sealed, info.index, tagged=True)
    except CryptoError as exc:  # file_write_failed: write_atomic left no .part behind
        reason = exc.fields.get("reason") or "disk full or not writable"
        raise reseal_failed(info, f"its new file cannot be written ({reason})") from exc


def switch_row(
    conn: sqlite3.Connection, data_dir: Path, before: ChunkInfo, staged: StagedChunk
) -> ChunkInfo:
    """Point the chunk's row at the resealed file, in one transaction: new path, size, hash and
    recipient, state sealed, no upload. Refused if the row changed since `before` was read."""
    with transaction(conn) as c:
        now = rows.read_chunk(c, data_dir, before.id)
        if (now.state, now.sha256, now.path) != (before.state, before.sha256, before.path):
            raise reseal_failed(before, "it changed while being resealed")
        rows.set_state(
            c,
            "chunks",
            before.id,
            ChunkState.SEALED.value,
            {
                "path": staged.path,
                "size": staged.size,
                "sha256": staged.sha256,
                "org_recipient": staged.org_recipient,
                "upload_url": None,
                "upload_offset": 0,
            },
        )
        return rows.read_chunk(c, data_dir, before.id)


def settle_resealed(audit: AuditLog, data_dir: Path, before: ChunkInfo, after: ChunkInfo) -> None:
    """After the commit: erase the old file (overwrite and unlink, through the layout's checks; a
    crash leaves it unindexed, and reconcile deletes it at the next open) and audit the reseal."""
    if before.path is not None:
        remove_chunk_file(data_dir, before.recording_id, before.index, before.path)
    audit.append(
        "chunk_resealed",
        recording_id=after.recording_id,
        chunk_id=after.id,
        index=after.index,
        before=before.state.value,
        size=after.size,
        to_org=bool(after.org_recipient),
    )


def commit(
    conn: sqlite3.Connection,
    data_dir: Path,
    audit: AuditLog,
    before: ChunkInfo,
    staged: StagedChunk,
) -> ChunkInfo:
    """`switch_row` then `settle_resealed`; the staged file is deleted if the row cannot switch."""
    try:
        after = switch_row(conn, data_dir, before, staged)
    except BaseException:
        delete_chunk_file(data_dir, staged.path)
        raise
    settle_resealed(audit, data_dir, before, after)
    return after
