"""Upload storage for replicas: the state of every upload in the metadata database
(`server.db`), its bytes in a blob store (`server.blobs`). Any replica can serve any request:
nothing about an upload lives in one process's memory.

- One writer per upload: a lease in the upload's row (`lock_owner`, `lock_until`), taken with a
  conditional UPDATE and renewed while body bytes arrive; a second PATCH, on any replica, gets
  423. A holder silent for `steal_after` seconds (its replica may be dead) loses the lease; every
  commit is fenced (`WHERE lock_owner = me AND offset = start`), so a late holder's bytes are
  never joined in: each lease gets its own part number.
- PATCH pieces become parts of a multipart upload. A piece smaller than the store's minimum
  part (S3: 5 MiB) is kept as a pending object and joined with the next piece, as tusd's
  s3store does; the last piece may be small.
- The receipt's sha256 is read back from the store once the object is whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from server import quota
from server.append import BodyHashes, Checksum, storage_full, write_body
from server.blobs import BlobStore, DirBlobs, pending_key
from server.db import Database, Row
from server.errors import ServerError
from server.upload_record import NewUpload, Upload, sha256_mismatch

T = TypeVar("T")

_COLUMNS = (
    'upload_id, user_id, chunk_id, recording_id, idx, declared_sha256, length, "offset", '
    "metadata, created_at, touched_at, state, sha256, received_at, claimed, tenant_id, "
    "object_key, mpu_id, parts, pending_part, pending_size, next_part, lock_owner, lock_until"
)


@dataclass
class SharedUpload(Upload):
    """An upload with where its bytes are: object key, multipart id, parts, pending piece."""

    tenant_id: str = ""
    object_key: str = ""
    mpu_id: str | None = None
    parts: list[list[Any]] = field(default_factory=list)  # [number, etag, size]
    pending_part: int | None = None
    pending_size: int = 0
    next_part: int = 1
    lock_owner: str | None = None
    lock_until: float | None = None


def _row(r: Row) -> SharedUpload:
    return SharedUpload(
        upload_id=r[0],
        user_id=r[1],
        chunk_id=r[2],
        recording_id=r[3],
        index=int(r[4]),
        declared_sha256=r[5],
        length=int(r[6]),
        offset=int(r[7]),
        metadata=r[8],
        created_at=float(r[9]),
        touched_at=float(r[10]),
        state=r[11],
        sha256=r[12],
        received_at=None if r[13] is None else float(r[13]),
        claimed=bool(r[14]),
        tenant_id=r[15],
        object_key=r[16],
        mpu_id=r[17],
        parts=json.loads(r[18]),
        pending_part=None if r[19] is None else int(r[19]),
        pending_size=int(r[20]),
        next_part=int(r[21]),
        lock_owner=r[22],
        lock_until=None if r[23] is None else float(r[23]),
    )


def _locked(message: str) -> ServerError:
    return ServerError(message, code="upload_locked", status=423, headers={"Retry-After": "1"})


@dataclass
class _Held:
    owner: str
    last_byte: float
    busy: bool = False


class SharedUploadStore:
    """All uploads of all accounts and tenants, over a `Database` and a `BlobStore`."""

    def __init__(
        self,
        db: Database,
        blobs: BlobStore,
        *,
        key_of: Callable[[str, NewUpload], tuple[str, str]],
        spool_dir: Path,
        expiry: float,
        min_free_bytes: int = 0,
        steal_after: float = 5.0,
        max_open_uploads: int = 100,
        max_open_bytes: int = 2**31,
        complete_expiry: float = 30 * 24 * 3600.0,
    ) -> None:
        self.db = db
        self.blobs = blobs
        self.key_of = key_of  # (user_id, new upload) -> (tenant_id, object key)
        self.spool = spool_dir
        spool_dir.mkdir(parents=True, exist_ok=True)
        self.expiry = expiry
        self.min_free_bytes = min_free_bytes
        self.steal_after = steal_after
        self.max_open_uploads = max_open_uploads
        self.max_open_bytes = max_open_bytes
        self.complete_expiry = complete_expiry
        self.replica = secrets.token_hex(4)
        self._held: dict[str, _Held] = {}

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        with anyio.CancelScope(shield=True):
            result = await anyio.to_thread.run_sync(fn, *args)
        return result

    def _load(self, upload_id: str) -> SharedUpload | None:
        r = self.db.one(f"SELECT {_COLUMNS} FROM uploads WHERE upload_id = ?", (upload_id,))
        return None if r is None else _row(r)

    def check_space(self, incoming: int, *, promised: bool = True) -> None:
        """503 `storage_full` when a directory store would fall below its reserve (object
        storage has no such limit here)."""
        if not isinstance(self.blobs, DirBlobs):
            return
        if shutil.disk_usage(self.blobs.root).free - incoming < self.min_free_bytes:
            raise storage_full()

    # -- expiry ------------------------------------------------------------------------------
    def _drop_bytes(self, up: SharedUpload, *, whole: bool) -> None:
        if up.pending_part is not None:
            self.blobs.delete(pending_key(up.object_key, up.pending_part))
        if up.mpu_id is not None:
            self.blobs.abort(up.object_key, up.mpu_id)
        if whole:
            self.blobs.delete(up.object_key)

    def _expire(self, up: SharedUpload, now: float) -> bool:
        """Expire one upload if it is still as loaded and not leased; frees its bytes."""
        changed = self.db.execute(
            "UPDATE uploads SET state = 'expired' WHERE upload_id = ? AND state = ? AND "
            "touched_at = ? AND (lock_until IS NULL OR lock_until < ?)",
            (up.upload_id, up.state, up.touched_at, now),
        )
        if changed:
            self._drop_bytes(up, whole=up.state == "complete")
            up.state = "expired"
        return bool(changed)

    def _due(self, up: SharedUpload, now: float) -> bool:
        exp = up.expires_at(self.expiry)
        claim = up.claim_by(self.complete_expiry)
        return (exp is not None and exp <= now) or (claim is not None and claim <= now)

    def _sweep(self) -> int:
        now = time.time()
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM uploads WHERE (state = 'active' AND touched_at < ?) OR "
            "(state = 'complete' AND claimed = 0 AND received_at < ?)",
            (now - self.expiry, now - self.complete_expiry),
        )
        return sum(self._expire(_row(r), now) for r in rows if self._due(_row(r), now))

    async def sweep(self, *, force: bool = False) -> int:
        """Expire every upload past its time (incomplete: `expiry` after its last byte;
        complete but listed by no manifest: `complete_expiry`); returns how many. Run by the
        periodic sweeper of every replica (the conditional UPDATE makes them agree)."""
        return await self._run(self._sweep)

    async def _live(self, up: SharedUpload | None) -> SharedUpload | None:
        if up is not None and self._due(up, time.time()):
            await self._run(self._expire, up, time.time())
        return up

    # -- lookups -----------------------------------------------------------------------------
    async def get(self, user_id: str, upload_id: str) -> SharedUpload:
        """The caller's live upload, or 404 `not_found` / 410 `upload_expired`."""
        up = await self._live(await self._run(self._load, upload_id))
        if up is None or up.user_id != user_id or up.state == "rejected":
            raise ServerError("No such upload.", code="not_found", status=404)
        if up.state == "expired":
            raise ServerError(
                "This upload expired; create it again.", code="upload_expired", status=410
            )
        return up

    async def by_chunk(self, user_id: str, chunk_id: str) -> SharedUpload | None:
        """The latest upload of a chunk by this account (any state but expired), or None."""

        def _find() -> SharedUpload | None:
            r = self.db.one(
                f"SELECT {_COLUMNS} FROM uploads WHERE user_id = ? AND chunk_id = ? "
                "AND state <> 'expired' ORDER BY created_at DESC LIMIT 1",
                (user_id, chunk_id),
            )
            return None if r is None else _row(r)

        up = await self._live(await self._run(_find))
        return None if up is None or up.state == "expired" else up

    # -- creation / termination --------------------------------------------------------------
    def _insert(self, user_id: str, new: NewUpload) -> tuple[SharedUpload, bool]:
        tenant, key = self.key_of(user_id, new)
        base = new.start(user_id, time.time())
        up = SharedUpload(
            **{f.name: getattr(base, f.name) for f in fields(Upload)},
            tenant_id=tenant,
            object_key=key,
        )
        with self.db.transaction() as tx:
            mine = tx.query(
                "SELECT count(*), coalesce(sum(length), 0) FROM uploads "
                "WHERE user_id = ? AND state = 'active'",
                (user_id,),
            )[0]
            count, declared = int(mine[0]), int(mine[1])
            held = [_Open(user_id, declared)] + [_Open(user_id, 0)] * (count - 1) if count else []
            quota.check_account(
                held,
                user_id,
                new.length,
                max_open=self.max_open_uploads,
                max_bytes=self.max_open_bytes,
            )
            created = tx.execute(
                f"INSERT INTO uploads ({_COLUMNS}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 'active', NULL, NULL, 0, ?, ?, NULL, '[]', "
                "NULL, 0, 1, NULL, NULL) ON CONFLICT DO NOTHING",
                (
                    up.upload_id,
                    user_id,
                    new.chunk_id,
                    new.recording_id,
                    new.index,
                    new.sha256,
                    new.length,
                    new.metadata,
                    up.created_at,
                    up.touched_at,
                    tenant,
                    key,
                ),
            )
        return up, bool(created)

    async def create(self, user_id: str, new: NewUpload) -> tuple[SharedUpload, bool]:
        """Create an upload, or return the live one of the same chunk (idempotency, held by
        the database's unique index across replicas). 409 `chunk_conflict` when that one
        declares another size or sha256."""
        for _ in range(3):
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
            self.check_space(new.length)
            up, created = await self._run(self._insert, user_id, new)
            if created:
                return up, True
            # A twin creation on another replica won the race: return its upload.
        raise _locked("This chunk is being created by another request; retry shortly.")

    async def terminate(self, up: Upload) -> None:
        """Delete an upload and its bytes (tus termination)."""
        assert isinstance(up, SharedUpload)

        def _delete() -> None:
            self.db.execute("DELETE FROM uploads WHERE upload_id = ?", (up.upload_id,))
            self._drop_bytes(up, whole=True)

        await self._run(_delete)

    async def claim(self, user_id: str, chunk_ids: list[str]) -> None:
        """Mark the complete uploads of these chunks as listed by a stored manifest."""

        def _claim() -> None:
            with self.db.transaction() as tx:
                for chunk_id in chunk_ids:
                    tx.execute(
                        "UPDATE uploads SET claimed = 1 WHERE user_id = ? AND chunk_id = ? "
                        "AND state = 'complete'",
                        (user_id, chunk_id),
                    )

        await self._run(_claim)

    # -- locking -----------------------------------------------------------------------------
    def _take(self, up: SharedUpload, owner: str) -> SharedUpload | None:
        now = time.time()
        got = self.db.execute(
            "UPDATE uploads SET lock_owner = ?, lock_until = ?, next_part = next_part + 1 "
            "WHERE upload_id = ? AND (lock_owner IS NULL OR lock_until < ?)",
            (owner, now + self.steal_after, up.upload_id, now),
        )
        return self._load(up.upload_id) if got else None

    def _release(self, upload_id: str, owner: str) -> None:
        self.db.execute(
            "UPDATE uploads SET lock_owner = NULL, lock_until = NULL "
            "WHERE upload_id = ? AND lock_owner = ?",
            (upload_id, owner),
        )

    def renew(self) -> None:
        """Extend the leases of this replica's holders that received bytes lately (called
        by the replica's background loop)."""
        now = time.monotonic()
        for upload_id, held in list(self._held.items()):
            if held.busy or now - held.last_byte < self.steal_after:
                self.db.execute(
                    "UPDATE uploads SET lock_until = ? WHERE upload_id = ? AND lock_owner = ?",
                    (time.time() + self.steal_after, upload_id, held.owner),
                )

    @contextlib.asynccontextmanager
    async def _hold(self, up: SharedUpload) -> AsyncIterator[None]:
        owner = f"{self.replica}.{secrets.token_hex(6)}"
        fresh = await self._run(self._take, up, owner)
        if fresh is None:
            raise _locked("Another request is writing this upload; retry shortly.")
        for f in fields(SharedUpload):
            setattr(up, f.name, getattr(fresh, f.name))  # the caller's view, now current
        self._held[up.upload_id] = _Held(owner, time.monotonic())
        try:
            yield
        finally:
            del self._held[up.upload_id]
            await self._run(self._release, up.upload_id, owner)

    def lock(self, up: Upload) -> contextlib.AbstractAsyncContextManager[None]:
        """Exclusive use of one upload for a PATCH/DELETE, on whichever replica: 423
        `upload_locked` while another request holds its lease. The upload's fields are
        reloaded from the database once the lease is taken."""
        assert isinstance(up, SharedUpload)
        return self._hold(up)

    def is_locked(self, up: Upload) -> bool:
        """Whether a PATCH/DELETE of this replica holds the upload now."""
        return up.upload_id in self._held

    # -- appending ---------------------------------------------------------------------------
    async def append(
        self, up: Upload, body: AsyncIterator[bytes], *, checksum: Checksum | None = None
    ) -> None:
        """Receive one PATCH body into a spool file, then store it as the next piece of the
        upload (the caller holds the lease). Same outcomes as `UploadStore.append`: a cut body
        without checksum keeps what arrived; with one it counts only whole and matching (460);
        past Upload-Length 400; on completion 422 if the stored bytes' sha256 is not the
        declared one."""
        assert isinstance(up, SharedUpload)
        held = self._held[up.upload_id]

        def _seen() -> None:
            held.last_byte = time.monotonic()

        fd, name = tempfile.mkstemp(dir=self.spool, prefix=up.upload_id)
        os.close(fd)
        spool = Path(name)
        try:
            hashes = BodyHashes.at(0, None, checksum)
            out = await write_body(spool, 0, up.length - up.offset, body, hashes, _seen)
            held.busy = True
            if out.kept and out.written:
                await self._run(self._store_piece, up, spool, out.written, held.owner)
            out.raise_failure()
            if up.offset == up.length and up.state == "active":
                await self._run(self._complete, up, held.owner)
        finally:
            held.busy = False
            with contextlib.suppress(FileNotFoundError):
                spool.unlink()

    def _store_piece(self, up: SharedUpload, spool: Path, n: int, owner: str) -> None:
        number = up.next_part - 1  # reserved for this lease when it was taken
        final = up.offset + n == up.length
        src, size = spool, n
        if up.pending_part is not None:
            src = spool.with_name(spool.name + ".joined")
            with src.open("wb") as out:
                self.blobs.read_into(pending_key(up.object_key, up.pending_part), out)
                with spool.open("rb") as f:
                    shutil.copyfileobj(f, out, 1024 * 1024)
            size += up.pending_size
        try:
            parts, mpu, pending, pending_size = list(up.parts), up.mpu_id, None, 0
            begun = False
            if final or size >= self.blobs.min_part:
                if final and not parts:
                    self.blobs.put(up.object_key, src)  # small whole upload: one object
                else:
                    if mpu is None:
                        mpu, begun = self.blobs.begin(up.object_key), True
                    etag = self.blobs.put_part(up.object_key, mpu, number, src)
                    parts.append([number, etag, size])
                    if final:
                        self._fence(up, owner)
                        self.blobs.finish(up.object_key, mpu, [(p[0], p[1]) for p in parts])
                        mpu = None
            else:
                pending, pending_size = number, size
                self.blobs.put(pending_key(up.object_key, number), src)
        finally:
            if src is not spool:
                src.unlink()
        now = time.time()
        done = self.db.execute(
            'UPDATE uploads SET "offset" = ?, parts = ?, mpu_id = ?, pending_part = ?, '
            "pending_size = ?, touched_at = ? "
            'WHERE upload_id = ? AND lock_owner = ? AND "offset" = ?',
            (
                up.offset + n,
                json.dumps(parts),
                mpu,
                pending,
                pending_size,
                now,
                up.upload_id,
                owner,
                up.offset,
            ),
        )
        if not done:
            # The lease was taken over meanwhile: these bytes are not joined in.
            if pending is not None:
                self.blobs.delete(pending_key(up.object_key, pending))
            if begun and mpu is not None:
                self.blobs.abort(up.object_key, mpu)
            raise _locked("A newer request took this upload over; HEAD and resume from its offset.")
        if up.pending_part is not None:
            self.blobs.delete(pending_key(up.object_key, up.pending_part))
        up.offset += n
        up.parts, up.mpu_id, up.pending_part, up.pending_size = parts, mpu, pending, pending_size
        up.touched_at = now

    def _fence(self, up: SharedUpload, owner: str) -> None:
        """423 unless this request still holds the lease (checked before an irreversible
        step)."""
        ok = self.db.execute(
            "UPDATE uploads SET lock_until = ? WHERE upload_id = ? AND lock_owner = ?",
            (time.time() + self.steal_after, up.upload_id, owner),
        )
        if not ok:
            raise _locked("A newer request took this upload over; HEAD and resume from its offset.")

    def _complete(self, up: SharedUpload, owner: str) -> None:
        actual, size = self.blobs.sha256(up.object_key)
        up.sha256 = actual
        up.received_at = time.time()
        up.state = "complete" if actual == up.declared_sha256 and size == up.length else "rejected"
        self.db.execute(
            "UPDATE uploads SET state = ?, sha256 = ?, received_at = ? "
            "WHERE upload_id = ? AND lock_owner = ?",
            (up.state, actual, up.received_at, up.upload_id, owner),
        )
        if up.state == "rejected":
            self.blobs.delete(up.object_key)
            raise sha256_mismatch(up)


@dataclass(frozen=True)
class _Open:
    """An open upload as `quota.check_account` counts it."""

    user_id: str
    length: int
    chunk_id: str = ""
    recording_id: str = ""
    offset: int = 0
    state: str = "active"
