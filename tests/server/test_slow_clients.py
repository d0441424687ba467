"""Slow clients (issue 13, item 12): a request head and a JSON body must arrive within an
overall deadline and above a minimum rate, and one address cannot hold many connections."""

from __future__ import annotations

import contextlib
import socket
import ssl
import time
from urllib.parse import urlsplit

import requests
from serverkit import Client, ServerProc


def _connect(server: ServerProc) -> ssl.SSLSocket:
    parts = urlsplit(server.url)
    ctx = ssl.create_default_context(cafile=str(server.ca))
    raw = socket.create_connection((parts.hostname, parts.port), timeout=30)
    return ctx.wrap_socket(raw, server_hostname=parts.hostname)


def _trickle(
    sock: ssl.SSLSocket, data: bytes, *, every: float, limit: float
) -> tuple[float, bytes]:
    """Send `data` one byte every `every` seconds; returns (seconds until the server hung up
    or answered, what it sent). Gives up after `limit` seconds."""
    start = time.monotonic()
    sock.settimeout(every)
    got = b""
    for byte in data:
        if time.monotonic() - start > limit:
            break
        try:
            sock.sendall(bytes([byte]))
        except (ConnectionError, ssl.SSLError, OSError):
            break
        with contextlib.suppress(TimeoutError, socket.timeout):
            try:
                piece = sock.recv(65536)
            except (ConnectionError, ssl.SSLError):
                break
            got += piece
            if not piece or got:
                break
    return time.monotonic() - start, got


def test_a_trickled_json_body_is_cut_off(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--body-timeout", "30")
    sock = _connect(s)
    host = urlsplit(s.url).netloc
    head = (
        f"POST /api/v1/session HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000\r\n\r\n"
    )
    sock.sendall(head.encode())
    took, got = _trickle(sock, b" " * 1000, every=0.2, limit=25)
    assert took < 15, "a body at 5 bytes/s held the connection"
    if got:
        assert got.startswith(b"HTTP/1.1 408"), got[:200]
        assert b"body_timeout" in got
    sock.close()
    assert Client(s).login().status_code == 201


def test_a_trickled_request_head_is_cut_off(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--body-timeout", "30")
    sock = _connect(s)
    head = b"GET /api/v1/session HTTP/1.1\r\nX-Pad: " + b"a" * 1000
    took, _ = _trickle(sock, head, every=0.2, limit=25)
    assert took < 15, "a head at 5 bytes/s held the connection"
    sock.close()


def test_connections_per_address_are_capped(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--max-connections-per-address", "4")
    held = [_connect(s) for _ in range(4)]
    try:
        time.sleep(0.3)
        http = requests.Session()
        http.trust_env = False
        r = http.options(f"{s.url}/files/", verify=str(s.ca), timeout=10)
        assert (r.status_code, r.headers["LogMeets-Error"]) == (503, "too_many_connections")
        assert int(r.headers["Retry-After"]) >= 1
        assert r.json()["error"] == "too_many_connections"
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.5)
    assert http.options(f"{s.url}/files/", verify=str(s.ca), timeout=10).status_code == 204
