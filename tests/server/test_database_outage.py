"""A replica whose metadata database goes away answers `503 database_unavailable` with
`Retry-After` (docs/protocol.md §2), never a 500, whether its pooled connections were cut or a
new one is refused, and serves again once the database is back. The uploader treats a 503 as
transient. Real PostgreSQL: connections are cut and refused by the database itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from backends import fresh_database
from serverkit import Chunk, Client, ServerProc, launch, random_bytes

from uploader.errors import HTTPStatusError
from uploader.retry import should_retry

pytestmark = pytest.mark.realpg


def _admin(pg_url: str, sql: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture()
def replica(real_pg: str, tmp_path: Path) -> Iterator[tuple[ServerProc, str]]:
    """A replica on a database of its own; (server, database name)."""
    db_url = fresh_database(real_pg)
    name = urlsplit(db_url).path.lstrip("/")
    s = launch(tmp_path / "data", shared=(db_url, f"dir://{tmp_path}/objects"))
    yield s, name
    _admin(real_pg, f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
    assert s.stop() == 0, s.stderr_path.read_text()


def _outage(real_pg: str, name: str) -> None:
    """New connections are refused and every open one is cut."""
    _admin(real_pg, f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
    _admin(
        real_pg,
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'",
    )


def _unavailable(r: object) -> None:
    assert hasattr(r, "status_code") and hasattr(r, "headers")
    assert (r.status_code, r.headers.get("LogMeets-Error")) == (503, "database_unavailable")
    assert int(r.headers["Retry-After"]) >= 1


def test_a_lost_database_is_a_503_and_the_replica_recovers(
    replica: tuple[ServerProc, str], real_pg: str
) -> None:
    s, name = replica
    c = Client(s)
    assert c.login().status_code == 201
    chunk = Chunk(random_bytes(4096))
    url = c.create(chunk).headers["Location"]
    assert c.patch(url, 0, chunk.data[:1000]).status_code == 204
    _outage(real_pg, name)
    # The pooled connections are dead now, and new ones are refused: every endpoint says so.
    for _ in range(3):
        r = c.http.get(c.api("session"), headers=c.headers(), timeout=30)
        _unavailable(r)
        assert r.json()["error"] == "database_unavailable"
    _unavailable(c.head(url))
    _unavailable(c.patch(url, 1000, chunk.data[1000:]))
    _unavailable(c.login())
    assert "internal error" not in s.stderr_path.read_text()
    # What the uploader makes of it: retry later.
    assert should_retry(HTTPStatusError("x", status=503, error="database_unavailable"))
    _admin(real_pg, f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
    # Back: HEAD, resume, receipt.
    offset = int(c.head(url).headers["Upload-Offset"])
    assert offset == 1000
    assert c.patch(url, offset, chunk.data[offset:]).status_code == 204
    receipt = c.receipt(chunk.chunk_id).json()
    assert (receipt["complete"], receipt["sha256"]) == (True, chunk.sha256)
