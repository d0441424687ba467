"""Copy every object of one blob store to another, for backups and the restore drill
(docs/deploy.md §5-6): `python tools/copy_store.py FROM TO`, each a `--store` URL
(`dir:///PATH` or `s3://BUCKET?endpoint=URL`, keys in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
or in the URL). Objects keep their keys; each copy is read back and compared by sha256.

Parts and pending pieces of uploads in flight (`.uploads/`) are left out: a restored upload
that was in flight is resumed by its client from the offset the database holds, or expires.
In production, `aws s3 sync` or `rclone sync` between buckets does the same job."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

from server.blobs import BlobStore, open_store
from server.errors import ServerError


def copy_store(src: BlobStore, dst: BlobStore, prefix: str = "") -> tuple[int, int]:
    """Copy every object under `prefix` except `.uploads/`; returns (objects, bytes). Raises
    ServerError `copy_mismatch` when a copy reads back other bytes than its source."""
    objects = size = 0
    with tempfile.TemporaryDirectory(prefix="logmeets-copy-") as tmp:
        spool = Path(tmp) / "object"
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
    return objects, size


def main(argv: list[str] | None = None) -> int:
    """`python tools/copy_store.py FROM TO [--prefix P]`."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("source", help="the store to read (a --store URL)")
    p.add_argument("target", help="the store to write (a --store URL; an S3 bucket is created)")
    p.add_argument("--prefix", default="", help="only the keys under this prefix (a tenant/)")
    args = p.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    started = time.monotonic()
    try:
        src = open_store(args.source, env, create_bucket=False)
        objects, size = copy_store(src, open_store(args.target, env), args.prefix)
    except ServerError as err:
        print(f"copy_store: {err.message}", file=sys.stderr)
        return 1
    except Exception as err:  # the store's own errors (S3, files): said in one line
        print(f"copy_store: {err}", file=sys.stderr)
        return 1
    print(f"copied {objects} objects, {size} bytes in {time.monotonic() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
