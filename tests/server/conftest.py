"""Fixtures of the server conformance suite (helpers are in serverkit.py). The shared server
runs on every backend: today's JSON files, SQLite + a directory store, PostgreSQL + Ceph RGW,
and the local cluster of `make cluster` (three replicas on those behind HAProxy). The real
parts are started once per session (markers realpg and realceph)."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from backends import REPO, cluster_env, free_port, shared_urls, start_pg, start_rgw
from serverkit import Client, Server, ServerProc, launch

BACKENDS = [
    "json",
    "sqlite+dir",
    pytest.param("pg+s3", marks=[pytest.mark.realpg, pytest.mark.realceph]),
    pytest.param("cluster", marks=[pytest.mark.realpg, pytest.mark.realceph]),
]
# What the conformance suite's server gets on every backend; the cluster's replicas too.
SERVER_OPTIONS = ("--body-timeout", "3")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the cluster's run of the tests that check one server process."""
    keep, drop = [], []
    for item in items:
        param = getattr(item, "callspec", None)
        on_cluster = param is not None and param.params.get("shared_server") == "cluster"
        (drop if on_cluster and item.get_closest_marker("one_process") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def real_pg() -> Iterator[str]:
    """A real PostgreSQL: the URL of a database its role may create others from."""
    yield from start_pg()


@pytest.fixture(scope="session")
def real_rgw() -> Iterator[tuple[str, str, str]]:
    """A real one-node Ceph RGW: (endpoint, access key, secret key)."""
    yield from start_rgw()


@pytest.fixture(scope="session")
def real_cluster() -> Iterator[Server]:
    """The local cluster of tools/cluster.sh (PostgreSQL, Ceph RGW, three replicas, HAProxy
    with TLS), as one server; `data` is the cluster's folder."""
    d = Path(f"/tmp/logmeets-cluster-{uuid.uuid4().hex[:8]}")
    env = {**os.environ, "LOGMEETS_REPLICA_ARGS": " ".join(SERVER_OPTIONS)}
    out = subprocess.run(
        [str(REPO / "tools/cluster.sh"), "start", str(d), str(free_port(20))],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    conf = cluster_env(d)
    store = f"s3://{conf['s3_key']}:{conf['s3_secret']}@logmeets?endpoint={conf['s3_endpoint']}"
    try:
        yield Server(
            lines["LISTENING"],
            Path(lines["CA"]),
            d,
            d / "r1.log",
            org_identity=d / "org-identity.txt",
            shared=(conf["pg_url"], store),
        )
    finally:
        subprocess.run([str(REPO / "tools/cluster.sh"), "stop", str(d)], timeout=120)


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
) -> Iterator[Server]:
    """One server for the tests that do not need special options (body timeout 3 s), on
    each backend."""
    if request.param == "cluster":
        yield request.getfixturevalue("real_cluster")
        return
    base = tmp_path_factory.mktemp("shared")
    shared = backend_urls(request, request.param, base)
    s = launch(base / "data", *SERVER_OPTIONS, shared=shared)
    yield s
    assert s.stop() == 0, s.stderr_path.read_text()


@pytest.fixture()
def client(shared_server: Server) -> Client:
    """A client logged in as the demo user on the shared server."""
    c = Client(shared_server)
    assert c.login().status_code == 201
    return c
