"""Backups and the restore drill (issue 18, docs/deploy.md §5-6): `export` reads a recording
from shared backends; after dump, wipe and restore (pg_dump/pg_restore, the bucket's objects
copied out and back with `logmeets-server copy-store`) the export still equals its source audio and
tags. Hostile or missing objects stop the export with a clear message."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pyrage
import pytest
import soundfile as sf
from backends import fresh_bucket, fresh_database
from serverkit import SERVER_BIN, Chunk, Client, ServerProc, launch
from test_cli import flac_chunk, metaflac_tags

from server.db import Database

REPO = Path(__file__).resolve().parents[2]
RATE = 48000


def _record(s: ServerProc, chunks: int = 4) -> tuple[str, np.ndarray, dict[str, object]]:
    """Upload a stereo recording of `chunks` bound, sealed 1 s chunks and its manifest; returns
    (recording id, the samples the chunks' FLACs decode to, the manifest)."""
    from crypto.binding import bind_flac

    c = Client(s)
    assert c.login().status_code == 201
    org = pyrage.x25519.Recipient.from_str(c.login_body["org_recipient"])
    rid = str(uuid.uuid4())
    rng = np.random.default_rng(18)
    decoded, entries = [], []
    for i in range(chunks):
        signal = rng.integers(-20000, 20000, size=(RATE, 2), dtype=np.int16)
        flac = bind_flac(flac_chunk(signal, RATE), rid, i)
        decoded.append(sf.read(io.BytesIO(flac), dtype="int16")[0])
        ch = Chunk(pyrage.encrypt(flac, [org]), recording_id=rid, index=i)
        c.upload(ch)
        entries.append(
            {"chunk_id": ch.chunk_id, "index": i, "sha256": ch.sha256, "size": len(ch.data)}
        )
    manifest: dict[str, object] = {
        "title": "Drill – 復元",
        "started_at": 1795000000.0,
        "chunks": entries,
        "markers": [{"at": 1.5, "label": "decision"}],
    }
    r = c.http.put(c.api(f"recordings/{rid}"), json=manifest, headers=c.headers())
    assert r.status_code == 201, r.text
    return rid, np.concatenate(decoded), manifest


def export(
    rid: str, out: Path, identity: Path, data: Path, *backend: str
) -> subprocess.CompletedProcess[str]:
    """`logmeets-server export` with `backend` (`--database URL --store URL`)."""
    args = [str(SERVER_BIN), "export", rid, "--data", str(data), "--out", str(out)]
    args += ["--org-identity", str(identity), *backend]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def _assert_equals_source(out: Path, rid: str, samples: np.ndarray) -> None:
    assert np.array_equal(sf.read(out, dtype="int16")[0], samples)
    assert metaflac_tags(out) == [
        "TITLE=Drill – 復元",
        "DATE=2026-11-18T11:06:40Z",
        "CHAPTER001=00:00:01.500",
        "CHAPTER001NAME=decision",
        "LOGMEETS_DEVICE_ID=test-device",
        f"LOGMEETS_RECORDING_ID={rid}",
    ]


def copy_store(src: str, dst: str) -> str:
    """`logmeets-server copy-store SRC DST`, as the drill runs it; its summary line."""
    r = subprocess.run(
        [str(SERVER_BIN), "copy-store", src, dst],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_export_reads_sqlite_and_a_directory_and_refuses_what_was_tampered_with(
    tmp_path: Path,
) -> None:
    db_url, store = f"sqlite:///{tmp_path}/meta.db", f"dir://{tmp_path}/objects"
    s = launch(tmp_path / "r1", org=True, shared=(db_url, store))
    try:
        rid, samples, _ = _record(s, chunks=3)
    finally:
        assert s.stop() == 0, s.stderr_path.read_text()
    assert s.org_identity is not None
    backend = ("--database", db_url, "--store", store)
    out = tmp_path / "out.flac"
    r = export(rid, out, s.org_identity, s.data, *backend)
    assert r.returncode == 0, r.stderr
    assert "3 chunks, 144000 frames, 48000 Hz, 2 channel(s)" in r.stdout
    _assert_equals_source(out, rid, samples)
    # --tenant narrows the search to that tenant's recordings; a data directory has no tenants.
    r = export(rid, tmp_path / "t.flac", s.org_identity, s.data, *backend, "--tenant", "default")
    assert r.returncode == 0, r.stderr
    r = export(rid, tmp_path / "x.flac", s.org_identity, s.data, *backend, "--tenant", "acme")
    assert r.returncode == 1 and "No complete recording" in r.stderr, r.stderr
    r = export(rid, tmp_path / "x.flac", s.org_identity, s.data, "--tenant", "default")
    assert r.returncode == 1 and "--tenant applies to shared backends" in r.stderr, r.stderr
    # A database file that is not there is refused, not created empty.
    missing = f"sqlite:///{tmp_path}/missing.db"
    r = export(rid, tmp_path / "x.flac", s.org_identity, s.data, "--database", missing)
    assert r.returncode == 1 and "There is no database at" in r.stderr, r.stderr
    assert not (tmp_path / "missing.db").exists()
    # A database without the schema (not the restored one) is refused, and left as it was.
    empty = f"sqlite:///{tmp_path}/empty.db"
    sqlite3.connect(tmp_path / "empty.db").close()
    r = export(rid, tmp_path / "x.flac", s.org_identity, s.data, "--database", empty)
    assert r.returncode == 1 and "holds no LogMeets schema" in r.stderr, r.stderr
    with sqlite3.connect(tmp_path / "empty.db") as conn:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == []
    # The data directory alone knows nothing of it: the shared backends hold everything.
    r = export(rid, tmp_path / "x.flac", s.org_identity, s.data)
    assert r.returncode == 1 and "No complete recording" in r.stderr, r.stderr

    db = Database(db_url, pool_size=1)
    key1, key2 = (
        str(row[0])
        for row in db.query("SELECT object_key FROM uploads WHERE idx IN (1, 2) ORDER BY idx")
    )
    objects = tmp_path / "objects"
    # An object changed in the store: its sha256 is not the one recorded at upload.
    original = (objects / key1).read_bytes()
    (objects / key1).write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    r = export(rid, tmp_path / "x.flac", s.org_identity, s.data, *backend)
    assert r.returncode == 1 and "Chunk 1 changed in storage" in r.stderr, r.stderr
    (objects / key1).write_bytes(original)
    # An upload row pointing at another chunk's object.
    db.execute("UPDATE uploads SET object_key = ? WHERE idx = 1", (key2,))
    r = export(rid, tmp_path / "x.flac", s.org_identity, s.data, *backend)
    assert r.returncode == 1 and "names the object" in r.stderr, r.stderr
    db.execute("UPDATE uploads SET object_key = ? WHERE idx = 1", (key1,))
    # An object gone (the database restored without its objects).
    (objects / key2).unlink()
    r = export(rid, tmp_path / "x.flac", s.org_identity, s.data, *backend)
    assert r.returncode == 1, r.stderr
    assert "Chunk 2" in r.stderr and "is not in the store" in r.stderr, r.stderr
    assert key2 in r.stderr and "Traceback" not in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".flac", ".part")) == [
        "out.flac",
        "t.flac",
    ]
    db.close()


