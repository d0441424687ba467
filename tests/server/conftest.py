"""Fixtures of the server conformance suite (helpers are in serverkit.py). The shared server
runs on every backend: today's JSON files, SQLite + a directory store, and PostgreSQL + Ceph
RGW (real ones, started once per session: markers realpg and realceph)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from backends import shared_urls, start_pg, start_rgw
from serverkit import Client, ServerProc, launch

BACKENDS = [
    "json",
    "sqlite+dir",
    pytest.param("pg+s3", marks=[pytest.mark.realpg, pytest.mark.realceph]),
]


@pytest.fixture(scope="session")
def real_pg() -> Iterator[str]:
    """A real PostgreSQL: the URL of a database its role may create others from."""
    yield from start_pg()


@pytest.fixture(scope="session")
def real_rgw() -> Iterator[tuple[str, str, str]]:
    """A real one-node Ceph RGW: (endpoint, access key, secret key)."""
    yield from start_rgw()


def backend_urls(request: pytest.FixtureRequest, kind: str, base: Path) -> tuple[str, str] | None:
    """The shared backend URLs of `kind` for one server (fresh database and bucket)."""
    if kind != "pg+s3":
        return shared_urls(kind, base, None, None)
    pg = request.getfixturevalue("real_pg")
    rgw = request.getfixturevalue("real_rgw")
    return shared_urls(kind, base, pg, rgw)


@pytest.fixture()
def start_server(tmp_path: Path) -> Iterator[Callable[..., ServerProc]]:
    """Factory: start a server with extra CLI options; all are stopped (SIGTERM) at the end
    and must exit 0."""
    started: list[ServerProc] = []

    def _start(*extra: str, name: str = "srv", **kw: object) -> ServerProc:
        s = launch(tmp_path / name, *extra, **kw)  # type: ignore[arg-type]
        started.append(s)
        return s

    yield _start
    for s in started:
        assert s.stop() == 0, s.stderr_path.read_text()


@pytest.fixture(scope="module", params=BACKENDS)
def shared_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProc]:
    """One server for the tests that do not need special options (body timeout 3 s), on
    each backend."""
    base = tmp_path_factory.mktemp("shared")
    shared = backend_urls(request, request.param, base)
    s = launch(base / "data", "--body-timeout", "3", shared=shared)
    yield s
    assert s.stop() == 0, s.stderr_path.read_text()


@pytest.fixture()
def client(shared_server: ServerProc) -> Client:
    """A client logged in as the demo user on the shared server."""
    c = Client(shared_server)
    assert c.login().status_code == 201
    return c
