"""The crash journal: PCM of the chunk being recorded, appended as sealed records and fsync'd.

Layout (docs/file-format.md, "Journal"): a 64-byte header (magic, version, recording id, chunk
index, audio format, random nonce prefix, header tag), then records. Each record is a 16-byte
frame (ciphertext length, kind, keyed check) and a ChaCha20-Poly1305 ciphertext whose nonce is
prefix + sequence number and whose associated data binds the header hash, the sequence number
and the kind. Keys are derived per journal from the recording's journal key and the header hash.

What reading detects: a flipped bit anywhere, records reordered, dropped or duplicated, records
spliced in from another journal, a journal of another recording, bytes cut out of the middle:
each is CryptoError(code="journal_corrupt"). A torn last record (the tail of a write cut by a
crash) is dropped and reported as `Journal.torn_tail`. A journal cut exactly between records
reads as `complete=False` (no end record), which is what a crash leaves too.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import struct
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto.errors import CryptoError
from crypto.files import fsync_file, write_atomic

__all__ = [
    "MAGIC",
    "MAX_RECORD_BYTES",
    "VERSION",
    "Buffer",
    "Journal",
    "JournalWriter",
    "read_journal",
]

#: What `append` takes: PCM bytes, or a view of them that is not copied (a numpy array's memory).
Buffer = bytes | bytearray | memoryview

MAGIC = b"LMJOURNL"
VERSION = 1
#: Largest PCM payload of one record: 1 s of 8 channels x 192 kHz x 4 bytes is 6 MiB.
MAX_RECORD_BYTES = 8 * 1024 * 1024

# Header: magic, version, flags, recording id (UUID bytes), chunk index, sample rate, channels,
# sample width (bytes), nonce prefix; then a 16-byte tag over it. Big-endian throughout.
_HEADER = struct.Struct(">8sHH16sIIHH8s")
_HEADER_TAG_LEN = 16
HEADER_LEN = _HEADER.size + _HEADER_TAG_LEN  # 64
# Frame: ciphertext length, kind, 3 reserved zero bytes, 8-byte keyed check.
_FRAME = struct.Struct(">IB3s8s")
FRAME_LEN = _FRAME.size  # 16
_TAG_LEN = 16
_KIND_DATA = 1
_KIND_END = 2
_MAX_SEQ = 2**32 - 1


@dataclass(frozen=True)
class Journal:
    """What `read_journal` recovered: the header's fields and the PCM records in order."""

    version: int
    recording_id: str
    chunk_index: int
    sample_rate: int
    channels: int
    sample_width: int
    records: list[bytes] = field(repr=False)
    #: True when a partly written last record was found and dropped.
    torn_tail: bool = False
    #: True when the writer closed the journal (an end record is present).
    complete: bool = False

    @property
    def pcm(self) -> bytes:
        """All records joined: the interleaved PCM frames recorded so far."""
        return b"".join(self.records)

    @property
    def frames(self) -> int:
        """Number of audio frames (samples per channel) held."""
        return sum(len(r) for r in self.records) // (self.channels * self.sample_width)


@dataclass(frozen=True)
class _Keys:
    aead: ChaCha20Poly1305
    frame: bytes
    header_hash: bytes
    nonce_prefix: bytes


def _derive(key: bytes, header: bytes, nonce_prefix: bytes) -> _Keys:
    """Per-journal subkeys: any change to the header gives other keys, so nothing verifies."""
    header_hash = hashlib.sha256(header).digest()
    okm = HKDF(
        algorithm=hashes.SHA256(),
        length=64,
        salt=header_hash,
        info=b"LogMeets journal v1 record keys",
    ).derive(key)
    return _Keys(ChaCha20Poly1305(okm[:32]), okm[32:], header_hash, nonce_prefix)


def _header_tag(keys: _Keys) -> bytes:
    return hmac.new(keys.frame, b"header", hashlib.sha256).digest()[:_HEADER_TAG_LEN]


def _frame_check(keys: _Keys, seq: int, length: int, kind: int) -> bytes:
    msg = struct.pack(">QIB", seq, length, kind)
    return hmac.new(keys.frame, msg, hashlib.sha256).digest()[:8]


def _nonce(keys: _Keys, seq: int) -> bytes:
    return keys.nonce_prefix + struct.pack(">I", seq)


def _aad(keys: _Keys, seq: int, kind: int) -> bytes:
    return keys.header_hash + struct.pack(">QB", seq, kind)


