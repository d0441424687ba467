"""The restore drill of docs/deploy.md §6, timed step by step on PostgreSQL 15 and a one-node
Ceph RGW (started by the script, tests/env/pg.sh and rgw.sh): one recording of `--chunks` bound,
sealed chunks of 30 s (mono, 48 kHz, 16 bit, noise at about -30 dBFS) uploaded through a
replica; then `pg_dump`, `logmeets-server copy-store` out, the database dropped and the bucket
emptied and deleted, `pg_restore` into a fresh database, `copy-store` into a fresh bucket, and
`logmeets-server export`, whose samples must equal the source's.

    .venv/bin/python bench/backup_drill.py [--chunks 20]

Exit status 1 when the export differs from the source."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pyrage
import soundfile as sf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "server"))
# The server subprocesses run this checkout's code, as in the tests (tests/conftest.py).
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p
)

from backends import fresh_bucket, fresh_database, start_pg, start_rgw  # noqa: E402
from serverkit import SERVER_BIN, Chunk, Client, launch  # noqa: E402

from crypto.binding import bind_flac  # noqa: E402

RATE, SECONDS = 48000, 30


def _upload(client: Client, chunks: int) -> tuple[str, str, int]:
    """One recording; (its id, the sha256 of its decoded samples, its ciphertext bytes)."""
    org = pyrage.x25519.Recipient.from_str(client.login_body["org_recipient"])
    rid, rng, digest, size, entries = (
        str(uuid.uuid4()),
        np.random.default_rng(6),
        hashlib.sha256(),
        0,
        [],
    )
    for i in range(chunks):
        samples = (rng.normal(size=RATE * SECONDS) * 1000).astype(np.int16)
        buf = io.BytesIO()
        sf.write(buf, samples, RATE, format="FLAC", subtype="PCM_16")
        digest.update(samples.tobytes())
        ch = Chunk(
            pyrage.encrypt(bind_flac(buf.getvalue(), rid, i), [org]), recording_id=rid, index=i
        )
        client.upload(ch)
        size += len(ch.data)
        entries.append(
            {"chunk_id": ch.chunk_id, "index": i, "sha256": ch.sha256, "size": len(ch.data)}
        )
    r = client.http.put(
        client.api(f"recordings/{rid}"), json={"chunks": entries}, headers=client.headers()
    )
    assert r.status_code == 201, r.text
    return rid, digest.hexdigest(), size


def _step(timings: dict[str, float], name: str, *args: str) -> str:
    started = time.perf_counter()
    r = subprocess.run(list(args), capture_output=True, text=True, timeout=1800)
    timings[name] = time.perf_counter() - started
    if r.returncode != 0:
        raise SystemExit(f"{name} failed: {r.stderr}")
    return r.stdout


def _wipe(pg: str, db_url: str, store: str) -> None:
    import boto3
    import psycopg

    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {urlsplit(db_url).path.lstrip('/')} WITH (FORCE)")
    parts = urlsplit(store)
    s3 = boto3.client(
        "s3",
        endpoint_url=parse_qs(parts.query)["endpoint"][0],
        region_name="us-east-1",
        aws_access_key_id=parts.username,
        aws_secret_access_key=parts.password,
    )
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=parts.hostname):
        for obj in page.get("Contents", []):
            s3.delete_object(Bucket=parts.hostname, Key=obj["Key"])
    s3.delete_bucket(Bucket=parts.hostname)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", type=int, default=20)
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="logmeets-drill-"))
    timings: dict[str, float] = {}
    with contextlib.ExitStack() as stack:
        pg_gen, rgw_gen = start_pg(), start_rgw()
        pg, rgw = next(pg_gen), next(rgw_gen)
        stack.callback(lambda: next(rgw_gen, None))
        stack.callback(lambda: next(pg_gen, None))
        db_url, store = fresh_database(pg), fresh_bucket(rgw)
        s = launch(base / "replica", org=True, shared=(db_url, store))
        try:
            c = Client(s)
            assert c.login().status_code == 201
            started = time.perf_counter()
            rid, source, size = _upload(c, args.chunks)
            timings["upload"] = time.perf_counter() - started
        finally:
            s.stop()
        assert s.org_identity is not None
        dump, saved = base / "logmeets.dump", f"dir://{base}/bucket-copy"
        _step(timings, "pg_dump", "pg_dump", "--format=custom", f"--file={dump}", db_url)
        _step(timings, "copy-store out", str(SERVER_BIN), "copy-store", store, saved)
        started = time.perf_counter()
        _wipe(pg, db_url, store)
        timings["wipe"] = time.perf_counter() - started
        new_db, new_store = fresh_database(pg), fresh_bucket(rgw)
        _step(
            timings,
            "pg_restore",
            "pg_restore",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={new_db}",
            str(dump),
        )
        _step(timings, "copy-store back", str(SERVER_BIN), "copy-store", saved, new_store)
        out = base / "restored.flac"
        backend = ("--database", new_db, "--store", new_store)
        who = ("--data", str(s.data), "--org-identity", str(s.org_identity))
        _step(timings, "export", str(SERVER_BIN), "export", rid, "--out", str(out), *who, *backend)
    digest = hashlib.sha256()
    for block in sf.blocks(str(out), blocksize=RATE * SECONDS, dtype="int16"):
        digest.update(block.tobytes())
    same = digest.hexdigest() == source
    print(
        f"{args.chunks} chunks x {SECONDS} s ({args.chunks * SECONDS / 60:.0f} min), "
        f"{size / 2**20:.1f} MiB of ciphertext, dump {dump.stat().st_size / 1024:.0f} KiB; "
        f"export equals the source: {same}"
    )
    for name, seconds in timings.items():
        print(f"  {name:<16} {seconds:6.2f} s")
    drill = sum(v for k, v in timings.items() if k != "upload")
    print(f"  {'drill total':<16} {drill:6.2f} s")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
