"""`verify_chunks(box)`: prove every local chunk is whole, decryptable and real FLAC.

For each chunk not erased: its index row's path fits the layout (`index_path_invalid` if not:
no file is read for it), the file exists, its size and sha256 equal the index, it decrypts with
the recording's key, the plaintext decodes completely as FLAC with the recorded rate and
channels, and the binding inside it names this recording and index (crypto.binding; none in a
chunk sealed before bindings existed).
A chunk that fails any step is quarantined (never uploaded, never erased) and reported with a
stable problem code; the app and the CLI turn the code into what the user can do. It works
through the outbox's public methods (`Verifiable`).
"""

from __future__ import annotations

import hashlib
import io
from typing import Protocol

import soundfile as sf

from crypto.binding import check_binding
from crypto.container import unseal
from crypto.errors import CryptoError
from crypto.keys import DeviceKeys
from outbox.audit import AuditLog
from outbox.changes import bad_path_reason
from outbox.errors import OutboxError
from outbox.model import ChunkInfo, ChunkState, VerifyResult

__all__ = [
    "ChunkProblem",
    "Verifiable",
    "check_chunk",
    "check_place",
    "read_indexed",
    "verify_chunks",
]


class ChunkProblem(Exception):
    """Why one chunk cannot be used: a verify problem code and a short detail."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


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


def read_indexed(chunk: ChunkInfo) -> bytes:
    """The chunk's sealed bytes, if their size and SHA-256 are the index's; else ChunkProblem
    `file_missing` or `hash_mismatch`."""
    if chunk.path is None:
        raise ChunkProblem("file_missing", "the index has no file for it")
    try:
        data = chunk.path.read_bytes()
    except FileNotFoundError:
        raise ChunkProblem("file_missing", f"{chunk.path} does not exist") from None
    except OSError as exc:
        raise ChunkProblem(
            "file_missing", f"{chunk.path} cannot be read ({exc.strerror})"
        ) from None
    if len(data) != chunk.size or hashlib.sha256(data).hexdigest() != chunk.sha256:
        raise ChunkProblem("hash_mismatch", f"{chunk.path} changed after it was sealed")
    return data


def check_place(flac: bytes, chunk: ChunkInfo) -> None:
    """ChunkProblem `chunk_misplaced` unless the binding inside `flac` is the chunk's own place
    (or absent: sealed before bindings). The index's hash cannot prove this: whoever writes
    the data directory can rewrite it to match a swapped file."""
    try:
        check_binding(flac, chunk.recording_id, chunk.index)
    except CryptoError as exc:
        raise ChunkProblem("chunk_misplaced", str(exc)[:200]) from None


def check_chunk(box: Verifiable, chunk: ChunkInfo) -> tuple[str, str] | None:
    """(problem code, detail) for one chunk, or None if it is whole."""
    try:
        data = read_indexed(chunk)
    except ChunkProblem as problem:
        return problem.code, problem.detail
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
    try:
        check_place(flac, chunk)
    except ChunkProblem as problem:
        return problem.code, problem.detail
    return None


def _result(chunk: ChunkInfo, code: str, detail: str) -> VerifyResult:
    return VerifyResult(chunk.id, False, code, chunk.recording_id, chunk.index, detail)