def _seal_record(keys: _Keys, seq: int, kind: int, payload: memoryview) -> tuple[bytes, bytes]:
    """(frame, ciphertext) of record `seq`."""
    ciphertext = keys.aead.encrypt(_nonce(keys, seq), payload, _aad(keys, seq, kind))
    check = _frame_check(keys, seq, len(ciphertext), kind)
    return _FRAME.pack(len(ciphertext), kind, b"\0\0\0", check), ciphertext


def _payload(pcm: Buffer, frame_bytes: int) -> memoryview:
    """`pcm` as flat bytes, checked: whole frames, within one record's limit."""
    view = memoryview(pcm).cast("B")
    if len(view) > MAX_RECORD_BYTES:
        raise CryptoError(
            "record too large", code="record_too_large", size=len(view), limit=MAX_RECORD_BYTES
        )
    if len(view) % frame_bytes:
        raise ValueError(f"pcm length {len(view)} is not whole frames of {frame_bytes}")
    return view


def _new_header(
    target: Path,
    key: bytes,
    recording_id: str,
    chunk_index: int,
    sample_rate: int,
    channels: int,
    sample_width: int,
) -> tuple[bytes, _Keys]:
    """A new journal's 64 header bytes (fresh nonce prefix, tag) and its record keys, for a
    journal at `target`, which must not exist (CryptoError(code="journal_exists"): a crash
    leftover still to be recovered)."""
    if target.exists():
        raise CryptoError("journal already exists", code="journal_exists", path=str(target))
    _check_key(key)
    if not (0 <= chunk_index < 2**32 and 0 < sample_rate < 2**32):
        raise ValueError("chunk_index/sample_rate out of range")
    if not (0 < channels < 2**16 and 0 < sample_width <= 8):
        raise ValueError("channels/sample_width out of range")
    nonce_prefix = secrets.token_bytes(8)
    header = _HEADER.pack(
        MAGIC,
        VERSION,
        0,
        uuid.UUID(recording_id).bytes,
        chunk_index,
        sample_rate,
        channels,
        sample_width,
        nonce_prefix,
    )
    keys = _derive(bytes(key), header, nonce_prefix)
    return header + _header_tag(keys), keys


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes | bytearray) or len(key) != 32:
        raise ValueError("journal key must be 32 bytes")


class JournalWriter:
    """Appends sealed PCM records to one journal file; every append is on disk when it returns."""

    def __init__(self, path: Path, fd: int, keys: _Keys, frame_bytes: int, size: int) -> None:
        self._path = path
        self._fd: int | None = fd
        self._keys = keys
        self._frame_bytes = frame_bytes
        self._size = size  # bytes known to be whole on disk
        self._seq = 0
        self._broken = False

    @classmethod
    def create(
        cls,
        path: Path | str,
        key: bytes,
        *,
        recording_id: str,
        chunk_index: int,
        sample_rate: int,
        channels: int,
        sample_width: int,
    ) -> JournalWriter:
        """Write a new journal's header atomically and open it for appending.

        Refuses to replace an existing file (CryptoError(code="journal_exists")): that file is a
        crash leftover still to be recovered.
        """
        target = Path(path)
        fields = (recording_id, chunk_index, sample_rate, channels, sample_width)
        header, keys = _new_header(target, key, *fields)
        # The header goes through .part + rename, so a journal file never has a torn header.
        write_atomic(target, header)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            raise CryptoError(
                "cannot open journal", code="file_write_failed", path=str(target), reason=str(exc)
            ) from exc
        return cls(target, fd, keys, channels * sample_width, HEADER_LEN)

    @property
    def path(self) -> Path:
        """The journal file."""
        return self._path

    def append(self, pcm: Buffer) -> None:
        """Seal `pcm` (whole audio frames; bytes or any contiguous buffer, e.g. a memoryview of
        a numpy array, which is not copied) as the next record, write it and fsync it."""
        self._write(_KIND_DATA, _payload(pcm, self._frame_bytes))

    def close(self) -> None:
        """Append the end record, fsync and close. Closing twice is a no-op."""
        if self._fd is None:
            return
        try:
            if not self._broken:
                self._write(_KIND_END, memoryview(b""))
        finally:
            fd, self._fd = self._fd, None
            os.close(fd)

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, kind: int, payload: memoryview) -> None:
        if self._fd is None or self._broken:
            raise CryptoError("journal is closed", code="journal_closed", path=str(self._path))
        if self._seq > _MAX_SEQ:
            raise CryptoError(
                "journal full", code="record_too_large", size=self._seq, limit=_MAX_SEQ
            )
        frame, ciphertext = _seal_record(self._keys, self._seq, kind, payload)
        try:
            # Two writes rather than one joined copy of a record of up to 8 MiB: a record cut
            # between them is a torn tail like any other.
            for part in (frame, ciphertext):
                view = memoryview(part)
                while view:
                    view = view[os.write(self._fd, view) :]
            fsync_file(self._fd)
        except OSError as exc:
            # Cut a partial record off again (best effort: otherwise it reads as a torn tail), and
            # refuse further appends: after a failed fsync the page cache cannot be trusted to
            # hold what a retry would believe it wrote.
            self._broken = True
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self._size)
            raise CryptoError(
                "journal write failed",
                code="file_write_failed",
                path=str(self._path),
                reason=exc.strerror or str(exc),
            ) from exc
        self._size += len(frame) + len(ciphertext)
        self._seq += 1


