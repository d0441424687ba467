"""A fault-injecting HTTPS proxy for the uploader's tests.

It sits between the client and the real `logmeets-server`: it terminates the client's TLS with
its own test CA, forwards each HTTP/1.1 request over TLS to the server, and can, per matching
request, cut the body after N bytes (both sides see a dead connection), stall it, corrupt one
byte, rewrite a header, answer by itself (500/503/429 with Retry-After, ...), stall or drop the
server's answer. It can also go offline (the port refuses connections) and move to a restarted
server on another port while the client keeps the same URL. Every request is logged with the
body bytes that reached the server, so tests can count what was sent twice.

Only faults are fake here: every answer the client sees that is not a listed fault comes from
the real server.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import os
import socket
import ssl
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

BLOCK = 64 * 1024


@dataclass
class Request:
    """What the proxy read of one client request (headers as sent; names kept as written)."""

    method: str
    target: str
    headers: list[tuple[str, str]]

    def header(self, name: str) -> str | None:
        """The first header `name` (case-insensitive), or None."""
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def set_header(self, name: str, value: str) -> None:
        """Replaces (or adds) header `name`."""
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]
        self.headers.append((name, value))


@dataclass
class Fault:
    """One injected fault: applies to the next `times` requests that `match`.

    Actions (one per fault): `respond` (status, headers, body) answers without the server;
    `cut_after` forwards that many body bytes then kills both connections; `stall` sleeps that
    many seconds after `stall_after` body bytes; `throttle` forwards the body at that many bytes
    a second (combinable with the others); `corrupt_at` flips one body byte;
    `rewrite` changes request headers; `drop_response` forwards the whole request and then
    kills the client's connection instead of answering; `stall_response` holds the answer."""

    match: Callable[[Request], bool]
    times: int = 1
    respond: tuple[int, dict[str, str], bytes] | None = None
    cut_after: int | None = None
    stall: float = 0.0
    stall_after: int = 0
    corrupt_at: int | None = None
    rewrite: Callable[[Request], None] | None = None
    drop_response: bool = False
    stall_response: float = 0.0
    rewrite_response: Callable[[bytes], bytes] | None = None  # on the raw header block
    throttle: float = 0.0  # forward the body at this many bytes per second (a slow link)
    hits: int = 0


def on(method: str, path_part: str = "") -> Callable[[Request], bool]:
    """A matcher: requests with this method whose target contains `path_part`."""
    return lambda r: r.method == method and path_part in r.target


@dataclass
class Logged:
    """One request as the proxy handled it."""

    method: str
    target: str
    upload_offset: int | None
    body_length: int  # Content-Length the client announced
    forwarded: int  # body bytes written to the server
    status: int | None  # answer the client got (None: connection killed)
    fault: str = ""
    client_port: int = 0
    checksum: str | None = None  # the Upload-Checksum header as the client sent it
    authorization: str | None = None  # the Authorization header as the client sent it
    at: float = field(default_factory=time.monotonic)


def make_ca(directory: Path) -> tuple[Path, Path, Path]:
    """A test CA and a leaf for 127.0.0.1/localhost signed by it: (ca.pem, leaf.pem, leaf.key).
    An existing set in `directory` is reused, so that two proxies (two origins) share one CA."""
    paths = (directory / "ca.pem", directory / "leaf.pem", directory / "leaf.key")
    if all(p.exists() for p in paths):
        return paths
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fault proxy test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


class _Closed(Exception):
    pass


