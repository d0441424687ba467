"""Upload storage for the tus endpoint: one `<id>.bin` (the bytes) and `<id>.json` (the durable
state, offset included) per upload under `DATA/uploads/`. The JSON offset is the truth: bytes
past it (an unverified or cut checksummed PATCH) are cut off at start-up and before each PATCH.
The record is `server.upload_record`, a PATCH body's path to disk `server.append`, the locks
`server.upload_locks`; `UploadStore` keeps the tables and the life cycle of an upload.

Concurrency model: one asyncio event loop; the in-memory tables are changed only from it and
without an `await` between a check and its change, so they need no lock. Body writes and their
hashing (`server.sink`), disk syncs, unlinks and read-back hashing run in worker threads,
shielded from cancellation so that a shutdown still commits them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import anyio.to_thread

from server import quota
from server.append import (
    BodyHashes,
    Checksum,
    RunningHashes,
    storage_full,
    stored_sha256,
    write_body,
)
from server.storage import write_json
from server.upload_locks import UploadLocks
from server.upload_record import NewUpload, Upload, read_upload, sha256_mismatch, upload_json
from server.upload_rules import UploadLimits, UploadRules


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _match_offset(up: Upload, data: Path) -> None:
    """Make an active upload's file and offset agree again after a restart."""
    size = data.stat().st_size if data.exists() else 0
    if size > up.offset:
        # Bytes past the durable offset were never acknowledged: drop them.
        os.truncate(data, up.offset)
    elif size < up.offset:
        # Bytes lost outside our control: resume from what is really there
        # (clients HEAD before they PATCH).
        up.offset = size


class UploadStore(UploadRules[Upload]):
    """All uploads of all accounts, with idempotent creation by `(user_id, chunk_id)`."""

    def __init__(self, data_dir: Path, limits: UploadLimits) -> None:
        super().__init__(limits)
        self.dir = data_dir / "uploads"
        self.dir.mkdir(parents=True, exist_ok=True)
        self._uploads: dict[str, Upload] = {}
        self._by_chunk: dict[tuple[str, str], str] = {}
        self._locks = UploadLocks(limits.steal_after)
        self._hashes = RunningHashes()
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
            if up.state == "active":
                _match_offset(up, self._bin(up.upload_id))
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
        self._hashes.drop(up.upload_id)
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

    # -- rows (server.upload_rules) ----------------------------------------------------------
    async def _find(self, upload_id: str) -> Upload | None:
        return self._uploads.get(upload_id)

    async def _latest(self, user_id: str, chunk_ids: list[str]) -> dict[str, Upload]:
        found = ((c, self._uploads.get(self._by_chunk.get((user_id, c), ""))) for c in chunk_ids)
        return {c: up for c, up in found if up is not None}

    async def _expire_if_due(self, up: Upload) -> None:
        """Expire an incomplete upload past its time (unless a PATCH holds it)."""
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

    # -- creation / termination ----------------------------------------------------------------
    async def create(self, user_id: str, new: NewUpload) -> tuple[Upload, bool]:
        """`UploadRules.create`, after the sweep (at most once a minute)."""
        await self.sweep()
        return await super().create(user_id, new)

    async def _add(self, user_id: str, new: NewUpload) -> Upload:
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
        return up

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
        checksum: Checksum | None = None,
    ) -> None:
        """Stream `body` to disk at `up.offset` (the caller holds the lock).

        Without a checksum a cut body keeps what arrived (committed, then `BodyCut` re-raised).
        With one, the bytes count only if the whole body arrived and its digest matches; else
        they are cut off again and 460 (mismatch) or `BodyCut` is raised. A body that would pass
        `Upload-Length` stores nothing and raises 400 `length_exceeded`. On completion the
        stored bytes' sha256 is compared with the declared one (422 on mismatch). The writing
        and hashing are `server.append`'s.
        """
        start = up.offset
        base = self._hashes.take(up.upload_id, start)
        hashes = BodyHashes.at(start, base, checksum)
        path = self._bin(up.upload_id)
        out = await write_body(
            path, start, up.length, body, hashes, lambda: self._locks.progress(up.upload_id)
        )
        if out.kept:
            up.offset = start + out.written
            if hashes.whole is not None:
                self._hashes.put(up.upload_id, up.offset, hashes.whole)
        elif base is not None:
            self._hashes.put(up.upload_id, start, base)
        up.touched_at = time.time()
        await self._save(up)
        out.raise_failure()
        if up.offset == up.length and up.state == "active":
            await self._complete(up)

    async def _complete(self, up: Upload) -> None:
        whole = self._hashes.take(up.upload_id, up.length)
        up.sha256 = await stored_sha256(self._bin(up.upload_id), whole)
        up.received_at = time.time()
        if up.sha256 != up.declared_sha256:
            up.state = "rejected"
            await self._drop_bytes(up)
            await self._save(up)
            raise sha256_mismatch(up)
        up.state = "complete"
        await self._save(up)
