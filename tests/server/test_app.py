"""The app factory in-process (uvicorn in a thread, real TLS on loopback): the fault hook and
the catch-all handler that answers 500 with JSON and no internals."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest
import requests
import uvicorn
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.app import create_app
from server.config import ServerConfig
from server.tls import ensure_self_signed
from server.users import UserStore


class Faults:
    """A fault hook: answers 503 for the first `fail_next` requests; raises on a marker."""

    def __init__(self) -> None:
        self.fail_next = 0
        self.seen = 0

    async def __call__(self, request: Request) -> Response | None:
        self.seen += 1
        if request.headers.get("x-test-boom"):
            raise RuntimeError("secret internal detail /etc/shadow")
        if self.fail_next > 0:
            self.fail_next -= 1
            return JSONResponse(
                {"error": "unavailable", "message": "injected"},
                status_code=503,
                headers={"Retry-After": "2"},
            )
        return None


@pytest.fixture()
def inproc(tmp_path: Path) -> Iterator[tuple[str, Path, Faults]]:
    faults = Faults()
    data = tmp_path / "data"
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    config = ServerConfig(data_dir=data, scrypt_n=2**14, org_recipient=recipient)
    data.mkdir()
    UserStore(data, scrypt_n=2**14).set_password("u", "p")
    app = create_app(config, fault_hook=faults)
    ca, cert, key = ensure_self_signed(data)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, ssl_certfile=str(cert), ssl_keyfile=str(key), log_config=None, lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    yield f"https://127.0.0.1:{port}", ca, faults
    server.should_exit = True
    thread.join(timeout=20)
    assert not thread.is_alive()


def test_unhandled_error_is_json_500_without_details(
    inproc: tuple[str, Path, Faults], caplog: pytest.LogCaptureFixture
) -> None:
    url, ca, _ = inproc
    with caplog.at_level(logging.ERROR, logger="server"):
        r = requests.get(f"{url}/api/v1/session", headers={"X-Test-Boom": "1"}, verify=str(ca))
    assert r.status_code == 500
    assert r.json()["error"] == "internal_error"
    assert r.headers["LogMeets-API-Version"] == "1"
    assert r.headers["LogMeets-Error"] == "internal_error"
    assert "shadow" not in r.text and "Traceback" not in r.text
    assert any("internal error" in rec.getMessage() for rec in caplog.records)


def test_fault_hook_injects_responses_then_lets_requests_through(
    inproc: tuple[str, Path, Faults],
) -> None:
    url, ca, faults = inproc
    faults.fail_next = 2
    body = {"user": "u", "password": "p", "device_id": "d", "client_version": "1"}
    for _ in range(2):
        r = requests.post(f"{url}/api/v1/session", json=body, verify=str(ca))
        assert (r.status_code, r.headers["Retry-After"]) == (503, "2")
        assert r.headers["Tus-Resumable"] == "1.0.0"
    r = requests.post(f"{url}/api/v1/session", json=body, verify=str(ca))
    assert r.status_code == 201
    assert faults.seen == 3
