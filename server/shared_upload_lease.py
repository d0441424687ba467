"""One writer per upload across replicas (docs/protocol.md §9): a lease in the upload's row
(`lock_owner`, `lock_until`), taken with a conditional UPDATE and renewed while body bytes
arrive; a second PATCH, on any replica, gets 423. A holder silent for `steal_after` seconds (its
replica may be dead) loses the lease. Every commit is fenced (`WHERE lock_owner = me`), so a late
holder's bytes are never joined in: each lease reserves its own part number when taken."""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, fields

from server.db import Database
from server.shared_upload_row import SharedUpload, in_worker, load
from server.upload_locks import locked, taken_over


@dataclass
class Held:
    """A lease this replica holds for a request in progress."""

    owner: str
    last_byte: float  # time.monotonic() of the last body bytes the request received
    busy: bool = False  # storing a piece: renewed even without new bytes


class UploadLeases:
    """The leases of this replica's requests, over the `uploads` table."""

    def __init__(self, db: Database, *, steal_after: float) -> None:
        self.db = db
        self.steal_after = steal_after
        self.replica = secrets.token_hex(4)
        self._held: dict[str, Held] = {}

    def _take(self, up: SharedUpload, owner: str) -> SharedUpload | None:
        now = time.time()
        got = self.db.execute(
            "UPDATE uploads SET lock_owner = ?, lock_until = ?, next_part = next_part + 1 "
            "WHERE upload_id = ? AND (lock_owner IS NULL OR lock_until < ?)",
            (owner, now + self.steal_after, up.upload_id, now),
        )
        return load(self.db, up.upload_id) if got else None

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
    async def hold(self, up: SharedUpload) -> AsyncIterator[None]:
        """The lease of `up` for one request, or 423 `upload_locked`; `up`'s fields are
        reloaded from the database once it is taken."""
        owner = f"{self.replica}.{secrets.token_hex(6)}"
        fresh = await in_worker(self._take, up, owner)
        if fresh is None:
            raise locked("Another request is writing this upload; retry shortly.")
        for f in fields(SharedUpload):
            setattr(up, f.name, getattr(fresh, f.name))  # the caller's view, now current
        self._held[up.upload_id] = Held(owner, time.monotonic())
        try:
            yield
        finally:
            del self._held[up.upload_id]
            await in_worker(self._release, up.upload_id, owner)

    def held(self, upload_id: str) -> Held:
        """The lease a request of this replica holds on the upload (KeyError: none)."""
        return self._held[upload_id]

    def is_held(self, upload_id: str) -> bool:
        """Whether a request of this replica holds the upload now."""
        return upload_id in self._held

    def fence(self, up: SharedUpload, owner: str) -> None:
        """423 unless this request still holds the lease (checked before an irreversible
        step)."""
        ok = self.db.execute(
            "UPDATE uploads SET lock_until = ? WHERE upload_id = ? AND lock_owner = ?",
            (time.time() + self.steal_after, up.upload_id, owner),
        )
        if not ok:
            raise taken_over()
