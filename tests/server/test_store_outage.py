"""A replica whose object store goes away answers `503 store_unavailable` with `Retry-After`
(docs/protocol.md §2), never a 500, and takes the upload up again where the database says it
stands once the store is back. Real PostgreSQL and Ceph RGW; the outage is a TCP relay in front
of the RGW that refuses connections and cuts the open ones."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from backends import fresh_database
from serverkit import Chunk, Client, ServerProc, launch, random_bytes
from tcprelay import TcpRelay

from uploader.errors import HTTPStatusError
from uploader.retry import should_retry

pytestmark = [pytest.mark.realpg, pytest.mark.realceph]


@pytest.fixture()
def replica(
    real_pg: str, real_rgw: tuple[str, str, str], tmp_path: Path
) -> Iterator[tuple[ServerProc, TcpRelay]]:
    """A replica on a database of its own and a bucket reached through a relay."""
    endpoint, access, secret = real_rgw
    relay = TcpRelay(int(urlsplit(endpoint).port or 80)).up()
    store = (
        f"s3://{access}:{secret}@t-{secrets.token_hex(6)}?endpoint=http://127.0.0.1:{relay.port}"
    )
    s = launch(tmp_path / "data", shared=(fresh_database(real_pg), store))
    yield s, relay
    relay.down()
    assert s.stop() == 0, s.stderr_path.read_text()


def test_a_lost_store_is_a_503_and_the_upload_resumes_when_it_is_back(
    replica: tuple[ServerProc, TcpRelay],
) -> None:
    s, relay = replica
    c = Client(s)
    assert c.login().status_code == 201
    chunk = Chunk(random_bytes(4096))
    url = c.create(chunk).headers["Location"]
    # A first piece, smaller than S3's part minimum: kept in the store as a pending object.
    assert c.patch(url, 0, chunk.data[:1000]).status_code == 204
    relay.down()
    r = c.patch(url, 1000, chunk.data[1000:])
    assert (r.status_code, r.headers.get("LogMeets-Error")) == (503, "store_unavailable")
    assert int(r.headers["Retry-After"]) >= 1
    assert r.json()["error"] == "store_unavailable"
    assert "127.0.0.1" not in r.json()["message"]  # the detail is in the server's log only
    # The database still answers: HEAD says what is stored, which is the first piece.
    assert int(c.head(url).headers["Upload-Offset"]) == 1000
    log = s.stderr_path.read_text()
    assert "internal error" not in log and "Traceback" not in log
    assert "object store" in log
    assert should_retry(HTTPStatusError("x", status=503, error="store_unavailable"))
    relay.up()
    offset = int(c.head(url).headers["Upload-Offset"])
    assert offset == 1000
    assert c.patch(url, offset, chunk.data[offset:]).status_code == 204
    receipt = c.receipt(chunk.chunk_id).json()
    assert (receipt["complete"], receipt["sha256"]) == (True, chunk.sha256)
