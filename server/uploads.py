"""Upload storage for the tus endpoint: one `<id>.bin` (the bytes) and `<id>.json` (the durable
state, offset included) per upload under `DATA/uploads/`. The JSON offset is the truth: bytes
past it (an unverified or cut checksummed PATCH) are cut off at start-up and before each PATCH.

Concurrency model: one asyncio event loop; the in-memory tables are changed only from it and
without an `await` between a check and its change, so they need no lock. Body writes and their
hashing (`server.sink`), disk syncs, unlinks and read-back hashing run in worker threads,
shielded from cancellation so that a shutdown still commits them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import anyio.to_thread

from server import quota
from server.errors import ServerError
from server.sink import BATCH, BodySink, Hasher, new_hasher
from server.storage import write_json
from server.upload_locks import UploadLocks
from server.upload_record import NewUpload, Upload, read_upload, sha256_mismatch, upload_json

_HASH_BLOCK = 256 * 1024  # per hashing thread: bounded memory with many completions at once


class BodyCut(Exception):
    """The request body ended early: the client went away, or stalled past the body timeout."""


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_HASH_BLOCK):
            h.update(block)
    return h.hexdigest()


class UploadStore:
    """All uploads of all accounts, with idempotent creation by `(user_id, chunk_id)`."""

    def __init__(
        self,
        data_dir: Path,
        *,
        expiry: float,
        min_free_bytes: int = 0,
        steal_after: float = 5.0,
        max_open_uploads: int = 100,
        max_open_bytes: int = 2**31,
        complete_expiry: float = 30 * 24 * 3600.0,
    ) -> None:
        self.dir = data_dir / "uploads"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.expiry = expiry
        self.min_free_bytes = min_free_bytes
        self.max_open_uploads = max_open_uploads
        self.max_open_bytes = max_open_bytes
        self.complete_expiry = complete_expiry
        self._uploads: dict[str, Upload] = {}
        self._by_chunk: dict[tuple[str, str], str] = {}
        self._locks = UploadLocks(steal_after)
        # upload_id -> (offset, sha256 of the file's bytes [0, offset)), kept by `append`.
        self._running: dict[str, tuple[int, Hasher]] = {}
        self._last_sweep = -1e9
        self._load()

    # -- persistence -------------------------------------------------------------------------
    def _bin(self, upload_id: str) -> Path:
        return self.dir / f"{upload_id}.bin"

    def _json(self, upload_id: str) -> Path:
        return self.dir / f"{upload_id}.json"

    def _load(self) -> None:
        for path in sorted(self.dir.glob("*.json")):
            try:
                up = read_upload(path)
            except (ValueError, TypeError, KeyError):
                continue  # a damaged record is ignored; its client re-creates the upload
            data = self._bin(up.upload_id)
            if up.state == "active":
                size = data.stat().st_size if data.exists() else 0
                if size > up.offset:
                    # Bytes past the durable offset were never acknowledged: drop them.
                    os.truncate(data, up.offset)
                elif size < up.offset:
                    # Bytes lost outside our control: resume from what is really there
                    # (clients HEAD before they PATCH).
                    up.offset = size
            self._uploads[up.upload_id] = up
            key = (up.user_id, up.chunk_id)
            prev = self._uploads.get(self._by_chunk.get(key, ""))
            if prev is None or prev.created_at <= up.created_at:
                self._by_chunk[key] = up.upload_id

    async def _save(self, up: Upload) -> None:
        record = upload_json(up)
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(write_json, self._json(up.upload_id), record)

    async def _drop_bytes(self, up: Upload) -> None:
        self._running.pop(up.upload_id, None)
        # In a worker: unlinking a large file takes milliseconds that other clients would wait.
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(_unlink, self._bin(up.upload_id))

    def check_space(self, incoming: int, *, promised: bool = True) -> None:
        """503 `storage_full` when storing `incoming` more bytes would eat the reserve; with
        `promised`, the bytes open uploads may still write count as used (admission of a new
        upload), without it only `incoming` does (a PATCH of an upload already admitted)."""
        free = shutil.disk_usage(self.dir).free
        if promised:
            free -= quota.promised_bytes(self._uploads.values())
        if free - incoming < self.min_free_bytes:
            raise storage_full()

    # -- lookups -----------------------------------------------------------------------------
    async def _expire_if_due(self, up: Upload) -> None:
        exp = up.expires_at(self.expiry)
        if exp is not None and exp <= time.time() and not self._locks.is_held(up.upload_id):
            up.state = "expired"
            await self._drop_bytes(up)
            await self._save(up)

    async def _expire_if_unclaimed(self, up: Upload) -> None:
        due = up.claim_by(self.complete_expiry)
        if due is None or due > time.time():
            return
        data_dir = self.dir.parent
        if await anyio.to_thread.run_sync(quota.claimed_by_manifest, data_dir, up):
            up.claimed = True  # listed by a manifest stored before this field existed
        else:
            up.state = "expired"
            await self._drop_bytes(up)
        await self._save(up)

    async def sweep(self, *, force: bool = False) -> int:
        """Expire every incomplete upload past its time, and every complete one that no
        manifest claimed in time (frees their bytes); returns how many. Runs at most once a
        minute (unless `force`), from creation, so abandoned uploads do not fill the disk."""
        now = time.monotonic()
        if now - self._last_sweep < 60 and not force:
            return 0
        self._last_sweep = now
        due = [u for u in self._uploads.values() if u.state in ("active", "complete")]
        count = 0
        for up in due:
            if up.state == "active":
                await self._expire_if_due(up)
            else:
                await self._expire_if_unclaimed(up)
            count += up.state == "expired"
        return count

    async def claim(self, user_id: str, chunk_ids: list[str]) -> None:
        """Mark the complete uploads of these chunks as listed by a stored manifest."""
        for chunk_id in chunk_ids:
            up = self._uploads.get(self._by_chunk.get((user_id, chunk_id), ""))
            if up is not None and up.state == "complete" and not up.claimed:
                up.claimed = True
                await self._save(up)

    async def get(self, user_id: str, upload_id: str) -> Upload:
        """The caller's live upload, or 404 `not_found` / 410 `upload_expired`."""
        up = self._uploads.get(upload_id)
        if up is None or up.user_id != user_id or up.state == "rejected":
            raise ServerError("No such upload.", code="not_found", status=404)
        await self._expire_if_due(up)
        if up.state == "expired":
            raise ServerError(
                "This upload expired; create it again.", code="upload_expired", status=410
            )
        return up

    async def by_chunk(self, user_id: str, chunk_id: str) -> Upload | None:
        """The latest upload of a chunk by this account (any state but expired), or None."""
        up = self._uploads.get(self._by_chunk.get((user_id, chunk_id), ""))
        if up is None:
            return None
        await self._expire_if_due(up)
        return None if up.state == "expired" else up

    # -- creation / termination ----------------------------------------------------------------
    async def create(self, user_id: str, new: NewUpload) -> tuple[Upload, bool]:
        """Create an upload, or return the live one of the same chunk (idempotency).

        Returns (upload, created). Raises 409 `chunk_conflict` when the live upload of that
        chunk declares another size or sha256.
        """
        await self.sweep()
        existing = await self.by_chunk(user_id, new.chunk_id)
        if existing is not None and existing.state in ("active", "complete"):
            if existing.length != new.length or existing.declared_sha256 != new.sha256:
                raise ServerError(
                    "This chunk id is already being uploaded with another size or sha256.",
                    code="chunk_conflict",
                    status=409,
                    chunk_id=new.chunk_id,
                )
            return existing, False
        quota.check_account(
            self._uploads.values(),
            user_id,
            new.length,
            max_open=self.max_open_uploads,
            max_bytes=self.max_open_bytes,
        )
        self.check_space(new.length)
        up = new.start(user_id, time.time())
        # Registered before the first await so that a concurrent identical creation finds it.
        self._uploads[up.upload_id] = up
        self._by_chunk[(user_id, new.chunk_id)] = up.upload_id
        self._bin(up.upload_id).touch(mode=0o600)
        await self._save(up)
        return up, True

    async def terminate(self, up: Upload) -> None:
        """Delete an upload and its bytes (tus termination)."""
        self._uploads.pop(up.upload_id, None)
        key = (up.user_id, up.chunk_id)
        if self._by_chunk.get(key) == up.upload_id:
            del self._by_chunk[key]
        await self._drop_bytes(up)
        with contextlib.suppress(FileNotFoundError):
            self._json(up.upload_id).unlink()

    # -- locking ---------------------------------------------------------------------------------
    def lock(self, up: Upload) -> contextlib.AbstractAsyncContextManager[None]:
        """Exclusive use of one upload for a PATCH/DELETE (`UploadLocks.hold`): 423
        `upload_locked` while another request holds it, unless that one has gone silent for
        `steal_after` seconds; then it is interrupted and keeps what it received."""
        return self._locks.hold(up.upload_id)

    def is_locked(self, up: Upload) -> bool:
        """Whether a PATCH/DELETE holds the upload now."""
        return self._locks.is_held(up.upload_id)

    # -- appending ---------------------------------------------------------------------------
    async def append(
        self,
        up: Upload,
        body: AsyncIterator[bytes],
        *,
        checksum: tuple[str, bytes] | None = None,
    ) -> None:
        """Stream `body` to disk at `up.offset` (the caller holds the lock).

        Without a checksum a cut body keeps what arrived (committed, then `BodyCut` re-raised).
        With one, the bytes count only if the whole body arrived and its digest matches; else
        they are cut off again and 460 (mismatch) or `BodyCut` is raised. A body that would pass
        `Upload-Length` stores nothing and raises 400 `length_exceeded`. On completion the
        stored bytes' sha256 is compared with the declared one (422 on mismatch).

        Writing and hashing run in a worker thread (`server.sink`) beside the event loop. The
        sha256 of the whole file so far is carried from PATCH to PATCH in memory, so that
        completion needs no re-read; it is used only while it covers exactly the durable
        offset (never after a restart, nor past bytes that were dropped).
        """
        start = up.offset
        path = self._bin(up.upload_id)
        base = self._running.pop(up.upload_id, None)
        if base is not None and base[0] != start:
            base = None
        # A copy: `base` must survive unchanged if this PATCH's bytes are dropped.
        whole = hashlib.sha256() if start == 0 else base[1].copy() if base else None
        piece = None
        if checksum is not None:
            # From offset 0 the body's sha256 is the file's: hash it once.
            shared = checksum[0] == "sha256" and start == 0
            piece = whole if shared else new_hasher(checksum[0])
        hashers = [h for h in (whole, piece) if h is not None]
        if len(hashers) == 2 and hashers[0] is hashers[1]:
            hashers.pop()
        received = 0
        batch: list[bytes] = []
        batched = 0
        cut: BaseException | None = None
        overflow = False
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        sink = BodySink(fd, hashers)
        try:
            os.ftruncate(fd, start)  # drop unacknowledged bytes of an earlier PATCH
            os.lseek(fd, start, os.SEEK_SET)
            try:
                async for data in body:
                    if start + received + len(data) > up.length:
                        overflow = True
                        break
                    received += len(data)
                    self._locks.progress(up.upload_id)
                    batch.append(data)
                    batched += len(data)
                    if batched >= BATCH:
                        await sink.submit(batch)
                        batch, batched = [], 0
                        if sink.full:
                            break
            except (BodyCut, anyio.get_cancelled_exc_class()) as exc:
                cut = exc
            with anyio.CancelScope(shield=True):
                # The rest is written even after a cut: a body without checksum keeps it all.
                await sink.finish([] if overflow else batch)
                written = sink.written
                discard = overflow or (
                    checksum is not None
                    and (cut is not None or piece is None or piece.digest() != checksum[1])
                )
                if discard:
                    os.ftruncate(fd, start)
                else:
                    os.ftruncate(fd, start + written)  # a torn last write of a full disk
                if not discard and written:
                    await anyio.to_thread.run_sync(os.fsync, fd)
        finally:
            sink.close()
            os.close(fd)
        if not discard:
            up.offset = start + written
            if whole is not None:
                self._running[up.upload_id] = (up.offset, whole)
        elif base is not None:
            self._running[up.upload_id] = base
        up.touched_at = time.time()
        await self._save(up)
        if cut is not None:
            raise cut
        if sink.full:
            raise storage_full()
        if overflow:
            raise ServerError(
                "The body goes past Upload-Length; nothing of it was stored.",
                code="length_exceeded",
                status=400,
            )
        if discard:
            raise ServerError(
                "The body does not match its Upload-Checksum; none of it was kept. Resend it.",
                code="checksum_mismatch",
                status=460,
            )
        if up.offset == up.length and up.state == "active":
            await self._complete(up)

    async def _complete(self, up: Upload) -> None:
        path = self._bin(up.upload_id)
        running = self._running.pop(up.upload_id, None)
        if running is not None and running[0] == up.length:
            actual = running[1].hexdigest()  # of the bytes as written, PATCH after PATCH
        else:
            # After a restart (or a lost write) the only truth is the file: read it back.
            # The bytes were fsync'd by the PATCH that wrote them.
            with anyio.CancelScope(shield=True):
                actual = await anyio.to_thread.run_sync(_sha256_file, path)
        up.sha256 = actual
        up.received_at = time.time()
        if actual != up.declared_sha256:
            up.state = "rejected"
            await self._drop_bytes(up)
            await self._save(up)
            raise sha256_mismatch(up)
        up.state = "complete"
        await self._save(up)


def storage_full() -> ServerError:
    """503: the server's disk is (nearly) full."""
    return ServerError(
        "The server has no room for more uploads right now; retry later.",
        code="storage_full",
        status=503,
        headers={"Retry-After": "60"},
    )
