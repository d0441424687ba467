"""The bytes of a replica's upload in the blob store: each PATCH body (a piece) becomes a part of
a multipart upload. A piece smaller than the store's minimum part (S3: 5 MiB) is kept as a
pending object and joined with the next piece, as tusd's s3store does; the last piece may be
small. The receipt's sha256 is read back from the store once the object is whole. These calls
block (run them in a worker) and commit to the upload's row only under its lease."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from server.blobs import BlobStore, pending_key
from server.db import Database
from server.shared_upload_lease import UploadLeases
from server.shared_upload_row import SharedUpload
from server.upload_locks import taken_over
from server.upload_record import sha256_mismatch


class UploadPieces:
    """Stores pieces, completes and frees the objects of uploads."""

    def __init__(self, db: Database, blobs: BlobStore, leases: UploadLeases) -> None:
        self.db = db
        self.blobs = blobs
        self.leases = leases

    def drop_bytes(self, up: SharedUpload, *, whole: bool) -> None:
        """Delete what the store holds of an upload: its pending piece and multipart upload,
        and with `whole` its finished object."""
        if up.pending_part is not None:
            self.blobs.delete(pending_key(up.object_key, up.pending_part))
        if up.mpu_id is not None:
            self.blobs.abort(up.object_key, up.mpu_id)
        if whole:
            self.blobs.delete(up.object_key)

    def store(self, up: SharedUpload, spool: Path, n: int, owner: str) -> None:
        """Store the `n` bytes of `spool` as the next piece of `up` and commit the new offset
        (423 if the lease passed to another request meanwhile: nothing is joined in)."""
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
                        self.leases.fence(up, owner)
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
            raise taken_over()
        if up.pending_part is not None:
            self.blobs.delete(pending_key(up.object_key, up.pending_part))
        up.offset += n
        up.parts, up.mpu_id, up.pending_part, up.pending_size = parts, mpu, pending, pending_size
        up.touched_at = now

    def complete(self, up: SharedUpload, owner: str) -> None:
        """Read the whole object's sha256 back: `complete` if it is the declared one, else
        `rejected`, the object deleted and 422."""
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