class FaultProxy:
    """HTTPS in front, HTTPS to the server behind. `url` is what the client should use."""

    def __init__(self, upstream_port: int, upstream_ca: Path, cert_dir: Path) -> None:
        self.upstream_port = upstream_port
        self.ca_file, leaf, leaf_key = make_ca(cert_dir)
        self._server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._server_ctx.load_cert_chain(leaf, leaf_key)
        self._upstream_ctx = ssl.create_default_context(cafile=str(upstream_ca))
        self.faults: list[Fault] = []
        self.log: list[Logged] = []
        self._lock = threading.RLock()  # matchers may read the log
        self._conns: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self.port = 0
        self._stopped = False
        self.leaf_pem = leaf

    # -- control --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The proxy's base URL."""
        return f"https://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        """Listens on a free loopback port (or the previous one after `go_online`)."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        sock.listen(64)
        self.port = sock.getsockname()[1]
        self._listener = sock
        threading.Thread(target=self._accept, args=(sock,), daemon=True).start()
        return self

    def add(self, fault: Fault) -> Fault:
        """Arms a fault (faults are tried in the order added)."""
        with self._lock:
            self.faults.append(fault)
        return fault

    def go_offline(self) -> None:
        """Closes the port and every connection: the client sees 'connection refused'."""
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        self.kill_connections()

    def go_online(self) -> None:
        """Listens again on the same port."""
        if self._listener is None:
            self.start()

    def kill_connections(self) -> None:
        """Kills every open client and server connection (as a network drop would)."""
        with self._lock:
            conns = list(self._conns)
        for c in conns:
            with contextlib.suppress(OSError):
                c.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                c.close()

    def stop(self) -> None:
        """Ends the proxy."""
        self._stopped = True
        self.go_offline()

    def requests(self, method: str | None = None, path_part: str = "") -> list[Logged]:
        """The logged requests, optionally filtered."""
        with self._lock:
            return [
                e
                for e in self.log
                if (method is None or e.method == method) and path_part in e.target
            ]

    # -- plumbing -------------------------------------------------------------------------

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                raw, _addr = listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _track(self, s: socket.socket) -> None:
        with self._lock:
            self._conns.add(s)

    def _untrack(self, s: socket.socket | None) -> None:
        if s is None:
            return
        with self._lock:
            self._conns.discard(s)
        with contextlib.suppress(OSError):
            s.close()

    def _take_fault(self, req: Request) -> Fault | None:
        with self._lock:
            for f in self.faults:
                if f.hits < f.times and f.match(req):
                    f.hits += 1
                    return f
        return None

    def _serve(self, raw: socket.socket) -> None:
        self._track(raw)
        client: socket.socket | None = None
        upstream: socket.socket | None = None
        try:
            client = self._server_ctx.wrap_socket(raw, server_side=True)
            self._track(client)
            reader = client.makefile("rb")
            port = client.getpeername()[1]
            while not self._stopped:
                req = _read_head(reader)
                if req is None:
                    return
                upstream = self._one(req, reader, client, upstream, port)
        except (_Closed, OSError, ssl.SSLError, ValueError) as exc:
            if os.environ.get("FAULTPROXY_DEBUG"):
                traceback.print_exception(exc)
            return
        finally:
            self._untrack(upstream)
            self._untrack(client)
            self._untrack(raw)

    def _one(
        self,
        req: Request,
        reader: object,
        client: socket.socket,
        upstream: socket.socket | None,
        port: int,
    ) -> socket.socket | None:
        """Handles one request; returns the upstream connection to reuse (or raises _Closed)."""
        length = int(req.header("Content-Length") or 0)
        offset_raw = req.header("Upload-Offset")
        entry = Logged(
            req.method,
            req.target,
            int(offset_raw) if offset_raw and offset_raw.isdigit() else None,
            length,
            0,
            None,
            client_port=port,
            checksum=req.header("Upload-Checksum"),
            authorization=req.header("Authorization"),
        )
        with self._lock:
            self.log.append(entry)
        fault = self._take_fault(req)
        if fault is not None:
            entry.fault = _describe(fault)
        if fault is not None and fault.respond is not None:
            _read_exact(reader, length)  # drain the body, keep the connection usable
            status, headers, body = fault.respond
            client.sendall(_response_bytes(status, headers, body))
            entry.status = status
            return upstream
        if fault is not None and fault.rewrite is not None:
            fault.rewrite(req)
        if upstream is None:
            try:
                plain = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
            except OSError:
                raise _Closed() from None  # the server is down: the client sees a dead line
            self._track(plain)
            upstream = self._upstream_ctx.wrap_socket(plain, server_hostname="127.0.0.1")
            self._track(upstream)
        head = f"{req.method} {req.target} HTTP/1.1\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in req.headers) + "\r\n"
        upstream.sendall(head.encode("latin-1"))
        sent = 0
        while sent < length:
            block = _read_some(reader, min(BLOCK, length - sent))
            if fault is not None and fault.corrupt_at is not None:
                at = fault.corrupt_at - sent
                if 0 <= at < len(block):
                    block = block[:at] + bytes([block[at] ^ 0xFF]) + block[at + 1 :]
            if fault is not None and fault.cut_after is not None:
                room = fault.cut_after - sent
                if room < len(block):
                    upstream.sendall(block[: max(0, room)])
                    entry.forwarded = sent + max(0, room)
                    time.sleep(0.05)  # let the server take the bytes before the cut
                    raise _Closed()
            if fault is not None and fault.stall and sent <= fault.stall_after < sent + len(block):
                cut = fault.stall_after - sent
                upstream.sendall(block[:cut])
                entry.forwarded = sent + cut
                time.sleep(fault.stall)
                block = block[cut:]
                sent += cut
            upstream.sendall(block)
            sent += len(block)
            entry.forwarded = sent
            if fault is not None and fault.throttle:
                time.sleep(len(block) / fault.throttle)
        upreader = upstream.makefile("rb")
        status_line, headers, body = _read_response(upreader, req.method)
        if fault is not None and fault.drop_response:
            raise _Closed()
        if fault is not None and fault.stall_response:
            time.sleep(fault.stall_response)
        if fault is not None and fault.rewrite_response is not None:
            headers = fault.rewrite_response(headers)
        client.sendall(status_line + headers + body)
        entry.status = int(status_line.split()[1])
        if b"connection: close" in headers.lower():
            raise _Closed()
        return upstream


