"""Helpers of the server conformance suite: a real `logmeets-server` subprocess over real HTTPS
on loopback (self-signed CA), a small tus/API client on `requests`, and raw TLS sockets for cut
and stalled bodies. (A module with its own name: `from conftest import` would pick up another
folder's conftest when the whole tree runs.)"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import signal
import socket
import ssl
import struct
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyrage
import requests

REPO = Path(__file__).resolve().parents[2]
SERVER_BIN = Path(sys.executable).parent / "logmeets-server"
DEMO = ("demo", "demo-password")


@dataclass
class Server:
    """A running server as its clients see it: one process, or the local cluster behind
    HAProxy (tools/cluster.sh), which the session starts and stops."""

    url: str
    ca: Path
    data: Path
    stderr_path: Path
    org_identity: Path | None = None  # the organisation identity export needs (outside data)
    shared: tuple[str, str] | None = None  # (database URL, store URL) on shared backends

    @property
    def demo_identity(self) -> Path:
        """The organisation identity of demo mode: kept beside the data dir, never in it."""
        return self.org_identity or self.data.with_name(self.data.name + ".org-identity.txt")

    def stop(self) -> int:
        """Stop what this object started; its exit status (a clean stop is 0)."""
        return 0


@dataclass
class ServerProc(Server):
    """A running server subprocess."""

    proc: subprocess.Popen[str] = field(kw_only=True)

    def stop(self) -> int:
        """SIGTERM, then the exit status (a clean stop is 0)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def launch(
    data: Path,
    *extra: str,
    tls_self_signed: bool = True,
    org: bool = False,
    shared: tuple[str, str] | None = None,
) -> ServerProc:
    """Start `logmeets-server serve` on a free port and wait for its LISTENING line. With
    `org`, an organisation identity is made beside `data` (never in it) and the server gets
    only its recipient."""
    data.mkdir(parents=True, exist_ok=True)
    args = [str(SERVER_BIN), "serve", "--data", str(data), "--port", "0"]
    if tls_self_signed:
        args.append("--tls-self-signed")
    org_identity = None
    if org:
        org_identity = data.parent / f"{data.name}-org.txt"
        if not org_identity.exists():
            identity = pyrage.x25519.Identity.generate()
            org_identity.write_text(f"# public key: {identity.to_public()}\n{identity}\n")
            org_identity.chmod(0o600)
        recipient = org_identity.read_text().split("# public key: ", 1)[1].split()[0]
        args += ["--org-recipient", recipient]
    args += ["--demo-user", f"{DEMO[0]}:{DEMO[1]}", *extra]
    if shared is not None:
        args += ["--database", shared[0], "--store", shared[1]]
    err_path = data.parent / f"{data.name}-stderr.log"
    err = err_path.open("w")
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=err, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline().strip()
    if not first.startswith("LISTENING "):
        proc.kill()
        raise AssertionError(f"server did not start: {first!r}\n{err_path.read_text()}")
    url = first.split(" ", 1)[1]
    return ServerProc(url, data / "tls" / "ca.pem", data, err_path, org_identity, shared, proc=proc)


def meta(**fields: Any) -> str:
    """tus Upload-Metadata for `fields`."""
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in fields.items())


@dataclass
class Chunk:
    """A chunk to upload: random bytes standing in for ciphertext."""

    data: bytes
    chunk_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    recording_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    index: int = 0

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def metadata(self, **override: Any) -> str:
        fields: dict[str, Any] = {
            "chunk_id": self.chunk_id,
            "recording_id": self.recording_id,
            "index": self.index,
            "sha256": self.sha256,
            "size": len(self.data),
            "duration": 30.0,
            "started_at": 1795000000.5,
            "device_id": "test-device",
        }
        fields.update(override)
        return meta(**{k: v for k, v in fields.items() if v is not None})


