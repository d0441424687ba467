"""`logmeets-server export`: the organisation's side of the round trip. Decrypts the chunks of
a complete recording with the organisation's age identity and joins them into one FLAC. Each
chunk's binding (crypto.binding) must name this recording and the index the manifest gives it:
a chunk sealed for another place is refused (`chunk_misplaced`), never joined as audio. The
file carries the manifest's title, start and markers and the recording and device ids as Vorbis
comments (crypto/flactags.py), like the client's export.

One pipeline, fed by an `ExportSource`: `DirSource` reads a single server's JSON data directory;
`server.export_shared.SharedSource` reads the metadata database and the blob store of replicas
(docs/deploy.md §6)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pyrage
import soundfile as sf

from crypto.binding import check_binding
from crypto.container import unseal
from crypto.errors import CryptoError
from crypto.files import replace
from crypto.flactags import ExportTags, chapter_offsets, tag_file
from server.errors import ServerError
from server.recordings import find_recording
from server.storage import fsync_dir
from server.tus import parse_metadata
from server.upload_record import Upload, read_upload

_UPLOAD_ID_RE = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class ExportResult:
    """What was written."""

    path: Path
    chunks: int
    frames: int
    sample_rate: int
    channels: int


class ExportSource(Protocol):
    """Where a complete recording's manifest and ciphertext come from. Read-only: the servers
    may be running. Errors are `ServerError`s with the codes of docs/protocol.md §10."""

    def recording(self, recording_id: str, user_id: str | None) -> dict[str, Any] | None:
        """The stored document `{"user_id", "manifest"}` of a complete recording, or None;
        `recording_ambiguous` when several accounts hold the id and `user_id` is None."""
        ...

    def uploads(self, user_id: str) -> dict[str, Upload]:
        """The account's complete uploads by chunk id (the newest one of each chunk)."""
        ...

    def ciphertext(self, up: Upload, index: int) -> bytes:
        """The stored bytes of a complete upload; `chunk_missing` if they are gone."""
        ...


class DirSource:
    """A single server's data directory: `recordings/`, `uploads/<id>.{json,bin}`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def recording(self, recording_id: str, user_id: str | None) -> dict[str, Any] | None:
        return find_recording(self.data_dir, recording_id, user_id)

    def uploads(self, user_id: str) -> dict[str, Upload]:
        found: dict[str, Upload] = {}
        for path in (self.data_dir / "uploads").glob("*.json"):
            try:
                up = read_upload(path)
            except (ValueError, TypeError, OSError):
                continue
            if up.user_id == user_id and up.state == "complete":
                prev = found.get(up.chunk_id)
                if prev is None or prev.created_at < up.created_at:
                    found[up.chunk_id] = up
        return found

    def ciphertext(self, up: Upload, index: int) -> bytes:
        if not _UPLOAD_ID_RE.fullmatch(up.upload_id):
            raise ServerError(
                f"Chunk {index} has a malformed upload record.",
                code="chunk_missing",
                chunk_id=up.chunk_id,
            )
        return (self.data_dir / "uploads" / f"{up.upload_id}.bin").read_bytes()


def export_recording(
    source: ExportSource | Path,
    recording_id: str,
    out: Path,
    identity: pyrage.x25519.Identity,
    *,
    user_id: str | None = None,
) -> ExportResult:
    """Decrypt and join the recording's chunks into `out` (written atomically). A `Path` is a
    single server's data directory."""
    if isinstance(source, Path):
        source = DirSource(source)
    doc = source.recording(recording_id, user_id)
    if doc is None:
        raise ServerError(
            f"No complete recording {recording_id} on this server (its manifest has not arrived "
            "or some chunks are missing).",
            code="recording_not_found",
            recording_id=recording_id,
        )
    uploads = source.uploads(doc["user_id"])
    part = out.with_name(out.name + ".part")
    raw = out.with_name(out.name + ".untagged.part")  # libsndfile's output, before the tags
    writer: sf.SoundFile | None = None
    frames = 0
    manifest = doc["manifest"]
    chunks = manifest["chunks"]
    seconds: list[float] = []
    device_id = ""
    try:
        _private_file(part)
        _private_file(raw)
        for c in chunks:
            up = uploads.get(c["chunk_id"])
            if up is None or up.sha256 != c["sha256"]:
                raise ServerError(
                    f"Chunk {c['index']} ({c['chunk_id']}) is not stored intact.",
                    code="chunk_missing",
                    chunk_id=c["chunk_id"],
                )
            ciphertext = source.ciphertext(up, c["index"])
            if hashlib.sha256(ciphertext).hexdigest() != up.sha256:
                raise ServerError(
                    f"Chunk {c['index']} changed in storage since it was received (its sha256 "
                    "is not the one recorded at upload).",
                    code="chunk_corrupt",
                    chunk_id=c["chunk_id"],
                )
            try:
                flac = unseal(ciphertext, [identity])
            except CryptoError as exc:
                raise ServerError(
                    f"Chunk {c['index']} cannot be decrypted with the organisation identity: "
                    "was it sealed to this server's recipient?",
                    code="chunk_not_decryptable",
                    chunk_id=c["chunk_id"],
                ) from exc
            try:
                check_binding(flac, recording_id, c["index"])
            except CryptoError as exc:
                raise ServerError(
                    f"Chunk {c['index']} ({c['chunk_id']}) belongs elsewhere: {exc}. The "
                    "recording's chunks were moved or swapped before upload; nothing was exported.",
                    code="chunk_misplaced",
                    chunk_id=c["chunk_id"],
                ) from exc
            data, rate = sf.read(io.BytesIO(flac), dtype="int32", always_2d=True)
            info = sf.info(io.BytesIO(flac))
            if writer is None:
                writer = sf.SoundFile(
                    raw,
                    "w",
                    samplerate=rate,
                    channels=data.shape[1],
                    format="FLAC",
                    subtype=info.subtype,
                )
            elif rate != writer.samplerate or data.shape[1] != writer.channels:
                raise ServerError(
                    f"Chunk {c['index']} has another sample rate or channel count.",
                    code="chunk_format_mismatch",
                    chunk_id=c["chunk_id"],
                )
            writer.write(data)
            frames += len(data)
            seconds.append(len(data) / rate)
            device_id = device_id or _device_id(up)
        assert writer is not None  # a manifest has at least one chunk
        rate, channels = writer.samplerate, writer.channels
        writer.close()
        writer = None
        tags = ExportTags(
            recording_id,
            title=manifest.get("title") or "",
            started_at=manifest.get("started_at"),
            device_id=device_id,
            chapters=chapter_offsets(
                [(m["at"], m["label"]) for m in manifest.get("markers", [])],
                [(g["start"], g["end"]) for g in manifest.get("gaps", [])],
                [(s, True) for s in seconds],
            ),
        )
        tag_file(raw, part, tags)
        with part.open("rb+") as f:
            os.fsync(f.fileno())
        replace(part, out)  # retried briefly on Windows (crypto.files)
        fsync_dir(out.parent)
    finally:
        if writer is not None:
            writer.close()
        for path in (part, raw):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return ExportResult(out, len(chunks), frames, rate, channels)


def _private_file(path: Path) -> None:
    """Creates `path` empty and owner-only before libsndfile or the tagger opens it (which keeps
    the mode), whatever the umask: the output is plaintext audio."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if sys.platform != "win32":
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _device_id(up: Upload) -> str:
    """The device id the chunk's upload named (tus metadata), or '' (it is optional)."""
    try:
        return parse_metadata(up.metadata).get("device_id", "") if up.metadata else ""
    except ServerError:
        return ""
