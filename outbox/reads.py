"""The reads of `Outbox` (any opener, read-only ones too), as a base class: each takes the
connection's lock for its query and builds records (`outbox.rows`); no write is here."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

from outbox import rows
from outbox.history import History, readable_entries
from outbox.layout import find_journals
from outbox.manifest import build_manifest, ready_for_manifest
from outbox.model import ChunkInfo, LeftoverJournal, RecordingInfo

__all__ = ["OutboxReads"]


class OutboxReads:
    """What `Outbox` reads; it sets the attributes below."""

    data_dir: Path
    history: History
    _conn: sqlite3.Connection  # guarded by _lock
    _lock: threading.RLock

    def recordings(self) -> list[RecordingInfo]:
        """Every recording, oldest first; a scrubbed one with its title and markers from the
        history (left blank, and logged, if the history cannot be read)."""
        history = readable_entries(self.history)  # decrypted (if changed) outside the lock
        with self._lock:
            return rows.read_recordings(self._conn, history)

    def recording(self, recording_id: str) -> RecordingInfo:
        """One recording (OutboxError code unknown_recording)."""
        with self._lock:
            return rows.read_recording(self._conn, recording_id)

    def chunks(self, recording_id: str | None = None) -> list[ChunkInfo]:
        """Every chunk (of one recording), by recording then index."""
        with self._lock:
            return rows.read_chunks(self._conn, self.data_dir, recording_id)

    def chunk(self, chunk_id: str) -> ChunkInfo:
        """One chunk (OutboxError code unknown_chunk)."""
        with self._lock:
            return rows.read_chunk(self._conn, self.data_dir, chunk_id)

    def quarantine_reason(self, chunk_id: str) -> str | None:
        """Why a chunk was quarantined (None if it is not)."""
        with self._lock:
            return rows.quarantine_reason(self._conn, chunk_id)

    def pending_chunks(self) -> list[ChunkInfo]:
        """Chunks still to upload or confirm (sealed/uploading/uploaded), oldest recording first."""
        with self._lock:
            return rows.read_pending_chunks(self._conn, self.data_dir)

    def leftover_journals(self) -> list[LeftoverJournal]:
        """Crash journals whose chunk was never sealed, oldest recording first, by index."""
        with self._lock:
            sealed = rows.indexed_pairs(self._conn)
        journals = find_journals(self.data_dir)
        return [LeftoverJournal(*j) for j in journals if (j[0], j[1]) not in sealed]

    def free_bytes(self) -> int:
        """Free bytes on the file system that holds the data dir."""
        return int(shutil.disk_usage(self.data_dir).free)

    def recordings_ready_for_manifest(self) -> list[RecordingInfo]:
        """Stopped recordings whose manifest is unsent and none of whose chunks is pending."""
        with self._lock:
            return ready_for_manifest(self._conn)

    def manifest(self, recording_id: str) -> dict[str, Any]:
        """The manifest of docs/protocol.md §7 (quarantined chunks are listed as gaps)."""
        with self._lock:
            return build_manifest(self._conn, rows.read_recording(self._conn, recording_id))