class Client:
    """A plain API/tus client on `requests` (trust_env off: this machine sets CA bundles)."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.verify = str(server.ca)
        self.login_body: dict[str, Any] = {}

    @property
    def token(self) -> str:
        return str(self.login_body["access_token"])

    @property
    def tus(self) -> str:
        return str(self.login_body["tus_endpoint"])

    def api(self, path: str) -> str:
        return f"{self.server.url}/api/v1/{path}"

    def login(
        self, user: str = DEMO[0], password: str = DEMO[1], **extra: Any
    ) -> requests.Response:
        body = {
            "user": user,
            "password": password,
            "device_id": "dev-1",
            "device_name": "Test laptop",
            "client_version": "0.1.0",
            **extra,
        }
        r = self.http.post(self.api("session"), json=body, timeout=30)
        if r.status_code == 201:
            self.login_body = r.json()
        return r

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Tus-Resumable": "1.0.0", **extra}

    def create(self, chunk: Chunk, *, body: bytes | None = None, **hdrs: str) -> requests.Response:
        h = self.headers(
            **{"Upload-Length": str(len(chunk.data)), "Upload-Metadata": chunk.metadata()}
        )
        if body is not None:
            h["Content-Type"] = "application/offset+octet-stream"
        h.update(hdrs)
        return self.http.post(self.tus, headers=h, data=body, timeout=30)

    def patch(self, url: str, offset: int, data: bytes, **hdrs: str) -> requests.Response:
        h = self.headers(
            **{"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
        )
        h.update(hdrs)
        return self.http.patch(url, headers=h, data=data, timeout=30)

    def head(self, url: str) -> requests.Response:
        return self.http.head(url, headers=self.headers(), timeout=30)

    def receipt(self, chunk_id: str) -> requests.Response:
        return self.http.get(self.api(f"chunks/{chunk_id}"), headers=self.headers(), timeout=30)

    def upload(self, chunk: Chunk) -> str:
        """Create + one PATCH; returns the upload URL."""
        r = self.create(chunk)
        assert r.status_code == 201, r.text
        url = r.headers["Location"]
        r = self.patch(url, 0, chunk.data)
        assert r.status_code == 204, r.text
        return url


def checksum(algo: str, data: bytes) -> str:
    """An Upload-Checksum header value."""
    return f"{algo} {base64.b64encode(hashlib.new(algo, data).digest()).decode()}"


def _complete(response: bytes) -> bool:
    head, sep, body = response.partition(b"\r\n\r\n")
    if not sep:
        return False
    lines = head.split(b"\r\n")
    if lines[0].split(b" ", 2)[1] in (b"204", b"304"):
        return True  # no body, by definition
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False  # no length: the answer ends when the connection does


class RawPatch:
    """A PATCH sent over a raw TLS socket, so a test can stop mid-body, stall or cut."""

    def __init__(self, client: Client, url: str, offset: int, length: int, **hdrs: str) -> None:
        parts = urlsplit(url)
        self._address = (parts.hostname, parts.port)
        self._ctx = ssl.create_default_context(cafile=str(client.server.ca))
        headers = {
            "Host": parts.netloc,
            "Authorization": f"Bearer {client.token}",
            "Tus-Resumable": "1.0.0",
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(length),
            **hdrs,
        }
        self._head = (
            f"PATCH {parts.path} HTTP/1.1\r\n"
            + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            + "\r\n"
        ).encode()
        self.sent = b""
        self._open()

    def _open(self) -> None:
        raw = socket.create_connection(self._address, timeout=30)
        self.sock = self._ctx.wrap_socket(raw, server_hostname=self._address[0])
        self.sock.sendall(self._head + self.sent)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)
        self.sent += data

    def answered_early(self) -> bytes | None:
        """What the server already answered to this unfinished PATCH (b"" if it closed the
        connection), or None while it is still reading the body."""
        self.sock.settimeout(0)
        try:
            return self.sock.recv(65536)
        except (ssl.SSLWantReadError, BlockingIOError):
            return None  # nothing, or only a TLS session ticket
        except (ConnectionError, ssl.SSLError):
            return b""
        finally:
            self.sock.settimeout(30)

    def reopen(self) -> None:
        """Send the same PATCH again on a new connection, with the body sent so far."""
        self.sock.close()
        self._open()

    def read_response(self, timeout: float = 30) -> tuple[int, bytes]:
        """(status, everything after the status line) of the answer: read until its
        Content-Length is complete, or until the server closes the connection, which it does
        after answering a PATCH whose body it gave up."""
        self.sock.settimeout(timeout)
        buf = b""
        while not _complete(buf):
            try:
                data = self.sock.recv(65536)
            except (ConnectionError, ssl.SSLError):
                break
            if not data:
                break
            buf += data
        status_line, _, rest = buf.partition(b"\r\n")
        return int(status_line.split(b" ", 2)[1]), rest

    def cut(self) -> None:
        """Reset the connection (RST): bytes still in flight may be lost."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self) -> None:
        """End the connection in order (FIN): every byte sent reaches the server first."""
        self.sock.close()


