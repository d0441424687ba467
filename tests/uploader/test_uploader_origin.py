"""The bearer token goes only to the origin of the tus endpoint. A second fault proxy on
another port (another origin, same CA, forwarding to the same real server, so that it would
work as an upload server) records every request and its Authorization header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultproxy import Fault, FaultProxy, on
from test_uploader_plain_tus import static_token
from uphelp import Box, ServerProc, make_scheduler

from crypto import MemoryKeyStore
from outbox import ChunkState
from uploader import STATIC_TOKEN_KEY

BIG = 10**9  # a fault that never runs out


@pytest.fixture()
def foreign(server: ServerProc, proxy: FaultProxy, tmp_path: Path) -> Iterator[FaultProxy]:
    """Another origin: the same CA files as `proxy` (one trust for both), another port."""
    p = FaultProxy(server.port, server.ca, tmp_path / "proxy-ca").start()
    assert p.ca_file == proxy.ca_file and p.port != proxy.port
    yield p
    p.stop()


def test_a_location_on_another_origin_is_refused(proxy: FaultProxy, foreign: FaultProxy, box: Box):
    box.add_recording(1, 300_000)

    def elsewhere(head: bytes) -> bytes:
        return re.sub(
            rb"(?i)location: https://[^/\r\n]+", f"Location: {foreign.url}".encode(), head
        )

    proxy.add(Fault(on("POST", "/files"), times=BIG, rewrite_response=elsewhere))
    sched = make_scheduler(box, proxy.url, proxy.ca_file)
    summary = sched.run_once()
    assert foreign.requests() == []  # nothing, and so no token, went to the other origin
    assert not summary.drained
    assert set(summary.failures.values()) == {"foreign_location"}
    (chunk_id,) = box.ciphertexts
    assert box.state(chunk_id) is ChunkState.SEALED  # kept, with no upload URL
    assert box.outbox.chunk(chunk_id).upload_url is None


def test_a_stored_url_on_another_origin_is_dropped(
    server: ServerProc, proxy: FaultProxy, foreign: FaultProxy, box: Box
):
    box.add_recording(1, 300_000)
    (chunk_id,) = box.ciphertexts
    box.outbox.set_upload(chunk_id, url=foreign.url + "/files/planted", offset=0)
    sched = make_scheduler(box, proxy.url, proxy.ca_file)
    assert sched.run_once().drained
    assert foreign.requests() == []
    assert server.stored(chunk_id) == box.ciphertexts[chunk_id]


def test_stored_urls_are_forgotten_when_the_server_changes(
    proxy: FaultProxy, foreign: FaultProxy, box: Box
):
    # Half a chunk went to the first server; the user then signs in to another one.
    box.add_recording(1, 600_000)
    (chunk_id,) = box.ciphertexts
    proxy.add(Fault(on("PATCH"), times=BIG, respond=(503, {"Retry-After": "0"}, b"")))
    first = make_scheduler(box, proxy.url, proxy.ca_file, piece_size=256 * 1024)
    first.run_once()
    assert (box.outbox.chunk(chunk_id).upload_url or "").startswith(proxy.url)
    before = len(proxy.requests())
    second = make_scheduler(box, foreign.url, foreign.ca_file)
    assert second.run_once().drained
    assert len(proxy.requests()) == before  # the old server's URL was not even asked about
    # An upload URL on the right origin but outside the endpoint's path is dropped too.
    box.add_recording(1, 100_000)
    (new_id,) = (c for c in box.ciphertexts if c != chunk_id)
    box.outbox.set_upload(new_id, url=foreign.url + "/old-endpoint/x", offset=0)
    assert second.run_once().drained
    assert not foreign.requests(None, "/old-endpoint")


@pytest.mark.parametrize("state", [ChunkState.UPLOADING, ChunkState.UPLOADED])
def test_plain_tus_foreign_head_never_leads_to_an_erase(
    server: ServerProc, proxy: FaultProxy, foreign: FaultProxy, box: Box, state: ChunkState
):
    box.add_recording(1, 300_000, stop=False)
    (chunk_id,) = box.ciphertexts
    size = len(box.ciphertexts[chunk_id])
    box.keystore.set(STATIC_TOKEN_KEY, static_token(server))
    done = {"Upload-Offset": str(size), "Upload-Length": str(size)}
    foreign.add(Fault(lambda r: True, times=BIG, respond=(200, done, b"")))
    box.outbox.set_upload(chunk_id, url=foreign.url + "/files/planted", offset=size)
    if state is ChunkState.UPLOADED:
        box.outbox.mark_uploaded(chunk_id)
    sched = make_scheduler(
        box, proxy.url, proxy.ca_file, server_url=None, tus_endpoint=proxy.url + "/files/"
    )
    summary = sched.run_once()
    assert foreign.requests() == []
    if state is ChunkState.UPLOADING:  # dropped, sent again to the real endpoint
        assert summary.drained
        assert server.stored(chunk_id) == box.ciphertexts[chunk_id]
    else:  # no upload can follow `uploaded`: the chunk stays, the reason is reported
        assert box.state(chunk_id) is ChunkState.UPLOADED
        assert summary.failures == {chunk_id: "foreign_upload_url"}


def test_the_tus_client_sends_nothing_to_another_origin(
    server: ServerProc, proxy: FaultProxy, foreign: FaultProxy
):
    # Whatever URL reaches the client (a receipt round, a termination, a bug): not one byte,
    # and so no token, goes to an origin other than the endpoint's.
    from uploader import ForeignOriginError, HTTPStatusError, HTTPTransport, TusClient
    from uploader.signin import StaticToken

    store = MemoryKeyStore()
    store.set(STATIC_TOKEN_KEY, static_token(server))
    tus = TusClient(HTTPTransport(ca_file=proxy.ca_file), proxy.url + "/files/")
    tus.auth = StaticToken(store)
    for call in (tus.head, tus.terminate):
        with pytest.raises(ForeignOriginError) as err:
            call(foreign.url + "/files/x")
        assert err.value.code == "foreign_origin"
    assert tus.caps().checksum_algorithm == "sha256"  # the endpoint itself is fine
    assert foreign.requests() == []
    tus.use_endpoint(foreign.url + "/files/")  # a new endpoint (a new sign-in): now it is
    with pytest.raises(HTTPStatusError) as gone:
        tus.head(foreign.url + "/files/" + "0" * 32)
    assert gone.value.status == 404 and len(foreign.requests("HEAD")) == 1
