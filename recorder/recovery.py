"""Crash recovery: every journal left without a sealed chunk becomes a chunk marked recovered.

Run at every start with the outbox held exclusively (`app.context.Context.open_outbox` does it),
so no live recording is touched. A torn last record is dropped by `read_journal`; a journal that
cannot be read (damaged, or its key is gone), or whose header names another chunk index than its
file's place (moved there), is never deleted: it is renamed `*.corrupt` next to where it was,
logged and reported, and the rest of the recovery goes on. Recordings left in the
`recording` state by the crash are then finished, ending at their last chunk.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from crypto.erase import overwrite_and_unlink
from crypto.errors import CryptoError
from crypto.journal import read_journal
from crypto.keys import DeviceKeys
from outbox import ChunkInfo, LeftoverJournal, RecordingInfo, RecordingState
from recorder.chunker import encode_flac
from recorder.errors import RecorderError
from recorder.formats import format_for_width, from_journal_bytes
from recorder.sealer import SealingOutbox

log = logging.getLogger(__name__)

CORRUPT_SUFFIX = ".corrupt"


class RecoveryOutbox(SealingOutbox, Protocol):
    """The part of `outbox.store.Outbox` recovery uses."""

    def leftover_journals(self) -> list[LeftoverJournal]: ...
    def recordings(self) -> list[RecordingInfo]: ...
    def chunks(self, recording_id: str | None = None) -> list[ChunkInfo]: ...
    def finish_recording(self, recording_id: str, ended_at: float) -> RecordingInfo: ...


@dataclass(frozen=True)
class RecoveryProblem:
    """A journal that could not be recovered; it was kept at `kept_as`."""

    recording_id: str
    index: int
    kept_as: Path
    reason: str


@dataclass
class RecoveryReport:
    """What one recovery run did."""

    chunks: list[ChunkInfo] = field(default_factory=list)
    problems: list[RecoveryProblem] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)  # recordings closed after a crash
    dropped_torn_tails: int = 0


def recover_all(outbox: Any, keys: DeviceKeys | None = None) -> list[ChunkInfo]:
    """Seals every leftover journal as a recovered chunk and finishes crashed recordings;
    returns the recovered chunks. `keys` defaults to the outbox's own (`outbox.keys`)."""
    return recover(outbox, keys).chunks


def recover(outbox: Any, keys: DeviceKeys | None = None) -> RecoveryReport:
    """Like `recover_all`, with the full report (problems, finished recordings)."""
    box: RecoveryOutbox = outbox
    device_keys: DeviceKeys = keys if keys is not None else outbox.keys
    report = RecoveryReport()
    recordings = {r.id: r for r in box.recordings()}
    leftovers = sorted(box.leftover_journals(), key=lambda j: (j.recording_id, j.index))
    for leftover in leftovers:
        rec = recordings.get(leftover.recording_id)
        try:
            if rec is None:
                raise RecorderError(
                    "journal of an unknown recording",
                    code="recovery_failed",
                    detail="unknown recording",
                    path=str(leftover.path),
                )
            info = _recover_one(box, device_keys, rec, leftover, report)
        except (CryptoError, RecorderError) as exc:
            report.problems.append(_keep_aside(leftover, exc))
            continue
        if info is not None:
            report.chunks.append(info)
    for rec in box.recordings():
        if rec.state == RecordingState.RECORDING:
            chunks = box.chunks(rec.id)
            ended = max((c.started_at + c.duration for c in chunks), default=rec.started_at)
            box.finish_recording(rec.id, ended)
            report.finished.append(rec.id)
            log.info("recording %s finished after a crash (%d chunks)", rec.id, len(chunks))
    return report


def _recover_one(
    box: RecoveryOutbox,
    keys: DeviceKeys,
    rec: RecordingInfo,
    leftover: LeftoverJournal,
    report: RecoveryReport,
) -> ChunkInfo | None:
    journal = read_journal(
        leftover.path, keys.journal_key(leftover.recording_id), recording_id=rec.id
    )
    if journal.chunk_index != leftover.index:
        # The header (authenticated) binds the index; the file name does not.
        raise RecorderError(
            "journal found in another chunk's place",
            code="recovery_failed",
            detail=f"journal of chunk {journal.chunk_index} found as chunk {leftover.index}",
            path=str(leftover.path),
        )
    if journal.torn_tail:
        report.dropped_torn_tails += 1
    if journal.frames == 0:
        # Nothing but a header: no audio to keep, and the file is no use to anyone.
        overwrite_and_unlink(leftover.path)
        log.info("empty journal %s/%d removed", rec.id, leftover.index)
        return None
    fmt = format_for_width(journal.sample_width)
    frames = from_journal_bytes(journal.pcm, fmt, journal.channels)
    flac = encode_flac(frames, journal.sample_rate, fmt.subtype)
    earlier = [c for c in box.chunks(rec.id) if c.index < leftover.index]
    started_at = max((c.started_at + c.duration for c in earlier), default=rec.started_at)
    info = box.seal_chunk(
        rec.id,
        leftover.index,
        flac,
        started_at=started_at,
        duration=journal.frames / journal.sample_rate,
        recovered=True,
    )
    log.info(
        "recovered chunk %d of recording %s: %.2f s%s",
        leftover.index,
        rec.id,
        info.duration,
        " (torn tail dropped)" if journal.torn_tail else "",
    )
    return info


def _keep_aside(leftover: LeftoverJournal, exc: Exception) -> RecoveryProblem:
    """Renames an unrecoverable journal so it is kept but not retried at every start."""
    reason = getattr(exc, "code", None) or type(exc).__name__
    target = leftover.path.with_name(leftover.path.name + CORRUPT_SUFFIX)
    try:
        leftover.path.replace(target)
    except OSError as move_error:
        log.error("could not move journal %s aside: %s", leftover.path, move_error)
        target = leftover.path
    log.error(
        "journal %s/%d not recovered (%s); kept as %s",
        leftover.recording_id,
        leftover.index,
        reason,
        target,
    )
    return RecoveryProblem(leftover.recording_id, leftover.index, target, str(reason))
