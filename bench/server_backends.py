"""Throughput of `logmeets-server` on each backend combination (docs/deploy.md), as a ratio
against the JSON files + data directory baseline measured in the same run: SQLite or PostgreSQL
for the metadata, a directory or S3 (a one-node Ceph RGW, tests/env/rgw.sh) for the bytes.
One client uploads chunks of 1 MiB, each with its creation request, over HTTPS on loopback; every
receipt must match.

Then the manifest of a long meeting: `--manifest-chunks` chunks of 4 KiB (240: two hours of 30 s
chunks) uploaded into one recording, and the PUT of its manifest timed against the baseline of
one receipt GET in the same run (each checks the same chunks in the database).

    .venv/bin/python bench/server_backends.py [--chunks 40] [--manifest-chunks 240]

Needs PostgreSQL and radosgw installed (`make sysdeps-test`). Exit status 1 on a wrong receipt.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "server"))

from backends import fresh_bucket, fresh_database, start_pg, start_rgw  # noqa: E402
from serverkit import Chunk, Client, ServerProc, launch  # noqa: E402

MiB = 1024 * 1024


def _client(url: str, ca: Path, chunks: int) -> bool:
    http = requests.Session()
    http.trust_env = False
    http.verify = str(ca)
    body = {"user": "demo", "password": "demo-password", "device_id": uuid.uuid4().hex}
    body["client_version"] = "0.1.0"
    r = http.post(f"{url}/api/v1/session", json=body, timeout=60)
    while r.status_code == 429:
        time.sleep(float(r.headers.get("Retry-After", "1")))
        r = http.post(f"{url}/api/v1/session", json=body, timeout=60)
    token = r.json()["access_token"]
    ok = True
    for _ in range(chunks):
        c = Chunk(os.urandom(MiB))
        h = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
        h |= {"Upload-Length": str(MiB), "Upload-Metadata": c.metadata()}
        h["Content-Type"] = "application/offset+octet-stream"
        r = http.post(f"{url}/files/", headers=h, data=c.data, timeout=60)
        h = {"Authorization": f"Bearer {token}"}
        got = http.get(f"{url}/api/v1/chunks/{c.chunk_id}", headers=h, timeout=60).json()
        ok &= got.get("sha256") == hashlib.sha256(c.data).hexdigest()
    return ok


def _manifest(server: ServerProc, chunks: int) -> tuple[float, float]:
    """(seconds of the manifest PUT of `chunks` small chunks, seconds of one receipt GET)."""
    c = Client(server)
    assert c.login().status_code == 201
    rid = str(uuid.uuid4())
    listed = []
    for index in range(chunks):
        chunk = Chunk(os.urandom(4096), recording_id=rid, index=index)
        c.upload(chunk)
        listed.append(
            {"chunk_id": chunk.chunk_id, "index": index, "sha256": chunk.sha256, "size": 4096}
        )
    receipt, put = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        r = c.receipt(listed[-1]["chunk_id"])
        receipt.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        m = c.http.put(
            c.api(f"recordings/{rid}"), json={"chunks": listed}, headers=c.headers(), timeout=300
        )
        put.append(time.perf_counter() - t0)
        if r.status_code != 200 or m.status_code not in (200, 201):
            print(f"manifest: HTTP {m.status_code} {m.text[:200]}")
            raise SystemExit(1)
    return statistics.median(put), statistics.median(receipt)


def _run(
    name: str, base: Path, shared: tuple[str, str] | None, chunks: int, manifest: int
) -> tuple[float, float, float]:
    """(MiB/s of one client, manifest PUT seconds, receipt GET seconds)."""
    # One client: a second one on the demo account would supersede its session.
    s = launch(base / name, shared=shared)
    try:
        t0 = time.perf_counter()
        ok = _client(s.url, s.ca, chunks)
        rate = chunks / (time.perf_counter() - t0)
        put, receipt = _manifest(s, manifest)
    finally:
        s.stop()
    if not ok:
        print(f"{name}: WRONG RECEIPT")
        raise SystemExit(1)
    return rate, put, receipt


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", type=int, default=40)
    ap.add_argument("--manifest-chunks", type=int, default=240)
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="logmeets-bench-"))
    with contextlib.ExitStack() as stack:
        pg_gen, rgw_gen = start_pg(), start_rgw()
        pg, rgw = next(pg_gen), next(rgw_gen)
        stack.callback(lambda: next(rgw_gen, None))
        stack.callback(lambda: next(pg_gen, None))
        combos: dict[str, tuple[str, str] | None] = {
            "json+dir": None,
            "sqlite+dir": (f"sqlite:///{base}/a.db", f"dir://{base}/a-objects"),
            "sqlite+s3": (f"sqlite:///{base}/b.db", fresh_bucket(rgw)),
            "pg+dir": (fresh_database(pg), f"dir://{base}/c-objects"),
            "pg+s3": (fresh_database(pg), fresh_bucket(rgw)),
        }
        runs = {n: _run(n, base, sh, args.chunks, args.manifest_chunks) for n, sh in combos.items()}
    baseline = runs["json+dir"][0]
    print(f"1 client x {args.chunks} chunks of 1 MiB, one PATCH each, HTTPS")
    for name, (rate, _put, _get) in runs.items():
        print(f"  {name:<11} {rate:7.1f} MiB/s   ratio {rate / baseline:.2f}")
    print(f"manifest PUT of {args.manifest_chunks} chunks against one receipt GET (medians of 5)")
    for name, (_rate, put, get) in runs.items():
        print(f"  {name:<11} {put * 1000:7.1f} ms against {get * 1000:5.1f} ms: {put / get:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