def _corrupt(path: Path, reason: str) -> CryptoError:
    return CryptoError(
        f"journal damaged: {reason}", code="journal_corrupt", path=str(path), reason=reason
    )


def read_journal(path: Path | str, key: bytes, *, recording_id: str) -> Journal:
    """Open and verify a journal of `recording_id`; see the module docstring for what it detects."""
    _check_key(key)
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise _corrupt(source, f"unreadable: {exc.strerror or exc}") from exc
    if len(data) < 10 or data[:8] != MAGIC:
        raise _corrupt(source, "not a LogMeets journal")
    # The version is checked before anything else is interpreted.
    (version,) = struct.unpack_from(">H", data, 8)
    if version != VERSION:
        raise _corrupt(source, f"unsupported journal version {version}")
    if len(data) < HEADER_LEN:
        raise _corrupt(source, "header cut short")
    fields = _HEADER.unpack_from(data, 0)
    _, _, flags, rid, chunk_index, sample_rate, channels, sample_width, prefix = fields
    if flags != 0:
        raise _corrupt(source, "unknown header flags")
    if rid != uuid.UUID(recording_id).bytes:
        raise _corrupt(source, "belongs to another recording")
    keys = _derive(bytes(key), data[: _HEADER.size], prefix)
    if not hmac.compare_digest(data[_HEADER.size : HEADER_LEN], _header_tag(keys)):
        raise _corrupt(source, "header authentication failed (damaged, or another key)")
    if channels == 0 or sample_width == 0:
        raise _corrupt(source, "impossible audio format")

    records: list[bytes] = []
    torn = complete = False
    pos, seq = HEADER_LEN, 0
    while pos < len(data):
        if complete:
            raise _corrupt(source, "data after the end record")
        rest = len(data) - pos
        if not any(data[pos:]):
            # A crash can leave the file extended with zeros past the last whole write.
            torn = True
            break
        if rest < FRAME_LEN:
            torn = True
            break
        length, kind, reserved, check = _FRAME.unpack_from(data, pos)
        if not hmac.compare_digest(check, _frame_check(keys, seq, length, kind)):
            raise _corrupt(source, f"record {seq}: frame check failed")
        if reserved != b"\0\0\0" or kind not in (_KIND_DATA, _KIND_END) or length < _TAG_LEN:
            raise _corrupt(source, f"record {seq}: bad frame")
        end = pos + FRAME_LEN + length
        if end > len(data):
            torn = True  # the frame is genuine, its body was cut by the crash
            break
        try:
            body = data[pos + FRAME_LEN : end]
            payload = keys.aead.decrypt(_nonce(keys, seq), body, _aad(keys, seq, kind))
        except InvalidTag as exc:
            raise _corrupt(source, f"record {seq}: authentication failed") from exc
        if kind == _KIND_END:
            if payload:
                raise _corrupt(source, "bad end record")
            complete = True
        else:
            if len(payload) % (channels * sample_width):
                raise _corrupt(source, f"record {seq}: not whole audio frames")
            records.append(payload)
        pos, seq = end, seq + 1
    return Journal(
        version=version,
        recording_id=str(uuid.UUID(bytes=rid)),
        chunk_index=chunk_index,
        sample_rate=sample_rate,
        channels=channels,
        sample_width=sample_width,
        records=records,
        torn_tail=torn,
        complete=complete,
    )
