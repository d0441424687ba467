"""Per-account quotas (issue 13, item 14): open uploads and declared bytes per account, the
free-space check counting space promised to open uploads, and completed uploads that no
manifest ever claims expire."""

from __future__ import annotations

import shutil
import time
from collections import namedtuple
from pathlib import Path
from typing import Any

import anyio
import pytest
from serverkit import Chunk, Client, random_bytes

from server.errors import ServerError
from server.recordings import RecordingStore
from server.upload_record import NewUpload
from server.upload_rules import UploadLimits
from server.uploads import UploadStore

_Usage = namedtuple("_Usage", "total used free")


def _new(chunk: Chunk) -> NewUpload:
    return NewUpload(
        chunk.chunk_id, chunk.recording_id, chunk.index, chunk.sha256, len(chunk.data), ""
    )


async def _body(data: bytes) -> Any:
    yield data


def test_open_uploads_and_declared_bytes_per_account(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--max-open-uploads", "2", "--max-open-bytes", "5000")
    c = Client(s)
    c.login()
    a, b = Chunk(random_bytes(1000)), Chunk(random_bytes(1000))
    url_a = c.create(a).headers["Location"]
    assert c.create(b).status_code == 201
    assert c.create(b).status_code == 201  # an idempotent repeat is no new upload
    r = c.create(Chunk(random_bytes(1000)))
    assert (r.status_code, r.json()["error"]) == (429, "quota_exceeded")
    assert int(r.headers["Retry-After"]) >= 1
    assert c.patch(url_a, 0, a.data).status_code == 204  # finished: no longer open
    assert c.create(Chunk(random_bytes(1000))).status_code == 201
    # Declared bytes: 2 open uploads of 1000 B, and one of 4000 B would pass 5000.
    r = c.create(Chunk(random_bytes(4000)))
    assert (r.status_code, r.json()["error"]) == (429, "quota_exceeded")


def test_free_space_counts_space_promised_to_open_uploads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mib = 1024 * 1024
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: _Usage(1000 * mib, 0, 100 * mib))
    store = UploadStore(tmp_path, UploadLimits(expiry=3600, min_free_bytes=10 * mib))

    async def run() -> None:
        store.check_space(60 * mib)
        await store.create("u", _new(Chunk(b"x" * (60 * mib))))
        # 100 MiB free, 60 promised, reserve 10: another 40 MiB does not fit.
        with pytest.raises(ServerError) as err:
            store.check_space(40 * mib)
        assert err.value.code == "storage_full"
        store.check_space(20 * mib)

    anyio.run(run)


def test_completed_uploads_no_manifest_claims_expire(tmp_path: Path) -> None:
    store = UploadStore(tmp_path, UploadLimits(expiry=3600, complete_expiry=0.5))
    recordings = RecordingStore(tmp_path, store)
    lone, kept = Chunk(random_bytes(100)), Chunk(random_bytes(100))

    async def run() -> None:
        for ch in (lone, kept):
            up, _ = await store.create("u", _new(ch))
            await store.append(up, _body(ch.data))
            assert up.state == "complete"
        doc = {"chunk_id": kept.chunk_id, "index": 0, "sha256": kept.sha256, "size": 100}
        await recordings.put("u", {"recording_id": kept.recording_id, "chunks": [doc]})
        time.sleep(0.7)
        assert await store.sweep(force=True) == 1
        assert await store.by_chunk("u", lone.chunk_id) is None
        held = await store.by_chunk("u", kept.chunk_id)
        assert held is not None and held.state == "complete"

    anyio.run(run)
    assert not list((tmp_path / "uploads").glob("*.bin"))[1:]  # only the claimed chunk's bytes


def test_the_receipt_says_when_an_unclaimed_upload_expires(client: Client) -> None:
    chunk = Chunk(random_bytes(500))
    client.upload(chunk)
    before = time.time()
    r = client.receipt(chunk.chunk_id).json()
    # The shared server keeps the default --complete-expiry of 30 days.
    assert r["complete"] is True and r["expires_at"] > before + 29 * 24 * 3600
    entry = {"chunk_id": chunk.chunk_id, "index": 0, "sha256": chunk.sha256, "size": 500}
    url = client.api(f"recordings/{chunk.recording_id}")
    assert client.http.put(url, json={"chunks": [entry]}, headers=client.headers()).ok
    assert client.receipt(chunk.chunk_id).json()["expires_at"] is None