def wait_offset(client: Client, url: str, *, not_before: float = 0, timeout: float = 20) -> int:
    """HEAD until the upload is no longer being written (lock released) and return the offset.

    A PATCH that holds the lock makes a concurrent PATCH 423; HEAD does not lock, so this polls
    with an empty PATCH at a wrong offset: 409 means unlocked (423 means still writing)."""
    deadline = time.monotonic() + timeout
    while True:
        r = client.patch(url, 2**40, b"")
        if r.status_code == 409:
            return int(r.headers["Upload-Offset"])
        assert r.status_code == 423, r.text
        assert time.monotonic() < deadline, "the upload lock was never released"
        time.sleep(0.1)


def wait_locked(client: Client, url: str, raw: RawPatch, timeout: float = 20) -> None:
    """Poll until `raw` holds the upload's lock (a probe PATCH gets 423).

    A probe takes the lock for a moment itself when it is free: a raw PATCH arriving just then
    is refused with 423, and is sent again."""
    deadline = time.monotonic() + timeout
    while client.patch(url, 2**40, b"").status_code != 423:
        assert time.monotonic() < deadline, "the raw PATCH never took the lock"
        early = raw.answered_early()
        if early is not None:
            assert early.startswith(b"HTTP/1.1 423"), early[:200]
            raw.reopen()
        time.sleep(0.05)


# What a server process may not keep of a body cut by the client: uvicorn hands the request
# body over from a buffer of up to 64 KiB (flow control's high-water mark) plus one socket
# read (asyncio's 256 KiB), and drops what is left in it when the connection ends.
UNREAD_AT_CUT = 64 * 1024 + 256 * 1024


def check_cut_offset(server: Server, offset: int, sent: int) -> None:
    """The offset after a PATCH cut once `sent` bytes went out: the bytes the server read (the
    cluster's HAProxy also drops what it still buffers)."""
    assert offset <= sent
    if isinstance(server, ServerProc):
        assert offset >= sent - UNREAD_AT_CUT, (offset, sent)


def stored_bytes(server: Server, url: str) -> bytes:
    """The bytes the server holds for an upload (read from its data dir)."""
    upload_id = url.rsplit("/", 1)[1]
    if server.shared is None:
        return (server.data / "uploads" / f"{upload_id}.bin").read_bytes()
    return shared_stored_bytes(server.shared, upload_id)


def stored_metadata(server: Server, table: str) -> str:
    """Everything the server stores of `table` (sessions, users), as text: its JSON file, or
    the rows of the database table."""
    if server.shared is None:
        return (server.data / f"{table}.json").read_text()
    from server.db import Database

    db = Database(server.shared[0], pool_size=1)
    rows = db.query(f"SELECT * FROM {table}")
    db.close()
    return repr(rows)


def secret_files(server: Server) -> list[Path]:
    """The files of the server that hold secrets or hashes of them."""
    if server.shared is None:
        names = ("users.json", "sessions.json", "devices.json", "tls/server.key")
        return [server.data / n for n in names]
    files = [server.data / "tls/server.key"]
    if server.shared[0].startswith("sqlite:///"):
        files.append(Path(server.shared[0].removeprefix("sqlite:///")))
    return files


def shared_stored_bytes(shared: tuple[str, str], upload_id: str) -> bytes:
    """The bytes a shared backend holds for an upload: the object once complete, else its
    parts (readable back from a directory store only) and its pending piece."""
    from server.blobs import DirBlobs, open_store, pending_key
    from server.db import Database

    db = Database(shared[0], pool_size=1)
    blobs = open_store(shared[1])
    row = db.one(
        "SELECT state, object_key, parts, pending_part, mpu_id FROM uploads WHERE upload_id = ?",
        (upload_id,),
    )
    db.close()
    assert row is not None, f"no upload {upload_id}"
    state, key, parts, pending, mpu = row
    if state == "complete":
        return blobs.read(key)
    out = b""
    for number, _etag, _size in json.loads(parts):
        assert isinstance(blobs, DirBlobs), "S3 cannot read back parts in flight"
        out += (blobs.root / ".uploads" / mpu / f"{number:05d}").read_bytes()
    if pending is not None:
        out += blobs.read(pending_key(key, pending))
    return out


def random_bytes(n: int) -> bytes:
    return os.urandom(n)
