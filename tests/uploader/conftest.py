"""Fixtures for the uploader tests: the real `logmeets-server` as a subprocess over HTTPS on
loopback, the fault proxy in front of it, and a real Outbox (with an in-memory key store: keys
are not the subject here). The helpers they use live in uphelp.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyrage
import pytest
from faultproxy import FaultProxy
from uphelp import Box, ServerProc, open_box


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
    """An outbox whose organisation recipient is known from the start (as with a managed
    config): its chunks are uploaded as sealed. test_uploader_custody opens one without."""
    b = open_box(tmp_path, org_recipient=str(pyrage.x25519.Identity.generate().to_public()))
    yield b
    b.outbox.close()
