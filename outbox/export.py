"""`export_recording(box, recording_id, out)`: the user's own copy of a recording, as one FLAC file.

The chunks still held locally are checked against the index (size, SHA-256), decrypted, checked
for their place (the binding inside them), and their samples joined, in memory, into one FLAC
stream with the recording's rate, channels and sample format (bit-exact: FLAC is lossless), then
written with `write_atomic`, tagged with the recording's title, start, markers (as chapters on
the exported audio) and ids (crypto/flactags.py). Plaintext on disk is the point here: the user
asked for it, at a path they chose. Missing chunk indexes, erased or quarantined chunks, chunks
whose file no longer matches the index (`hash_mismatch`) and the recording's own gaps are
returned in the ExportReport. A chunk sealed for another place stops the export
(`export_chunk_misplaced`): audio in the wrong order is not an export. It works through the
outbox's public methods (`Exportable`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import soundfile as sf

from crypto.container import unseal
from crypto.errors import CryptoError
from crypto.files import write_atomic
from crypto.flactags import ExportTags, chapter_offsets, tag_flac
from crypto.keys import DeviceKeys
from outbox.audit import AuditLog
from outbox.errors import OutboxError
from outbox.model import (
    CHANNEL_GAP_REASONS,
    ChunkInfo,
    ChunkState,
    ExportGap,
    ExportReport,
    RecordingInfo,
)
from outbox.verify import ChunkProblem, check_place, read_indexed

__all__ = ["Exportable", "export_recording"]


class Exportable(Protocol):
    """What export uses of `outbox.Outbox` (its public methods only)."""

    @property
    def keys(self) -> DeviceKeys: ...
    @property
    def audit(self) -> AuditLog: ...
    def recording(self, recording_id: str) -> RecordingInfo: ...
    def chunks(self, recording_id: str | None = None) -> list[ChunkInfo]: ...


_DTYPE = {"PCM_16": "int16", "PCM_24": "int32"}
#: Gap reasons for the problems `read_indexed` reports (a missing file reads as unreadable).
_GAP = {"hash_mismatch": "hash_mismatch"}


def export_recording(
    box: Exportable,
    recording_id: str,
    out: Path,
    *,
    device_id: str = "",
    progress: Callable[[int, int], None] | None = None,
    mix: bool = False,
) -> ExportReport:
    """Write the recording's local audio to `out` (FLAC, tagged; `device_id` is the device that
    recorded it); OutboxError(code="nothing_to_export") if no chunk can be read. `progress`
    is called with (chunks done, chunks in all) after each chunk. `mix`: one channel, the
    average of the recording's (microphone and system audio)."""
    rec = box.recording(recording_id)
    chunks = box.chunks(recording_id)
    identity = box.keys.recording_identity(recording_id)
    dtype = _DTYPE.get(rec.subtype, "int32")
    gaps: list[ExportGap] = [ExportGap(None, g.reason, g.start, g.end) for g in rec.gaps]
    by_index = {c.index: c for c in chunks}
    last = max(by_index, default=-1)
    exported: list[int] = []
    # Seconds of audio per chunk: exact for the chunks read, as indexed for the others.
    seconds = {c.index: c.duration for c in chunks}
    frames = 0
    buf = io.BytesIO()
    with sf.SoundFile(
        buf,
        "w",
        samplerate=rec.sample_rate,
        channels=1 if mix else rec.channels,
        format="FLAC",
        subtype=rec.subtype,
    ) as writer:
        for index in range(last + 1):
            if progress is not None and index:
                progress(index, last + 1)
            chunk = by_index.get(index)
            if chunk is None:
                gaps.append(ExportGap(index, "missing"))
                continue
            if chunk.path_problem is not None:
                gaps.append(ExportGap(index, "index_path_invalid"))  # no file is read for it
                continue
            if chunk.state is ChunkState.ERASED or chunk.path is None:
                gaps.append(ExportGap(index, "erased"))
                continue
            if chunk.state is ChunkState.QUARANTINED:
                gaps.append(ExportGap(index, "quarantined"))
                continue
            if identity is None:
                gaps.append(ExportGap(index, "unreadable"))
                continue
            try:
                flac = unseal(read_indexed(chunk), [identity])
                samples, rate = sf.read(io.BytesIO(flac), dtype=dtype, always_2d=True)
            except ChunkProblem as problem:
                gaps.append(ExportGap(index, _GAP.get(problem.code, "unreadable")))
                continue
            except (CryptoError, sf.LibsndfileError, RuntimeError):
                gaps.append(ExportGap(index, "unreadable"))
                continue
            try:
                check_place(flac, chunk)
            except ChunkProblem as problem:
                raise OutboxError(
                    f"chunk {index} of {recording_id}: {problem.detail}",
                    code="export_chunk_misplaced",
                    recording_id=recording_id,
                    index=index,
                    reason=problem.detail,
                ) from None
            if rate != rec.sample_rate or samples.shape[1] != rec.channels:
                raise OutboxError(
                    f"chunk {index} is {rate} Hz x {samples.shape[1]}, the recording is "
                    f"{rec.sample_rate} Hz x {rec.channels}",
                    code="export_mismatch",
                    recording_id=recording_id,
                    index=index,
                    reason=f"{rate} Hz x {samples.shape[1]}",
                )
            if mix and samples.shape[1] > 1:
                samples = samples.mean(axis=1, keepdims=True).round().astype(samples.dtype)
            writer.write(samples)
            frames += len(samples)
            exported.append(index)
            seconds[index] = len(samples) / rec.sample_rate
    if not exported:
        raise OutboxError(
            f"no chunk of {recording_id} is held locally and readable",
            code="nothing_to_export",
            recording_id=recording_id,
        )
    if progress is not None:
        progress(last + 1, last + 1)
    done = set(exported)
    tags = ExportTags(
        recording_id,
        title=rec.title,
        started_at=rec.started_at,
        device_id=device_id,
        chapters=chapter_offsets(
            [(m.at, m.label) for m in rec.markers],
            # A channel's gap (system audio away) takes no time from the recording.
            [(g.start, g.end) for g in rec.gaps if g.reason not in CHANNEL_GAP_REASONS],
            [(seconds.get(i, 0.0), i in done) for i in range(last + 1)],
        ),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, tag_flac(buf.getvalue(), tags))
    box.audit.append("export", recording_id=recording_id, chunks=len(exported), frames=frames)
    gaps.sort(key=lambda g: (g.index if g.index is not None else -1, g.start or 0.0))
    return ExportReport(
        recording_id,
        out,
        tuple(exported),
        frames,
        rec.sample_rate,
        1 if mix else rec.channels,
        tuple(gaps),
    )
