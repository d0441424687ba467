"""Load benchmark of `logmeets-server` (issue 5): N clients upload M chunks each, concurrently,
over HTTPS against a server subprocess. Every receipt must match the bytes sent; the script
prints the server's peak RSS against its RSS after start-up (the baseline), and the aggregate
throughput against one client alone (measured first, in the same run).

    .venv/bin/python bench/server_load.py [--clients 50] [--chunks 20] [--size 262144]

Exit status 1 if any receipt or manifest is wrong. Timings on a shared machine are noisy: read
the ratios, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyrage
import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from server.users import UserStore  # noqa: E402

SERVER_BIN = Path(sys.executable).parent / "logmeets-server"
PASSWORD = "bench-password"


def _meta(**fields: object) -> str:
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in fields.items())


def _rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


class Sampler(threading.Thread):
    """Samples the server's VmRSS every 20 ms; VmHWM (the kernel's own peak) is read too."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.stop_flag = threading.Event()

    def run(self) -> None:
        while not self.stop_flag.is_set():
            self.peak = max(self.peak, _rss_kib(self.pid, "VmRSS"))
            time.sleep(0.02)


def login(url: str, ca: str, user: str) -> tuple[requests.Session, dict[str, str]]:
    """A logged-in HTTPS session for `user`."""
    http = requests.Session()
    http.trust_env = False  # this machine sets REQUESTS_CA_BUNDLE
    http.verify = ca
    r = http.post(
        f"{url}/api/v1/session",
        json={"user": user, "password": PASSWORD, "device_id": user, "client_version": "bench"},
        timeout=120,
    )
    if r.status_code != 201:
        raise RuntimeError(f"{user}: login {r.status_code} {r.text}")
    return http, r.json()


def client_run(
    url: str, http: requests.Session, body: dict[str, str], chunks: int, size: int
) -> tuple[int, list[str]]:
    """One client: create + 2 PATCHes (with checksums) + receipt per chunk, then the manifest."""
    errors: list[str] = []
    user = body["user_id"]
    auth = {"Authorization": f"Bearer {body['access_token']}", "Tus-Resumable": "1.0.0"}
    rid = str(uuid.uuid4())
    manifest = []
    sent = 0
    for index in range(chunks):
        data = os.urandom(size)
        sha = hashlib.sha256(data).hexdigest()
        cid = str(uuid.uuid4())
        r = http.post(
            body["tus_endpoint"],
            headers={
                **auth,
                "Upload-Length": str(size),
                "Upload-Metadata": _meta(
                    chunk_id=cid, recording_id=rid, index=index, sha256=sha, size=size
                ),
            },
            timeout=120,
        )
        if r.status_code != 201:
            errors.append(f"{user}: create {r.status_code} {r.text}")
            continue
        loc = r.headers["Location"]
        half = size // 2
        for offset, piece in ((0, data[:half]), (half, data[half:])):
            digest = base64.b64encode(hashlib.sha256(piece).digest()).decode()
            r = http.patch(
                loc,
                headers={
                    **auth,
                    "Upload-Offset": str(offset),
                    "Content-Type": "application/offset+octet-stream",
                    "Upload-Checksum": f"sha256 {digest}",
                },
                data=piece,
                timeout=120,
            )
            if r.status_code != 204:
                errors.append(f"{user}: patch {r.status_code} {r.text}")
        r = http.get(f"{url}/api/v1/chunks/{cid}", headers=auth, timeout=120)
        receipt = r.json() if r.status_code == 200 else {}
        if not (receipt.get("complete") and receipt["sha256"] == sha and receipt["size"] == size):
            errors.append(f"{user}: receipt mismatch for chunk {index}: {r.status_code} {r.text}")
        sent += size
        manifest.append({"chunk_id": cid, "index": index, "sha256": sha, "size": size})
    r = http.put(
        f"{url}/api/v1/recordings/{rid}", json={"chunks": manifest}, headers=auth, timeout=120
    )
    if r.status_code != 201:
        errors.append(f"{user}: manifest {r.status_code} {r.text}")
    return sent, errors