def test_copy_store_copies_every_object_and_checks_each_copy(tmp_path: Path) -> None:
    from server.blobs import DirBlobs
    from server.copy_store import copy_store as copy
    from server.errors import ServerError

    src = DirBlobs(tmp_path / "a")
    for key, data in [("t/u/r/0-c.flac.age", b"zero"), ("t/u/r/1-d.flac.age", b"one")]:
        (tmp_path / "blob").write_bytes(data)
        src.put(key, tmp_path / "blob")
    mpu = src.begin("t/u/r/2-e.flac.age")  # an upload in flight: not copied
    src.put_part("t/u/r/2-e.flac.age", mpu, 1, tmp_path / "blob")
    out = copy_store(f"dir://{tmp_path}/a", f"dir://{tmp_path}/b")
    assert out.startswith("copied 2 objects, 7 bytes in "), out
    assert DirBlobs(tmp_path / "b").keys("") == ["t/u/r/0-c.flac.age", "t/u/r/1-d.flac.age"]
    assert DirBlobs(tmp_path / "b").read("t/u/r/1-d.flac.age") == b"one"

    class Lossy(DirBlobs):
        """A target that stores other bytes than it was given (a fault injected)."""

        def put(self, key: str, src: Path) -> None:
            src.write_bytes(src.read_bytes()[:-1])
            super().put(key, src)

    with pytest.raises(ServerError) as err:
        copy(src, Lossy(tmp_path / "c"))
    assert err.value.code == "copy_mismatch" and "t/u/r/0-c.flac.age" in err.value.message


def _s3(store: str) -> tuple[Any, str]:
    """A boto3 client of a test bucket URL (keys in it), and the bucket."""
    import boto3

    parts = urlsplit(store)
    endpoint = parse_qs(parts.query)["endpoint"][0]
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=parts.username,
        aws_secret_access_key=parts.password,
    )
    assert parts.hostname is not None
    return client, parts.hostname


def _versioned_bucket(store: str) -> None:
    """Create the bucket as docs/deploy.md §5 configures it: versioning on, the lifecycle rules
    of tools/bucket-lifecycle.json (read back from the store)."""
    client, bucket = _s3(store)
    client.create_bucket(Bucket=bucket)
    client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    rules = json.loads((REPO / "tools/bucket-lifecycle.json").read_text())
    client.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration=rules)
    stored = client.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert {r["ID"] for r in stored} == {r["ID"] for r in rules["Rules"]}
    assert client.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"


