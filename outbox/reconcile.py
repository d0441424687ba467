"""Bring the files of a data dir back in line with its index after a crash (exclusive open only).

Only the process holding the instance lock runs this: a read-only opener could otherwise delete
a chunk file that the writer has written but not yet indexed.

- `*.part` files (an interrupted `write_atomic`) are deleted.
- A chunk file with no index row was never indexed: it is deleted (its journal still exists, so
  the recorder's recovery turns it into a chunk again).
- A row not erased whose file is missing or has the wrong size is quarantined with the reason;
  a confirmed one whose file is gone was mid-erase (the server holds it): it becomes erased.
- A confirmed chunk whose file is whole was confirmed just before a crash: it is erased now
  (confirmation is what allows the erase; the uploader only looks at pending chunks).
- An erased row whose file survived is overwritten and unlinked again.
- A journal whose chunk is indexed was left by a crash between commit and delete: deleted.
- Stopped recordings whose chunks are all erased are crypto-erased (a crash between forgetting
  the key and the state change is finished here).
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from crypto.files import PART_SUFFIX
from outbox.model import ChunkState, RecordingState
from outbox.rows import CHUNK_SUFFIX, CHUNKS_DIR, JOURNAL_DIR, JOURNAL_SUFFIX

if TYPE_CHECKING:
    from outbox.core import OutboxCore as Outbox

__all__ = ["reconcile"]

log = logging.getLogger(__name__)


def reconcile(box: Outbox) -> None:
    """Run every repair above, auditing each one."""
    from crypto.erase import overwrite_and_unlink

    data = box.data_dir
    for root in (data / CHUNKS_DIR, data / JOURNAL_DIR):
        for part in root.rglob(f"*{PART_SUFFIX}") if root.is_dir() else ():
            _unlink(part)
            box.audit.append("reconcile_part_deleted", file=part.name)
    for part in data.glob(f"*{PART_SUFFIX}"):
        _unlink(part)

    chunks = box.chunks()
    indexed = {c.path.resolve() for c in chunks if c.path is not None}
    chunk_root = data / CHUNKS_DIR
    if chunk_root.is_dir():
        for path in chunk_root.rglob(f"*{CHUNK_SUFFIX}"):
            if path.resolve() not in indexed:
                _unlink(path)
                box.audit.append(
                    "reconcile_unindexed_deleted", recording_id=path.parent.name, file=path.name
                )

    for chunk in chunks:
        if chunk.state is ChunkState.ERASED:
            stale = data / _erased_path(chunk.recording_id, chunk.index)
            if stale.exists():
                overwrite_and_unlink(stale)
                box.audit.append("reconcile_erased_file_removed", chunk_id=chunk.id)
            continue
        if chunk.state is ChunkState.QUARANTINED or chunk.path is None:
            continue
        try:
            size = chunk.path.stat().st_size
        except FileNotFoundError:
            size = None
        if size is None and chunk.state is ChunkState.CONFIRMED:
            # The erase unlinked the file and the process died before the row changed.
            box._transition(
                chunk.id,
                ChunkState.ERASED,
                "chunk_erased",
                {"path": None},
                note="file already gone at start-up",
            )
        elif size is None:
            box.quarantine(chunk.id, "the chunk file was missing at start-up")
        elif size != chunk.size:
            box.quarantine(
                chunk.id, f"the chunk file has {size} bytes, the index says {chunk.size}"
            )
        elif chunk.state is ChunkState.CONFIRMED:
            # Confirmed by the server's receipt, then the process died before erasing it: the
            # uploader only looks at pending chunks, so finish the erase here.
            overwrite_and_unlink(chunk.path)
            box._transition(
                chunk.id, ChunkState.ERASED, "chunk_erased", {"path": None}, note="at start-up"
            )

    indexed_pairs = {(c.recording_id, c.index) for c in chunks}
    journal_root = data / JOURNAL_DIR
    if journal_root.is_dir():
        for path in journal_root.rglob(f"*{JOURNAL_SUFFIX}"):
            stem = path.name[: -len(JOURNAL_SUFFIX)]
            if stem.isdigit() and (path.parent.name, int(stem)) in indexed_pairs:
                _unlink(path)
                box.audit.append(
                    "reconcile_journal_deleted", recording_id=path.parent.name, index=int(stem)
                )

    for rec in box.recordings():
        if rec.state in (RecordingState.STOPPED, RecordingState.COMPLETE):
            box.forget_if_all_erased(rec.id)


def _erased_path(recording_id: str, index: int) -> Path:
    from outbox.rows import chunk_relpath

    return Path(*PurePosixPath(chunk_relpath(recording_id, index)).parts)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
