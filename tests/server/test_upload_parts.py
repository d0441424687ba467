"""The parts `UploadStore` is built from, driven in-process without a server: the upload record's
JSON form, the running hash carried from PATCH to PATCH, and what `write_body` keeps of a body
(the end-to-end behaviour is in test_tus.py and test_patch_pipeline.py)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import pytest

from server.append import BodyCut, BodyHashes, RunningHashes, stored_sha256, write_body
from server.storage import write_json
from server.upload_record import NewUpload, read_upload, upload_json

DATA = b"0123456789" * 1000


def test_an_upload_record_reads_back_as_it_was_written(tmp_path: Path) -> None:
    up = NewUpload("c1", "r1", 3, "ab" * 32, 10, "meta").start("alice", 1000.0)
    assert (up.offset, up.state, up.created_at, up.touched_at) == (0, "active", 1000.0, 1000.0)
    up.claimed = True
    path = tmp_path / f"{up.upload_id}.json"
    write_json(path, upload_json(up))
    assert read_upload(path) == up
    write_json(path, [1, 2])
    with pytest.raises(TypeError):
        read_upload(path)


def test_a_running_hash_serves_only_the_offset_it_covers() -> None:
    hashes = RunningHashes()
    whole = hashlib.sha256(b"abc")
    hashes.put("u", 3, whole)
    assert hashes.take("u", 2) is None
    assert hashes.take("u", 3) is None  # a miss drops it: it no longer matches the file
    hashes.put("u", 3, whole)
    assert hashes.take("u", 3) is whole


def test_from_offset_0_a_sha256_checksum_shares_the_file_hash() -> None:
    digest = hashlib.sha256(b"x").digest()
    at_0 = BodyHashes.at(0, None, ("sha256", digest))
    assert at_0.piece is at_0.whole and len(at_0.fed()) == 1
    base = hashlib.sha256(b"abc")
    later = BodyHashes.at(3, base, ("sha256", digest))
    assert later.whole is not base and len(later.fed()) == 2
    assert BodyHashes.at(3, None, None).fed() == []


async def _cut_after(data: bytes) -> AsyncIterator[bytes]:
    yield data
    raise BodyCut("client disconnected")


def _write(path: Path, start: int, checksum: tuple[str, bytes] | None) -> tuple[bool, int]:
    hashes = BodyHashes.at(start, None, checksum)

    async def run() -> tuple[bool, int]:
        out = await write_body(
            path, start, len(DATA), _cut_after(DATA[start:]), hashes, lambda: None
        )
        assert isinstance(out.cut, BodyCut)
        return out.kept, out.written

    return anyio.run(run)


def test_a_cut_body_is_kept_without_checksum_and_dropped_with_one(tmp_path: Path) -> None:
    path = tmp_path / "u.bin"
    path.write_bytes(DATA[:100] + b"unacknowledged")
    assert _write(path, 100, ("sha256", b"")) == (False, len(DATA) - 100)
    assert path.read_bytes() == DATA[:100]
    assert _write(path, 100, None) == (True, len(DATA) - 100)
    assert path.read_bytes() == DATA
    assert anyio.run(stored_sha256, path, None) == hashlib.sha256(DATA).hexdigest()
