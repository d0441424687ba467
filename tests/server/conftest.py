"""Fixtures of the server conformance suite (helpers are in serverkit.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from serverkit import Client, ServerProc, launch


@pytest.fixture()
def start_server(tmp_path: Path) -> Iterator[Callable[..., ServerProc]]:
    """Factory: start a server with extra CLI options; all are stopped (SIGTERM) at the end
    and must exit 0."""
    started: list[ServerProc] = []

    def _start(*extra: str, name: str = "srv") -> ServerProc:
        s = launch(tmp_path / name, *extra)
        started.append(s)
        return s

    yield _start
    for s in started:
        assert s.stop() == 0, s.stderr_path.read_text()


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProc]:
    """One server for the tests that do not need special options (body timeout 3 s)."""
    s = launch(tmp_path_factory.mktemp("shared") / "data", "--body-timeout", "3")
    yield s
    assert s.stop() == 0, s.stderr_path.read_text()


@pytest.fixture()
def client(shared_server: ServerProc) -> Client:
    """A client logged in as the demo user on the shared server."""
    c = Client(shared_server)
    assert c.login().status_code == 201
    return c
