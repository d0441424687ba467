"""Real shared backends for the server suite: PostgreSQL (tests/env/pg.sh) and a Ceph RADOS
Gateway (tests/env/rgw.sh), started once per session; each server gets a fresh database and
bucket of its own."""

from __future__ import annotations

import random
import secrets
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]


def free_port(span: int = 1) -> int:
    """A free loopback TCP port and the `span - 1` after it, below the kernel's ephemeral range
    (32768 and up), where the outgoing connections of other tests cannot take them meanwhile."""
    while True:
        base = random.randrange(20000, 32000 - span)
        try:
            for port in range(base, base + span):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base


def _world_dir(prefix: str) -> Path:
    # pg.sh runs PostgreSQL as an unprivileged user: its folder's parent must be traversable.
    d = Path(tempfile.mkdtemp(prefix=prefix))
    d.chmod(0o755)
    return d


def start_pg() -> Iterator[str]:
    """Start PostgreSQL; yields the URL of its `logmeets` database (a role that may create
    databases); stops it afterwards."""
    d = _world_dir("logmeets-pg-") / "pg"
    out = subprocess.run(
        [str(REPO / "tests/env/pg.sh"), "start", str(d), str(free_port())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    try:
        yield out.stdout.split()[1]
    finally:
        subprocess.run([str(REPO / "tests/env/pg.sh"), "stop", str(d)], timeout=60)


def start_rgw() -> Iterator[tuple[str, str, str]]:
    """Start a one-node Ceph RGW; yields (endpoint, access key, secret key)."""
    d = _world_dir("logmeets-rgw-") / "rgw"
    out = subprocess.run(
        [str(REPO / "tests/env/rgw.sh"), "start", str(d), str(free_port(2))],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr
    try:
        _s3, endpoint, access, secret = out.stdout.split()
        yield endpoint, access, secret
    finally:
        subprocess.run([str(REPO / "tests/env/rgw.sh"), "stop", str(d)], timeout=120)


def fresh_database(pg_url: str) -> str:
    """A new empty database on the server of `pg_url`; its URL."""
    import psycopg

    name = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(pg_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def fresh_bucket(rgw: tuple[str, str, str]) -> str:
    """The store URL of a new bucket (created by the server on first use)."""
    endpoint, access, secret = rgw
    return f"s3://{access}:{secret}@t-{secrets.token_hex(6)}?endpoint={endpoint}"


def shared_urls(
    kind: str, base: Path, pg: str | None, rgw: tuple[str, str, str] | None
) -> tuple[str, str] | None:
    """The (database, store) URLs of a backend kind: json (None), sqlite+dir, pg+s3."""
    if kind == "json":
        return None
    if kind == "sqlite+dir":
        return f"sqlite:///{base}/meta.db", f"dir://{base}/objects"
    assert pg is not None and rgw is not None
    return fresh_database(pg), fresh_bucket(rgw)


def cluster_env(d: Path) -> dict[str, str]:
    """The settings tools/cluster.sh wrote for a cluster (URLs, S3 keys, ports)."""
    conf: dict[str, str] = {}
    for line in (d / "cluster.env").read_text().splitlines():
        k, _, v = line.partition("=")
        conf[k] = v.strip("'")
    return conf
