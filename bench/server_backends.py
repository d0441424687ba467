"""Throughput of `logmeets-server` on each backend combination (docs/deploy.md), as a ratio
against the JSON files + data directory baseline measured in the same run: SQLite or PostgreSQL
for the metadata, a directory or S3 (a one-node Ceph RGW, tests/env/rgw.sh) for the bytes.
One client uploads chunks of 1 MiB, each with its creation request, over HTTPS on loopback; every
receipt must match.

    .venv/bin/python bench/server_backends.py [--chunks 40]

Needs PostgreSQL and radosgw installed (`make sysdeps-test`). Exit status 1 on a wrong receipt.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "server"))

from backends import fresh_bucket, fresh_database, start_pg, start_rgw  # noqa: E402
from serverkit import Chunk, launch  # noqa: E402

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


def _run(name: str, base: Path, shared: tuple[str, str] | None, clients: int, chunks: int) -> float:
    # One client: a second one on the demo account would supersede its session.
    s = launch(base / name, shared=shared)
    try:
        t0 = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(lambda _i: _run_one(s.url, s.ca, chunks), range(clients)))
        elapsed = time.perf_counter() - t0
    finally:
        s.stop()
    if not all(results):
        print(f"{name}: WRONG RECEIPT")
        raise SystemExit(1)
    return clients * chunks / elapsed


def _run_one(url: str, ca: Path, chunks: int) -> bool:
    return _client(url, ca, chunks)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", type=int, default=40)
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
        rates = {n: _run(n, base, sh, 1, args.chunks) for n, sh in combos.items()}
    baseline = rates["json+dir"]
    print(f"{1} client(s) x {args.chunks} chunks of 1 MiB, one PATCH each, HTTPS")
    for name, rate in rates.items():
        print(f"  {name:<11} {rate:7.1f} MiB/s   ratio {rate / baseline:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
