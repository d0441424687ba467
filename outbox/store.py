"""`Outbox`: sealed chunk files under the data dir and the SQLite index that tracks them.

Durability order for a new chunk: seal -> `write_atomic` the file -> commit the index row ->
delete the crash journal -> audit + events. A crash at any point leaves either no row (the file,
if any, is deleted on the next exclusive open; the chunk's audio is in its journal, once the
recorder's journal period has passed: docs/recorder.md, "The crash journal") or a row with a
whole file. Every state change is one transaction and one audit entry, written after the commit.

Thread safety: one connection guarded by an RLock; the recorder's threads and the uploader's may
call any method concurrently. Between processes: the exclusive opener holds the instance lock
(`outbox.lock`); read-only openers (`exclusive=False`) only read.

Plain helpers do the rest, and none of them imports this module: the SQL (`outbox.rows`), the
file layout (`outbox.layout`), the repairs at open (`outbox.reconcile`), the manifest, verify and
export; the last three see the outbox only through its public methods.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Self

from crypto.container import seal
from crypto.erase import overwrite_and_unlink
from crypto.journal import Buffer, JournalWriter, write_journal
from crypto.keys import DeviceKeys
from outbox import errors, rows
from outbox.audit import AuditLog
from outbox.events import ChunkSealed, ChunkStateChanged, EventBus, RecordingStateChanged
from outbox.export import export_recording
from outbox.layout import (
    delete_chunk_file,
    delete_journal,
    find_journals,
    journal_path,
    make_dirs,
    remove_recording_dirs,
    write_chunk_file,
)
from outbox.lock import INSTANCE_LOCK_NAME, InstanceLock
from outbox.manifest import build_manifest, ready_for_manifest
from outbox.model import (
    SAMPLE_WIDTHS,
    ChunkInfo,
    ChunkState,
    ExportReport,
    Gap,
    LeftoverJournal,
    Marker,
    RecordingInfo,
    RecordingState,
    SealedChunk,
    StagedChunk,
    VerifyResult,
    check_chunk_transition,
    check_recording_transition,
    journal_header,
)
from outbox.reconcile import reconcile
from outbox.schema import open_index
from outbox.verify import verify_chunks

__all__ = ["Outbox"]


class Outbox:
    """The durable local state of one data directory. Create with `Outbox.open`."""

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
        # (recording_id, index) of chunks written and not indexed yet: reserved (write_chunk).
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
        make_dirs(data_dir)
        lock = InstanceLock(data_dir / INSTANCE_LOCK_NAME) if exclusive else None
        if lock is not None:
            lock.acquire()
        try:
            conn = open_index(data_dir)
        except BaseException:
            if lock is not None:
                lock.release()
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

    # -- reading (any opener) ------------------------------------------------------------------

    def recordings(self) -> list[RecordingInfo]:
        """Every recording, oldest first."""
        with self._lock:
            return rows.read_recordings(self._conn)

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
        return [
            LeftoverJournal(rid, index, path)
            for rid, index, path in find_journals(self.data_dir)
            if (rid, index) not in sealed
        ]

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

    def verify(self) -> list[VerifyResult]:
        """Decrypt every local chunk, check its hash and that it decodes as FLAC; quarantine the
        ones that fail. One result per chunk not erased (`outbox.verify.verify_chunks`)."""
        return verify_chunks(self)

    def export_flac(self, recording_id: str, out: Path) -> ExportReport:
        """Join the recording's local chunks into one FLAC at `out`; gaps are reported
        (`outbox.export.export_recording`)."""
        return export_recording(self, recording_id, Path(out))

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
        with self._tx() as c:
            rows.insert_recording(
                c,
                rid,
                title=title,
                started_at=started_at,
                sample_rate=sample_rate,
                channels=channels,
                subtype=subtype,
                recipient=recipient,
            )
            info = rows.read_recording(c, rid)
        self.audit.append(
            "recording_started", recording_id=rid, sample_rate=sample_rate, channels=channels
        )
        self._publish(RecordingStateChanged(rid, info.state))
        return info

    def open_journal(self, recording_id: str, index: int) -> JournalWriter:
        """Create the crash journal of chunk `index` (encrypted under the recording's key)."""
        path, key, fields = self._journal_target(recording_id, index)
        return JournalWriter.create(path, key, **fields)

    def write_journal(self, recording_id: str, index: int, pcm: Iterable[Buffer]) -> None:
        """Write chunk `index`'s whole crash journal at once, closed: one record per item of
        `pcm`. For a chunk whose audio is all at hand (fewer fsyncs than `open_journal`)."""
        path, key, fields = self._journal_target(recording_id, index)
        write_journal(path, key, pcm, **fields)

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
        (state sealed), then delete its crash journal. Publishes ChunkSealed.

        The three steps `prepare_chunk`, `write_chunk` and `index_chunk` in one call; a caller
        that seals many chunks can run them on different threads (recorder/sealer.py)."""
        staged = self.write_chunk(self.prepare_chunk(recording_id, flac), index)
        return self.index_chunk(
            staged, started_at=started_at, duration=duration, recovered=recovered
        )

    def prepare_chunk(self, recording_id: str, flac: bytes) -> SealedChunk:
        """`flac` sealed (age) to the recording's key and the organisation's, with its SHA-256.
        CPU only: nothing is written, and any thread may call it."""
        self._require_writer()
        with self._lock:
            recipients = [self._open_recording_row(recording_id)["recipient"]]
            if self._org_recipient:
                recipients.append(self._org_recipient)
        ciphertext = seal(flac, recipients)
        return SealedChunk(recording_id, hashlib.sha256(ciphertext).hexdigest(), ciphertext)

    def write_chunk(self, sealed: SealedChunk, index: int) -> StagedChunk:
        """Write `sealed` as chunk `index` of its recording, atomically and durably, without
        indexing it: `index_chunk` does that. The index is reserved meanwhile (a second
        `write_chunk` of it fails with chunk_exists). A file written but never indexed (a
        crash in between) is deleted by reconcile at the next open; the audio is then in the
        chunk's journal, if the caller journaled it (the recorder does once it is due)."""
        self._require_writer()
        key = (sealed.recording_id, index)
        with self._lock:
            self._open_recording_row(sealed.recording_id)
            if key in self._staged or rows.index_taken(self._conn, *key):
                raise errors.chunk_exists(*key)
            self._staged.add(key)
        try:
            # Outside the lock: the fsyncs do not hold up the uploader or another chunk's index.
            # Whole on disk BEFORE the row exists.
            rel = write_chunk_file(self.data_dir, *key, sealed.ciphertext)
        except BaseException:
            with self._lock:
                self._staged.discard(key)
            raise
        return StagedChunk(sealed.recording_id, index, rel, len(sealed.ciphertext), sealed.sha256)

    def index_chunk(
        self,
        staged: StagedChunk,
        *,
        started_at: float,
        duration: float,
        recovered: bool = False,
        keep_journal: bool = False,
    ) -> ChunkInfo:
        """Index a chunk `write_chunk` wrote (state sealed), delete its crash journal, audit it
        and publish ChunkSealed. With `keep_journal` the caller deletes the journal itself
        (`remove_journal`), e.g. once it has closed it: Windows cannot delete an open file."""
        self._require_writer()
        rid, index = staged.recording_id, staged.index
        chunk_id = str(uuid.uuid4())
        with self._lock:
            try:
                row = self._open_recording_row(rid)
                with self._tx() as c:
                    rows.insert_chunk(c, chunk_id, staged, row, started_at, duration, recovered)
                    info = rows.read_chunk(c, self.data_dir, chunk_id)
            except BaseException:
                self.discard_chunk(staged)  # not indexed: the caller keeps it journaled
                raise
            self._staged.discard((rid, index))
            if not keep_journal:
                self.remove_journal(rid, index)
            self.audit.append(
                "chunk_sealed",
                recording_id=rid,
                chunk_id=chunk_id,
                index=index,
                size=staged.size,
                duration=round(duration, 3),
                recovered=recovered,
            )
        self._publish(ChunkSealed(chunk_id, rid, index, duration, recovered))
        self._publish(ChunkStateChanged(chunk_id, rid, ChunkState.SEALED))
        return info

    def discard_chunk(self, staged: StagedChunk) -> None:
        """Undo `write_chunk` for a chunk that will not be indexed (the caller journals it). A file
        that cannot be deleted now has no row: reconcile deletes it at the next open."""
        with self._lock:
            delete_chunk_file(self.data_dir, staged.path)
            self._staged.discard((staged.recording_id, staged.index))

    def remove_journal(self, recording_id: str, index: int) -> None:
        """Delete chunk `index`'s crash journal if there is one (its chunk is sealed); not
        fsync'd: reconcile deletes one that comes back after a crash."""
        delete_journal(self.data_dir, recording_id, index)

    def set_title(self, recording_id: str, title: str) -> None:
        """Rename a recording."""
        self._update_recording(recording_id, "title_changed", rows.set_title, title)

    def add_marker(self, recording_id: str, marker: Marker) -> None:
        """Add a bookmark to a recording."""
        self._update_recording(recording_id, "marker_added", rows.insert_marker, marker)

    def add_gap(self, recording_id: str, gap: Gap) -> None:
        """Record a stretch without audio (device lost, disk full...)."""
        self._update_recording(recording_id, "gap_added", rows.insert_gap, gap, reason=gap.reason)

    def finish_recording(self, recording_id: str, ended_at: float) -> RecordingInfo:
        """recording -> stopped. Its key is forgotten once all its chunks are erased."""
        self._set_recording_state(
            recording_id, RecordingState.STOPPED, "recording_stopped", ended_at=ended_at
        )
        self.forget_if_all_erased(recording_id)
        return self.recording(recording_id)

    # -- uploader side -------------------------------------------------------------------------

    def read_ciphertext(self, chunk_id: str) -> bytes:
        """The sealed bytes of a chunk. A missing file quarantines the chunk and raises
        OutboxError(code="chunk_file_missing")."""
        # Under the lock, so that a concurrent erase_chunk cannot pass for a lost file.
        with self._lock:
            info = self.chunk(chunk_id)
            if info.path is None:
                why = f"chunk {chunk_id} has no local file ({info.state})"
                raise errors.chunk_file_missing(chunk_id, "", why)
            try:
                return info.path.read_bytes()
            except FileNotFoundError:
                with contextlib.suppress(errors.OutboxError):
                    self.quarantine(chunk_id, "file missing")
                why = f"chunk file {info.path} is missing"
                raise errors.chunk_file_missing(chunk_id, info.path, why) from None

    def set_upload(self, chunk_id: str, *, url: str | None, offset: int) -> None:
        """Remember the upload URL and offset: sealed -> uploading, or an update while uploading.

        `url=None` discards the upload (the server answered 404/410): uploading -> sealed, so
        that the next attempt creates it again.
        """
        with self._lock:
            current = self.chunk(chunk_id).state
            if url is None:
                if current is ChunkState.UPLOADING:
                    self._transition(
                        chunk_id,
                        ChunkState.SEALED,
                        "upload_discarded",
                        {"upload_url": None, "upload_offset": 0},
                    )
                elif current is not ChunkState.SEALED:
                    check_chunk_transition(chunk_id, current, ChunkState.SEALED)
                return
            if current is ChunkState.UPLOADING:
                with self._tx() as c:
                    rows.set_upload_position(c, chunk_id, url, offset)
                return
            self._transition(
                chunk_id,
                ChunkState.UPLOADING,
                "upload_started",
                {"upload_url": url, "upload_offset": int(offset)},
            )

    def record_failure(self, chunk_id: str, error: str) -> None:
        """Count a failed attempt and keep its (short, secret-free) description.

        Not audited: an offline laptop retries for days; the audit log keeps state changes."""
        with self._tx() as c:
            rows.count_failure(c, chunk_id, error)

    def mark_uploaded(self, chunk_id: str) -> None:
        """uploading -> uploaded: every byte sent (not yet proven stored)."""
        with self._lock:
            size = self.chunk(chunk_id).size
            self._transition(
                chunk_id, ChunkState.UPLOADED, "chunk_uploaded", {"upload_offset": size}
            )

    def confirm(self, chunk_id: str, *, sha256: str, size: int) -> ChunkInfo:
        """uploaded -> confirmed if the server's receipt equals the local ciphertext; else
        OutboxError(code="receipt_mismatch") and the chunk stays where it is."""
        with self._lock:
            info = self.chunk(chunk_id)
            if sha256.lower() != info.sha256 or int(size) != info.size:
                self.audit.append(
                    "chunk_confirm",
                    "mismatch",
                    recording_id=info.recording_id,
                    chunk_id=chunk_id,
                    size=size,
                )
                raise errors.receipt_mismatch(
                    chunk_id,
                    expected_sha256=info.sha256,
                    actual_sha256=sha256,
                    expected_size=info.size,
                    actual_size=size,
                )
            return self._transition(chunk_id, ChunkState.CONFIRMED, "chunk_confirmed", {})

    def erase_chunk(self, chunk_id: str, *, note: str | None = None) -> None:
        """confirmed -> erased: overwrite and unlink the file (if it is still there); once every
        chunk of a stopped recording is erased, forget its key (crypto-erase) and mark it erased.
        `note` goes into the audit entry (reconcile says why it erases at start-up)."""
        self._require_writer()
        with self._lock:
            info = self.chunk(chunk_id)
            check_chunk_transition(chunk_id, info.state, ChunkState.ERASED)
            if info.path is not None and info.path.exists():
                overwrite_and_unlink(info.path)
            detail = {} if note is None else {"note": note}
            self._transition(chunk_id, ChunkState.ERASED, "chunk_erased", {"path": None}, **detail)
        self.forget_if_all_erased(info.recording_id)

    def mark_manifest_sent(self, recording_id: str) -> None:
        """The server accepted the manifest: stopped -> complete (an erased one stays erased)."""
        with self._lock:
            rec = self.recording(recording_id)
            if rec.state is RecordingState.STOPPED:
                self._set_recording_state(
                    recording_id, RecordingState.COMPLETE, "manifest_sent", manifest_sent=1
                )
            else:
                self._update_recording(recording_id, "manifest_sent", rows.set_manifest_sent)
                if rec.state is RecordingState.ERASED:
                    self._scrub_metadata(recording_id)

    # -- both ----------------------------------------------------------------------------------

    def quarantine(self, chunk_id: str, reason: str) -> None:
        """Set a chunk aside: never uploaded, never erased; `reason` says why (no secrets)."""
        self._transition(
            chunk_id,
            ChunkState.QUARANTINED,
            "chunk_quarantined",
            {"reason": str(reason)[:300]},
            reason=reason,
        )

    def forget_if_all_erased(self, recording_id: str) -> bool:
        """Crypto-erase a stopped/complete recording whose chunks are all erased (True if so)."""
        self._require_writer()
        with self._lock:
            row = rows.recording_row(self._conn, recording_id)
            if row["state"] not in (RecordingState.STOPPED, RecordingState.COMPLETE):
                return False
            if not rows.all_chunks_erased(self._conn, recording_id):
                return False
            # Key first: if we crash before the row changes, the next open finishes the job.
            self.keys.forget_recording(recording_id)
            self._set_recording_state(recording_id, RecordingState.ERASED, "recording_erased")
            if row["manifest_sent"]:
                self._scrub_metadata(recording_id)
            remove_recording_dirs(self.data_dir, recording_id)
            return True

    # -- private -------------------------------------------------------------------------------

    def _require_writer(self) -> None:
        """Only the exclusive opener changes anything: a read-only opener (`list`, `export`)
        runs beside the app, which alone may write files and rows."""
        if self._instance_lock is None:
            raise errors.read_only(self.data_dir)

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
                before = rows.read_chunk(c, self.data_dir, chunk_id)
                check_chunk_transition(chunk_id, before.state, target)
                rows.set_state(c, "chunks", chunk_id, target.value, updates)
                after = rows.read_chunk(c, self.data_dir, chunk_id)
            self.audit.append(
                action,
                recording_id=after.recording_id,
                chunk_id=chunk_id,
                index=after.index,
                before=before.state.value,
                **detail,
            )
        self._publish(ChunkStateChanged(chunk_id, after.recording_id, target))
        return after

    def _set_recording_state(
        self, recording_id: str, target: RecordingState, action: str, **updates: Any
    ) -> RecordingInfo:
        with self._lock:
            with self._tx() as c:
                before = rows.read_recording(c, recording_id)
                check_recording_transition(recording_id, before.state, target)
                rows.set_state(c, "recordings", recording_id, target.value, updates)
                after = rows.read_recording(c, recording_id)
            self.audit.append(action, recording_id=recording_id, before=before.state.value)
        self._publish(RecordingStateChanged(recording_id, target))
        return after

    def _update_recording(
        self,
        recording_id: str,
        action: str,
        write: Callable[..., None],
        *args: Any,
        **detail: Any,
    ) -> None:
        """`write(conn, recording_id, *args)` in one transaction, then audit `action`."""
        with self._lock:
            with self._tx() as c:
                rows.recording_row(c, recording_id)
                write(c, recording_id, *args)
                rows.touch_recording(c, recording_id)
            self.audit.append(action, recording_id=recording_id, **detail)

    def _open_recording_row(self, recording_id: str) -> sqlite3.Row:
        """The recording's row, if it may still take chunks; else OutboxError(recording_closed).
        Call with the lock held."""
        row = rows.recording_row(self._conn, recording_id)
        if row["state"] not in (RecordingState.RECORDING, RecordingState.STOPPED):
            raise errors.recording_closed(recording_id, row["state"])
        return row

    def _journal_target(self, recording_id: str, index: int) -> tuple[Path, bytes, dict[str, Any]]:
        """Where chunk `index`'s journal goes, its key and its header fields."""
        self._require_writer()
        fields = journal_header(self.recording(recording_id), index)
        path = journal_path(self.data_dir, recording_id, index)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path, self.keys.journal_key(recording_id), fields

    def _scrub_metadata(self, recording_id: str) -> None:
        """Blank an erased recording's title and markers once the server holds its manifest:
        they are the user's words, not needed locally any more. secure_delete zeroes the freed
        bytes, and the checkpoint clears them out of the WAL too."""
        with self._tx() as c:
            rows.scrub_metadata(c, recording_id)
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _publish(self, event: object) -> None:
        if self._events is not None:
            self._events.publish(event)

    def forget_quarantined(self, recording_id: str) -> bool:
        """Crypto-erase a stopped recording that uploading can never erase: some chunks are
        quarantined and none is still to upload (the rest are erased). Without this its key
        would stay forever, and with it old copies of the erased chunks. The key goes first,
        then the quarantined files are overwritten and unlinked and the recording is marked
        erased; its quarantined rows stay as the record of the gap. False if it does not qualify
        (nothing is changed)."""
        self._require_writer()
        with self._lock:
            row = rows.recording_row(self._conn, recording_id)
            chunks = self.chunks(recording_id)
            states = {c.state for c in chunks}
            if (
                row["state"] not in (RecordingState.STOPPED, RecordingState.COMPLETE)
                or ChunkState.QUARANTINED not in states
                or not states <= {ChunkState.QUARANTINED, ChunkState.ERASED}
            ):
                return False
            self.keys.forget_recording(recording_id)
            for chunk in chunks:
                if chunk.state is ChunkState.QUARANTINED and chunk.path is not None:
                    overwrite_and_unlink(chunk.path)
            self._set_recording_state(recording_id, RecordingState.ERASED, "recording_forgotten")
            if row["manifest_sent"]:
                self._scrub_metadata(recording_id)
            remove_recording_dirs(self.data_dir, recording_id)
            return True
