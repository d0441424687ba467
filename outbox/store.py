"""`Outbox`: sealed chunk files under the data dir and the SQLite index that tracks them.

Thread safety: one connection guarded by an RLock; the recorder's threads and the uploader's may
call any method concurrently. Between processes: the exclusive opener holds the instance lock
(`outbox.lock`); read-only openers (`exclusive=False`) only read.

`Outbox` keeps that lock, the rule that only the exclusive opener writes, and the events. Plain
functions that never import this module do the work: state changes (`outbox.changes`), a new
chunk's steps (`outbox.sealing`), SQL (`outbox.rows`), files (`outbox.layout`), repairs at open
(`outbox.reconcile`), the manifest, the history; `verify` and `export` use public methods only.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

from crypto.journal import JournalWriter
from crypto.keys import DeviceKeys
from outbox import changes, errors, reseal, rows, sealing
from outbox.audit import AuditLog
from outbox.events import ChunkSealed, ChunkStateChanged, EventBus, RecordingStateChanged
from outbox.history import History
from outbox.layout import journal_path
from outbox.lock import InstanceLock
from outbox.model import (
    SAMPLE_WIDTHS,
    ChunkInfo,
    ChunkState,
    Gap,
    Marker,
    RecordingInfo,
    RecordingState,
    Silence,
    journal_header,
)
from outbox.reads import OutboxReads
from outbox.reconcile import reconcile
from outbox.schema import open_data_dir

__all__ = ["Outbox"]


class Outbox(OutboxReads):
    """The durable local state of one data directory. Create with `Outbox.open`."""

    def __init__(
        self,
        data_dir: Path,
        conn: sqlite3.Connection,
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
        self.history = History(data_dir, keys.store)  # titles that outlive crypto-erase
        # (recording_id, index) of chunks written and not indexed yet: reserved (seal_chunk).
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
        conn, lock = open_data_dir(data_dir, exclusive=exclusive)
        box = cls(data_dir, conn, keys, audit, org_recipient, events, lock)
        if exclusive:
            try:
                reconcile(box)
            except BaseException:
                box.close()  # and release the lock
                raise
        return box

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

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def set_org_recipient(self, recipient: str | None) -> None:
        """The organisation's `age1…` recipient for chunks sealed from now on (None: none)."""
        with self._lock:
            self._org_recipient = recipient or None

    @property
    def org_recipient(self) -> str | None:
        """The organisation's recipient new chunks are sealed to (None: not known yet)."""
        return self._org_recipient

    # -- recorder side -------------------------------------------------------------------------

    def begin_recording(
        self, *, title: str, sample_rate: int, channels: int, subtype: str, started_at: float
    ) -> RecordingInfo:
        """Create a recording and its own key (an X25519 identity in the key store)."""
        self._require_writer()
        if subtype not in SAMPLE_WIDTHS:
            raise ValueError(f"unsupported subtype {subtype!r}; one of {sorted(SAMPLE_WIDTHS)}")
        rid = str(uuid.uuid4())
        recipient = self.keys.new_recording_identity(rid)
        fields = dict(title=title, sample_rate=sample_rate, channels=channels, subtype=subtype)
        with self._writer() as c:
            info = changes.start_recording(
                c, self.audit, rid, started_at=started_at, recipient=recipient, **fields
            )
        self._publish(RecordingStateChanged(rid, info.state))
        return info

    def open_journal(self, recording_id: str, index: int) -> JournalWriter:
        """Create the crash journal of chunk `index` (encrypted under the recording's key)."""
        self._require_writer()
        fields = journal_header(self.recording(recording_id), index)
        path = journal_path(self.data_dir, recording_id, index)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return JournalWriter.create(path, self.keys.journal_key(recording_id), **fields)

    def seal_chunk(
        self,
        recording_id: str,
        index: int,
        flac: bytes,
        *,
        started_at: float,
        duration: float,
        recovered: bool = False,
    ) -> ChunkInfo:
        """Seal `flac` to the recording's key (+ the organisation), write it atomically, index it
        (state sealed), then delete its crash journal. Publishes ChunkSealed. A second seal of
        the same index, even a concurrent one, raises OutboxError(code="chunk_exists")."""
        key = (recording_id, index)
        with self._writer() as c:
            row = sealing.open_recording_row(c, recording_id)
            recipients = (str(row["recipient"]), self._org_recipient)
            if key in self._staged or rows.index_taken(c, *key):
                raise errors.chunk_exists(*key)
            self._staged.add(key)  # reserved until the row is committed or the file deleted
        try:
            # Outside the lock: sealing and the fsyncs hold up neither the uploader nor another
            # chunk's index. The file is whole on disk BEFORE its row exists.
            sealed = sealing.seal_flac(recording_id, index, flac, *recipients)
            staged = sealing.write_sealed(self.data_dir, sealed, index)
            with self._lock:
                timing = (started_at, duration, recovered)
                info = sealing.index_staged(self._conn, self.data_dir, staged, *timing)
                self._staged.discard(key)
                sealing.settle_sealed(self.data_dir, self.audit, info)
        except BaseException:
            with self._lock:
                self._staged.discard(key)
            raise
        self._publish(ChunkSealed(info.id, recording_id, index, duration, recovered))
        self._publish(ChunkStateChanged(info.id, recording_id, ChunkState.SEALED))
        return info

    def set_title(self, recording_id: str, title: str) -> None:
        """Rename a recording."""
        with self._writer() as c:
            changes.update_recording(
                c, self.audit, recording_id, "title_changed", rows.set_title, title
            )

    def add_marker(self, recording_id: str, marker: Marker) -> None:
        """Add a bookmark to a recording."""
        with self._writer() as c:
            changes.update_recording(
                c, self.audit, recording_id, "marker_added", rows.insert_marker, marker
            )

    def add_silence(self, recording_id: str, silence: Silence) -> None:
        """Note a stretch in which the microphone delivered only silence (into the manifest)."""
        with self._writer() as c:
            changes.update_recording(
                c, self.audit, recording_id, "silence_noted", rows.insert_silence, silence
            )

    def add_gap(self, recording_id: str, gap: Gap) -> None:
        """Record a stretch without audio (device lost, disk full...)."""
        with self._writer() as c:
            changes.update_recording(
                c, self.audit, recording_id, "gap_added", rows.insert_gap, gap, reason=gap.reason
            )

    def finish_recording(self, recording_id: str, ended_at: float) -> RecordingInfo:
        """recording -> stopped. Its key is forgotten once all its chunks are erased."""
        self._move_recording(
            recording_id, RecordingState.STOPPED, "recording_stopped", ended_at=ended_at
        )
        self.forget_if_all_erased(recording_id)
        return self.recording(recording_id)

    # -- uploader side -------------------------------------------------------------------------

    def read_ciphertext(self, chunk_id: str) -> bytes:
        """The sealed bytes of a chunk. A missing file quarantines the chunk and raises
        OutboxError(code="chunk_file_missing"); a row whose path does not fit the layout reads
        nothing: OutboxError(code="index_path_invalid")."""
        # Under the lock, so that a concurrent erase_chunk cannot pass for a lost file.
        with self._lock:
            return sealing.read_sealed(self.chunk(chunk_id), self.quarantine)

    def set_upload(self, chunk_id: str, *, url: str | None, offset: int) -> None:
        """Remember the upload URL and offset: sealed -> uploading, or an update while uploading.

        `url=None` discards the upload (the server answered 404/410): uploading -> sealed, so
        that the next attempt creates it again.
        """
        with self._writer() as c:
            info = changes.set_upload(c, self.data_dir, self.audit, chunk_id, url, offset)
        if info is not None:
            self._publish(ChunkStateChanged(chunk_id, info.recording_id, info.state))

    def record_failure(self, chunk_id: str, error: str) -> None:
        """Count a failed attempt and keep its (short, secret-free) description.

        Not audited: an offline laptop retries for days; the audit log keeps state changes."""
        with self._writer() as c, changes.transaction(c):
            rows.count_failure(c, chunk_id, error)

    def reseal_chunk(self, chunk_id: str, org_recipient: str) -> ChunkInfo:
        """Seal a not yet confirmed chunk again to its recording's key + `org_recipient` (same
        FLAC bytes, a new file and name; the row switched in one transaction, then the old file
        erased). Any upload of the old bytes is forgotten: the chunk is sealed again. Publishes
        ChunkStateChanged; OutboxError(reseal_failed) leaves the chunk as it was."""
        with self._writer() as c:
            before = self.chunk(chunk_id)
            recipient = str(rows.recording_row(c, before.recording_id)["recipient"])
        identity = self.keys.recording_identity(before.recording_id)
        # Decrypting, sealing and the fsyncs run outside the lock, like seal_chunk's.
        staged = reseal.reseal_file(self.data_dir, before, identity, recipient, org_recipient)
        with self._lock:
            after = reseal.commit(self._conn, self.data_dir, self.audit, before, staged)
        self._publish(ChunkStateChanged(chunk_id, after.recording_id, after.state))
        return after

    def mark_uploaded(self, chunk_id: str) -> None:
        """uploading -> uploaded: every byte sent (not yet proven stored)."""
        with self._lock:
            updates = {"upload_offset": self.chunk(chunk_id).size}
            self._move_chunk(chunk_id, ChunkState.UPLOADED, "chunk_uploaded", updates)

    def confirm(self, chunk_id: str, *, sha256: str, size: int) -> ChunkInfo:
        """uploaded -> confirmed if the server's receipt equals the local ciphertext; else
        OutboxError(code="receipt_mismatch") and the chunk stays where it is."""
        with self._lock:
            changes.check_receipt(self.audit, self.chunk(chunk_id), sha256, size)
            return self._move_chunk(chunk_id, ChunkState.CONFIRMED, "chunk_confirmed", {})

    def erase_chunk(self, chunk_id: str, *, note: str | None = None) -> None:
        """confirmed -> erased: overwrite and unlink the file (if it is still there); once every
        chunk of a stopped recording is erased, forget its key (crypto-erase) and mark it erased.
        `note` goes into the audit entry (reconcile says why it erases at start-up)."""
        try:
            with self._writer() as c:
                info = changes.erase_chunk(c, self.data_dir, self.audit, chunk_id, note)
        except errors.OutboxError as exc:
            if exc.code == "index_path_invalid":  # set aside instead: say so
                rid = str(exc.fields["recording_id"])
                self._publish(ChunkStateChanged(chunk_id, rid, ChunkState.QUARANTINED))
            raise
        self._publish(ChunkStateChanged(chunk_id, info.recording_id, info.state))
        self.forget_if_all_erased(info.recording_id)

    def mark_manifest_sent(self, recording_id: str, web_url: str | None = None) -> None:
        """The server accepted the manifest: stopped -> complete (an erased one stays erased).
        `web_url`, the recording's page on the server's site (checked by the uploader), is kept
        in the sealed history and shows in `recordings()`."""
        with self._writer() as c:
            info = changes.mark_manifest_sent(c, self.audit, recording_id, self.history, web_url)
        if info is not None:
            self._publish(RecordingStateChanged(recording_id, info.state))

    # -- both ----------------------------------------------------------------------------------

    def quarantine(self, chunk_id: str, reason: str) -> None:
        """Set a chunk aside: never uploaded, never erased; `reason` says why (no secrets)."""
        updates = {"reason": str(reason)[:300]}
        self._move_chunk(
            chunk_id, ChunkState.QUARANTINED, "chunk_quarantined", updates, reason=reason
        )

    def forget_if_all_erased(self, recording_id: str) -> bool:
        """Crypto-erase a stopped/complete recording whose chunks are all erased (True if so)."""
        return self._crypto_erase(changes.erase_recording_if_done, recording_id)

    def forget_quarantined(self, recording_id: str) -> bool:
        """Crypto-erase a stopped recording that uploading can never erase: some chunks are
        quarantined and none is still to upload. Without this its key would stay forever, and
        with it old copies of the erased chunks. False if it does not qualify (nothing changes)."""
        return self._crypto_erase(changes.forget_quarantined, recording_id)

    def remove_from_history(self, recording_id: str) -> None:
        """Delete an uploaded, erased recording from the history (which is re-keyed) and its
        rows from the index: nothing of it stays on this computer. OutboxError
        history_not_removable while anything of it is still here or unsent."""
        with self._writer() as c:
            changes.remove_from_history(c, self.audit, self.history, recording_id)
        self._publish(RecordingStateChanged(recording_id, RecordingState.ERASED))

    # -- private -------------------------------------------------------------------------------

    def _require_writer(self) -> None:
        """Only the exclusive opener changes anything: a read-only opener (`list`, `export`)
        runs beside the app, which alone may write files and rows."""
        if self._instance_lock is None:
            raise errors.read_only(self.data_dir)

    @contextlib.contextmanager
    def _writer(self) -> Iterator[sqlite3.Connection]:
        """The connection, under its lock, for a change (OutboxError read_only if we may not)."""
        self._require_writer()
        with self._lock:
            yield self._conn

    def _move_chunk(
        self, chunk_id: str, target: ChunkState, action: str, updates: dict[str, Any], **detail: Any
    ) -> ChunkInfo:
        """Move one chunk to `target` in one transaction, then audit and publish."""
        with self._writer() as c:
            after = changes.move_chunk(
                c, self.data_dir, self.audit, chunk_id, target, action, updates, **detail
            )
        self._publish(ChunkStateChanged(chunk_id, after.recording_id, target))
        return after

    def _move_recording(
        self, recording_id: str, target: RecordingState, action: str, **updates: Any
    ) -> RecordingInfo:
        """Move one recording to `target` in one transaction, then audit and publish."""
        with self._writer() as c:
            after = changes.move_recording(c, self.audit, recording_id, target, action, **updates)
        self._publish(RecordingStateChanged(recording_id, target))
        return after

    def _crypto_erase(self, step: Callable[..., RecordingInfo | None], recording_id: str) -> bool:
        """`step` (a crypto-erase of `outbox.changes`) in its transaction, then the event."""
        with self._writer() as c:
            info = step(c, self.data_dir, self.audit, self.keys, recording_id, self.history)
        if info is not None:
            self._publish(RecordingStateChanged(recording_id, info.state))
        return info is not None

    def _publish(self, event: object) -> None:
        if self._events is not None:
            self._events.publish(event)
