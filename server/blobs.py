"""Where the uploaded bytes live, behind one interface: a local directory (`dir:///PATH`) or
S3-compatible object storage (`s3://BUCKET` with an endpoint and keys). The interface is S3's own
vocabulary (objects; multipart uploads of numbered parts), so an upload is assembled the same way
on both. Keys follow docs/protocol.md §9: `<tenant>/<user_id>/<recording_id>/<index>-<chunk_id>
.flac.age`; parts and pending pieces in flight live under `.uploads/`.

Calls block: the async upload store runs them in worker threads."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol
from urllib.parse import parse_qs, urlsplit

from crypto.files import fsync_dir
from server.errors import ServerError, unavailable

MiB = 1024 * 1024
S3_MIN_PART = 5 * MiB  # S3 refuses a non-final part smaller than this
_BLOCK = 1 * MiB


class BlobStore(Protocol):
    """Objects and multipart uploads. `min_part`: the smallest non-final part it accepts."""

    min_part: int

    def put(self, key: str, src: Path) -> None:
        """Store the file `src` as object `key` (replacing it)."""
        ...

    def read_into(self, key: str, out: BinaryIO) -> int:
        """Append object `key` to `out`; returns its size."""
        ...

    def read(self, key: str) -> bytes:
        """The whole object `key`."""
        ...

    def sha256(self, key: str) -> tuple[str, int]:
        """(sha256 hex, size) of object `key`, read back from the store."""
        ...

    def delete(self, key: str) -> None:
        """Remove object `key` (no error if absent)."""
        ...

    def keys(self, prefix: str) -> list[str]:
        """Every object key under `prefix`."""
        ...

    def begin(self, key: str) -> str:
        """Start a multipart upload of `key`; returns its id."""
        ...

    def put_part(self, key: str, mpu: str, number: int, src: Path) -> str:
        """Store `src` as part `number` of upload `mpu`; returns its ETag."""
        ...

    def finish(self, key: str, mpu: str, parts: list[tuple[int, str]]) -> None:
        """Join exactly `parts` ((number, ETag), in order) into object `key`."""
        ...

    def abort(self, key: str, mpu: str) -> None:
        """Drop a multipart upload and its parts (no error if gone)."""
        ...


def _sha256_stream(chunks: Iterator[bytes]) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    for block in chunks:
        h.update(block)
        size += len(block)
    return h.hexdigest(), size


class DirBlobs:
    """Objects as files under one directory; parts as files of `.uploads/<mpu>/`."""

    min_part = 0

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / ".uploads").mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        if not key or key.startswith("/") or ".." in key.split("/"):
            raise ValueError(f"bad object key {key!r}")
        return self.root / key

    def put(self, key: str, src: Path) -> None:
        dst = self._path(key)
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(dst.name + f".{secrets.token_hex(4)}.part")
        shutil.copyfile(src, tmp)
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dst)
        fsync_dir(dst.parent)

    def read_into(self, key: str, out: BinaryIO) -> int:
        with self._path(key).open("rb") as f:
            return _copy(f, out)

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def sha256(self, key: str) -> tuple[str, int]:
        with self._path(key).open("rb") as f:
            return _sha256_stream(iter(lambda: f.read(_BLOCK), b""))

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def keys(self, prefix: str) -> list[str]:
        base = self.root
        return sorted(
            str(p.relative_to(base))
            for p in base.rglob("*")
            if p.is_file()
            and str(p.relative_to(base)).startswith(prefix)
            and not p.name.endswith(".part")
        )

    def begin(self, key: str) -> str:
        mpu = secrets.token_hex(16)
        (self.root / ".uploads" / mpu).mkdir()
        return mpu

    def put_part(self, key: str, mpu: str, number: int, src: Path) -> str:
        folder = self.root / ".uploads" / mpu
        dst = folder / f"{number:05d}"
        shutil.copyfile(src, dst)
        with dst.open("rb+") as f:
            os.fsync(f.fileno())
        fsync_dir(folder)
        return f"{number:05d}"

    def finish(self, key: str, mpu: str, parts: list[tuple[int, str]]) -> None:
        folder = self.root / ".uploads" / mpu
        dst = self._path(key)
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(dst.name + f".{secrets.token_hex(4)}.part")
        with tmp.open("wb") as out:
            for number, _etag in parts:
                with (folder / f"{number:05d}").open("rb") as f:
                    _copy(f, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dst)
        fsync_dir(dst.parent)
        self.abort(key, mpu)

    def abort(self, key: str, mpu: str) -> None:
        shutil.rmtree(self.root / ".uploads" / mpu, ignore_errors=True)


def _copy(src: BinaryIO, out: BinaryIO) -> int:
    size = 0
    while block := src.read(_BLOCK):
        out.write(block)
        size += len(block)
    return size


@dataclass(frozen=True)
class S3Settings:
    """Where the bucket is: `s3://BUCKET?endpoint=URL&region=R`, keys from the environment or
    the URL's user:password part."""

    bucket: str
    endpoint: str | None
    region: str
    access_key: str | None
    secret_key: str | None


