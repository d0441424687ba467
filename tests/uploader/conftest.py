"""Fixtures for the uploader tests: the real `logmeets-server` as a subprocess over HTTPS on
loopback, the fault proxy in front of it, and a real Outbox (with an in-memory key store: keys
are not the subject here). The helpers they use live in uphelp.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from faultproxy import FaultProxy
from uphelp import Box, ServerProc

from crypto.keys import DeviceKeys
from crypto.keystore import MemoryKeyStore
from outbox import AuditLog, EventBus, Outbox


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[ServerProc]:
    srv = ServerProc(tmp_path / "server").start()
    yield srv
    srv.stop()


@pytest.fixture()
def server_factory(tmp_path: Path) -> Iterator[Callable[..., ServerProc]]:
    """Starts a server with extra `serve` options."""
    started: list[ServerProc] = []

    def make(*extra: str) -> ServerProc:
        srv = ServerProc(tmp_path / f"server{len(started)}", list(extra)).start()
        started.append(srv)
        return srv

    yield make
    for s in started:
        s.stop()


@pytest.fixture()
def proxy(server: ServerProc, tmp_path: Path) -> Iterator[FaultProxy]:
    p = FaultProxy(server.port, server.ca, tmp_path / "proxy-ca").start()
    yield p
    p.stop()


@pytest.fixture()
def box(tmp_path: Path) -> Iterator[Box]:
    store = MemoryKeyStore()
    keys = DeviceKeys(store)
    audit = AuditLog(tmp_path / "audit.log", keys.audit_key(), device_id="test-device")
    bus = EventBus()
    seen: list[tuple[float, object]] = []
    lock = threading.Lock()

    def record(e: object) -> None:
        with lock:
            seen.append((time.monotonic(), e))

    bus.subscribe(record)
    ob = Outbox.open(tmp_path / "home", keys=keys, audit=audit, events=bus)
    b = Box(ob, bus, seen, store)
    yield b
    ob.close()
