"""`verify_chunks(box)`: prove every local chunk is whole, decryptable and real FLAC.

For each chunk not erased: its index row's path fits the layout (`index_path_invalid` if not:
no file is read for it), the file exists, its sha256 equals the index, it decrypts with the
recording's key, and the plaintext decodes completely as FLAC with the recorded rate and channels.
A chunk that fails any step is quarantined (never uploaded, never erased) and reported with a
stable problem code; the app and the CLI turn the code into what the user can do. It works
through the outbox's public methods (`Verifiable`).
"""

from __future__ import annotations

import hashlib
import io
from typing import Protocol

import soundfile as sf

from crypto.container import unseal
from crypto.errors import CryptoError
from crypto.keys import DeviceKeys
from outbox.audit import AuditLog
from outbox.changes import bad_path_reason
from outbox.errors import OutboxError
from outbox.model import ChunkInfo, ChunkState, VerifyResult

__all__ = ["Verifiable", "check_chunk", "verify_chunks"]


class Verifiable(Protocol):
    """What verify uses of `outbox.Outbox` (its public methods only)."""

    @property
    def keys(self) -> DeviceKeys: ...
    @property
    def audit(self) -> AuditLog: ...
    def chunks(self, recording_id: str | None = None) -> list[ChunkInfo]: ...
    def chunk(self, chunk_id: str) -> ChunkInfo: ...
    def quarantine(self, chunk_id: str, reason: str) -> None: ...
    def quarantine_reason(self, chunk_id: str) -> str | None: ...


def verify_chunks(box: Verifiable) -> list[VerifyResult]:
    """Check every chunk not erased; quarantine failures; audit one summary entry."""
    results: list[VerifyResult] = []
    for chunk in box.chunks():
        if chunk.state is ChunkState.ERASED:
            continue
        if chunk.path_problem is not None:
            # Reported as what it is, set aside or not: no file was read for it.
            if chunk.state is not ChunkState.QUARANTINED:
                box.quarantine(chunk.id, bad_path_reason(chunk.path_problem))
            results.append(_result(chunk, "index_path_invalid", chunk.path_problem))
            continue
        if chunk.state is ChunkState.QUARANTINED:
            reason = box.quarantine_reason(chunk.id) or ""
            results.append(_result(chunk, "quarantined", reason))
            continue
        problem = check_chunk(box, chunk)
        if problem is None:
            results.append(VerifyResult(chunk.id, True, None, chunk.recording_id, chunk.index))
            continue
        code, detail = problem
        try:
            box.quarantine(chunk.id, f"{code}: {detail}")
        except OutboxError:
            # Erased meanwhile by the uploader (its file went with it): nothing to keep.
            if box.chunk(chunk.id).state is ChunkState.ERASED:
                continue
            raise
        results.append(_result(chunk, code, detail))
    bad = sum(1 for r in results if not r.ok)
    box.audit.append("verify", "ok" if bad == 0 else "problems", checked=len(results), failed=bad)
    return results


def check_chunk(box: Verifiable, chunk: ChunkInfo) -> tuple[str, str] | None:
    """(problem code, detail) for one chunk, or None if it is whole."""
    if chunk.path is None:
        return "file_missing", "the index has no file for it"
    try:
        data = chunk.path.read_bytes()
    except FileNotFoundError:
        return "file_missing", f"{chunk.path} does not exist"
    except OSError as exc:
        return "file_missing", f"{chunk.path} cannot be read ({exc.strerror})"
    if len(data) != chunk.size or hashlib.sha256(data).hexdigest() != chunk.sha256:
        return "hash_mismatch", f"{chunk.path} changed after it was sealed"
    identity = box.keys.recording_identity(chunk.recording_id)
    if identity is None:
        return "key_missing", "the recording's key is no longer in the keyring"
    try:
        flac = unseal(data, [identity])
    except CryptoError as exc:
        return "decrypt_failed", str(exc.fields.get("reason", exc))[:200]
    try:
        with sf.SoundFile(io.BytesIO(flac)) as f:
            if f.format != "FLAC":
                return "not_flac", f"the content is {f.format}, not FLAC"
            frames = len(f.read(dtype="int32", always_2d=True))
            if f.samplerate != chunk.sample_rate or f.channels != chunk.channels:
                return "not_flac", (
                    f"{f.samplerate} Hz x {f.channels}, the index says "
                    f"{chunk.sample_rate} Hz x {chunk.channels}"
                )
    except (sf.LibsndfileError, RuntimeError, ValueError) as exc:
        return "not_flac", str(exc)[:200]
    if frames == 0:
        return "not_flac", "the FLAC stream holds no audio"
    return None


def _result(chunk: ChunkInfo, code: str, detail: str) -> VerifyResult:
    return VerifyResult(chunk.id, False, code, chunk.recording_id, chunk.index, detail)