@contextlib.contextmanager
def _reachable() -> Iterator[None]:
    """S3 unreachable or failing (connection errors, timeouts, a 5xx after boto's retries) is
    503 `store_unavailable`; a 4xx (NoSuchKey, ...) stays the caller's to read."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as exc:
        if int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)) < 500:
            raise
        raise unavailable("store_unavailable", "The object store failed", exc) from exc
    except BotoCoreError as exc:
        raise unavailable("store_unavailable", "Cannot reach the object store", exc) from exc


class S3Blobs:
    """Objects in one S3 bucket (AWS, Ceph RGW, MinIO, GCS interop), path-style addressing."""

    min_part = S3_MIN_PART

    def __init__(self, settings: S3Settings, *, create_bucket: bool = True) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = settings.bucket
        self._s3: Any = boto3.client(
            "s3",
            endpoint_url=settings.endpoint,
            region_name=settings.region,
            aws_access_key_id=settings.access_key,
            aws_secret_access_key=settings.secret_key,
            config=Config(
                s3={"addressing_style": "path"},
                retries={"max_attempts": 5, "mode": "standard"},
                # A store that stops answering is given up on after 30 s per attempt (boto: 60).
                connect_timeout=5,
                read_timeout=30,
                max_pool_connections=64,
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )
        if create_bucket:
            self._ensure_bucket()

    def _ensure_bucket(self) -> None:
        from botocore.exceptions import ClientError

        try:
            self._s3.head_bucket(Bucket=self.bucket)
        except ClientError:
            with contextlib.suppress(ClientError):
                self._s3.create_bucket(Bucket=self.bucket)
            self._s3.head_bucket(Bucket=self.bucket)

    def put(self, key: str, src: Path) -> None:
        with _reachable(), src.open("rb") as f:
            self._s3.put_object(Bucket=self.bucket, Key=key, Body=f)

    def read_into(self, key: str, out: BinaryIO) -> int:
        with _reachable():
            body = self._s3.get_object(Bucket=self.bucket, Key=key)["Body"]
            size = 0
            for block in body.iter_chunks(_BLOCK):
                out.write(block)
                size += len(block)
            return size

    def read(self, key: str) -> bytes:
        with _reachable():
            data: bytes = self._s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
            return data

    def sha256(self, key: str) -> tuple[str, int]:
        with _reachable():
            body = self._s3.get_object(Bucket=self.bucket, Key=key)["Body"]
            return _sha256_stream(body.iter_chunks(_BLOCK))

    def delete(self, key: str) -> None:
        with _reachable():
            self._s3.delete_object(Bucket=self.bucket, Key=key)

    def keys(self, prefix: str) -> list[str]:
        with _reachable():
            out: list[str] = []
            for page in self._s3.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=prefix
            ):
                out.extend(o["Key"] for o in page.get("Contents", []))
            return sorted(out)

    def begin(self, key: str) -> str:
        with _reachable():
            mpu: str = self._s3.create_multipart_upload(Bucket=self.bucket, Key=key)["UploadId"]
            return mpu

    def put_part(self, key: str, mpu: str, number: int, src: Path) -> str:
        with _reachable():
            with src.open("rb") as f:
                etag: str = self._s3.upload_part(
                    Bucket=self.bucket, Key=key, UploadId=mpu, PartNumber=number, Body=f
                )["ETag"]
            return etag

    def finish(self, key: str, mpu: str, parts: list[tuple[int, str]]) -> None:
        with _reachable():
            self._s3.complete_multipart_upload(
                Bucket=self.bucket,
                Key=key,
                UploadId=mpu,
                MultipartUpload={"Parts": [{"PartNumber": n, "ETag": e} for n, e in parts]},
            )

    def abort(self, key: str, mpu: str) -> None:
        from botocore.exceptions import ClientError

        with _reachable(), contextlib.suppress(ClientError):
            self._s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=mpu)


def bad_store_url(url: str) -> ServerError:
    """The error of a `--store` that is neither dir:/// nor s3://."""
    return ServerError(
        f"--store {url!r} is not understood: give dir:///PATH or "
        "s3://BUCKET?endpoint=https://HOST:PORT&region=REGION (keys in AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY, or s3://KEY:SECRET@BUCKET?…).",
        code="bad_store_url",
    )


def open_store(
    url: str, env: dict[str, str] | None = None, *, create_bucket: bool = True
) -> BlobStore:
    """The store a `--store` URL names. `env` supplies AWS_* keys when the URL has none.
    `create_bucket=False` leaves a missing bucket missing (readers: `export`)."""
    env = env or {}
    parts = urlsplit(url)
    if parts.scheme == "dir" and parts.path:
        return DirBlobs(Path(parts.path))
    if parts.scheme != "s3" or not parts.hostname:
        raise bad_store_url(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    settings = S3Settings(
        bucket=parts.hostname,
        endpoint=query.get("endpoint"),
        region=query.get("region", "us-east-1"),
        access_key=parts.username or env.get("AWS_ACCESS_KEY_ID"),
        secret_key=parts.password or env.get("AWS_SECRET_ACCESS_KEY"),
    )
    try:
        return S3Blobs(settings, create_bucket=create_bucket)
    except Exception as exc:
        raise ServerError(
            f"Cannot reach the object store {settings.endpoint or 'AWS'} bucket "
            f"{settings.bucket}: {exc}",
            code="store_unavailable",
        ) from exc


def object_key(tenant: str, user_id: str, recording_id: str, index: int, chunk_id: str) -> str:
    """The key of a chunk's object (docs/protocol.md §9)."""
    return f"{tenant}/{user_id}/{recording_id}/{index}-{chunk_id}.flac.age"


def pending_key(object_key_: str, number: int) -> str:
    """The key of a pending piece (smaller than `min_part`) of an upload in flight."""
    return f".uploads/{object_key_}.pending.{number}"


__all__ = ["BlobStore", "DirBlobs", "S3Blobs", "object_key", "open_store"]
