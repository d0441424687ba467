"""The outbox: sealed chunk files under the data dir and the SQLite index that tracks them.

Durability order for a new chunk: seal -> `write_atomic` the file -> commit the index row ->
delete the crash journal -> audit + events. A crash at any point leaves either no row (the file,
if any, is deleted on the next exclusive open; the chunk's audio is in its journal, once the
recorder's journal period has passed: docs/recorder.md, "The crash journal") or a row with a
whole file. Every state change is one transaction and one audit entry, written after
the commit. Reconciliation on open: `outbox.reconcile`; verify/export/manifest: their own modules.

Opening, transactions, transitions and the shared queries live in `outbox.core.OutboxCore`;
this module adds the recorder's and the uploader's operations.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crypto.container import seal
from crypto.files import write_atomic
from outbox.core import OutboxCore
from outbox.errors import OutboxError
from outbox.events_types import ChunkSealed, ChunkStateChanged, RecordingStateChanged
from outbox.model import (
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
)
from outbox.rows import (
    JOURNAL_DIR,
    JOURNAL_SUFFIX,
    chunk_info,
    chunk_relpath,
    journal_path,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from crypto.journal import Buffer, JournalWriter

__all__ = ["SAMPLE_WIDTHS", "Outbox"]

#: Bytes per PCM sample for each FLAC subtype the recorder may use.
SAMPLE_WIDTHS = {"PCM_16": 2, "PCM_24": 3}
_PENDING = (ChunkState.SEALED, ChunkState.UPLOADING, ChunkState.UPLOADED)


class Outbox(OutboxCore):
    """The durable local state of one data directory. Create with `Outbox.open`."""

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
            c.execute(
                "INSERT INTO recordings (id, title, started_at, state, sample_rate, channels,"
                " subtype, recipient, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rid,
                    title,
                    started_at,
                    RecordingState.RECORDING.value,
                    sample_rate,
                    channels,
                    subtype,
                    recipient,
                    time.time(),
                ),
            )
            info = self._recording(c, rid)
        self.audit.append(
            "recording_started", recording_id=rid, sample_rate=sample_rate, channels=channels
        )
        self._publish(RecordingStateChanged(rid, info.state.value))
        return info

    def open_journal(self, recording_id: str, index: int) -> JournalWriter:
        """Create the crash journal of chunk `index` (encrypted under the recording's key)."""
        from crypto.journal import JournalWriter

        path, key, fields = self._journal_target(recording_id, index)
        return JournalWriter.create(path, key, **fields)

    def write_journal(self, recording_id: str, index: int, pcm: Iterable[Buffer]) -> None:
        """Write chunk `index`'s whole crash journal at once, closed: one record per item of
        `pcm`. For a chunk whose audio is all at hand (fewer fsyncs than `open_journal`)."""
        from crypto.journal import write_journal

        path, key, fields = self._journal_target(recording_id, index)
        write_journal(path, key, pcm, **fields)

    def _journal_target(self, recording_id: str, index: int) -> tuple[Path, bytes, dict[str, Any]]:
        """Where chunk `index`'s journal goes, its key and its header fields."""
        self._require_writer()
        rec = self.recording(recording_id)
        path = journal_path(self.data_dir, recording_id, index)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fields = {
            "recording_id": recording_id,
            "chunk_index": index,
            "sample_rate": rec.sample_rate,
            "channels": rec.channels,
            "sample_width": SAMPLE_WIDTHS[rec.subtype],
        }
        return path, self.keys.journal_key(recording_id), fields

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
            row = self._open_recording_row(recording_id)
            recipients = [row["recipient"]]
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
            self._check_free_index(*key)
            self._staged.add(key)
        rel = chunk_relpath(sealed.recording_id, index)
        path = self.data_dir / rel
        try:
            # Outside the lock: the fsyncs do not hold up the uploader or another chunk's index.
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomic(path, sealed.ciphertext)  # whole on disk BEFORE the row exists
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
        recording_id, index = staged.recording_id, staged.index
        chunk_id = str(uuid.uuid4())
        with self._lock:
            try:
                row = self._open_recording_row(recording_id)
                sample_rate, channels = int(row["sample_rate"]), int(row["channels"])
                with self._tx() as c:
                    c.execute(
                        "INSERT INTO chunks (id, recording_id, idx, started_at, duration,"
                        " sample_rate, channels, size, sha256, path, state, recovered, updated_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            chunk_id,
                            recording_id,
                            index,
                            started_at,
                            duration,
                            sample_rate,
                            channels,
                            staged.size,
                            staged.sha256,
                            staged.path,
                            ChunkState.SEALED.value,
                            int(recovered),
                            time.time(),
                        ),
                    )
                    info = self._chunk(c, chunk_id)
            except BaseException:
                self.discard_chunk(staged)  # not indexed: the caller keeps it journaled
                raise
            self._staged.discard((recording_id, index))
            if not keep_journal:
                self.remove_journal(recording_id, index)
            self.audit.append(
                "chunk_sealed",
                recording_id=recording_id,
                chunk_id=chunk_id,
                index=index,
                size=staged.size,
                duration=round(duration, 3),
                recovered=recovered,
            )
        self._publish(ChunkSealed(chunk_id, recording_id, index, duration, recovered))
        self._publish(ChunkStateChanged(chunk_id, recording_id, ChunkState.SEALED.value))
        return info

    def discard_chunk(self, staged: StagedChunk) -> None:
        """Undo `write_chunk` for a chunk that will not be indexed (the caller journals it). A file
        that cannot be deleted now has no row: reconcile deletes it at the next open."""
        with self._lock:
            with contextlib.suppress(OSError):
                (self.data_dir / staged.path).unlink()
            self._staged.discard((staged.recording_id, staged.index))

    def _open_recording_row(self, recording_id: str) -> Any:
        """The recording's row, if it may still take chunks; else OutboxError(recording_closed).
        Call with the lock held."""
        row = self._recording_row(self._conn, recording_id)
        if row["state"] not in (RecordingState.RECORDING, RecordingState.STOPPED):
            raise OutboxError(
                f"recording {recording_id} is {row['state']}: no more chunks",
                code="recording_closed",
                recording_id=recording_id,
                state=row["state"],
            )
        return row

    def remove_journal(self, recording_id: str, index: int) -> None:
        """Delete chunk `index`'s crash journal if there is one (its chunk is sealed).

        The unlink is not fsync'd: a journal that comes back after a crash belongs to an indexed
        chunk, and reconcile deletes it at the next open (outbox/reconcile.py)."""
        with contextlib.suppress(FileNotFoundError):
            journal_path(self.data_dir, recording_id, index).unlink()

    def set_title(self, recording_id: str, title: str) -> None:
        """Rename a recording."""
        self._update_recording(
            recording_id,
            "title_changed",
            "UPDATE recordings SET title = ? WHERE id = ?",
            (title, recording_id),
        )

    def add_marker(self, recording_id: str, marker: Marker) -> None:
        """Add a bookmark to a recording."""
        self._update_recording(
            recording_id,
            "marker_added",
            "INSERT INTO markers (recording_id, at, label) VALUES (?, ?, ?)",
            (recording_id, marker.at, marker.label),
        )

    def add_gap(self, recording_id: str, gap: Gap) -> None:
        """Record a stretch without audio (device lost, disk full...)."""
        self._update_recording(
            recording_id,
            "gap_added",
            'INSERT INTO gaps (recording_id, start, "end", reason) VALUES (?, ?, ?, ?)',
            (recording_id, gap.start, gap.end, gap.reason),
            reason=gap.reason,
        )

    def finish_recording(self, recording_id: str, ended_at: float) -> RecordingInfo:
        """recording -> stopped. Its key is forgotten once all its chunks are erased."""
        self._set_recording_state(
            recording_id, RecordingState.STOPPED, "recording_stopped", ended_at=ended_at
        )
        self.forget_if_all_erased(recording_id)
        return self.recording(recording_id)

    def leftover_journals(self) -> list[LeftoverJournal]:
        """Crash journals whose chunk was never sealed, oldest recording first, by index."""
        root = self.data_dir / JOURNAL_DIR
        found: list[LeftoverJournal] = []
        if not root.is_dir():
            return found
        with self._lock:
            sealed = {
                (r["recording_id"], int(r["idx"]))
                for r in self._conn.execute("SELECT recording_id, idx FROM chunks")
            }
        for rec_dir in sorted(p for p in root.iterdir() if p.is_dir()):
            for path in sorted(rec_dir.glob(f"*{JOURNAL_SUFFIX}")):
                stem = path.name[: -len(JOURNAL_SUFFIX)]
                if stem.isdigit() and (rec_dir.name, int(stem)) not in sealed:
                    found.append(LeftoverJournal(rec_dir.name, int(stem), path))
        return found

    def free_bytes(self) -> int:
        """Free bytes on the file system that holds the data dir."""
        return int(shutil.disk_usage(self.data_dir).free)

    # -- uploader side -------------------------------------------------------------------------

    def pending_chunks(self) -> list[ChunkInfo]:
        """Chunks still to upload or confirm (sealed/uploading/uploaded), oldest recording first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT c.* FROM chunks c JOIN recordings r ON r.id = c.recording_id"
                " WHERE c.state IN (?, ?, ?) ORDER BY r.started_at, r.id, c.idx",
                tuple(s.value for s in _PENDING),
            ).fetchall()
        return [chunk_info(self.data_dir, r) for r in rows]

    def read_ciphertext(self, chunk_id: str) -> bytes:
        """The sealed bytes of a chunk. A missing file quarantines the chunk and raises
        OutboxError(code="chunk_file_missing")."""
        # Under the lock, so that a concurrent erase_chunk cannot pass for a lost file.
        with self._lock:
            info = self.chunk(chunk_id)
            if info.path is None:
                raise OutboxError(
                    f"chunk {chunk_id} has no local file ({info.state})",
                    code="chunk_file_missing",
                    chunk_id=chunk_id,
                    path="",
                )
            try:
                return info.path.read_bytes()
            except FileNotFoundError:
                with contextlib.suppress(OutboxError):
                    self.quarantine(chunk_id, "file missing")
                raise OutboxError(
                    f"chunk file {info.path} is missing",
                    code="chunk_file_missing",
                    chunk_id=chunk_id,
                    path=str(info.path),
                ) from None

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
                    c.execute(
                        "UPDATE chunks SET upload_url = ?, upload_offset = ?, updated_at = ?"
                        " WHERE id = ?",
                        (url, int(offset), time.time(), chunk_id),
                    )
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
            cur = c.execute(
                "UPDATE chunks SET attempts = attempts + 1, last_error = ?, updated_at = ?"
                " WHERE id = ?",
                (str(error)[:500], time.time(), chunk_id),
            )
            if cur.rowcount == 0:
                raise self._unknown_chunk(chunk_id)

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
                raise OutboxError(
                    f"receipt of chunk {chunk_id} does not match the local file",
                    code="receipt_mismatch",
                    chunk_id=chunk_id,
                    expected_sha256=info.sha256,
                    actual_sha256=sha256,
                    expected_size=info.size,
                    actual_size=size,
                )
            return self._transition(chunk_id, ChunkState.CONFIRMED, "chunk_confirmed", {})

    def erase_chunk(self, chunk_id: str) -> None:
        """confirmed -> erased: overwrite and unlink the file; once every chunk of a stopped
        recording is erased, forget its key (crypto-erase) and mark it erased."""
        self._require_writer()
        from crypto.erase import overwrite_and_unlink

        with self._lock:
            info = self.chunk(chunk_id)
            check_chunk_transition(chunk_id, info.state, ChunkState.ERASED)
            if info.path is not None and info.path.exists():
                overwrite_and_unlink(info.path)
            self._transition(chunk_id, ChunkState.ERASED, "chunk_erased", {"path": None})
        self.forget_if_all_erased(info.recording_id)

    def recordings_ready_for_manifest(self) -> list[RecordingInfo]:
        """Stopped recordings whose manifest is unsent and none of whose chunks is pending."""
        from outbox.manifest import ready_for_manifest

        with self._lock:
            return ready_for_manifest(self._conn)

    def manifest(self, recording_id: str) -> dict[str, Any]:
        """The manifest of docs/protocol.md §7 (quarantined chunks are listed as gaps)."""
        from outbox.manifest import build_manifest

        with self._lock:
            return build_manifest(self._conn, self._recording(self._conn, recording_id))

    def mark_manifest_sent(self, recording_id: str) -> None:
        """The server accepted the manifest: stopped -> complete (an erased one stays erased)."""
        with self._lock:
            rec = self.recording(recording_id)
            if rec.state is RecordingState.STOPPED:
                self._set_recording_state(
                    recording_id, RecordingState.COMPLETE, "manifest_sent", manifest_sent=1
                )
            else:
                self._update_recording(
                    recording_id,
                    "manifest_sent",
                    "UPDATE recordings SET manifest_sent = 1 WHERE id = ?",
                    (recording_id,),
                )
                if rec.state is RecordingState.ERASED:
                    self._scrub_metadata(recording_id)

    def verify(self) -> list[VerifyResult]:
        """Decrypt every local chunk, check its hash and that it decodes as FLAC; quarantine the
        ones that fail. One result per chunk not erased."""
        from outbox.verify import verify_all

        return verify_all(self)

    def export_flac(self, recording_id: str, out: Path) -> ExportReport:
        """Join the recording's local chunks into one FLAC at `out`; gaps are reported."""
        from outbox.export import export_recording

        return export_recording(self, recording_id, Path(out))
