"""The local cluster of `make cluster` (tools/cluster.sh: PostgreSQL, Ceph RGW, three replicas,
HAProxy with TLS): 50 clients upload through HAProxy while one replica is SIGKILLed and later
restarted; every chunk arrives once, byte-identical, with a receipt."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from backends import REPO, cluster_env
from serverkit import Chunk, Server

from server.blobs import open_store
from server.db import Database
from server.shared_accounts import SharedUsers

CLIENTS = 50
CHUNKS = 4
SIZE = 256 * 1024
PIECE = 64 * 1024
pytestmark = [pytest.mark.realpg, pytest.mark.realceph, pytest.mark.slow]


class Uploader(threading.Thread):
    """One client: sign in, then create + PATCH in pieces, resuming from HEAD after any
    failure (its normal retry), and fetch each receipt."""

    def __init__(self, url: str, ca: Path, user: str) -> None:
        super().__init__(daemon=True)
        self.url, self.user = url, user
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.verify = str(ca)
        self.chunks = [Chunk(os.urandom(SIZE), index=i) for i in range(CHUNKS)]
        rid = str(uuid.uuid4())
        for c in self.chunks:
            c.recording_id = rid
        self.retries = 0
        self.receipts: dict[str, str] = {}
        self.error: BaseException | None = None
        self.token = ""

    def _h(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Tus-Resumable": "1.0.0", **extra}

    def _retrying(self, step: object) -> requests.Response:
        for _attempt in range(30):
            try:
                r = step()  # type: ignore[operator]
                if r.status_code == 429:  # sign-in throttle: wait as told (not a failure)
                    time.sleep(float(r.headers.get("Retry-After", "1")))
                    continue
                if r.status_code < 500 and r.status_code != 423:
                    return r
                wait = float(r.headers.get("Retry-After", "0.3"))  # 423: the lease's holder
            except requests.RequestException:
                wait = 0.3
            self.retries += 1
            time.sleep(wait)
        raise AssertionError(f"{self.user}: gave up")

    def run(self) -> None:
        try:
            body = {"user": self.user, "password": "pw", "device_id": "d1"}
            body["client_version"] = "0.1.0"
            r = self._retrying(lambda: self.http.post(f"{self.url}/api/v1/session", json=body))
            assert r.status_code == 201, r.text
            self.token = r.json()["access_token"]
            for c in self.chunks:
                self._upload(c)
        except BaseException as exc:
            self.error = exc

    def _upload(self, c: Chunk) -> None:
        hdrs = self._h(**{"Upload-Length": str(SIZE), "Upload-Metadata": c.metadata()})
        r = self._retrying(lambda: self.http.post(f"{self.url}/files/", headers=hdrs))
        assert r.status_code == 201, r.text
        loc = r.headers["Location"]
        offset = int(r.headers["Upload-Offset"])
        while offset < SIZE:
            piece = c.data[offset : offset + PIECE]
            h = self._h(
                **{"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
            )
            try:
                r = self.http.patch(loc, headers=h, data=piece, timeout=30)
                if r.status_code == 204:
                    offset = int(r.headers["Upload-Offset"])
                    continue
                wait = float(r.headers.get("Retry-After", "0.3"))  # as the uploader does
            except requests.RequestException:
                wait = 0.3
            self.retries += 1
            time.sleep(wait)
            r = self._retrying(lambda: self.http.head(loc, headers=self._h()))
            offset = int(r.headers["Upload-Offset"])
        r = self._retrying(
            lambda: self.http.get(f"{self.url}/api/v1/chunks/{c.chunk_id}", headers=self._h())
        )
        self.receipts[c.chunk_id] = r.json()["sha256"]


def test_fifty_clients_survive_a_replica_killed_mid_upload(real_cluster: Server) -> None:
    url, ca, d = real_cluster.url, real_cluster.ca, real_cluster.data
    env = cluster_env(d)
    db = Database(env["pg_url"], pool_size=2)
    # Cheap hashes for the test accounts (the server verifies at each account's stored cost).
    users = SharedUsers(db, scrypt_n=2**12)
    for i in range(CLIENTS):
        users.set_password(f"user{i}", "pw")
    clients = [Uploader(url, ca, f"user{i}") for i in range(CLIENTS)]
    for c in clients:
        c.start()
    time.sleep(1.5)
    assert sum(len(c.receipts) for c in clients) < CLIENTS * CHUNKS  # still uploading
    victim = int((d / "r2.pid").read_text())
    os.kill(victim, signal.SIGKILL)
    time.sleep(3)
    restart = subprocess.run(
        [str(REPO / "tools/cluster.sh"), "replica", str(d), "2"],
        timeout=120,
        capture_output=True,
    )
    assert restart.returncode == 0, restart.stderr
    for c in clients:
        c.join(timeout=240)
    assert [c.error for c in clients if c.error] == []
    assert not any(c.is_alive() for c in clients)
    # Every chunk: a receipt with its own sha256, one complete upload, one object, intact.
    store = open_store(
        f"s3://logmeets?endpoint={env['s3_endpoint']}",
        {"AWS_ACCESS_KEY_ID": env["s3_key"], "AWS_SECRET_ACCESS_KEY": env["s3_secret"]},
    )
    for c in clients:
        for ch in c.chunks:
            assert c.receipts[ch.chunk_id] == ch.sha256
            rows = db.query(
                "SELECT object_key FROM uploads WHERE chunk_id = ? AND state = 'complete'",
                (ch.chunk_id,),
            )
            assert len(rows) == 1
            assert hashlib.sha256(store.read(rows[0][0])).hexdigest() == ch.sha256
    # The cluster is shared with the conformance suite: count this test's accounts' objects.
    objects = [
        k for i in range(CLIENTS) for k in store.keys(f"default/user{i}/") if k.endswith(".age")
    ]
    assert len(objects) == CLIENTS * CHUNKS
    # Normal retry only: a few resumes per client around the kill, never a storm.
    assert max(c.retries for c in clients) <= 10, [c.retries for c in clients]
    db.close()
