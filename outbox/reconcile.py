"""Bring the files of a data dir back in line with its index after a crash.

`Outbox.open` runs this for the exclusive opener only: a read-only opener could otherwise delete
a chunk file that the writer has written but not yet indexed. It works through the outbox's
public methods (`Reconcilable`), and audits each repair.

- `*.part` files (an interrupted `write_atomic`) are deleted.
- A chunk file with no index row was never indexed: it is deleted (its journal still exists, so
  the recorder's recovery turns it into a chunk again).
- Only files and folders named as the layout names them are looked at, and no link is followed
  (`outbox.layout`). A row whose path or recording id does not fit the layout is quarantined
  with the reason `index_path_invalid: ...` and audited `index_path_invalid`; no file is touched
  for it, not even one in its own place. A recording whose id is not a UUID is reported the same
  way and never crypto-erased here.
- A journal whose chunk is indexed was left by a crash between commit and delete: deleted.
- A row not erased whose file is missing or has the wrong size is quarantined with the reason;
  a confirmed one whose file is gone was mid-erase (the server holds it): it becomes erased.
- A confirmed chunk whose file is whole was confirmed just before a crash: it is erased now
  (confirmation is what allows the erase; the uploader only looks at pending chunks).
- An erased row whose file survived is overwritten and unlinked again.
- Stopped recordings whose chunks are all erased are crypto-erased (a crash between forgetting
  the key and the state change is finished here).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Protocol

from outbox.audit import AuditLog
from outbox.changes import bad_path_reason, report_bad_path
from outbox.errors import OutboxError
from outbox.layout import (
    chunk_relpath,
    delete_journal,
    find_chunk_files,
    find_journals,
    find_part_files,
    is_recording_id,
    remove_chunk_file,
)
from outbox.model import ChunkInfo, ChunkState, RecordingInfo, RecordingState

__all__ = ["Reconcilable", "reconcile"]


class Reconcilable(Protocol):
    """What reconcile uses of `outbox.Outbox` (its public methods only)."""

    @property
    def data_dir(self) -> Path: ...
    @property
    def audit(self) -> AuditLog: ...
    def chunks(self, recording_id: str | None = None) -> list[ChunkInfo]: ...
    def recordings(self) -> list[RecordingInfo]: ...
    def quarantine(self, chunk_id: str, reason: str) -> None: ...
    def erase_chunk(self, chunk_id: str, *, note: str | None = None) -> None: ...
    def forget_if_all_erased(self, recording_id: str) -> bool: ...


def reconcile(box: Reconcilable) -> None:
    """Run every repair above, auditing each one."""
    data = box.data_dir
    for part in find_part_files(data):
        _unlink(part)
        if part.parent != data:
            box.audit.append("reconcile_part_deleted", file=part.name)

    chunks = box.chunks()
    indexed = {(c.recording_id, c.index, c.path) for c in chunks if c.path is not None}
    # A row whose path does not fit is set aside below with whatever file is in its place.
    kept = {(c.recording_id, c.index) for c in chunks if c.path_problem is not None}
    for recording_id, index, rel in find_chunk_files(data):
        path = data.joinpath(*rel.split("/"))
        if (recording_id, index, path) in indexed or (recording_id, index) in kept:
            continue
        try:
            remove_chunk_file(data, recording_id, index, rel, overwrite=False)
        except OutboxError as exc:  # a link planted in the chunk folder: left alone
            report_bad_path(box.audit, recording_id, str(exc.fields["reason"]), None, index)
            continue
        box.audit.append(
            "reconcile_unindexed_deleted", recording_id=recording_id, file=rel.rsplit("/", 1)[1]
        )

    # Journals before the chunks: erasing a recording's last chunk removes its journal folder.
    indexed_pairs = {(c.recording_id, c.index) for c in chunks}
    for recording_id, index, _path in find_journals(data):
        if (recording_id, index) in indexed_pairs:
            delete_journal(data, recording_id, index)
            box.audit.append("reconcile_journal_deleted", recording_id=recording_id, index=index)

    for chunk in chunks:
        _repair_chunk(box, chunk)

    for rec in box.recordings():
        if not is_recording_id(rec.id):
            report_bad_path(box.audit, rec.id, "the recording id is not a UUID")
        elif rec.state in (RecordingState.STOPPED, RecordingState.COMPLETE):
            box.forget_if_all_erased(rec.id)


def _repair_chunk(box: Reconcilable, chunk: ChunkInfo) -> None:
    """Bring one indexed chunk in line with its file."""
    if chunk.path_problem is not None:
        # Reported once, where it is set aside; the recording's own report covers erased rows.
        if chunk.state not in (ChunkState.QUARANTINED, ChunkState.ERASED):
            report_bad_path(
                box.audit, chunk.recording_id, chunk.path_problem, chunk.id, chunk.index
            )
            box.quarantine(chunk.id, bad_path_reason(chunk.path_problem))
        return
    if chunk.state is ChunkState.ERASED:
        stale = chunk_relpath(chunk.recording_id, chunk.index)
        if box.data_dir.joinpath(*stale.split("/")).exists():
            try:
                remove_chunk_file(box.data_dir, chunk.recording_id, chunk.index, stale)
            except OutboxError as exc:
                report_bad_path(
                    box.audit, chunk.recording_id, str(exc.fields["reason"]), None, chunk.index
                )
                return
            box.audit.append("reconcile_erased_file_removed", chunk_id=chunk.id)
        return
    if chunk.state is ChunkState.QUARANTINED or chunk.path is None:
        return
    try:
        size: int | None = chunk.path.stat().st_size
    except FileNotFoundError:
        size = None
    if size is None and chunk.state is ChunkState.CONFIRMED:
        # The erase unlinked the file and the process died before the row changed.
        box.erase_chunk(chunk.id, note="file already gone at start-up")
    elif size is None:
        box.quarantine(chunk.id, "the chunk file was missing at start-up")
    elif size != chunk.size:
        box.quarantine(chunk.id, f"the chunk file has {size} bytes, the index says {chunk.size}")
    elif chunk.state is ChunkState.CONFIRMED:
        # Confirmed by the server's receipt, then the process died before erasing it: the
        # uploader only looks at pending chunks, so finish the erase here.
        box.erase_chunk(chunk.id, note="at start-up")


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