def _versions(store: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(object versions, delete markers) of the bucket."""
    client, bucket = _s3(store)
    listing = client.list_object_versions(Bucket=bucket)
    return listing.get("Versions", []), listing.get("DeleteMarkers", [])


def _delete_everything(store: str) -> None:
    """Every version, every delete marker, then the bucket."""
    client, bucket = _s3(store)
    for entry in [*_versions(store)[0], *_versions(store)[1]]:
        client.delete_object(Bucket=bucket, Key=entry["Key"], VersionId=entry["VersionId"])
    client.delete_bucket(Bucket=bucket)


def _drop_database(admin_url: str, db_url: str) -> None:
    import psycopg

    name = urlsplit(db_url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _run(*args: str) -> float:
    """Run a drill step; its wall time in seconds."""
    started = time.monotonic()
    r = subprocess.run(list(args), capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return time.monotonic() - started


@pytest.mark.realpg
@pytest.mark.realceph
def test_backup_wipe_restore_then_export_equals_the_source(
    real_pg: str, real_rgw: tuple[str, str, str], tmp_path: Path
) -> None:
    db_url, store = fresh_database(real_pg), fresh_bucket(real_rgw)
    _versioned_bucket(store)
    s = launch(tmp_path / "r1", org=True, shared=(db_url, store))
    try:
        rid, samples, _ = _record(s, chunks=5)
    finally:
        assert s.stop() == 0, s.stderr_path.read_text()
    assert s.org_identity is not None
    timings: dict[str, float] = {}

    # Back up: the database with pg_dump, the bucket's objects into a directory.
    dump, saved = tmp_path / "logmeets.dump", f"dir://{tmp_path}/bucket-copy"
    timings["pg_dump"] = _run("pg_dump", "--format=custom", f"--file={dump}", db_url)
    started = time.monotonic()
    assert copy_store(store, saved).startswith("copied 5 objects, ")
    timings["objects out"] = time.monotonic() - started

    # Objects deleted by mistake: versioning kept them; removing the delete markers undoes it.
    client, bucket = _s3(store)
    for key in (str(v["Key"]) for v in _versions(store)[0]):
        client.delete_object(Bucket=bucket, Key=key)
    out = tmp_path / "out.flac"
    r = export(rid, out, s.org_identity, s.data, "--database", db_url, "--store", store)
    assert r.returncode == 1 and "is not in the store (NoSuchKey)" in r.stderr, r.stderr
    versions, markers = _versions(store)
    assert (len(versions), len(markers)) == (5, 5)
    for m in markers:
        client.delete_object(Bucket=bucket, Key=m["Key"], VersionId=m["VersionId"])
    r = export(rid, out, s.org_identity, s.data, "--database", db_url, "--store", store)
    assert r.returncode == 0, r.stderr
    _assert_equals_source(out, rid, samples)
    out.unlink()

    # Wipe: the database dropped, every object version and the bucket deleted.
    _drop_database(real_pg, db_url)
    _delete_everything(store)
    r = export(rid, out, s.org_identity, s.data, "--database", db_url, "--store", store)
    assert r.returncode == 1 and "Cannot open the database" in r.stderr, r.stderr
    r = subprocess.run(
        [str(SERVER_BIN), "copy-store", store, f"dir://{tmp_path}/nothing"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1 and "NoSuchBucket" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr

    # Restore into a fresh database and a fresh bucket.
    new_db, new_store = fresh_database(real_pg), fresh_bucket(real_rgw)
    timings["pg_restore"] = _run(
        "pg_restore", "--no-owner", "--exit-on-error", f"--dbname={new_db}", str(dump)
    )
    started = time.monotonic()
    assert copy_store(saved, new_store).startswith("copied 5 objects, ")
    timings["objects back"] = time.monotonic() - started
    started = time.monotonic()
    r = export(rid, out, s.org_identity, s.data, "--database", new_db, "--store", new_store)
    timings["export"] = time.monotonic() - started
    assert r.returncode == 0, r.stderr
    assert "5 chunks, 240000 frames, 48000 Hz, 2 channel(s)" in r.stdout
    _assert_equals_source(out, rid, samples)
    print("DRILL " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))

    # Only the database restored, the objects not: a clear error naming the missing object.
    db_only = fresh_database(real_pg)
    _run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={db_only}", str(dump))
    backend = ("--database", db_only, "--store", fresh_bucket(real_rgw))
    r = export(rid, tmp_path / "y.flac", s.org_identity, s.data, *backend)
    assert r.returncode == 1, r.stderr
    assert "Chunk 0" in r.stderr and "is not in the store (NoSuchBucket)" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "y.flac").exists()
