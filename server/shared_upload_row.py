"""An upload's row in the metadata database (`SharedUpload`: the tus record plus where its bytes
are), read and written by the replicas' upload store (`server.shared_uploads`) and its lease
(`server.shared_upload_lease`). Database calls block: `in_worker` runs them off the event loop."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from server.db import Database, Row
from server.upload_record import Upload

T = TypeVar("T")

COLUMNS = (
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


def from_row(r: Row) -> SharedUpload:
    """The upload of a row selected as `COLUMNS`."""
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


def load(db: Database, upload_id: str) -> SharedUpload | None:
    """The upload's row now, or None."""
    r = db.one(f"SELECT {COLUMNS} FROM uploads WHERE upload_id = ?", (upload_id,))
    return None if r is None else from_row(r)


async def in_worker(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in a worker thread, shielded from cancellation: a database write that has
    begun is finished even when the request is cut."""
    with anyio.CancelScope(shield=True):
        result = await anyio.to_thread.run_sync(fn, *args)
    return result
