"""The clients of bench/server_load.py: each signs in, then uploads its chunks the way the
uploader does and checks every receipt; latencies per request kind and errors are collected."""

from __future__ import annotations

import base64
import hashlib
import math
import os
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import requests

PASSWORD = "bench-password"
KINDS = ("POST session", "POST create", "PATCH", "GET receipt", "PUT manifest")
MIB = 1024 * 1024
OCTET = "application/offset+octet-stream"


def _meta(**fields: object) -> str:
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in fields.items())


def _checksum(piece: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(piece).digest()).decode()


@dataclass
class Stats:
    """What the clients saw: seconds per request by kind, and every error."""

    latency: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: list[str] = field(default_factory=list)
    throttled: int = 0  # sign-ins answered 429 and tried again after Retry-After

    def send(
        self, kind: str, method: Callable[..., requests.Response], url: str, **kw: object
    ) -> requests.Response | None:
        """One request, its latency recorded; a network failure is an error (None)."""
        start = time.perf_counter()
        try:
            r = method(url, timeout=120, **kw)
        except requests.RequestException as exc:
            self.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
            return None
        self.latency[kind].append(time.perf_counter() - start)  # list.append is atomic
        return r

    def percentiles(self, kind: str) -> str:
        """`p50 / p99 ms (count)` of one kind, or `none`."""
        got = sorted(self.latency[kind])
        if not got:
            return "none"
        p50, p99 = (got[math.ceil(len(got) * q) - 1] for q in (0.5, 0.99))  # nearest rank
        return f"{p50 * 1000:7.0f} / {p99 * 1000:7.0f} ms ({len(got)})"


def sign_in(url: str, ca: str, user: str, stats: Stats) -> Client | None:
    """A signed-in client for `user`; a 429 of the sign-in throttle is waited out as the app
    does (Retry-After), anything else but 201 is an error (None)."""
    http = requests.Session()
    http.trust_env = False  # this machine sets REQUESTS_CA_BUNDLE
    http.verify = ca
    body = {"user": user, "password": PASSWORD, "device_id": user, "client_version": "bench"}
    for _attempt in range(30):
        r = stats.send("POST session", http.post, f"{url}/api/v1/session", json=body)
        if r is None or r.status_code != 429:
            break
        stats.throttled += 1
        time.sleep(float(r.headers.get("Retry-After", "1")))
    if r is None or r.status_code != 201:
        answer = "no answer" if r is None else f"{r.status_code} {r.text[:200]}"
        stats.errors.append(f"{user}: sign-in: {answer}")
        return None
    return Client(url, http, r.json(), stats)


@dataclass
class Client:
    """One signed-in client; its requests and errors go to the shared `stats`."""

    url: str
    http: requests.Session
    session: dict[str, str]  # the sign-in answer: user_id, access_token, tus_endpoint
    stats: Stats

    def _send(self, kind: str, method: str, url: str, **kw: Any) -> requests.Response | None:
        token = self.session["access_token"]
        headers = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
        headers |= kw.pop("headers", {})
        return self.stats.send(kind, getattr(self.http, method), url, headers=headers, **kw)

    def _error(self, what: str, r: requests.Response | None) -> None:
        answer = "no answer" if r is None else f"{r.status_code} {r.text[:200]}"
        self.stats.errors.append(f"{self.session['user_id']}: {what}: {answer}")

    def upload(self, meta: dict[str, object], data: bytes, piece: int) -> bool:
        """create with the first piece (creation-with-upload), then PATCH the rest in pieces,
        as `uploader.tus` does; False after an error (recorded)."""
        endpoint, first = self.session["tus_endpoint"], data[:piece]
        headers = {"Upload-Length": str(len(data)), "Upload-Metadata": _meta(**meta)}
        headers |= {"Content-Type": OCTET, "Upload-Checksum": _checksum(first)}
        r = self._send("POST create", "post", endpoint, headers=headers, data=first)
        if r is None or r.status_code != 201 or r.headers["Upload-Offset"] != str(len(first)):
            self._error("create", r)
            return False
        loc = urljoin(endpoint, r.headers["Location"])
        for offset in range(len(first), len(data), piece):
            part = data[offset : offset + piece]
            headers = {"Upload-Offset": str(offset), "Content-Type": OCTET}
            headers["Upload-Checksum"] = _checksum(part)
            r = self._send("PATCH", "patch", loc, headers=headers, data=part)
            if r is None or r.status_code != 204:
                self._error("patch", r)
                return False
        return True

    def run(self, chunks: int, size: int, piece: int) -> int:
        """Per chunk an upload and its receipt, then the manifest; returns the bytes whose
        receipt matched the sha256 of what was sent."""
        rid = str(uuid.uuid4())
        manifest = []
        for index in range(chunks):
            data = os.urandom(size)
            sha = hashlib.sha256(data).hexdigest()
            cid = str(uuid.uuid4())
            meta = {"chunk_id": cid, "recording_id": rid, "index": index, "sha256": sha}
            if not self.upload(meta | {"size": size}, data, piece):
                continue
            r = self._send("GET receipt", "get", f"{self.url}/api/v1/chunks/{cid}")
            receipt = r.json() if r is not None and r.status_code == 200 else {}
            if not (
                receipt.get("complete") and receipt["sha256"] == sha and receipt["size"] == size
            ):
                self._error(f"receipt of chunk {index}", r)
                continue
            manifest.append({"chunk_id": cid, "index": index, "sha256": sha, "size": size})
        r = self._send(
            "PUT manifest", "put", f"{self.url}/api/v1/recordings/{rid}", json={"chunks": manifest}
        )
        if r is None or r.status_code != 201:
            self._error("manifest", r)
        return len(manifest) * size


@dataclass
class Run:
    """One upload phase: its wall time, the bytes confirmed, and what the clients saw."""

    seconds: float
    confirmed: int
    stats: Stats

    def mib_s(self) -> float:
        """Aggregate throughput of confirmed bytes."""
        return self.confirmed / MIB / self.seconds


def run_clients(
    url: str,
    ca: str,
    users: list[str],
    chunks: int,
    size: int,
    piece: int,
    sign_ins: int,
    on_start: Callable[[], None] = lambda: None,
) -> Run:
    """`users` sign in, `sign_ins` at a time, then all upload at once (one thread each: a
    client spends its time waiting on the network); `on_start` runs between the two phases."""
    stats = Stats()
    with ThreadPoolExecutor(max_workers=sign_ins) as pool:
        signed_in = list(pool.map(lambda u: sign_in(url, ca, u, stats), users))
    clients = [c for c in signed_in if c is not None]
    with ThreadPoolExecutor(max_workers=max(1, len(clients))) as pool:
        on_start()
        start = time.perf_counter()
        confirmed = sum(pool.map(lambda c: c.run(chunks, size, piece), clients))
        return Run(time.perf_counter() - start, confirmed, stats)