def run_clients(
    url: str, ca: str, users: list[str], chunks: int, size: int, sampler: Sampler
) -> tuple[float, int, list[str], int]:
    """All `users` log in at once, then upload at once; returns (upload seconds, bytes, errors,
    the server's peak RSS in KiB during the upload phase alone)."""
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        sessions = list(pool.map(lambda u: login(url, ca, u), users))
        sampler.peak = 0  # from here on: the upload phase only
        start = time.perf_counter()
        results = list(pool.map(lambda s: client_run(url, s[0], s[1], chunks, size), sessions))
        elapsed = time.perf_counter() - start
        upload_peak = sampler.peak
    return elapsed, sum(r[0] for r in results), [e for r in results for e in r[1]], upload_peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--chunks", type=int, default=20)
    ap.add_argument("--size", type=int, default=256 * 1024, help="bytes per chunk")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="logmeets-bench-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        store = UserStore(data)
        users = [f"bench{i:03d}" for i in range(args.clients)] + ["solo"]
        for user in users:
            store.set_password(user, PASSWORD)
        # The server holds only the organisation's public key; nothing here decrypts.
        org_recipient = str(pyrage.x25519.Identity.generate().to_public())
        proc = subprocess.Popen(
            [
                *(str(SERVER_BIN), "serve", "--data", str(data), "--port", "0"),
                *("--tls-self-signed", "--org-recipient", org_recipient),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            if not line.startswith("LISTENING "):
                print(f"server did not start: {line!r}")
                return 1
            url = line.split(" ", 1)[1]
            ca = str(data / "tls" / "ca.pem")
            time.sleep(0.5)
            baseline = _rss_kib(proc.pid, "VmRSS")
            sampler = Sampler(proc.pid)
            sampler.start()

            solo_s, solo_bytes, errors, _ = run_clients(
                url, ca, ["solo"], args.chunks, args.size, sampler
            )
            after_solo = _rss_kib(proc.pid, "VmRSS")
            load_s, load_bytes, load_errors, upload_peak = run_clients(
                url, ca, users[:-1], args.chunks, args.size, sampler
            )
            errors += load_errors
            sampler.stop_flag.set()
            sampler.join()
            upload_peak = max(upload_peak, sampler.peak)
            peak = max(upload_peak, _rss_kib(proc.pid, "VmHWM"))
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    mib = 1024 * 1024
    solo_tp = solo_bytes / mib / solo_s
    load_tp = load_bytes / mib / load_s
    n_chunks = args.clients * args.chunks
    print(f"server_load: {args.clients} clients x {args.chunks} chunks x {args.size} B over HTTPS")
    print(f"  receipts checked: {n_chunks + args.chunks}, errors: {len(errors)}")
    for e in errors[:10]:
        print(f"    {e}")
    print(f"  server RSS after start-up (baseline): {baseline / 1024:.1f} MiB")
    print(f"  server RSS after one client (incl. one 128 MiB scrypt): {after_solo / 1024:.1f} MiB")
    print(
        f"  server peak RSS while {args.clients} clients upload: {upload_peak / 1024:.1f} MiB"
        f"  (ratio to baseline {upload_peak / baseline:.2f})"
    )
    print(
        f"  server peak RSS overall (VmHWM, incl. 2 concurrent 128 MiB scrypt logins): "
        f"{peak / 1024:.1f} MiB  (ratio to baseline {peak / baseline:.2f})"
    )
    print(f"  one client alone (baseline): {solo_tp:.1f} MiB/s")
    print(
        f"  {args.clients} clients: {load_tp:.1f} MiB/s aggregate, "
        f"{n_chunks / load_s:.0f} chunks/s, {load_s:.1f} s  "
        f"(ratio to one client {load_tp / solo_tp:.2f})"
    )
    print(f"  server exit status after SIGTERM: {proc.returncode}")
    return 1 if errors or proc.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
