"""`logmeets-server copy-store FROM TO`: copy every object of one blob store to another, for
backups and the restore drill (docs/deploy.md §5-6). FROM and TO are `--store` URLs (`dir:///PATH`
or `s3://BUCKET?endpoint=URL`, keys in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or in the URL).
Objects keep their keys; each copy is read back and compared by sha256.

Parts and pending pieces of uploads in flight (`.uploads/`) are left out: a restored upload
that was in flight is resumed by its client from the offset the database holds, or expires.
Between two S3 buckets, `aws s3 sync` or `rclone sync` does the same job."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from server.blobs import BlobStore
from server.errors import ServerError


@dataclass(frozen=True)
class Copied:
    """What a copy moved."""

    objects: int
    bytes: int


def copy_store(src: BlobStore, dst: BlobStore, prefix: str = "") -> Copied:
    """Copy every object under `prefix` except `.uploads/`. Raises ServerError: `copy_mismatch`
    when a copy reads back other bytes than its source, `store_unavailable` when a store fails."""
    objects = size = 0
    with tempfile.TemporaryDirectory(prefix="logmeets-copy-") as tmp:
        spool = Path(tmp) / "object"
        key = ""
        try:
            for key in src.keys(prefix):
                if key.startswith(".uploads/"):
                    continue
                data = src.read(key)
                spool.write_bytes(data)
                dst.put(key, spool)
                if dst.sha256(key) != (hashlib.sha256(data).hexdigest(), len(data)):
                    raise ServerError(
                        f"The copy of {key} differs from its source; run the copy again.",
                        code="copy_mismatch",
                    )
                objects += 1
                size += len(data)
        except ServerError:
            raise
        except Exception as exc:  # the store's own errors (S3, files), said in one line
            where = f" at {key}" if key else ""
            raise ServerError(
                f"The copy stopped{where} after {objects} objects: {exc}",
                code="store_unavailable",
            ) from exc
    return Copied(objects, size)