def _describe(f: Fault) -> str:
    if f.respond is not None:
        return f"respond {f.respond[0]}"
    if f.cut_after is not None:
        return f"cut after {f.cut_after}"
    if f.corrupt_at is not None:
        return f"corrupt at {f.corrupt_at}"
    if f.drop_response:
        return "drop response"
    if f.stall or f.stall_response:
        return "stall"
    if f.throttle:
        return "throttle"
    return "rewrite"


def _read_some(reader: object, n: int) -> bytes:
    data: bytes = reader.read1(n)  # type: ignore[attr-defined]
    if not data:
        raise _Closed()
    return data


def _read_exact(reader: object, n: int) -> bytes:
    parts = []
    while n > 0:
        b = _read_some(reader, n)
        parts.append(b)
        n -= len(b)
    return b"".join(parts)


def _read_head(reader: object) -> Request | None:
    line: bytes = reader.readline(65537)  # type: ignore[attr-defined]
    if not line:
        return None
    method, target, _version = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
    headers: list[tuple[str, str]] = []
    while True:
        h: bytes = reader.readline(65537)  # type: ignore[attr-defined]
        if not h:
            raise _Closed()
        if h in (b"\r\n", b"\n"):
            break
        k, _, v = h.decode("latin-1").partition(":")
        headers.append((k.strip(), v.strip()))
    if any(k.lower() == "transfer-encoding" for k, _ in headers):
        raise ValueError("chunked request bodies are not supported by the fault proxy")
    return Request(method, target, headers)


def _read_response(reader: object, method: str) -> tuple[bytes, bytes, bytes]:
    status_line: bytes = reader.readline(65537)  # type: ignore[attr-defined]
    if not status_line:
        raise _Closed()
    raw_headers = b""
    length: int | None = None
    chunked = False
    while True:
        h: bytes = reader.readline(65537)  # type: ignore[attr-defined]
        if not h:
            raise _Closed()
        raw_headers += h
        if h in (b"\r\n", b"\n"):
            break
        k, _, v = h.decode("latin-1").partition(":")
        if k.strip().lower() == "content-length":
            length = int(v.strip())
        if k.strip().lower() == "transfer-encoding" and "chunked" in v.lower():
            chunked = True
    status = int(status_line.split()[1])
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return status_line, raw_headers, b""
    if chunked:
        body = b""
        while True:
            size_line: bytes = reader.readline(65537)  # type: ignore[attr-defined]
            body += size_line
            size = int(size_line.split(b";")[0].strip(), 16)
            chunk = _read_exact(reader, size + 2)
            body += chunk
            if size == 0:
                break
        return status_line, raw_headers, body
    return status_line, raw_headers, _read_exact(reader, length or 0)


def _response_bytes(status: int, headers: dict[str, str], body: bytes) -> bytes:
    head = f"HTTP/1.1 {status} Injected\r\n"
    all_headers = {"Content-Length": str(len(body)), "Tus-Resumable": "1.0.0", **headers}
    head += "".join(f"{k}: {v}\r\n" for k, v in all_headers.items()) + "\r\n"
    return head.encode("latin-1") + body
