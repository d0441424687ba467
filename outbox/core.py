"""The core of the outbox: opening the index, transactions, state transitions with their audit
entries and events, and the queries both sides share. `outbox.store.Outbox` adds the recorder's
and the uploader's operations on top.

Thread safety: one connection guarded by an RLock; the recorder's writer thread and the
uploader's threads may call any method concurrently. Between processes: the exclusive opener
holds `outbox.lock.InstanceLock`; read-only openers (`exclusive=False`) only read.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from crypto.keys import DeviceKeys
from outbox.audit import AuditLog
from outbox.errors import OutboxError
from outbox.events import EventBus
from outbox.events_types import ChunkStateChanged, RecordingStateChanged
from outbox.lock import INSTANCE_LOCK_NAME, InstanceLock
from outbox.model import (
    ChunkInfo,
    ChunkState,
    RecordingInfo,
    RecordingState,
    check_chunk_transition,
    check_recording_transition,
)
from outbox.rows import CHUNKS_DIR, JOURNAL_DIR, chunk_info, recording_info
from outbox.schema import INDEX_NAME, connect, migrate

__all__ = ["OutboxCore"]


class OutboxCore:
    """Index access, transitions and shared queries. Use `outbox.store.Outbox`."""

    def __init__(
        self,
        data_dir: Path,
        conn: sqlite3.Connection,
        *,
        keys: DeviceKeys,
        audit: AuditLog,
        org_recipient: str | None,
        events: EventBus | None,
        lock: InstanceLock | None,
    ) -> None:
        self.data_dir = data_dir
        self.keys = keys
        self.audit = audit
        self._conn = conn  # guarded by self._lock
        self._lock = threading.RLock()
        self._org_recipient = org_recipient or None
        self._events = events
        self._instance_lock = lock  # None for read-only openers
        self._closed = False
        # (recording_id, index) of chunks written and not indexed yet: reserved (store.py).
        self._staged: set[tuple[str, int]] = set()

    # -- life cycle ----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        keys: DeviceKeys,
        audit: AuditLog,
        org_recipient: str | None = None,
        events: EventBus | None = None,
        exclusive: bool = True,
    ) -> Self:
        """Open the outbox of `data_dir`. `exclusive=True` takes the single-instance lock
        (OutboxError code already_running) and reconciles files with the index."""
        data_dir = Path(data_dir)
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        for sub in (CHUNKS_DIR, JOURNAL_DIR):
            (data_dir / sub).mkdir(mode=0o700, exist_ok=True)
        lock = None
        if exclusive:
            lock = InstanceLock(data_dir / INSTANCE_LOCK_NAME)
            lock.acquire()
        try:
            conn = connect(data_dir / INDEX_NAME)
            try:
                migrate(conn, data_dir / INDEX_NAME)
            except BaseException:
                conn.close()
                raise
            box = cls(
                data_dir,
                conn,
                keys=keys,
                audit=audit,
                org_recipient=org_recipient,
                events=events,
                lock=lock,
            )
            if exclusive:
                from outbox.reconcile import reconcile

                try:
                    reconcile(box)
                except BaseException:
                    box.close()
                    raise
            return box
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @property
    def exclusive(self) -> bool:
        """True if this opener holds the single-instance lock (and may reconcile, erase...)."""
        return self._instance_lock is not None

    def close(self) -> None:
        """Close the index and release the instance lock (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            if self._instance_lock is not None:
                self._instance_lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def set_org_recipient(self, recipient: str | None) -> None:
        """The organisation's `age1…` recipient for chunks sealed from now on (None: none)."""
        with self._lock:
            self._org_recipient = recipient or None

    # -- both / app ----------------------------------------------------------------------------

    def recordings(self) -> list[RecordingInfo]:
        """Every recording, oldest first."""
        with self._lock:
            rows = self._conn.execute("SELECT * FROM recordings ORDER BY started_at, id").fetchall()
            return [recording_info(self._conn, r) for r in rows]

    def recording(self, recording_id: str) -> RecordingInfo:
        """One recording (OutboxError code unknown_recording)."""
        with self._lock:
            return self._recording(self._conn, recording_id)

    def chunks(self, recording_id: str | None = None) -> list[ChunkInfo]:
        """Every chunk (of one recording), by recording then index."""
        with self._lock:
            if recording_id is None:
                rows = self._conn.execute(
                    "SELECT c.* FROM chunks c JOIN recordings r ON r.id = c.recording_id"
                    " ORDER BY r.started_at, r.id, c.idx"
                ).fetchall()
            else:
                rows = self._conn.execute(
                    "SELECT * FROM chunks WHERE recording_id = ? ORDER BY idx", (recording_id,)
                ).fetchall()
        return [chunk_info(self.data_dir, r) for r in rows]

    def chunk(self, chunk_id: str) -> ChunkInfo:
        """One chunk (OutboxError code unknown_chunk)."""
        with self._lock:
            return self._chunk(self._conn, chunk_id)

    def quarantine(self, chunk_id: str, reason: str) -> None:
        """Set a chunk aside: never uploaded, never erased; `reason` says why (no secrets)."""
        self._transition(
            chunk_id,
            ChunkState.QUARANTINED,
            "chunk_quarantined",
            {"reason": str(reason)[:300]},
            reason=reason,
        )

    def quarantine_reason(self, chunk_id: str) -> str | None:
        """Why a chunk was quarantined (None if it is not)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT reason FROM chunks WHERE id = ?", (chunk_id,)
            ).fetchone()
        return None if row is None else row["reason"]

    def forget_if_all_erased(self, recording_id: str) -> bool:
        """Crypto-erase a stopped/complete recording whose chunks are all erased (True if so)."""
        self._require_writer()
        with self._lock:
            row = self._recording_row(self._conn, recording_id)
            if row["state"] not in (RecordingState.STOPPED, RecordingState.COMPLETE):
                return False
            counts = self._conn.execute(
                "SELECT COUNT(*) AS n, SUM(state = ?) AS erased FROM chunks WHERE recording_id = ?",
                (ChunkState.ERASED.value, recording_id),
            ).fetchone()
            if not counts["n"] or counts["erased"] != counts["n"]:
                return False
            # Key first: if we crash before the row changes, the next open finishes the job.
            self.keys.forget_recording(recording_id)
            self._set_recording_state(recording_id, RecordingState.ERASED, "recording_erased")
            if row["manifest_sent"]:
                self._scrub_metadata(recording_id)
            shutil.rmtree(self.data_dir / JOURNAL_DIR / recording_id, ignore_errors=True)
            with contextlib.suppress(OSError):
                (self.data_dir / CHUNKS_DIR / recording_id).rmdir()
            return True

    # -- private -------------------------------------------------------------------------------

    def _scrub_metadata(self, recording_id: str) -> None:
        """Blank an erased recording's title and markers once the server holds its manifest:
        they are the user's words, not needed locally any more. secure_delete zeroes the freed
        bytes, and the checkpoint clears them out of the WAL too."""
        with self._tx() as c:
            c.execute("UPDATE recordings SET title = '' WHERE id = ?", (recording_id,))
            c.execute("DELETE FROM markers WHERE recording_id = ?", (recording_id,))
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _require_writer(self) -> None:
        """Only the exclusive opener changes anything: a read-only opener (`list`, `export`)
        runs beside the app, which alone may write files and rows."""
        if self._instance_lock is None:
            raise OutboxError(
                "this outbox was opened read-only", code="read_only", path=str(self.data_dir)
            )

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT), under the connection lock."""
        self._require_writer()
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _transition(
        self,
        chunk_id: str,
        target: ChunkState,
        action: str,
        updates: dict[str, Any],
        **detail: Any,
    ) -> ChunkInfo:
        """Move one chunk to `target` in one transaction, then audit and publish."""
        with self._lock:
            with self._tx() as c:
                before = self._chunk(c, chunk_id)
                check_chunk_transition(chunk_id, before.state, target)
                _set_state(c, "chunks", chunk_id, target.value, updates)
                after = self._chunk(c, chunk_id)
            self.audit.append(
                action,
                recording_id=after.recording_id,
                chunk_id=chunk_id,
                index=after.index,
                before=before.state.value,
                **detail,
            )
        self._publish(ChunkStateChanged(chunk_id, after.recording_id, target.value))
        return after

    def _set_recording_state(
        self, recording_id: str, target: RecordingState, action: str, **updates: Any
    ) -> RecordingInfo:
        with self._lock:
            with self._tx() as c:
                before = self._recording(c, recording_id)
                check_recording_transition(recording_id, before.state, target)
                _set_state(c, "recordings", recording_id, target.value, updates)
                after = self._recording(c, recording_id)
            self.audit.append(action, recording_id=recording_id, before=before.state.value)
        self._publish(RecordingStateChanged(recording_id, target.value))
        return after

    def _update_recording(
        self, recording_id: str, action: str, sql: str, params: tuple[Any, ...], **detail: Any
    ) -> None:
        with self._lock:
            with self._tx() as c:
                self._recording_row(c, recording_id)
                c.execute(sql, params)
                c.execute(
                    "UPDATE recordings SET updated_at = ? WHERE id = ?", (time.time(), recording_id)
                )
            self.audit.append(action, recording_id=recording_id, **detail)

    def _check_free_index(self, recording_id: str, index: int) -> None:
        """OutboxError(chunk_exists) if chunk `index` is indexed or being written (store.py)."""
        if (recording_id, index) in self._staged or self._conn.execute(
            "SELECT 1 FROM chunks WHERE recording_id = ? AND idx = ?", (recording_id, index)
        ).fetchone():
            raise OutboxError(
                f"chunk {index} of {recording_id} is already sealed",
                code="chunk_exists",
                recording_id=recording_id,
                index=index,
            )

    def _chunk(self, conn: sqlite3.Connection, chunk_id: str) -> ChunkInfo:
        row = conn.execute("SELECT * FROM chunks WHERE id = ?", (chunk_id,)).fetchone()
        if row is None:
            raise self._unknown_chunk(chunk_id)
        return chunk_info(self.data_dir, row)

    @staticmethod
    def _unknown_chunk(chunk_id: str) -> OutboxError:
        return OutboxError(f"no chunk {chunk_id}", code="unknown_chunk", chunk_id=chunk_id)

    @staticmethod
    def _recording_row(conn: sqlite3.Connection, recording_id: str) -> sqlite3.Row:
        row = conn.execute("SELECT * FROM recordings WHERE id = ?", (recording_id,)).fetchone()
        if row is None:
            raise OutboxError(
                f"no recording {recording_id}", code="unknown_recording", recording_id=recording_id
            )
        return row  # type: ignore[no-any-return]

    def _recording(self, conn: sqlite3.Connection, recording_id: str) -> RecordingInfo:
        return recording_info(conn, self._recording_row(conn, recording_id))

    def _publish(self, event: object) -> None:
        if self._events is not None:
            self._events.publish(event)


def _set_state(
    c: sqlite3.Connection,
    table: str,
    row_id: str,
    state: str,
    updates: dict[str, Any],
) -> None:
    """`UPDATE` one row of `chunks` or `recordings` to `state` plus `updates`, stamping
    `updated_at`. Table and column names come from our code, never from input."""
    assert table in ("chunks", "recordings")
    sets = {"state": state, "updated_at": time.time(), **updates}
    assignments = ", ".join(f"{name} = ?" for name in sets)
    c.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*sets.values(), row_id))  # noqa: S608
