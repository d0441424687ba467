"""The PATCH path of an upload (docs/protocol.md §5.5): one request body streamed into the
upload's file at its durable offset, the hashes fed on the way, and what is kept of it. A body
with `Upload-Checksum` counts only whole and matching; one without keeps what arrived.

The sha256 of the whole file so far is carried from PATCH to PATCH in memory (`RunningHashes`),
so that completion needs no re-read; it is used only while it covers exactly the durable offset
(never after a restart, nor past bytes that were dropped).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import anyio
import anyio.to_thread

from server.errors import ServerError
from server.sink import BATCH, BodySink, Hasher, new_hasher

_HASH_BLOCK = 256 * 1024  # per hashing thread: bounded memory with many completions at once

Checksum = tuple[str, bytes]  # (algorithm, digest) of an Upload-Checksum header


class BodyCut(Exception):
    """The request body ended early: the client went away, or stalled past the body timeout."""


def storage_full() -> ServerError:
    """503: the server's disk is (nearly) full."""
    return ServerError(
        "The server has no room for more uploads right now; retry later.",
        code="storage_full",
        status=503,
        headers={"Retry-After": "60"},
    )


class RunningHashes:
    """upload_id -> (offset, sha256 of the file's bytes [0, offset)), kept by each PATCH."""

    def __init__(self) -> None:
        self._table: dict[str, tuple[int, Hasher]] = {}

    def take(self, upload_id: str, offset: int) -> Hasher | None:
        """Remove the upload's running hash; return it if it covers exactly [0, offset)."""
        entry = self._table.pop(upload_id, None)
        return entry[1] if entry is not None and entry[0] == offset else None

    def put(self, upload_id: str, offset: int, whole: Hasher) -> None:
        """Keep `whole`, the sha256 of the upload's bytes [0, offset)."""
        self._table[upload_id] = (offset, whole)

    def drop(self, upload_id: str) -> None:
        """Forget the upload's running hash (its bytes are gone)."""
        self._table.pop(upload_id, None)


@dataclass
class BodyHashes:
    """The hashes one PATCH body feeds: `whole`, the file's sha256 from byte 0 on (None when
    no running hash covers the start offset), and `piece`, the digest its checksum names."""

    whole: Hasher | None
    piece: Hasher | None
    checksum: Checksum | None

    @classmethod
    def at(cls, start: int, base: Hasher | None, checksum: Checksum | None) -> BodyHashes:
        """The hashes of a body written at `start`, over `base` (the running hash there)."""
        # A copy: `base` must survive unchanged if this PATCH's bytes are dropped.
        whole = hashlib.sha256() if start == 0 else base.copy() if base is not None else None
        piece = None
        if checksum is not None:
            # From offset 0 the body's sha256 is the file's: hash it once.
            shared = checksum[0] == "sha256" and start == 0
            piece = whole if shared else new_hasher(checksum[0])
        return cls(whole, piece, checksum)

    def fed(self) -> list[Hasher]:
        """Each distinct hasher once, in the order the bytes go to them."""
        hashers = [h for h in (self.whole, self.piece) if h is not None]
        if len(hashers) == 2 and hashers[0] is hashers[1]:
            hashers.pop()
        return hashers

    def body_ok(self, cut: BaseException | None) -> bool:
        """Whether the checksum lets the body count: always without one; with one only if the
        body arrived whole and its digest matches."""
        if self.checksum is None:
            return True
        return cut is None and self.piece is not None and self.piece.digest() == self.checksum[1]


@dataclass
class Appended:
    """What one PATCH body came to: `written` bytes, `kept` or cut off again."""

    written: int
    kept: bool
    cut: BaseException | None  # BodyCut or a cancellation, re-raised once the offset is saved
    overflow: bool  # the body went past Upload-Length
    full: bool  # the disk filled up

    def raise_failure(self) -> None:
        """Raise what ended the body early or refused it, if anything did."""
        if self.cut is not None:
            raise self.cut
        if self.full:
            raise storage_full()
        if self.overflow:
            raise ServerError(
                "The body goes past Upload-Length; nothing of it was stored.",
                code="length_exceeded",
                status=400,
            )
        if not self.kept:
            raise ServerError(
                "The body does not match its Upload-Checksum; none of it was kept. Resend it.",
                code="checksum_mismatch",
                status=460,
            )


async def _receive(
    body: AsyncIterator[bytes],
    sink: BodySink,
    start: int,
    length: int,
    on_bytes: Callable[[], None],
) -> tuple[list[bytes], bool, BaseException | None]:
    """Hand the body to `sink` batch by batch; returns (the last batch, not yet handed over;
    whether the body went past `length`; the cut or cancellation that ended it early)."""
    received = 0
    batch: list[bytes] = []
    batched = 0
    try:
        async for data in body:
            if start + received + len(data) > length:
                return [], True, None
            received += len(data)
            on_bytes()
            batch.append(data)
            batched += len(data)
            if batched >= BATCH:
                await sink.submit(batch)
                batch, batched = [], 0
                if sink.full:
                    break
    except (BodyCut, anyio.get_cancelled_exc_class()) as exc:
        return batch, False, exc
    return batch, False, None


async def write_body(
    path: Path,
    start: int,
    length: int,
    body: AsyncIterator[bytes],
    hashes: BodyHashes,
    on_bytes: Callable[[], None],
) -> Appended:
    """Stream `body` into the file at `start` (never past `length`), feeding `hashes`, and make
    durable what is kept; `on_bytes` is called as bytes arrive. Bytes past `start` that are not
    kept are cut off again. Re-raises the OSError of a failed write."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    sink = BodySink(fd, hashes.fed())
    try:
        os.ftruncate(fd, start)  # drop unacknowledged bytes of an earlier PATCH
        os.lseek(fd, start, os.SEEK_SET)
        rest, overflow, cut = await _receive(body, sink, start, length, on_bytes)
        with anyio.CancelScope(shield=True):
            # The rest is written even after a cut: a body without checksum keeps it all.
            await sink.finish(rest)
            kept = not overflow and hashes.body_ok(cut)
            # Kept: cut off only a torn last write of a full disk.
            os.ftruncate(fd, start + sink.written if kept else start)
            if kept and sink.written:
                await anyio.to_thread.run_sync(os.fsync, fd)
    finally:
        sink.close()
        os.close(fd)
    return Appended(sink.written, kept, cut, overflow, sink.full)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_HASH_BLOCK):
            h.update(block)
    return h.hexdigest()


async def stored_sha256(path: Path, whole: Hasher | None) -> str:
    """The sha256 of the complete file: `whole`'s if it was carried to the end, PATCH after
    PATCH, else read back (after a restart or a lost write the only truth is the file; the
    PATCHes that wrote it fsync'd it)."""
    if whole is not None:
        return whole.hexdigest()
    with anyio.CancelScope(shield=True):
        actual = await anyio.to_thread.run_sync(_sha256_file, path)
    return actual
