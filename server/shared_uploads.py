"""Upload storage for replicas: the state of every upload in the metadata database
(`server.db`), its bytes in a blob store (`server.blobs`). Any replica can serve any request:
nothing about an upload lives in one process's memory.

The rules it shares with the single server's store are `server.upload_rules`; the row is
`server.shared_upload_row`, the one-writer lease `server.shared_upload_lease`, the pieces of a
PATCH in the blob store `server.shared_upload_pieces`. This module keeps lookups, creation,
expiry and the spool a PATCH body is received into.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, fields
from pathlib import Path

from server import quota
from server.append import BodyHashes, Checksum, storage_full, write_body
from server.blobs import BlobStore, DirBlobs
from server.db import Database, in_batches
from server.shared_upload_lease import UploadLeases
from server.shared_upload_pieces import UploadPieces
from server.shared_upload_row import COLUMNS, SharedUpload, from_row, in_worker, load
from server.upload_record import NewUpload, Upload
from server.upload_rules import UploadLimits, UploadRules


class SharedUploadStore(UploadRules[SharedUpload]):
    """All uploads of all accounts and tenants, over a `Database` and a `BlobStore`."""

    def __init__(
        self,
        db: Database,
        blobs: BlobStore,
        limits: UploadLimits,
        *,
        key_of: Callable[[str, NewUpload], tuple[str, str]],
        spool_dir: Path,
    ) -> None:
        super().__init__(limits)
        self.db = db
        self.blobs = blobs
        self.key_of = key_of  # (user_id, new upload) -> (tenant_id, object key)
        self.spool = spool_dir
        spool_dir.mkdir(parents=True, exist_ok=True)
        self.leases = UploadLeases(db, steal_after=limits.steal_after)
        self.pieces = UploadPieces(db, blobs, self.leases)

    def check_space(self, incoming: int, *, promised: bool = True) -> None:
        """503 `storage_full` when a directory store would fall below its reserve (object
        storage has no such limit here)."""
        if not isinstance(self.blobs, DirBlobs):
            return
        if shutil.disk_usage(self.blobs.root).free - incoming < self.min_free_bytes:
            raise storage_full()

    # -- expiry ------------------------------------------------------------------------------
    def _expire(self, up: SharedUpload, now: float) -> bool:
        """Expire one upload if it is still as loaded and not leased; frees its bytes."""
        changed = self.db.execute(
            "UPDATE uploads SET state = 'expired' WHERE upload_id = ? AND state = ? AND "
            "touched_at = ? AND (lock_until IS NULL OR lock_until < ?)",
            (up.upload_id, up.state, up.touched_at, now),
        )
        if changed:
            self.pieces.drop_bytes(up, whole=up.state == "complete")
            up.state = "expired"
        return bool(changed)

    def _due(self, up: SharedUpload, now: float) -> bool:
        exp = up.expires_at(self.expiry)
        claim = up.claim_by(self.complete_expiry)
        return (exp is not None and exp <= now) or (claim is not None and claim <= now)

    def _sweep(self) -> int:
        now = time.time()
        rows = self.db.query(
            f"SELECT {COLUMNS} FROM uploads WHERE (state = 'active' AND touched_at < ?) OR "
            "(state = 'complete' AND claimed = 0 AND received_at < ?)",
            (now - self.expiry, now - self.complete_expiry),
        )
        return sum(self._expire(from_row(r), now) for r in rows if self._due(from_row(r), now))

    async def sweep(self, *, force: bool = False) -> int:
        """Expire every upload past its time (incomplete: `expiry` after its last byte;
        complete but listed by no manifest: `complete_expiry`); returns how many. Run by the
        periodic sweeper of every replica (the conditional UPDATE makes them agree)."""
        return await in_worker(self._sweep)

    async def _expire_if_due(self, up: SharedUpload) -> None:
        """Expire an upload past its time (incomplete or unclaimed) unless a lease holds it."""
        if self._due(up, time.time()):
            await in_worker(self._expire, up, time.time())

    # -- rows (server.upload_rules) ----------------------------------------------------------
    async def _find(self, upload_id: str) -> SharedUpload | None:
        return await in_worker(load, self.db, upload_id)

    async def _latest(self, user_id: str, chunk_ids: list[str]) -> dict[str, SharedUpload]:
        def _query() -> dict[str, SharedUpload]:
            found: dict[str, SharedUpload] = {}
            for part, marks in in_batches(chunk_ids):
                rows = self.db.query(
                    f"SELECT {COLUMNS} FROM uploads WHERE user_id = ? AND chunk_id IN ({marks}) "
                    "AND state <> 'expired' ORDER BY created_at",
                    (user_id, *part),
                )
                found |= {up.chunk_id: up for up in map(from_row, rows)}  # the newest last
            return found

        return await in_worker(_query)

    async def _add(self, user_id: str, new: NewUpload) -> SharedUpload | None:
        """The creation; None when a twin on another replica won the database's unique
        index on the live upload of a chunk."""
        self.check_space(new.length)
        up, created = await in_worker(self._insert, user_id, new)
        return up if created else None

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
                f"INSERT INTO uploads ({COLUMNS}) VALUES "
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

    async def terminate(self, up: Upload) -> None:
        """Delete an upload and its bytes (tus termination)."""
        assert isinstance(up, SharedUpload)

        def _delete() -> None:
            self.db.execute("DELETE FROM uploads WHERE upload_id = ?", (up.upload_id,))
            self.pieces.drop_bytes(up, whole=True)

        await in_worker(_delete)

    async def claim(self, user_id: str, chunk_ids: list[str]) -> None:
        """Mark the complete uploads of these chunks as listed by a stored manifest."""

        def _claim() -> None:
            with self.db.transaction() as tx:
                for part, marks in in_batches(chunk_ids):
                    tx.execute(
                        f"UPDATE uploads SET claimed = 1 WHERE user_id = ? AND chunk_id IN "
                        f"({marks}) AND state = 'complete'",
                        (user_id, *part),
                    )

        await in_worker(_claim)

    # -- locking -----------------------------------------------------------------------------
    def renew(self) -> None:
        """Extend the leases of this replica's requests that received bytes lately (called by
        the replica's background loop)."""
        self.leases.renew()

    def lock(self, up: Upload) -> contextlib.AbstractAsyncContextManager[None]:
        """Exclusive use of one upload for a PATCH/DELETE, on whichever replica: 423
        `upload_locked` while another request holds its lease. The upload's fields are
        reloaded from the database once the lease is taken."""
        assert isinstance(up, SharedUpload)
        return self.leases.hold(up)

    def is_locked(self, up: Upload) -> bool:
        """Whether a PATCH/DELETE of this replica holds the upload now."""
        return self.leases.is_held(up.upload_id)

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
        held = self.leases.held(up.upload_id)

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
                await in_worker(self.pieces.store, up, spool, out.written, held.owner)
            out.raise_failure()
            if up.offset == up.length and up.state == "active":
                await in_worker(self.pieces.complete, up, held.owner)
        finally:
            held.busy = False
            with contextlib.suppress(FileNotFoundError):
                spool.unlink()


@dataclass(frozen=True)
class _Open:
    """An open upload as `quota.check_account` counts it."""

    user_id: str
    length: int
    chunk_id: str = ""
    recording_id: str = ""
    offset: int = 0
    state: str = "active"
